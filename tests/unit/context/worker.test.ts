import { beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDb, type AppDb } from '../../../lib/sources/database.ts';
import { CredentialVault } from '../../../lib/keys/vault.ts';
import { memoryVaultStorage } from '../../../lib/keys/storage.ts';
import { createHandlers } from '../../../lib/background/handlers.ts';
import { dispatch, type Handlers } from '../../../lib/messaging/router.ts';
import { memberFlags } from '../../../lib/context/member-flags.ts';
import { badgeFlags, FLAG_LABELS, joinPeople } from '../../../lib/identity/people.ts';
import { readPeopleInput } from '../../../lib/identity/people-input.ts';
import { connectorSummaries } from '../../../lib/context/connector-badges.ts';
import { SCIM_HANDOFF } from '../../../lib/context/state.ts';
import { KEY_CHECK, type KeyCheck } from '../../../lib/sources/compliance/key-status.ts';
import { ANALYTICS_STATE } from '../../../lib/sources/analytics/state.ts';
import { appendSyncLog } from '../../../lib/sources/scim/state.ts';
import type { McpServerRow } from '../../../lib/sources/compliance/tables.ts';
import type { AnalyticsUserRow } from '../../../lib/sources/analytics/tables.ts';

let db: AppDb;
let vault: CredentialVault;
let handlers: Handlers;
let opened: string[];
let n = 0;
const now = new Date('2026-12-07T12:00:00Z');

beforeEach(() => {
  db = createDb({ name: `context-${n++}`, indexedDB: new IDBFactory(), IDBKeyRange });
  vault = new CredentialVault(memoryVaultStorage());
  opened = [];
  handlers = createHandlers({
    version: 't',
    startedAt: now.toISOString(),
    db,
    vault,
    http: () => Promise.reject(new Error('no network in these tests')),
    runners: new Map(),
    now: () => now,
    settings: async () => ({ scimUrl: '' }),
    openTab: async (p) => void opened.push(p),
    openOptions: async () => void opened.push('options'),
  });
});

const server = (id: string, name: string, extra: Partial<McpServerRow> = {}): McpServerRow => ({
  id,
  name,
  names: [name],
  orgUuid: null,
  orgId: null,
  addedAt: null,
  addedBy: null,
  firstEventAt: '2026-11-01T00:00:00Z',
  lastEventAt: '2026-11-02T00:00:00Z',
  deleted: 0,
  deletedAt: null,
  deletedBy: null,
  preAudit: false,
  managedAuthMode: null,
  connectedUsers: 0,
  usedInChats: null,
  projects: null,
  privateProjects: null,
  publicProjects: null,
  ...extra,
});

const anUser = (email: string, lastActiveDate: string | null, userId = `user_${email.split('@')[0]}`): AnalyticsUserRow =>
  ({ userId, email, from: '2026-11-01', to: '2026-12-01', lastActiveDate }) as unknown as AnalyticsUserRow;

describe('memberFlags: the People join, as the People tab shows it', () => {
  it('returns nothing when no People data exists', async () => {
    expect(await memberFlags(db, ['ada@example.com'], now)).toEqual([]);
  });

  it('flags inactivity, people SCIM does not manage and owner-granting groups, exactly as their People rows', async () => {
    await db.kv.put({ key: 'analytics.state', value: { completedAt: '2026-12-07T00:00:00Z', engagementFrom: '2026-06-01', engagementTo: '2026-12-07', dataRefreshedAt: null, months: [], costSource: 'usage-cost', costNote: null } });
    await db.kv.put({ key: 'scim.syncLog', value: [{ at: '2026-12-07T00:00:00Z', outcome: 'done', users: 2, groups: 0, members: 0, requests: 1, skipped: 0, message: null }] });
    await db.anUsers.bulkPut([anUser('ada@example.com', '2026-12-05', 'user_ada'), anUser('grace@example.com', '2026-10-20', 'user_grace'), anUser('alan@example.com', '2026-08-01', 'user_alan')]);
    await db.adminUsers.bulkPut([
      { id: 'user_ada', email: 'ada@example.com', name: 'Ada', role: 'user', addedAt: '2026-01-01T00:00:00Z' },
      { id: 'user_alan', email: 'alan@example.com', name: 'Alan', role: 'user', addedAt: '2026-01-01T00:00:00Z' },
    ]);
    await db.scimUsers.bulkPut([
      { id: 's1', userName: 'ADA@example.com', email: null, displayName: 'Ada', givenName: null, familyName: null, externalId: null, active: true, created: null },
      { id: 's2', userName: 'grace', email: 'grace@example.com', displayName: 'Grace', givenName: null, familyName: null, externalId: null, active: true, created: null },
    ]);
    await db.adminGroups.bulkPut([
      { id: 'rbac_group_1', name: 'Owners', sourceType: 'direct', roleIds: ['r1'], createdAt: '', updatedAt: '', memberCount: 1, ownerAccess: true },
      { id: 'rbac_group_2', name: 'Everyone', sourceType: 'direct', roleIds: [], createdAt: '', updatedAt: '', memberCount: 1, ownerAccess: false },
    ]);
    await db.adminMembers.bulkPut([
      { groupId: 'rbac_group_1', userId: 'user_ada', email: 'ada@example.com', addedAt: '' },
      { groupId: 'rbac_group_2', userId: 'user_alan', email: 'alan@example.com', addedAt: '' },
    ]);
    const flags = await memberFlags(db, ['Ada@Example.com', 'grace@example.com', 'alan@example.com', 'nobody@example.com'], now);
    expect(flags).toEqual([
      { email: 'ada@example.com', flags: ['In owner-granting group: Owners'], lastActive: '2026-12-05', personId: 'user_ada' },
      { email: 'grace@example.com', flags: ['No activity in 30 days'], lastActive: '2026-10-20', personId: 'user_grace' },
      { email: 'alan@example.com', flags: ['Not managed by SCIM', 'No activity in 90 days'], lastActive: '2026-08-01', personId: 'user_alan' },
    ]);
    // The same person, the same flags on the People tab.
    const people = joinPeople(await readPeopleInput(db, now));
    const alan = people.find((p) => p.key === 'user_alan')!;
    expect(badgeFlags(alan).map((f) => FLAG_LABELS[f.id])).toEqual(flags[2]!.flags);
  });
});

