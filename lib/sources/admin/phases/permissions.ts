import type { AdminCheckpoint } from '../checkpoint.ts';
import type { AdminPermission, AdminRoleRow } from '../tables.ts';
import type { RbacRolePermission } from '../schemas.ts';
import { addSkipped, stagedKeyAt, type Env } from './env.ts';

function flatten(p: RbacRolePermission): AdminPermission {
  return {
    action: p.action,
    resourceType: p.resource.type,
    connectorId: p.resource.connector_id ?? null,
    toolName: p.resource.tool_name ?? null,
    scope: p.resource.scope ?? null,
  };
}

const keyOf = (p: AdminPermission) => JSON.stringify([p.action, p.resourceType, p.connectorId, p.toolName, p.scope]);

/** One page of one role's permissions (`PageCursor`), merged into the staged role (deduped: permissions have no id). */
export async function permissions(cp: AdminCheckpoint, env: Env): Promise<AdminCheckpoint> {
  const roleId = await stagedKeyAt(env.db, 'adminRoles', cp.index);
  if (roleId === undefined) return env.skipToNextPhase({ ...cp, total: null });
  const page = await env.client.permissions(roleId, cp.page, env.signal);
  return env.db.transaction('rw', ['adminStage', 'jobs'], async () => {
    const staged = await env.db.adminStage.where('[table+key]').equals(['adminRoles', roleId]).first();
    let fresh = 0;
    if (staged?.seq !== undefined) {
      const role = staged.row as AdminRoleRow;
      const known = new Set(role.permissions.map(keyOf));
      const added = page.items.map(flatten).filter((p) => {
        const k = keyOf(p);
        if (known.has(k)) return false;
        known.add(k);
        return true;
      });
      fresh = added.length;
      if (fresh > 0) await env.db.adminStage.update(staged.seq, { row: { ...role, permissions: [...role.permissions, ...added] } });
    }
    const next: AdminCheckpoint = { ...cp, counts: { ...cp.counts, permissions: cp.counts.permissions + fresh }, skipped: { ...cp.skipped } };
    addSkipped(next, 'permissions', page.skipped);
    let out: AdminCheckpoint;
    if (page.next !== null && !(page.items.length > 0 && fresh === 0)) out = { ...next, page: page.next };
    else if (cp.total !== null && cp.index + 1 >= cp.total) out = { ...env.nextPhase(next), total: null };
    else out = { ...next, index: cp.index + 1, page: null };
    await env.commit(out);
    return out;
  });
}
