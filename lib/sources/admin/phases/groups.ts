import type { AdminCheckpoint } from '../checkpoint.ts';
import { addSkipped, listDone, stageFresh, type Env } from './env.ts';

/**
 * One page of RBAC groups (`PageCursor`). `role_ids: null` (role data temporarily unavailable) is
 * staged as null and counted; publish keeps the previous value of such a group.
 */
export async function groups(cp: AdminCheckpoint, env: Env): Promise<AdminCheckpoint> {
  const page = await env.client.groups(cp.page, env.signal);
  return env.db.transaction('rw', ['adminStage', 'jobs'], async () => {
    const fresh = await stageFresh(
      env.db,
      page.items.map((g) => ({
        table: 'adminGroups' as const,
        key: g.id,
        row: {
          id: g.id,
          name: g.name,
          sourceType: g.source_type,
          roleIds: g.role_ids === undefined || g.role_ids === null ? null : [...new Set(g.role_ids)],
          createdAt: g.created_at ?? '',
          updatedAt: g.updated_at ?? '',
          // Counted from the members read, and derived at publish: never taken from the list.
          memberCount: 0,
          ownerAccess: null,
        },
      })),
    );
    const unavailable = page.items.filter((g) => g.role_ids === null || g.role_ids === undefined).length;
    const counts = { ...cp.counts, groups: cp.counts.groups + fresh, roleDataUnavailable: cp.counts.roleDataUnavailable + unavailable };
    const next: AdminCheckpoint = { ...cp, counts, skipped: { ...cp.skipped } };
    addSkipped(next, 'groups', page.skipped);
    const out = listDone(page.next, page.items.length, fresh) ? { ...env.nextPhase(next), total: counts.groups } : { ...next, page: page.next };
    await env.commit(out);
    return out;
  });
}