describe('connector badges match the inventory', () => {
  it('counts policies per permission (the server-wide * excluded), tools with no policy, users; by current or earlier name', async () => {
    await db.pubMcpServers.bulkPut([server('mcpsrv_1', 'Acme CRM', { connectedUsers: 7, names: ['Acme (beta)', 'Acme CRM'] }), server('mcpsrv_2', 'Gone', { deleted: 1 })]);
    await db.pubToolPolicies.bulkPut([
      { serverId: 'mcpsrv_1', tool: '*', permission: 'ask', at: '', setBy: null },
      { serverId: 'mcpsrv_1', tool: 'search', permission: 'allow', at: '', setBy: null },
      { serverId: 'mcpsrv_1', tool: 'read', permission: 'allow', at: '', setBy: null },
      { serverId: 'mcpsrv_1', tool: 'update', permission: 'ask', at: '', setBy: null },
      { serverId: 'mcpsrv_1', tool: 'delete', permission: 'blocked', at: '', setBy: null },
    ]);
    await db.deepScanServers.put({ serverId: 'mcpsrv_1', chats: 3, projects: {}, tools: { search: 2, export: 1, merge: 1 } });
    const found = await connectorSummaries(db, ['acme (BETA)', 'Gone', 'Internal wiki']);
    expect([...found.entries()]).toEqual([['acme (BETA)', { serverId: 'mcpsrv_1', name: 'Acme CRM', allow: 2, ask: 1, blocked: 1, noPolicy: 2, users: 7 }]]);
    const res = await handlers['context/check']({ type: 'context/check', url: 'https://claude.ai/admin-settings/connectors', input: { connectors: ['Acme CRM'] } });
    expect(res.badges).toEqual([
      expect.objectContaining({ target: 'Acme CRM', label: 'Always allow 2 · Needs approval 1 · Blocked 1 · No policy 2 · 7 users connected', open: '#/mcp/mcpsrv_1' }),
    ]);
  });
});

