import { beforeEach, describe, expect, it } from 'vitest';
import { observedAdminWrites } from '../../../lib/sources/admin/observed-writes.ts';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDb, type AppDb } from '../../../lib/sources/database.ts';
import { createApiError } from '../../../lib/api/http/index.ts';
import { changeMembership } from '../../../lib/identity/membership.ts';
import { deleteUser } from '../../../lib/identity/delete-user.ts';
import type { AdminWrites, WriteResult } from '../../../lib/identity/contract.ts';
import type { ProvisionDeps } from '../../../lib/identity/deps.ts';
import { ADMIN_WRITES_DISABLED, CONNECT_ADMIN_FIRST, OWNER_GROUP_REFUSED, OWNER_GROUP_UNCONFIRMED, SCIM_GROUP_READ_ONLY } from '../../../lib/identity/messages.ts';

/**
 * Direct RBAC group grants and member removal through the Admin API, with a small in-memory fake of the
 * AdminWrites contract that answers like admin-api.md §1.7 / §3.3 (named refusals, SCIM groups read-only,
 * owner-granting groups). Checks refusals before sending, named-code mapping and the read-back.
 */
const KEY = 'sk-ant-admin01-abcdefghijklmnopqrstuvwxyz0123456789';

class FakeAdmin implements AdminWrites {
  calls: string[] = [];
  members = new Map<string, Set<string>>([
    ['rbac_group_direct', new Set(['user_a'])],
    ['rbac_group_owner', new Set(['user_a'])],
    ['rbac_group_scim', new Set(['user_b'])],
  ]);
  /** Groups whose role grants owner access, as the server knows it. */
  owners = new Set(['rbac_group_owner']);
  /** Accept but do not apply (eventual consistency). */
  lazy = false;
  failNext: ReturnType<typeof createApiError> | null = null;

  private refuse(groupId: string) {
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
    if (this.owners.has(groupId)) throw apiError(400, 'rbac_group_grants_owner_access', 'invalid_request_error', `Group grants owner access; key ${KEY}`);
    if (groupId === 'rbac_group_scim') throw apiError(400, undefined, 'invalid_request_error', 'This group is managed by SCIM and is read-only.');
    if (!this.members.has(groupId)) throw apiError(404, 'rbac_group_not_found', 'not_found_error', 'Group not found');
  }
  async addGroupMember(groupId: string, userId: string) {
    this.calls.push(`add ${groupId} ${userId}`);
    this.refuse(groupId);
    if (!this.lazy) this.members.get(groupId)!.add(userId);
    return { requestId: 'req_add_1' };
  }
  async removeGroupMember(groupId: string, userId: string) {
    this.calls.push(`remove ${groupId} ${userId}`);
    this.refuse(groupId);
    const set = this.members.get(groupId)!;
    if (!set.has(userId)) throw apiError(404, undefined, 'not_found_error', 'User is not a member of this group');
    if (!this.lazy) set.delete(userId);
    return { requestId: 'req_remove_1' };
  }
  async removeUser(userId: string) {
    this.calls.push(`removeUser ${userId}`);
    if (this.failNext) this.refuse('x');
    if (userId === 'user_gone') throw apiError(404, undefined, 'not_found_error', 'User not found');
    return { requestId: 'req_user_1' };
  }
  async listGroupMemberIds(groupId: string) {
    this.calls.push(`list ${groupId}`);
    return [...(this.members.get(groupId) ?? [])];
  }
}

function apiError(status: number, code: string | undefined, type: string, message: string) {
  return createApiError(
    { kind: 'http', message: `Admin API answered ${status}: ${message}`, api: 'admin', method: 'POST', path: '/v1/organizations/rbac_groups/x/members', status, apiErrorType: type, errorCode: code, serverMessage: message, requestId: `req_err_${status}` },
    [KEY],
  );
}

let db: AppDb;
let fake: FakeAdmin;
let enabled: boolean;
let deps: ProvisionDeps;
let n = 0;

