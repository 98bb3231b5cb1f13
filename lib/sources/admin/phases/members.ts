import type { AdminCheckpoint } from '../checkpoint.ts';
import { addSkipped, listDone, stageFresh, stagedKeyAt, type Env } from './env.ts';

/** One page of one group's members (`PageCursor`); groups are walked in id order, `index` is the group's position. */
export async function members(cp: AdminCheckpoint, env: Env): Promise<AdminCheckpoint> {
  const groupId = await stagedKeyAt(env.db, 'adminGroups', cp.index);
  if (groupId === undefined) return env.skipToNextPhase({ ...cp, total: null });
  const page = await env.client.members(groupId, cp.page, env.signal);
  return env.db.transaction('rw', ['adminStage', 'jobs'], async () => {
    const fresh = await stageFresh(
      env.db,
      page.items.map((m) => ({
        table: 'adminMembers' as const,
        key: `${groupId}:${m.user_id}`,
        row: { groupId, userId: m.user_id, email: (m.email ?? '').toLowerCase(), addedAt: m.created_at ?? '' },
      })),
    );
    const next: AdminCheckpoint = { ...cp, counts: { ...cp.counts, members: cp.counts.members + fresh }, skipped: { ...cp.skipped } };
    addSkipped(next, 'members', page.skipped);
    let out: AdminCheckpoint;
    if (!listDone(page.next, page.items.length, fresh)) out = { ...next, page: page.next };
    else if (cp.total !== null && cp.index + 1 >= cp.total) out = { ...env.nextPhase(next), total: null };
    else out = { ...next, index: cp.index + 1, page: null };
    await env.commit(out);
    return out;
  });
}
