import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { startSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { SIZE_PRESETS } from '../../../sandbox/shared/contracts.ts';
import { createDb, type AppDb } from '../../../../lib/sources/database.ts';
import { createHttpClient, RequestLimiter } from '../../../../lib/api/http/index.ts';
import { AdminClient } from '../../../../lib/sources/admin/client.ts';
import { SYNC_JOB } from '../../../../lib/sources/admin/job.ts';
import { ADMIN_SYNC_LOG, logUnfinishedAdminSync, recordOwnerAccessRefusal } from '../../../../lib/sources/admin/state.ts';
import { describeAdminError } from '../../../../lib/sources/admin/errors.ts';
import { Job } from '../../../../lib/jobs/job.ts';

/**
 * The Admin API sync against the sandbox: every member, RBAC group with members, role with
 * permissions; both paging schemes at small pages; role data temporarily unavailable; a failed sync
 * keeps the previous data. The expected values come from the sandbox's own data, not from the client.
 */
let sandbox: Sandbox;
let db: AppDb;
let n = 0;

const http = (secret = sandbox.keys.admin.full.secret) =>
  createHttpClient({ api: 'admin', baseUrl: sandbox.url, credential: async () => secret, limiter: new RequestLimiter({ perMinute: 100_000, burst: 1000 }), retry: { baseDelayMs: 5, maxDelayMs: 20 }, describeError: describeAdminError });
const client = (pageSize?: number, secret?: string) => new AdminClient(http(secret), pageSize);
const sync = (pageSize?: number) => new Job(db, SYNC_JOB, client(pageSize), {}).run();

async function expectMatchesSandbox() {
  const data = sandbox.admin.data;
  const users = await db.adminUsers.toArray();
  expect(users.map((u) => u.id).sort()).toEqual(data.users.map((u) => u.id).sort());
  for (const u of data.users) expect(users.find((r) => r.id === u.id)).toMatchObject({ email: u.email.toLowerCase(), name: u.name, role: u.role, addedAt: u.added_at });
  const groups = await db.adminGroups.toArray();
  expect(groups.map((g) => g.id).sort()).toEqual(data.groups.map((g) => g.id).sort());
  for (const g of data.groups) expect(groups.find((r) => r.id === g.id)).toMatchObject({ name: g.name, sourceType: g.source_type, memberCount: g.members.size });
  const members = data.groups.flatMap((g) => [...g.members.keys()].map((u) => `${g.id}:${u}`)).sort();
  expect((await db.adminMembers.toArray()).map((m) => `${m.groupId}:${m.userId}`).sort()).toEqual(members);
  const roles = await db.adminRoles.toArray();
  expect(roles.map((r) => r.id).sort()).toEqual(data.roles.map((r) => r.id).sort());
  for (const r of data.roles) expect(roles.find((x) => x.id === r.id)!.permissions).toHaveLength(r.permissions.length);
}

beforeAll(async () => {
  sandbox = await startSandbox({ size: { ...SIZE_PRESETS.tiny, users: 45, groups: 7, roles: 4, mcpServers: 3 }, seed: 11 });
});
afterAll(async () => sandbox?.close());
beforeEach(() => {
  db = createDb({ name: `admin-${n++}`, indexedDB: new IDBFactory(), IDBKeyRange });
  const c = sandbox.admin.control;
  c.roleDataUnavailable.clear();
  c.maxPageSize = 1000;
  c.organizationType = 'enterprise';
  c.rolesNeedParent = false;
  c.spendLimits = 'on';
});

describe('Admin API sync', () => {
  it('reads every member, group, membership, role and permission, and logs the sync', async () => {
    sandbox.stats.reset();
    expect((await sync()).status).toBe('done');
    await expectMatchesSandbox();
    const data = sandbox.admin.data;
    // One page per list at the largest page size: users, groups, each group's members, roles, each role's
    // permissions, effective spend limits, pending increase requests.
    expect(sandbox.stats.counts.admin).toBe(1 + 1 + data.groups.length + 1 + data.roles.length + 1 + 1);
    const log = (await ADMIN_SYNC_LOG.read(db))!;
    expect(log[0]).toMatchObject({ outcome: 'done', users: data.users.length, groups: data.groups.length, roles: data.roles.length, message: null });
    // People created in the Claude UI are there; at least one owner and one membership admin.
    for (const id of data.uiOnlyUserIds) expect(await db.adminUsers.get(id)).toBeDefined();
    expect(await db.adminUsers.where('role').equals('owner').count()).toBeGreaterThan(0);
    expect(await db.adminUsers.where('role').equals('membership_admin').count()).toBeGreaterThan(0);
    // Flattened permissions keep connector tool grants.
    const all = (await db.adminRoles.toArray()).flatMap((r) => r.permissions);
    expect(all.some((p) => p.resourceType === 'connector_tool' && p.action === 'always_allow' && p.toolName !== null)).toBe(true);
  });

  it('pages both schemes at small pages (Page by after_id, PageCursor by next_page) with the same result', async () => {
    sandbox.stats.reset();
    expect((await sync(4)).status).toBe('done');
    await expectMatchesSandbox();
    expect(sandbox.stats.byPath.get('/v1/organizations/users')).toBe(Math.ceil(sandbox.admin.data.users.length / 4));
  });

  it('a server that caps the page size below the limit asked for is paged by what came back', async () => {
    sandbox.admin.control.maxPageSize = 3;
    expect((await sync()).status).toBe('done');
    await expectMatchesSandbox();
  });

  it('a page size the server refuses with a plain 400 is asked again smaller', async () => {
    expect((await sync(5000)).status).toBe('done');
    await expectMatchesSandbox();
  });

  it('role_ids null keeps the previous roles and says so; ownerAccess comes from facts only', async () => {
    const data = sandbox.admin.data;
    expect((await sync()).status).toBe('done');
    const withRoles = data.groups.find((g) => g.role_ids.length > 0 && g.id !== data.ownerGroupId)!;
    const noRoles = data.groups.find((g) => g.role_ids.length === 0);
    expect((await db.adminGroups.get(data.ownerGroupId))!.ownerAccess).toBeNull(); // not provable from a read [unverified]
    if (noRoles) expect((await db.adminGroups.get(noRoles.id))!.ownerAccess).toBe(false);

    sandbox.admin.control.roleDataUnavailable.add(withRoles.id);
    expect((await sync()).status).toBe('done');
    expect((await db.adminGroups.get(withRoles.id))!.roleIds).toEqual(withRoles.role_ids);
    expect((await ADMIN_SYNC_LOG.read(db))![0]!.message).toMatch(/temporarily unavailable for 1 group; the roles from the previous sync are kept for 1/);

    // A refusal is a fact: the group grants owner access, and stays so across syncs while its roles are the same.
    await recordOwnerAccessRefusal(db, data.ownerGroupId, new Date());
    expect((await db.adminGroups.get(data.ownerGroupId))!.ownerAccess).toBe(true);
    expect((await sync()).status).toBe('done');
    expect((await db.adminGroups.get(data.ownerGroupId))!.ownerAccess).toBe(true);
  });

  it('role data unavailable on a first sync stays unknown (null)', async () => {
    const g = sandbox.admin.data.groups[0]!;
    sandbox.admin.control.roleDataUnavailable.add(g.id);
    expect((await sync()).status).toBe('done');
    expect((await db.adminGroups.get(g.id))!).toMatchObject({ roleIds: null, ownerAccess: null });
  });

  it('an organization without RBAC roles skips roles and permissions and says why', async () => {
    sandbox.admin.control.rolesNeedParent = true;
    sandbox.stats.reset();
    expect((await sync()).status).toBe('done');
    expect(await db.adminRoles.count()).toBe(0);
    expect(await db.adminGroups.count()).toBe(sandbox.admin.data.groups.length);
    expect((await ADMIN_SYNC_LOG.read(db))![0]!.message).toMatch(/only to organizations with a parent organization/);
    expect(sandbox.stats.byPath.get('/v1/organizations/rbac_roles/rbac_role_:id/permissions')).toBeUndefined();
  });

  it('a Console-type organization fails the sync in plain words and keeps the previous data', async () => {
    expect((await sync()).status).toBe('done');
    sandbox.admin.control.organizationType = 'console';
    // Groups are Enterprise-only too: the sync fails with the plain message and keeps the previous data.
    const outcome = await new Job(db, SYNC_JOB, client(), {}).run();
    expect(outcome.status).toBe('failed');
    if (outcome.status !== 'done') expect(outcome.error).toMatch(/does not serve this type of organization/);
    expect(await db.adminGroups.count()).toBe(sandbox.admin.data.groups.length);
  });

  it('a refused sync leaves the previous data and logs why, without the key', async () => {
    await sync();
    const before = await db.adminUsers.count();
    const outcome = await new Job(db, SYNC_JOB, client(undefined, 'sk-ant-admin01-not-a-real-key-000000000000000000000000000000000'), {}).run();
    expect(outcome.status).toBe('failed');
    await logUnfinishedAdminSync(db, outcome, new Date());
    expect(await db.adminUsers.count()).toBe(before);
    const [latest, previous] = (await ADMIN_SYNC_LOG.read(db))!;
    expect(latest).toMatchObject({ outcome: 'failed', users: 0 });
    expect(latest!.message).toMatch(/rejected/);
    expect(latest!.message).not.toContain('not-a-real-key');
    expect(previous).toMatchObject({ outcome: 'done' });
  });

  it('a key without read:rbac_groups fails the sync with a message that names the scope', async () => {
    const outcome = await new Job(db, SYNC_JOB, client(undefined, sandbox.keys.admin.membersOnly.secret), {}).run();
    expect(outcome.status).toBe('failed');
    if (outcome.status !== 'done') expect(outcome.error).toMatch(/read:rbac_groups/);
    expect(await db.adminUsers.count()).toBe(0);
  });
});