beforeEach(async () => {
  db = createDb({ name: `admin-writes-${n++}`, indexedDB: new IDBFactory(), IDBKeyRange });
  fake = new FakeAdmin();
  enabled = true;
  deps = {
    db,
    scim: () => Promise.reject(new Error('not used')),
    // As the worker wires it: the client's writes observed by the Admin API source (owner-access facts, write scopes).
    admin: async () => observedAdminWrites(fake, db, () => new Date('2026-12-07T12:00:00Z')),
    adminWritesEnabled: async () => enabled,
    now: () => new Date('2026-12-07T12:00:00Z'),
    sleep: async () => undefined,
  };
  const group = (id: string, name: string, sourceType: string, ownerAccess: boolean | null) => ({ id, name, sourceType, roleIds: [], createdAt: '', updatedAt: '', memberCount: 1, ownerAccess });
  await db.adminGroups.bulkPut([group('rbac_group_direct', 'Direct', 'direct', false), group('rbac_group_scim', 'From IdP', 'scim', null), group('rbac_group_owner', 'Owners', 'direct', null)]);
  await db.adminUsers.bulkPut([
    { id: 'user_a', email: 'a@acme.example', name: 'A', role: 'user', addedAt: '' },
    { id: 'user_c', email: 'c@acme.example', name: 'C', role: 'user', addedAt: '' },
    { id: 'user_owner', email: 'o@acme.example', name: 'O', role: 'owner', addedAt: '' },
  ]);
  await db.adminMembers.put({ groupId: 'rbac_group_direct', userId: 'user_a', email: 'a@acme.example', addedAt: '' });
});

async function audited(r: WriteResult) {
  const row = (await db.audit.get(r.auditId!))!;
  expect(row).toMatchObject({ connection: 'admin', outcome: r.outcome });
  expect(JSON.stringify(row)).not.toContain(KEY);
  expect(r.message).not.toContain(KEY);
  return row;
}

describe('Admin API membership (direct RBAC groups)', () => {
  it('add: sent, read back, done; the local copy and member count follow', async () => {
    const r = await changeMembership(deps, { op: 'add', via: 'admin', groupId: 'rbac_group_direct', userId: 'user_c' });
    expect(r).toMatchObject({ outcome: 'done', requestId: 'req_add_1' });
    expect(fake.calls).toEqual(['add rbac_group_direct user_c', 'list rbac_group_direct']);
    expect(await db.adminMembers.get(['rbac_group_direct', 'user_c'])).toMatchObject({ email: 'c@acme.example' });
    expect((await db.adminGroups.get('rbac_group_direct'))!.memberCount).toBe(2);
    const row = await audited(r);
    expect(row).toMatchObject({ action: 'group.member.add', requestId: 'req_add_1', target: 'c@acme.example (user_c) in "Direct" (rbac_group_direct)' });
    expect(row.detail).toMatch(/POST \/v1\/organizations\/rbac_groups\/rbac_group_direct\/members \{user_id user_c\} → ok; GET .*members → 2 members/);
  });

  it('writes disabled → refused with how to turn them on; nothing sent', async () => {
    enabled = false;
    const r = await changeMembership(deps, { op: 'add', via: 'admin', groupId: 'rbac_group_direct', userId: 'user_c' });
    expect(r).toMatchObject({ outcome: 'refused', message: ADMIN_WRITES_DISABLED });
    expect(fake.calls).toEqual([]);
    expect((await audited(r)).detail).toMatch(/^Nothing was sent\./);
  });

  it('a scim-source group is refused before sending', async () => {
    const r = await changeMembership(deps, { op: 'remove', via: 'admin', groupId: 'rbac_group_scim', userId: 'user_b' });
    expect(r).toMatchObject({ outcome: 'refused', message: SCIM_GROUP_READ_ONLY });
    expect(fake.calls).toEqual([]);
    await audited(r);
  });

  it('a scim group the local copy does not know yet: the server refusal is recognised and explained', async () => {
    await db.adminGroups.delete('rbac_group_scim');
    const r = await changeMembership(deps, { op: 'add', via: 'admin', groupId: 'rbac_group_scim', userId: 'user_c' });
    expect(r).toMatchObject({ outcome: 'refused', message: SCIM_GROUP_READ_ONLY, requestId: 'req_err_400' });
  });

  it('the named owner refusal is mapped, and the group is remembered as owner-granting (refused before sending next time)', async () => {
    const r = await changeMembership(deps, { op: 'add', via: 'admin', groupId: 'rbac_group_owner', userId: 'user_c' });
    expect(r).toMatchObject({ outcome: 'refused', message: OWNER_GROUP_REFUSED, requestId: 'req_err_400' });
    expect((await db.adminGroups.get('rbac_group_owner'))!.ownerAccess).toBe(true);
    expect((await audited(r)).detail).toMatch(/HTTP 400 rbac_group_grants_owner_access/);
    fake.calls = [];
    const again = await changeMembership(deps, { op: 'remove', via: 'admin', groupId: 'rbac_group_owner', userId: 'user_a' });
    expect(again).toMatchObject({ outcome: 'refused', message: OWNER_GROUP_REFUSED });
    expect(fake.calls).toEqual([]);
  });

  it('rbac_group_owner_access_unconfirmed is mapped too', async () => {
    fake.failNext = apiError(400, 'rbac_group_owner_access_unconfirmed', 'invalid_request_error', 'Could not check');
    const r = await changeMembership(deps, { op: 'add', via: 'admin', groupId: 'rbac_group_direct', userId: 'user_c' });
    expect(r).toMatchObject({ outcome: 'refused', message: OWNER_GROUP_UNCONFIRMED });
    expect((await db.adminGroups.get('rbac_group_direct'))!.ownerAccess).toBe(false);
  });

  it('removing someone who is not a member: 404 → read back → already', async () => {
    const r = await changeMembership(deps, { op: 'remove', via: 'admin', groupId: 'rbac_group_direct', userId: 'user_c' });
    expect(r.outcome).toBe('already');
    expect(fake.calls).toEqual(['remove rbac_group_direct user_c', 'list rbac_group_direct']);
    await audited(r);
  });

  it('503 change_outcome_unknown: the read-back decides (applied → done)', async () => {
    fake.failNext = apiError(503, 'change_outcome_unknown', 'api_error', 'Some changes may have been saved');
    fake.members.get('rbac_group_direct')!.add('user_c');
    const r = await changeMembership(deps, { op: 'add', via: 'admin', groupId: 'rbac_group_direct', userId: 'user_c' });
    expect(r.outcome).toBe('done');
  });

  it('accepted but not applied yet → pending sync, with a pendingChanges row', async () => {
    fake.lazy = true;
    const r = await changeMembership(deps, { op: 'add', via: 'admin', groupId: 'rbac_group_direct', userId: 'user_c' });
    expect(r.outcome).toBe('pending');
    expect(r.message).toMatch(/has not been applied yet/);
    expect(await db.pendingChanges.toArray()).toEqual([expect.objectContaining({ via: 'admin', kind: 'member-added', groupId: 'rbac_group_direct', userId: 'user_c' })]);
  });

  it('other named codes in plain words: group gone, concurrent change, 403 scope', async () => {
    fake.failNext = apiError(409, 'concurrent_membership_change', 'conflict_error', 'busy');
    expect((await changeMembership(deps, { op: 'add', via: 'admin', groupId: 'rbac_group_direct', userId: 'user_c' })).message).toMatch(/Another membership change is running/);
    expect((await changeMembership(deps, { op: 'add', via: 'admin', groupId: 'rbac_group_nope', userId: 'user_c' })).message).toMatch(/no longer in the organization.*Sync the Admin API/);
    fake.failNext = apiError(403, undefined, 'permission_error', 'missing scope');
    const r = await changeMembership(deps, { op: 'add', via: 'admin', groupId: 'rbac_group_direct', userId: 'user_c' });
    expect(r).toMatchObject({ outcome: 'refused' });
    expect(r.message).toMatch(/write:rbac_groups/);
  });

  it('no Admin key: failed with "Connect the Admin API first"', async () => {
    const r = await changeMembership({ ...deps, admin: () => Promise.reject(new Error(CONNECT_ADMIN_FIRST)) }, { op: 'add', via: 'admin', groupId: 'rbac_group_direct', userId: 'user_c' });
    expect(r).toMatchObject({ outcome: 'failed', message: CONNECT_ADMIN_FIRST });
    await audited(r);
  });
});

