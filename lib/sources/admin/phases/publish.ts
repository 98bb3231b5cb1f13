import type { AdminCheckpoint } from '../checkpoint.ts';
import { ADMIN_OWNER_ACCESS, appendAdminSyncLog, deriveOwnerAccess } from '../state.ts';
import type { AdminGroupRow, AdminLimitRequestRow, AdminMemberRow, AdminRoleRow, AdminSpendLimitRow, AdminUserRow } from '../tables.ts';
import { ADMIN_SPEND_LIMITS_STATUS, availability } from '../limits-view.ts';
import type { Env } from './env.ts';
import { settlePending } from '../../../identity/pending.ts';

/**
 * Replaces the published Admin API data with what this sync read, in one transaction, and logs the
 * sync. Member counts are counted from the members read. A group whose `role_ids` came back null keeps
 * the role ids of the previous sync (when there was one), and the log says so.
 */
export async function publish(cp: AdminCheckpoint, env: Env): Promise<'done'> {
  const { db } = env;
  await db.transaction('rw', ['adminUsers', 'adminGroups', 'adminMembers', 'adminRoles', 'adminSpendLimits', 'adminLimitRequests', 'adminStage', 'kv', 'jobs', 'pendingChanges'], async () => {
    const staged = await db.adminStage.toArray();
    const of = <T>(t: string) => staged.filter((s) => s.table === t).map((s) => s.row as T);
    const members = of<AdminMemberRow>('adminMembers');
    const memberCount = new Map<string, number>();
    for (const m of members) memberCount.set(m.groupId, (memberCount.get(m.groupId) ?? 0) + 1);
    const previous = new Map((await db.adminGroups.toArray()).map((g) => [g.id, g]));
    const facts = (await ADMIN_OWNER_ACCESS.read(db)) ?? {};
    let kept = 0;
    const groups = of<AdminGroupRow>('adminGroups').map((g) => {
      let roleIds = g.roleIds;
      if (roleIds === null) {
        const before = previous.get(g.id)?.roleIds ?? null;
        if (before !== null) kept++;
        roleIds = before;
      }
      return { ...g, roleIds, memberCount: memberCount.get(g.id) ?? 0, ownerAccess: deriveOwnerAccess(roleIds, facts[g.id]) };
    });
    // Facts about groups that no longer exist are dropped.
    const live = new Set(groups.map((g) => g.id));
    const stale = Object.keys(facts).filter((id) => !live.has(id));
    if (stale.length > 0) await ADMIN_OWNER_ACCESS.write(db, Object.fromEntries(Object.entries(facts).filter(([id]) => live.has(id))));

    await Promise.all([db.adminUsers.clear(), db.adminGroups.clear(), db.adminMembers.clear(), db.adminRoles.clear()]);
    await db.adminUsers.bulkPut(of<AdminUserRow>('adminUsers'));
    await db.adminGroups.bulkPut(groups);
    await db.adminMembers.bulkPut(members);
    await db.adminRoles.bulkPut(of<AdminRoleRow>('adminRoles'));
    // Spend limits the API refused this time are cleared (what was shown may no longer be true), with the reason kept.
    await Promise.all([db.adminSpendLimits.clear(), db.adminLimitRequests.clear()]);
    if (!cp.limitsUnavailable) await db.adminSpendLimits.bulkPut(of<AdminSpendLimitRow>('adminSpendLimits'));
    if (!cp.requestsUnavailable) await db.adminLimitRequests.bulkPut(of<AdminLimitRequestRow>('adminLimitRequests'));
    await ADMIN_SPEND_LIMITS_STATUS.write(db, { at: env.now().toISOString(), limits: availability(cp.limitsUnavailable), requests: availability(cp.requestsUnavailable) });
    await db.adminStage.clear();
    // Writes this directory now shows are no longer pending.
    await settlePending(db, 'admin');

    const notes: string[] = [];
    const unavailable = cp.roleDataUnavailable;
    if (unavailable > 0) {
      notes.push(
        `Role data was temporarily unavailable for ${unavailable} group${unavailable === 1 ? '' : 's'}` +
          (kept > 0 ? `; the roles from the previous sync are kept for ${kept}` : '') +
          '. The next sync reads them again.',
      );
    }
    if (cp.rolesUnavailable) notes.push(cp.rolesUnavailable);
    if (cp.limitsUnavailable) notes.push(cp.limitsUnavailable.message);
    // Requests refused for the same reason as the limits say nothing new.
    if (cp.requestsUnavailable && cp.requestsUnavailable.reason !== cp.limitsUnavailable?.reason) notes.push(cp.requestsUnavailable.message);
    await appendAdminSyncLog(db, {
      at: env.now().toISOString(),
      outcome: 'done',
      users: cp.counts.users,
      groups: cp.counts.groups,
      members: cp.counts.members,
      roles: cp.counts.roles,
      requests: env.requests(cp),
      skipped: Object.values(cp.skipped).reduce((s, n) => s + n, 0),
      message: notes.length > 0 ? notes.join(' ') : null,
    });
    await env.finish(cp);
  });
  return 'done';
}
