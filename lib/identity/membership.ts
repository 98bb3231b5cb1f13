import { isApiError } from '../api/http/index.ts';
import { conclude, type WriteRecord } from './audit.ts';
import type { AdminWrites, WriteResult } from './contract.ts';
import type { ProvisionDeps } from './deps.ts';
import { ADMIN_WRITES_DISABLED, describeAdminFailure, describeScimFailure, OWNER_CODES, OWNER_GROUP_REFUSED, SCIM_GROUP_READ_ONLY } from './messages.ts';
import { applyToMirror } from './mirror.ts';
import { addMemberPatch, FALLBACK_SCIM_TYPES, removeMemberFallbackPatch, removeMemberPatch, summariseBody } from './scim-forms.ts';
import { ScimWriter } from './scim-writer.ts';

/**
 * Grant or revoke one group membership. `scim` groups: SCIM PATCH (specs/scim.md §3, §6 exchanges 6–7),
 * with the value-array remove form as a fallback after invalidPath/noTarget. `admin` (direct RBAC groups):
 * the Admin API (admin-api.md §3), refused before sending when Admin API changes are off, when the group
 * comes from SCIM (read-only there while SCIM is on) or grants owner access. After every change the
 * membership is read back, because providers drop members silently: confirmed → done, else pending
 * sync, saying whether the service has not applied it yet or dropped it.
 */
export interface MembershipInput {
  op: 'add' | 'remove';
  via: 'scim' | 'admin';
  groupId: string;
  userId: string;
  reason?: string | undefined;
}

export async function changeMembership(deps: ProvisionDeps, req: MembershipInput): Promise<WriteResult> {
  return req.via === 'scim' ? scimMembership(deps, req) : adminMembership(deps, req);
}

function kindOf(op: 'add' | 'remove') {
  return op === 'add' ? ('member-added' as const) : ('member-removed' as const);
}

async function scimMembership(deps: ProvisionDeps, req: MembershipInput): Promise<WriteResult> {
  const { db } = deps;
  const at = deps.now();
  const [group, user] = await Promise.all([db.scimGroups.get(req.groupId), db.scimUsers.get(req.userId)]);
  const who = user?.email ?? user?.userName ?? `user ${req.userId}`;
  const where = group ? `"${group.displayName}"` : `group ${req.groupId}`;
  const target = `${who} (${req.userId}) in ${where}${group ? ` (${req.groupId})` : ''}`;
  const verb = req.op === 'add' ? `add ${who} to ${where}` : `remove ${who} from ${where}`;
  const base = { connection: 'scim' as const, action: req.op === 'add' ? ('group.member.add' as const) : ('group.member.remove' as const), at, target, reason: req.reason, userId: req.userId };

  let writer: ScimWriter;
  try {
    writer = new ScimWriter(await deps.scim());
  } catch (err) {
    return conclude(db, { ...base, outcome: 'failed', message: err instanceof Error ? err.message : String(err), steps: [], requestId: null });
  }
  const end = (outcome: WriteResult['outcome'], message: string, pending = false) =>
    conclude(db, { ...base, outcome, message, steps: writer.steps, requestId: writer.lastRequestId, pending: pending ? { kind: kindOf(req.op), via: 'scim', userId: req.userId, email: user?.email ?? null, groupId: req.groupId } : undefined });

  let answered: { status: number; hadMember: boolean | null };
  try {
    const body = req.op === 'add' ? addMemberPatch(req.userId) : removeMemberPatch(req.userId);
    let res;
    try {
      res = await writer.patchGroup(req.groupId, body, summariseBody(body));
    } catch (err) {
      if (req.op === 'remove' && isApiError(err) && err.status === 400 && FALLBACK_SCIM_TYPES.has(err.apiErrorType ?? '')) {
        const fallback = removeMemberFallbackPatch(req.userId);
        res = await writer.patchGroup(req.groupId, fallback, summariseBody(fallback));
      } else throw err;
    }
    answered = { status: res.status, hadMember: res.group ? (res.group.members ?? []).some((m) => m.value === req.userId) : null };
  } catch (err) {
    const f = describeScimFailure(err, verb);
    return end(f.outcome, f.message);
  }

  // Read back: the answer alone does not prove the change (unknown or not-yet-valid members are dropped silently).
  let members: string[] | null;
  try {
    members = await writer.groupMemberIds(req.groupId);
  } catch (err) {
    return end('pending', `The SCIM service accepted the change (${verb}), but reading the group back failed (${describeScimFailure(err, 'read the group').message}). It shows as pending sync until a sync confirms it.`, true);
  }
  if (members === null) return end('failed', `The SCIM service no longer has ${where}, so the change could not be confirmed. Run Sync now to refresh the groups.`);
  const present = members.includes(req.userId);
  if (req.op === 'add' ? present : !present) {
    await applyToMirror(db, { via: 'scim', kind: kindOf(req.op), groupId: req.groupId, userId: req.userId, at: at.toISOString() });
    return end('done', req.op === 'add' ? `Added ${who} to ${where}; the group's member list confirms it.` : `Removed ${who} from ${where}; the group's member list confirms it.`);
  }
  if (req.op === 'remove') {
    return end('pending', `The SCIM service accepted the removal, but ${who} is still listed in ${where}: the service has not applied it yet. It shows as pending sync until a sync confirms it.`, true);
  }
  // An add the group does not show: find out whether the service dropped it.
  let exists: boolean | null = null;
  try {
    exists = (await writer.getUser(req.userId)) !== null;
  } catch {
    exists = null;
  }
  if (exists === false) {
    return end('failed', `The SCIM service accepted the request but dropped the member: it has no user with id ${req.userId}. Run Sync now and choose the person again.`);
  }
  if (answered.hadMember === false) {
    return end(
      'pending',
      `The SCIM service answered without ${who} in ${where}: it dropped the member silently (services do this for accounts still being validated). It shows as pending sync; if a sync does not confirm it, grant it again later.`,
      true,
    );
  }
  return end('pending', `The SCIM service accepted the change, but ${where} does not list ${who} yet: the service has not applied it yet. It shows as pending sync until a sync confirms it.`, true);
}