describe('Admin API member removal', () => {
  it('removes, records pending sync (confirmed by the next Admin API sync)', async () => {
    const r = await deleteUser(deps, { adminUserId: 'user_c', reason: 'Left the company' });
    expect(r).toMatchObject({ outcome: 'pending', requestId: 'req_user_1' });
    expect(await db.pendingChanges.toArray()).toEqual([expect.objectContaining({ via: 'admin', kind: 'user-deleted', userId: 'user_c', email: 'c@acme.example' })]);
    expect((await audited(r)).detail).toMatch(/^Reason: Left the company\. Sent: DELETE \/v1\/organizations\/users\/user_c → ok/);
  });

  it('writes disabled, owners, and SCIM-provisioned people are refused before sending', async () => {
    enabled = false;
    expect((await deleteUser(deps, { adminUserId: 'user_c' })).message).toBe(ADMIN_WRITES_DISABLED);
    enabled = true;
    expect((await deleteUser(deps, { adminUserId: 'user_owner' })).message).toMatch(/Owner; remove owners in claude\.ai/);
    await db.scimUsers.put({ id: 'scim-c', userName: 'c@acme.example', email: 'c@acme.example', displayName: 'C', givenName: 'C', familyName: null, externalId: null, active: true, created: null });
    expect((await deleteUser(deps, { adminUserId: 'user_c' })).message).toMatch(/provisioned by SCIM.*scim-c/);
    expect(fake.calls).toEqual([]);
    expect((await db.audit.toArray()).map((a) => a.outcome)).toEqual(['refused', 'refused', 'refused']);
  });

  it('a person already gone → already', async () => {
    const r = await deleteUser(deps, { adminUserId: 'user_gone' });
    expect(r.outcome).toBe('already');
  });
});
