import { ApiError } from '../../../api/http/index.ts';
import type { AdminCheckpoint } from '../checkpoint.ts';
import { addSkipped, listDone, stageFresh, type Env } from './env.ts';

/** Codes with which the roles list says this organization has no RBAC roles to read (admin-api.md §3.3). */
const NO_ROLES: Record<string, string> = {
  organization_type_not_supported: 'RBAC roles are not offered for this type of organization, so role names and permissions are not shown.',
  parent_organization_required: 'RBAC roles are offered only to organizations with a parent organization, so role names and permissions are not shown.',
};

/** One page of the role catalogue (`PageCursor`); permissions are read per role in the next phase. */
export async function roles(cp: AdminCheckpoint, env: Env): Promise<AdminCheckpoint> {
  let page;
  try {
    page = await env.client.roles(cp.page, env.signal);
  } catch (err) {
    const why = err instanceof ApiError && err.errorCode ? NO_ROLES[err.errorCode] : undefined;
    if (!why) throw err;
    // `applies` skips the permissions phase once rolesUnavailable is set.
    return env.skipToNextPhase({ ...cp, rolesUnavailable: why });
  }
  return env.db.transaction('rw', ['adminStage', 'jobs'], async () => {
    const fresh = await stageFresh(
      env.db,
      page.items.map((r) => ({
        table: 'adminRoles' as const,
        key: r.id,
        row: { id: r.id, displayName: r.display_name, sourceType: r.source?.type ?? 'unknown', permissions: [] },
      })),
    );
    const counts = { ...cp.counts, roles: cp.counts.roles + fresh };
    const next: AdminCheckpoint = { ...cp, counts, skipped: { ...cp.skipped } };
    addSkipped(next, 'roles', page.skipped);
    const out = listDone(page.next, page.items.length, fresh) ? { ...env.nextPhase(next), total: counts.roles } : { ...next, page: page.next };
    await env.commit(out);
    return out;
  });
}