describe('the worker’s context answers', () => {
  const keyCheck = (over: Partial<KeyCheck>): KeyCheck => ({
    checkedAt: now.toISOString(),
    credential: { code: 'compliance_key', verdict: 'accepted', message: '', masked: 'sk-ant-…' },
    status: 'ok',
    message: 'Key works',
    checklist: [],
    deleteScope: 'absent',
    otherDeleteKeys: [],
    warnings: [],
    fix: null,
    requestId: null,
    ...over,
  });

  it('Compliance keys: the key the extension uses and every active delete key, as names only', async () => {
    await vault.setSecret('compliance', 'sk-ant-api01-secretvalue-0000000000', 'session');
    await KEY_CHECK.write(db, keyCheck({ ownKeyName: 'Admin companion', otherDeleteKeys: [{ name: 'Retention tool', createdAt: '2026-04-02T00:00:00Z', possiblyThisKey: false }] }));
    const res = await handlers['context/check']({ type: 'context/check', url: 'https://claude.ai/admin-settings/api-access' });
    expect(res.findings.map((f) => f.id)).toEqual(['compliance-keys.own-key', 'compliance-keys.key-ok', 'compliance-keys.active-delete']);
    expect(res.findings[0]!.title).toBe('The extension uses “Admin companion”');
    expect(res.findings[2]!.detail).toContain('Retention tool (created 2026-04-02)');
    expect(JSON.stringify(res)).not.toMatch(/secretvalue|sk-ant/);
  });

  it('Analytics: connection status and data freshness', async () => {
    await vault.setSecret('analytics', 'sk-ant-api01-analyticskey-000000000', 'session');
    await ANALYTICS_STATE.write(db, { completedAt: '2026-12-07T09:00:00Z', engagementFrom: null, engagementTo: null, dataRefreshedAt: '2026-12-07T06:00:00Z', months: [], costSource: 'usage-cost', costNote: null });
    const res = await handlers['context/check']({ type: 'context/check', url: 'https://claude.ai/analytics/api-keys' });
    expect(res.findings).toEqual([expect.objectContaining({ id: 'analytics-keys.connected', title: 'Analytics: Connected', detail: 'Data as of 6 hours ago.' })]);
  });

  it('SCIM: status and last sync from the sync log', async () => {
    await vault.setSecret('scim', 'scim-token-value-000000000000000000', 'session');
    await appendSyncLog(db, { at: '2026-12-07T08:30:00.000Z', outcome: 'done', users: 40, groups: 5, members: 60, requests: 9, skipped: 0, message: null });
    const res = await handlers['context/check']({ type: 'context/check', url: 'https://claude.ai/admin-settings/identity' });
    expect(res.findings).toEqual([expect.objectContaining({ id: 'scim-setup.connected', detail: 'Last sync 2026-12-07 08:30 UTC: 40 users, 5 groups.' })]);
  });

  it('answers nothing for a page no check matches', async () => {
    expect(await handlers['context/check']({ type: 'context/check', url: 'https://claude.ai/new' })).toEqual({ page: null, findings: [], badges: [], dismissed: [] });
  });

  it('remembers a dismissed panel per check, and the popup can restore it', async () => {
    await handlers['context/dismiss']({ type: 'context/dismiss', check: 'members', dismissed: true });
    expect((await handlers['context/check']({ type: 'context/check', url: 'https://claude.ai/admin-settings/members' })).dismissed).toEqual(['members']);
    expect((await handlers['context/tab']({ type: 'context/tab', url: 'https://claude.ai/admin-settings/members' })).checks).toEqual([{ id: 'members', title: 'Members', findings: [], dismissed: true }]);
    await handlers['context/dismiss']({ type: 'context/dismiss', check: 'members', dismissed: false });
    expect((await handlers['context/check']({ type: 'context/check', url: 'https://claude.ai/admin-settings/members' })).dismissed).toEqual([]);
  });

  it('popup elsewhere: the next task, starting with a Compliance key', async () => {
    expect((await handlers['context/tab']({ type: 'context/tab', url: 'https://claude.ai/new' })).suggestion).toMatchObject({ label: 'Create a Compliance key', url: 'https://claude.ai/admin-settings/api-access' });
    await vault.setSecret('compliance', 'sk-ant-api01-secretvalue-0000000000', 'session');
    expect((await handlers['context/tab']({ type: 'context/tab' })).suggestion).toMatchObject({ label: 'Create an Analytics API key', url: 'https://claude.ai/analytics/api-keys' });
  });
});

describe('the SCIM URL hand-off', () => {
  const fromPage = { fromContentScript: true };

  it('validates the URL, keeps it for the options page and opens Options', async () => {
    const res = await dispatch(handlers, { type: 'context/scim-url', url: 'https://scim.example.com/scim/v2.0/directory_01HXYZ/' }, fromPage);
    expect(res).toMatchObject({ ok: true, data: { ok: true } });
    expect(await SCIM_HANDOFF.read(db)).toEqual({ url: 'https://scim.example.com/scim/v2.0/directory_01HXYZ', at: now.toISOString() });
    expect(opened).toEqual(['options']);
  });

  it.each(['http://scim.example.com/scim/v2', 'https://user:pw@scim.example.com/scim/v2', 'javascript:alert(1)'])('refuses %s and stores nothing', async (url) => {
    const res = await dispatch(handlers, { type: 'context/scim-url', url }, fromPage);
    expect(res).toMatchObject({ ok: true, data: { ok: false } });
    expect(await SCIM_HANDOFF.read(db)).toBeUndefined();
    expect(opened).toEqual([]);
  });

  it('lets content scripts send only the context messages', async () => {
    for (const type of ['context/check', 'context/scim-url', 'context/open', 'context/dismiss']) {
      const msg = { type, url: 'https://claude.ai/admin-settings/members', hash: '#/mcp/x', check: 'members', dismissed: true };
      expect((await dispatch(handlers, msg, fromPage)).ok, type).toBe(true);
    }
    for (const msg of [{ type: 'context/tab' }, { type: 'context/scim-handoff-taken' }, { type: 'credential/status', connection: 'scim' }]) {
      expect(await dispatch(handlers, msg, fromPage)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('opens only inventory pages', async () => {
    expect(await dispatch(handlers, { type: 'context/open', hash: '#/mcp/mcpsrv_1' }, fromPage)).toMatchObject({ ok: true });
    expect(opened).toEqual(['/inventory.html#/mcp/mcpsrv_1']);
    for (const hash of ['https://evil.example', '#/settings', '#/mcp/a/b', 'javascript:1']) {
      expect(await dispatch(handlers, { type: 'context/open', hash }, fromPage)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
  });
});