async function adminMembership(deps: ProvisionDeps, req: MembershipInput): Promise<WriteResult> {
  const { db } = deps;
  const at = deps.now();
  const [group, user] = await Promise.all([db.adminGroups.get(req.groupId), db.adminUsers.get(req.userId)]);
  const who = user?.email ?? `user ${req.userId}`;
  const where = group ? `"${group.name}"` : `group ${req.groupId}`;
  const verb = req.op === 'add' ? `add ${who} to ${where}` : `remove ${who} from ${where}`;
  const steps: string[] = [];
  const base: Omit<WriteRecord, 'outcome' | 'message' | 'requestId'> = {
    connection: 'admin',
    action: req.op === 'add' ? 'group.member.add' : 'group.member.remove',
    at,
    target: `${who} (${req.userId}) in ${where}${group ? ` (${req.groupId})` : ''}`,
    reason: req.reason,
    userId: req.userId,
    steps,
  };
  const end = (outcome: WriteResult['outcome'], message: string, requestId: string | null, pending = false) =>
    conclude(db, { ...base, outcome, message, requestId, pending: pending ? { kind: kindOf(req.op), via: 'admin', userId: req.userId, email: user?.email ?? null, groupId: req.groupId } : undefined });

  // Refused before sending: the admin learns why and what to do, and nothing reaches the API.
  if (!(await deps.adminWritesEnabled())) return end('refused', ADMIN_WRITES_DISABLED, null);
  if (group?.sourceType === 'scim') return end('refused', SCIM_GROUP_READ_ONLY, null);
  if (group?.ownerAccess === true) return end('refused', OWNER_GROUP_REFUSED, null);

  let admin: AdminWrites;
  try {
    admin = await deps.admin();
  } catch (err) {
    return end('failed', describeAdminFailure(err, verb).message, null);
  }
  const path = req.op === 'add' ? `POST /v1/organizations/rbac_groups/${req.groupId}/members {user_id ${req.userId}}` : `DELETE /v1/organizations/rbac_groups/${req.groupId}/members/${req.userId}`;
  let requestId: string | null = null;
  let alreadyIfConfirmed = false;
  try {
    const res = req.op === 'add' ? await admin.addGroupMember(req.groupId, req.userId) : await admin.removeGroupMember(req.groupId, req.userId);
    requestId = res.requestId;
    steps.push(`${path} → ok`);
  } catch (err) {
    const code = isApiError(err) ? err.errorCode : null;
    steps.push(`${path} → ${isApiError(err) ? (err.status !== null ? `HTTP ${err.status}${code ? ` ${code}` : ''}` : err.kind) : 'error'}`);
    requestId = isApiError(err) ? err.requestId : null;
    if (code !== null && OWNER_CODES.has(code)) {
      // Learned from the refusal: the group grants owner access (shown on the Groups tab, refused before sending next time).
      if (code === 'rbac_group_grants_owner_access' && group) await db.adminGroups.update(req.groupId, { ownerAccess: true });
      return end('refused', describeAdminFailure(err, verb).message, requestId);
    }
    // Outcome unknown, or possibly nothing to do: the read-back decides.
    const status = isApiError(err) ? err.status : null;
    const readBack = code === 'change_outcome_unknown' || code === 'already_member' || (status === 404 && code !== 'rbac_group_not_found') || (status === 409 && code !== 'concurrent_membership_change');
    if (!readBack) {
      const f = describeAdminFailure(err, verb);
      return end(f.outcome, f.message, requestId);
    }
    alreadyIfConfirmed = code !== 'change_outcome_unknown';
    let members: string[];
    try {
      members = await admin.listGroupMemberIds(req.groupId);
      steps.push(`GET /v1/organizations/rbac_groups/${req.groupId}/members → ${members.length} members`);
    } catch {
      const f = describeAdminFailure(err, verb);
      return end(f.outcome, f.message, requestId);
    }
    const present = members.includes(req.userId);
    if (req.op === 'add' ? present : !present) {
      await applyToMirror(db, { via: 'admin', kind: kindOf(req.op), groupId: req.groupId, userId: req.userId, at: at.toISOString() });
      return alreadyIfConfirmed
        ? end('already', req.op === 'add' ? `${who} is already in ${where}; nothing to do.` : `${who} is not in ${where}; nothing to do.`, requestId)
        : end('done', `${req.op === 'add' ? 'Added' : 'Removed'} ${who} ${req.op === 'add' ? 'to' : 'from'} ${where}; the group's member list confirms it.`, requestId);
    }
    const f = describeAdminFailure(err, verb);
    return end(f.outcome, f.message, requestId);
  }

  try {
    const members = await admin.listGroupMemberIds(req.groupId);
    steps.push(`GET /v1/organizations/rbac_groups/${req.groupId}/members → ${members.length} members`);
    const present = members.includes(req.userId);
    if (req.op === 'add' ? present : !present) {
      await applyToMirror(db, { via: 'admin', kind: kindOf(req.op), groupId: req.groupId, userId: req.userId, at: at.toISOString() });
      return end('done', `${req.op === 'add' ? 'Added' : 'Removed'} ${who} ${req.op === 'add' ? 'to' : 'from'} ${where}; the group's member list confirms it.`, requestId);
    }
    return end(
      'pending',
      req.op === 'add'
        ? `The Admin API accepted the change, but ${where} does not list ${who} yet: it has not been applied yet. It shows as pending sync until a sync confirms it.`
        : `The Admin API accepted the removal, but ${who} is still listed in ${where}: it has not been applied yet. It shows as pending sync until a sync confirms it.`,
      requestId,
      true,
    );
  } catch (err) {
    steps.push(`GET /v1/organizations/rbac_groups/${req.groupId}/members → failed`);
    return end('pending', `The Admin API accepted the change (${verb}), but reading the group back failed (${describeAdminFailure(err, 'read the group').message}). It shows as pending sync until a sync confirms it.`, requestId, true);
  }
}
