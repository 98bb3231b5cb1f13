import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { startSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { SIZE_PRESETS } from '../../../sandbox/shared/contracts.ts';
import { ApiError, createHttpClient, RequestLimiter } from '../../../../lib/api/http/index.ts';
import { AdminClient } from '../../../../lib/sources/admin/client.ts';
import { ADMIN_ERROR_MESSAGES, describeAdminError, SCIM_GROUP_READ_ONLY } from '../../../../lib/sources/admin/errors.ts';
import { ADMIN_SCOPE_CHECK, checkAdminScopes, recordWriteOutcome } from '../../../../lib/sources/admin/scopes.ts';
import { createDb } from '../../../../lib/sources/database.ts';
import type { AdminWrites } from '../../../../lib/identity/contract.ts';

/** AdminWrites against the sandbox: each method, the refusals with their named codes, and the read-only scope check. */
let sandbox: Sandbox;

const http = (secret: string) =>
  createHttpClient({ api: 'admin', baseUrl: sandbox.url, credential: async () => secret, limiter: new RequestLimiter({ perMinute: 100_000, burst: 1000 }), retry: { baseDelayMs: 5, maxDelayMs: 20 }, describeError: describeAdminError });
const writer = (secret = sandbox.keys.admin.full.secret): AdminWrites => new AdminClient(http(secret), 5);

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

beforeAll(async () => {
  sandbox = await startSandbox({ size: { ...SIZE_PRESETS.tiny, users: 30, groups: 6 }, seed: 5 });
});
afterAll(async () => sandbox?.close());
beforeEach(() => {
  const c = sandbox.admin.control;
  c.scimProvisioning = true;
  c.ownerCheckUnavailable = false;
  c.concurrentChange = false;
});

const direct = () => sandbox.admin.data.groups.find((g) => g.source_type === 'direct' && g.id !== sandbox.admin.data.ownerGroupId)!;
const scimGroup = () => sandbox.admin.data.groups.find((g) => g.source_type === 'scim')!;
const outsider = (g: { members: Map<string, string> }) => sandbox.admin.data.users.find((u) => !g.members.has(u.id) && u.role === 'user')!;

describe('AdminWrites', () => {
  it('adds and removes a member of a direct group, and the read-back shows it (all pages)', async () => {
    const w = writer();
    const g = direct();
    const u = outsider(g);
    const added = await w.addGroupMember(g.id, u.id);
    expect(added.requestId).toMatch(/^req_/);
    const after = await w.listGroupMemberIds(g.id);
    expect(after).toContain(u.id);
    expect(after.sort()).toEqual([...g.members.keys()].sort());
    await w.removeGroupMember(g.id, u.id);
    expect(await w.listGroupMemberIds(g.id)).not.toContain(u.id);
  });

  it('a scim group refuses changes while SCIM provisioning is on, in plain words', async () => {
    const g = scimGroup();
    const err = await refusal(writer().addGroupMember(g.id, outsider(g).id));
    expect(err.status).toBe(400);
    expect(err.errorCode).toBeNull(); // no documented code [unverified]
    expect(err.message).toBe(SCIM_GROUP_READ_ONLY);
    sandbox.admin.control.scimProvisioning = false;
    await expect(writer().addGroupMember(g.id, outsider(g).id)).resolves.toBeDefined();
  });

  it('an owner-granting group refuses adds and removes with rbac_group_grants_owner_access', async () => {
    const data = sandbox.admin.data;
    const owners = data.group(data.ownerGroupId)!;
    const add = await refusal(writer().addGroupMember(owners.id, outsider(owners).id));
    expect(add).toMatchObject({ status: 400, errorCode: 'rbac_group_grants_owner_access', message: ADMIN_ERROR_MESSAGES.rbac_group_grants_owner_access });
    expect(add.message).toMatch(/claude\.ai/);
    const remove = await refusal(writer().removeGroupMember(owners.id, [...owners.members.keys()][0]!));
    expect(remove.errorCode).toBe('rbac_group_grants_owner_access');
    sandbox.admin.control.ownerCheckUnavailable = true;
    expect((await refusal(writer().addGroupMember(owners.id, outsider(owners).id))).errorCode).toBe('rbac_group_owner_access_unconfirmed');
  });

  it('a missing group and a concurrent change carry their codes', async () => {
    expect((await refusal(writer().addGroupMember('rbac_group_01DoesNotExist', sandbox.admin.data.users[1]!.id))).errorCode).toBe('rbac_group_not_found');
    sandbox.admin.control.concurrentChange = true;
    const g = direct();
    const err = await refusal(writer().addGroupMember(g.id, outsider(g).id));
    expect(err).toMatchObject({ status: 409, errorCode: 'concurrent_membership_change' });
    expect(err.message).toMatch(/Try again/);
  });

  it('removes a person from the organization; the Primary Owner and unknown people are refused', async () => {
    const data = sandbox.admin.data;
    const victim = data.users.find((u) => u.role === 'user' && data.uiOnlyUserIds.includes(u.id))!;
    const groupsBefore = data.groups.filter((g) => g.members.has(victim.id)).length;
    expect(groupsBefore).toBeGreaterThan(0);
    await writer().removeUser(victim.id);
    expect(data.user(victim.id)).toBeUndefined();
    expect(data.groups.some((g) => g.members.has(victim.id))).toBe(false);
    expect((await refusal(writer().removeUser(victim.id))).status).toBe(404);
    const primary = data.users.find((u) => u.role === 'primary_owner')!;
    expect((await refusal(writer().removeUser(primary.id))).status).toBe(400);
  });

  it('a read-only key is refused writes with 403 and a message naming the scopes', async () => {
    const g = direct();
    const err = await refusal(writer(sandbox.keys.admin.readOnly.secret).addGroupMember(g.id, outsider(g).id));
    expect(err.status).toBe(403);
    expect(err.message).toMatch(/write:rbac_groups/);
    expect(err.message).not.toContain(sandbox.keys.admin.readOnly.secret);
  });
});

describe('scope check (never writes)', () => {
  it('the full key: reads proven, writes not checked until the first change', async () => {
    sandbox.stats.reset();
    const check = await checkAdminScopes(http(sandbox.keys.admin.full.secret));
    expect(check.status).toBe('ok');
    expect(check.organization?.name).toBe(sandbox.org.parent.name);
    expect(Object.fromEntries(check.scopes.map((s) => [s.scope, s.state]))).toEqual({
      'read:users': 'present',
      'read:rbac_groups': 'present',
      'read:rbac_roles': 'present',
      'write:rbac_groups': 'not_checked',
      'write:members': 'not_checked',
    });
    // Only GETs: /me and three limit=1 reads.
    expect(sandbox.stats.counts.admin).toBe(4);
  });

  it('a members-only key: groups missing, and the message says what to do; a write outcome updates the stored check', async () => {
    const check = await checkAdminScopes(http(sandbox.keys.admin.membersOnly.secret));
    expect(check.scopes.find((s) => s.scope === 'read:rbac_groups')!.state).toBe('missing');
    expect(check.scopes.find((s) => s.scope === 'read:users')!.state).toBe('present');
    expect(check.message).toMatch(/read:rbac_groups/);
    const db = createDb({ name: 'admin-scopes', indexedDB: new IDBFactory(), IDBKeyRange });
    await ADMIN_SCOPE_CHECK.write(db, check);
    await recordWriteOutcome(db, 'write:rbac_groups', false);
    expect((await ADMIN_SCOPE_CHECK.read(db))!.scopes.find((s) => s.scope === 'write:rbac_groups')!.state).toBe('missing');
  });

  it('an unknown key is invalid; a Console-type organization marks RBAC as not offered', async () => {
    expect((await checkAdminScopes(http('sk-ant-admin01-unknown-000000000000000000000000000000000000000'))).status).toBe('invalid_key');
    sandbox.admin.control.organizationType = 'console';
    try {
      const check = await checkAdminScopes(http(sandbox.keys.admin.full.secret));
      expect(check.scopes.find((s) => s.scope === 'read:rbac_groups')!.state).toBe('unavailable');
    } finally {
      sandbox.admin.control.organizationType = 'enterprise';
    }
  });

  it('the sandbox accepts both x-api-key and Authorization: Bearer', async () => {
    for (const auth of ['x-api-key', 'bearer'] as const) {
      const c = createHttpClient({ api: 'admin', baseUrl: sandbox.url, credential: async () => sandbox.keys.admin.full.secret, auth });
      expect((await new AdminClient(c).organization()).name).toBe(sandbox.org.parent.name);
    }
  });
});
