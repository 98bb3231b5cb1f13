import type { AppDb } from '../sources/database.ts';
import { scimUserRow, type ScimUser } from '../sources/scim/schemas.ts';

/**
 * After a change a read-back confirmed, the local copy of the directory is updated at once, so the
 * People and Groups tabs show it without waiting for the next sync (which replaces these tables anyway).
 * A sync that was already reading when the change was made may publish the older state once; the next
 * one corrects it.
 */
type MirrorDb = AppDb;

export type MirrorChange =
  | { via: 'scim'; kind: 'user-created'; user: ScimUser }
  | { via: 'scim' | 'admin'; kind: 'user-deleted'; userId: string }
  | { via: 'scim' | 'admin'; kind: 'member-added' | 'member-removed'; groupId: string; userId: string; at: string };

async function countMembers(db: MirrorDb, via: 'scim' | 'admin', groupId: string): Promise<void> {
  if (via === 'scim') {
    const n = await db.scimMembers.where('[groupId+userId]').between([groupId, ''], [groupId, '\uffff']).count();
    await db.scimGroups.update(groupId, { memberCount: n });
  } else {
    const n = await db.adminMembers.where('[groupId+userId]').between([groupId, ''], [groupId, '\uffff']).count();
    await db.adminGroups.update(groupId, { memberCount: n });
  }
}

export async function applyToMirror(db: MirrorDb, change: MirrorChange): Promise<void> {
  const tables = change.via === 'scim' ? ['scimUsers', 'scimGroups', 'scimMembers'] : ['adminUsers', 'adminGroups', 'adminMembers'];
  await db.transaction('rw', tables, async () => {
    if (change.kind === 'user-created') {
      await db.scimUsers.put(scimUserRow(change.user));
      return;
    }
    if (change.kind === 'user-deleted') {
      const members = change.via === 'scim' ? db.scimMembers : db.adminMembers;
      const groupIds = (await members.where('userId').equals(change.userId).toArray()).map((m) => m.groupId);
      await members.where('userId').equals(change.userId).delete();
      if (change.via === 'scim') await db.scimUsers.delete(change.userId);
      else await db.adminUsers.delete(change.userId);
      for (const g of groupIds) await countMembers(db, change.via, g);
      return;
    }
    if (change.via === 'scim') {
      if (change.kind === 'member-added') await db.scimMembers.put({ groupId: change.groupId, userId: change.userId });
      else await db.scimMembers.delete([change.groupId, change.userId]);
    } else {
      if (change.kind === 'member-added') {
        const email = (await db.adminUsers.get(change.userId))?.email ?? '';
        await db.adminMembers.put({ groupId: change.groupId, userId: change.userId, email, addedAt: change.at });
      } else await db.adminMembers.delete([change.groupId, change.userId]);
    }
    await countMembers(db, change.via, change.groupId);
  });
}
