import type { ScimCheckpoint } from '../checkpoint.ts';
import { appendSyncLog } from '../state.ts';
import type { ScimGroupRow, ScimMemberRow, ScimUserRow } from '../tables.ts';
import type { Env } from './lists.ts';
import { settlePending, type PendingDb } from '../../../identity/pending.ts';

/** Replaces the directory with what this sync read, in one transaction, and logs the sync. */
export async function publish(cp: ScimCheckpoint, env: Env): Promise<'done'> {
  const { db } = env;
  await db.transaction('rw', ['scimUsers', 'scimGroups', 'scimMembers', 'scimStage', 'pendingChanges', 'kv', 'jobs'], async () => {
    const staged = await db.scimStage.toArray();
    const of = <T>(t: string) => staged.filter((s) => s.table === t).map((s) => s.row as T);
    await Promise.all([db.scimUsers.clear(), db.scimGroups.clear(), db.scimMembers.clear()]);
    await db.scimUsers.bulkPut(of<ScimUserRow>('scimUsers'));
    await db.scimGroups.bulkPut(of<ScimGroupRow>('scimGroups'));
    await db.scimMembers.bulkPut(of<ScimMemberRow>('scimMembers'));
    await db.scimStage.clear();
    // Writes this sync now sees stop showing as pending sync (the database always has lib/identity's tables).
    await settlePending(db as typeof db & PendingDb, 'scim');
    await appendSyncLog(db, {
      at: env.now().toISOString(),
      outcome: 'done',
      users: cp.counts.users,
      groups: cp.counts.groups,
      members: cp.counts.members,
      requests: env.requests(cp),
      skipped: Object.values(cp.skipped).reduce((s, n) => s + n, 0),
      message: null,
    });
    await env.finish(cp);
  });
  return 'done';
}
