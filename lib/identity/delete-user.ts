import { isApiError } from '../api/http/index.ts';
import { conclude } from './audit.ts';
import type { AdminWrites, WriteResult } from './contract.ts';
import type { ProvisionDeps } from './deps.ts';
import { ADMIN_WRITES_DISABLED, describeAdminFailure, describeScimFailure } from './messages.ts';
import { applyToMirror } from './mirror.ts';
import { ScimWriter } from './scim-writer.ts';

/**
 * Delete user (deprovision). Through SCIM when the person has a SCIM id (DELETE /Users/{id}; a 404 means
 * already gone and counts as done), read back (404 confirms). Otherwise the Admin API removes them from
 * the organization, only when Admin API changes are allowed; that API has no read of one member here,
 * so the removal shows as pending sync until the next Admin API sync confirms it.
 */
export async function deleteUser(deps: ProvisionDeps, req: { scimUserId?: string | undefined; adminUserId?: string | undefined; reason?: string | undefined }): Promise<WriteResult> {
  const { db } = deps;
  const at = deps.now();
  const reason = req.reason;

  if (req.scimUserId) {
    const id = req.scimUserId;
    const known = await db.scimUsers.get(id);
    const target = known?.email ? `${known.email} (${id})` : id;
    const base = { connection: 'scim' as const, action: 'user.delete' as const, at, target, reason, userId: id };
    let writer: ScimWriter;
    try {
      writer = new ScimWriter(await deps.scim());
    } catch (err) {
      return conclude(db, { ...base, outcome: 'failed', message: err instanceof Error ? err.message : String(err), steps: [], requestId: null });
    }
    const end = (outcome: WriteResult['outcome'], message: string, pending = false) =>
      conclude(db, { ...base, outcome, message, steps: writer.steps, requestId: writer.lastRequestId, pending: pending ? { kind: 'user-deleted', via: 'scim', userId: id, email: known?.email ?? null, groupId: null } : undefined });
    const who = known?.email ?? `user ${id}`;
    try {
      const { result } = await writer.deleteUser(id);
      if (result === 'missing') {
        await applyToMirror(db, { via: 'scim', kind: 'user-deleted', userId: id });
        return end('already', `${who} was already gone from the SCIM service; nothing to do.`);
      }
    } catch (err) {
      const f = describeScimFailure(err, `remove ${who}`);
      return end(f.outcome, f.message);
    }
    try {
      const still = await writer.getUser(id);
      if (!still) {
        await applyToMirror(db, { via: 'scim', kind: 'user-deleted', userId: id });
        return end('done', `Removed ${who} through SCIM.`);
      }
      return end(
        'pending',
        `The SCIM service accepted the removal of ${who} but still lists the account${still.active === false ? ' as inactive' : ''} (some services keep deactivated users for a while). It shows as pending sync until a sync no longer lists it.`,
        true,
      );
    } catch (err) {
      return end('pending', `The SCIM service accepted the removal of ${who}, but reading it back failed (${describeScimFailure(err, 'read it back').message}). It shows as pending sync until a sync confirms it.`, true);
    }
  }

  if (req.adminUserId) {
    const id = req.adminUserId;
    const known = await db.adminUsers.get(id);
    const who = known?.email ?? `user ${id}`;
    const base = { connection: 'admin' as const, action: 'user.delete' as const, at, target: known?.email ? `${known.email} (${id})` : id, reason, userId: id };
    const steps: string[] = [];
    const refuse = (message: string) => conclude(db, { ...base, outcome: 'refused', message, steps, requestId: null });
    if (!(await deps.adminWritesEnabled())) return refuse(ADMIN_WRITES_DISABLED);
    if (known && ['owner', 'primary_owner'].includes(known.role)) {
      return refuse(`${who} is an ${known.role === 'primary_owner' ? 'Primary Owner' : 'Owner'}; remove owners in claude.ai → Organization settings → Members, not from here.`);
    }
    if (known?.email) {
      const scim = await db.scimUsers.where('email').equals(known.email.toLowerCase()).first();
      if (scim) {
        return refuse(`${who} is provisioned by SCIM, so your identity provider would add them back. Remove them through SCIM instead (their SCIM id is ${scim.id}), or unassign them in the identity provider.`);
      }
    }
    let admin: AdminWrites;
    try {
      admin = await deps.admin();
    } catch (err) {
      return conclude(db, { ...base, outcome: 'failed', message: describeAdminFailure(err, `remove ${who}`).message, steps, requestId: null });
    }
    const path = `DELETE /v1/organizations/users/${id}`;
    try {
      const { requestId } = await admin.removeUser(id);
      steps.push(`${path} → ok`);
      return conclude(db, {
        ...base,
        outcome: 'pending',
        message: `The Admin API removed ${who} from the organization. It shows as pending sync until the next Admin API sync confirms it.`,
        steps,
        requestId,
        pending: { kind: 'user-deleted', via: 'admin', userId: id, email: known?.email ?? null, groupId: null },
      });
    } catch (err) {
      steps.push(`${path} → ${isApiError(err) ? (err.status !== null ? `HTTP ${err.status}${err.errorCode ? ` ${err.errorCode}` : ''}` : err.kind) : 'error'}`);
      const requestId = isApiError(err) ? err.requestId : null;
      if (isApiError(err) && err.status === 404 && err.errorCode !== 'rbac_group_not_found') {
        await applyToMirror(db, { via: 'admin', kind: 'user-deleted', userId: id });
        return conclude(db, { ...base, outcome: 'already', message: `${who} is no longer in the organization; nothing to do.`, steps, requestId });
      }
      const f = describeAdminFailure(err, `remove ${who}`);
      return conclude(db, { ...base, outcome: f.outcome, message: f.message, steps, requestId });
    }
  }

  return conclude(db, {
    connection: 'scim',
    action: 'user.delete',
    at,
    target: '(nobody named)',
    reason,
    userId: null,
    outcome: 'refused',
    message: 'Choose the person to remove: the request named neither a SCIM user id nor an Admin API user id.',
    steps: [],
    requestId: null,
  });
}
