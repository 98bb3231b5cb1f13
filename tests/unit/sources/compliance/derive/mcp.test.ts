import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '../../../../../lib/sources/database.ts';
import { applyActivities, MCP_DERIVATION_TABLES, permissionLabel, summarizeActor, toolLabel, type ActivityInput } from '../../../../../lib/sources/compliance/derive/mcp.ts';
import { dump, freshDb } from './helpers.ts';

let db: AppDb;
beforeEach(() => {
  db = freshDb();
});
afterEach(() => db.close());

const ORG = { organization_id: 'org_01Wv6QeBcDfGhJkLmNpQrSt8', organization_uuid: 'abcdef01-2345-6789-abcd-ef0123456789' };
const ADMIN = { type: 'user_actor', email_address: 'admin@example.com', user_id: 'user_admin', ip_address: '192.0.2.10', user_agent: 'Mozilla/5.0' };
const SRV = 'mcpsrv_01AbCdEfGhJkLmNpQrStUvWx';

let seq = 0;
function ev(type: string, created_at: string, fields: Record<string, unknown> = {}): ActivityInput {
  seq++;
  return { id: `activity_${String(seq).padStart(4, '0')}`, created_at, type, ...ORG, actor: ADMIN, ...fields };
}
const created = (at: string, name = 'Jira', serverId = SRV, extra: Record<string, unknown> = {}) => ev('mcp_server_created', at, { mcp_server_id: serverId, mcp_server_name: name, ...extra });
const updated = (at: string, name: string, serverId = SRV) => ev('mcp_server_updated', at, { mcp_server_id: serverId, mcp_server_name: name });
const policy = (at: string, tool: string, max_permission: string | null | undefined, serverId = SRV, extra: Record<string, unknown> = {}) =>
  ev('mcp_tool_policy_updated', at, { mcp_server_id: serverId, mcp_server_name: 'Jira', tool_name: tool, max_permission, ...extra });
const user = (id: string) => ({ type: 'user_actor', email_address: `${id}@example.com`, user_id: id, ip_address: '192.0.2.34', user_agent: 'Mozilla/5.0' });
const connect = (at: string, userId: string, serverId = SRV) =>
  ev('integration_user_connected', at, { actor: user(userId), integration_type: 'mcp', mcp_server_id: serverId, mcp_server_name: 'Jira' });
const disconnect = (at: string, userId: string, serverId = SRV) =>
  ev('integration_user_disconnected', at, { actor: user(userId), integration_type: 'mcp', mcp_server_id: serverId, mcp_server_name: 'Jira' });

async function history(serverId: string | null = SRV): Promise<string[]> {
  const rows = await db.mcpEvents.orderBy('at').toArray();
  return rows.filter((r) => r.serverId === serverId).map((r) => r.summary);
}

describe('applyActivities: servers', () => {
  it('replays the documented fixture (desc page) into a server, a policy and history', async () => {
    // compliance-api.md §7 A1, newest first as the feed returns it by default.
    const page = [
      { id: 'activity_01XyDMpzjS89pFZXqSFUBDr6', created_at: '2026-04-10T08:09:10Z', ...ORG, actor: user('user_01TuVwXyZaBcDeFgH2JkLmN4'), type: 'claude_chat_created', claude_chat_id: 'claude_chat_01', claude_project_id: null },
      { id: 'activity_01MnTool00000000000000001', created_at: '2026-04-10T08:05:00Z', ...ORG, actor: ADMIN, type: 'mcp_tool_policy_updated', mcp_server_id: SRV, mcp_server_name: 'Jira', tool_name: 'create_issue', max_permission: 'ask' },
      { id: 'activity_01MnSrv000000000000000001', created_at: '2026-04-10T08:00:00Z', ...ORG, actor: ADMIN, type: 'mcp_server_created', mcp_server_id: SRV, mcp_server_name: 'Jira' },
      { id: 'activity_01CmpAcc00000000000000001', created_at: '2026-04-10T07:59:00Z', organization_id: null, organization_uuid: null, actor: { type: 'api_actor', api_key_id: 'apikey_01', ip_address: '198.51.100.7', user_agent: 'python-httpx/0.27' }, type: 'compliance_api_accessed', request_id: 'req_01', request_method: 'GET', url: 'https://api.anthropic.com/v1/compliance/activities?limit=1', status_code: 200, request_body: null },
    ];
    const result = await applyActivities(db, page);
    expect(result).toEqual({ applied: 2, duplicates: 0, ignored: 0, skipped: { unknown_type: 2 }, unknownActorTypes: {} });

    expect(await db.mcpServers.get(SRV)).toEqual({
      id: SRV,
      name: 'Jira',
      names: ['Jira'],
      orgUuid: ORG.organization_uuid,
      orgId: ORG.organization_id,
      addedAt: '2026-04-10T08:00:00Z',
      addedBy: { type: 'user_actor', id: 'user_admin', email: 'admin@example.com' },
      firstEventAt: '2026-04-10T08:00:00Z',
      lastEventAt: '2026-04-10T08:05:00Z',
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
    });
    expect(await db.toolPolicies.get([SRV, 'create_issue'])).toEqual({
      serverId: SRV,
      tool: 'create_issue',
      permission: 'ask',
      at: '2026-04-10T08:05:00Z',
      setBy: { type: 'user_actor', id: 'user_admin', email: 'admin@example.com' },
    });
    expect(await history()).toEqual(['Added "Jira"', 'create_issue → Needs approval']);
    const row = await db.mcpEvents.get('activity_01MnTool00000000000000001');
    expect(row).toMatchObject({ serverId: SRV, type: 'mcp_tool_policy_updated', at: '2026-04-10T08:05:00Z' });
    // No IP address or user agent is kept.
    expect(JSON.stringify(await db.mcpEvents.toArray())).not.toContain('192.0.2.10');
  });

  it('renames keep a name history, deletion keeps the server for history', async () => {
    await applyActivities(db, [created('2026-04-01T00:00:00Z', 'Jira'), updated('2026-04-02T00:00:00Z', 'Jira Cloud'), updated('2026-04-03T00:00:00Z', 'Jira Cloud')]);
    let s = await db.mcpServers.get(SRV);
    expect([s?.name, s?.names]).toEqual(['Jira Cloud', ['Jira', 'Jira Cloud']]);
    expect(await history()).toEqual(['Added "Jira"', 'Renamed "Jira" → "Jira Cloud"', 'Updated "Jira Cloud"']);

    const remover = { type: 'api_actor', api_key_id: 'apikey_9', ip_address: '198.51.100.7', user_agent: 'x' };
    await applyActivities(db, [ev('mcp_server_deleted', '2026-04-04T00:00:00Z', { mcp_server_id: SRV, mcp_server_name: 'Jira Cloud', actor: remover })]);
    s = await db.mcpServers.get(SRV);
    expect([s?.deleted, s?.deletedAt, s?.deletedBy]).toEqual([1, '2026-04-04T00:00:00Z', { type: 'api_actor', id: 'apikey_9', email: null }]);
    expect(await db.mcpServers.where('deleted').equals(0).count()).toBe(0);
    expect(await db.mcpServers.count()).toBe(1);
    expect((await history()).at(-1)).toBe('Deleted "Jira Cloud"');
  });

  it('sorts a page by created_at then id before replaying it', async () => {
    const a = updated('2026-04-03T00:00:00Z', 'Third');
    const b = created('2026-04-01T00:00:00Z', 'First');
    const c = updated('2026-04-02T00:00:00Z', 'Second');
    await applyActivities(db, [a, c, b]);
    const s = await db.mcpServers.get(SRV);
    expect([s?.name, s?.names, s?.preAudit]).toEqual(['Third', ['First', 'Second', 'Third'], false]);
  });

  it('shows servers configured before the audit log began, and clears that when an older create arrives later', async () => {
    await applyActivities(db, [policy('2026-05-01T00:00:00Z', '*', 'ask', 'mcpsrv_old', { mcp_server_name: 'Confluence' })]);
    let s = await db.mcpServers.get('mcpsrv_old');
    expect([s?.preAudit, s?.addedAt, s?.addedBy, s?.firstEventAt, s?.lastEventAt, s?.name]).toEqual([
      true,
      null,
      null,
      '2026-05-01T00:00:00Z',
      '2026-05-01T00:00:00Z',
      'Confluence',
    ]);

    // Late-indexed create (older) arrives in a later page, under the server's first name.
    await applyActivities(db, [created('2026-04-01T00:00:00Z', 'Confluence Wiki', 'mcpsrv_old')]);
    s = await db.mcpServers.get('mcpsrv_old');
    expect([s?.preAudit, s?.addedAt, s?.firstEventAt, s?.lastEventAt, s?.name, s?.names]).toEqual([
      false,
      '2026-04-01T00:00:00Z',
      '2026-04-01T00:00:00Z',
      '2026-05-01T00:00:00Z',
      'Confluence',
      ['Confluence Wiki', 'Confluence'],
    ]);
    expect(s?.addedBy?.email).toBe('admin@example.com');
  });

  it('makes a server known from connector-request and directory events that name it, history only otherwise', async () => {
    const result = await applyActivities(db, [
      ev('admin_connector_request_resolved', '2026-04-01T00:00:00Z', { decision: 'approved', mcp_server_id: 'mcpsrv_req', resolved_count: 3 }),
      ev('mcp_directory_server_published', '2026-04-02T00:00:00Z', { mcp_directory_server_id: 'mcpdir_1', mcp_directory_server_name: 'Linear' }),
      ev('mcp_directory_server_published', '2026-04-03T00:00:00Z', { mcp_directory_server_id: 'mcpdir_2', mcp_directory_server_name: 'Asana', mcp_server_id: 'mcpsrv_asana', mcp_server_name: 'Asana' }),
    ]);
    expect(result.applied).toBe(3);
    const req = await db.mcpServers.get('mcpsrv_req');
    expect([req?.preAudit, req?.name, req?.names, req?.addedAt, req?.firstEventAt]).toEqual([true, '', [], null, '2026-04-01T00:00:00Z']);
    expect(await history('mcpsrv_req')).toEqual(['Connector request approved (3 requests)']);
    expect(await history(null)).toEqual(['Published "Linear" to the MCP directory']);
    expect((await db.mcpServers.get('mcpsrv_asana'))?.name).toBe('Asana');
    expect(await db.mcpServers.count()).toBe(2);
  });

  it('tracks the managed authentication mode (latest wins)', async () => {
    await applyActivities(db, [
      created('2026-04-01T00:00:00Z'),
      ev('mcp_server_managed_auth_updated', '2026-04-02T00:00:00Z', { mcp_server_id: SRV, mcp_server_name: 'Jira', managed_auth_mode: 'sso' }),
    ]);
    expect((await db.mcpServers.get(SRV))?.managedAuthMode).toBe('sso');
    await applyActivities(db, [ev('mcp_server_managed_auth_updated', '2026-04-03T00:00:00Z', { mcp_server_id: SRV, mcp_server_name: 'Jira', managed_auth_mode: null })]);
    expect((await db.mcpServers.get(SRV))?.managedAuthMode).toBeNull();
    expect((await history()).slice(1)).toEqual(['Managed authentication → sso', 'Managed authentication cleared']);
  });
});

describe('applyActivities: tool policies', () => {
  it('keeps the latest permission per (server, tool), removes cleared ones, keeps * and unknown values', async () => {
    await applyActivities(db, [
      created('2026-04-01T00:00:00Z'),
      policy('2026-04-02T00:00:00Z', 'create_issue', 'allow'),
      policy('2026-04-03T00:00:00Z', 'create_issue', 'blocked'),
      policy('2026-04-02T00:00:00Z', '*', 'ask'),
      policy('2026-04-02T00:00:00Z', 'delete_issue', 'blocked'),
      policy('2026-04-04T00:00:00Z', 'delete_issue', null),
      policy('2026-04-04T00:00:00Z', 'search', 'deny_all_future_value'),
      policy('2026-04-05T00:00:00Z', 'comment', undefined),
    ]);
    const rows = await db.toolPolicies.where('serverId').equals(SRV).toArray();
    expect(rows.map((r) => [r.tool, r.permission, r.at])).toEqual([
      ['*', 'ask', '2026-04-02T00:00:00Z'],
      ['create_issue', 'blocked', '2026-04-03T00:00:00Z'],
      ['search', 'deny_all_future_value', '2026-04-04T00:00:00Z'],
    ]);
    expect((await history()).slice(1)).toEqual([
      'create_issue → Always allow', // same time as the next two: ordered by activity id
      'All tools (server-wide default) → Needs approval',
      'delete_issue → Blocked',
      'create_issue → Blocked',
      'delete_issue → restriction cleared',
      'search → deny_all_future_value',
      'comment → restriction cleared',
    ]);
  });

  it('an older policy arriving late neither overrides a newer one nor revives a cleared one', async () => {
    await applyActivities(db, [policy('2026-04-05T00:00:00Z', 'create_issue', 'blocked'), policy('2026-04-05T00:00:00Z', 'delete_issue', null)]);
    await applyActivities(db, [policy('2026-04-04T00:00:00Z', 'create_issue', 'allow'), policy('2026-04-04T00:00:00Z', 'delete_issue', 'allow')]);
    expect((await db.toolPolicies.toArray()).map((r) => [r.tool, r.permission])).toEqual([['create_issue', 'blocked']]);
    // Both late events are still history.
    expect(await db.mcpEvents.count()).toBe(4);
    // A newer set after the clear applies and drops the tombstone.
    await applyActivities(db, [policy('2026-04-06T00:00:00Z', 'delete_issue', 'ask')]);
    expect((await db.toolPolicies.get([SRV, 'delete_issue']))?.permission).toBe('ask');
    expect(await db.policyTombstones.count()).toBe(0);
  });

  it('skips policy events it cannot understand', async () => {
    const result = await applyActivities(db, [
      policy('2026-04-01T00:00:00Z', 'x', 'allow', SRV, { tool_name: '' }),
      policy('2026-04-01T00:00:00Z', 'y', 'allow', SRV, { max_permission: 3 }),
      ev('mcp_tool_policy_updated', '2026-04-01T00:00:00Z', { tool_name: 'z', max_permission: 'allow' }),
    ]);
    expect(result).toEqual({ applied: 0, duplicates: 0, ignored: 0, skipped: { missing_tool_name: 1, invalid_permission: 1, missing_mcp_server_id: 1 }, unknownActorTypes: {} });
    expect(await db.mcpServers.count()).toBe(0);
  });

  it('labels permissions and the * tool', () => {
    expect([permissionLabel('allow'), permissionLabel('ask'), permissionLabel('blocked'), permissionLabel('other')]).toEqual(['Always allow', 'Needs approval', 'Blocked', 'other']);
    expect([toolLabel('*'), toolLabel('create_issue')]).toEqual(['All tools (server-wide default)', 'create_issue']);
  });
});

describe('applyActivities: connections', () => {
  it('counts connected users across connect, disconnect and reconnect', async () => {
    await applyActivities(db, [created('2026-04-01T00:00:00Z'), connect('2026-04-02T00:00:00Z', 'u1'), connect('2026-04-02T01:00:00Z', 'u2')]);
    expect((await db.mcpServers.get(SRV))?.connectedUsers).toBe(2);

    await applyActivities(db, [disconnect('2026-04-03T00:00:00Z', 'u1'), connect('2026-04-03T01:00:00Z', 'u2')]); // u2 connects again: still one user
    expect((await db.mcpServers.get(SRV))?.connectedUsers).toBe(1);

    await applyActivities(db, [connect('2026-04-04T00:00:00Z', 'u1')]);
    expect((await db.mcpServers.get(SRV))?.connectedUsers).toBe(2);

    await applyActivities(db, [disconnect('2026-04-05T00:00:00Z', 'u3')]); // never connected
    expect((await db.mcpServers.get(SRV))?.connectedUsers).toBe(2);

    const rows = await db.mcpConnections.where('serverId').equals(SRV).toArray();
    expect(rows.map((r) => [r.userId, r.connected, r.email])).toEqual([
      ['u1', 1, 'u1@example.com'],
      ['u2', 1, 'u2@example.com'],
      ['u3', 0, 'u3@example.com'],
    ]);
    expect((await history()).slice(1, 3)).toEqual(['u1@example.com connected "Jira"', 'u2@example.com connected "Jira"']);
  });

  it('an older connection state arriving late is history only', async () => {
    await applyActivities(db, [connect('2026-04-02T00:00:00Z', 'u1'), disconnect('2026-04-03T00:00:00Z', 'u1')]);
    await applyActivities(db, [connect('2026-04-02T12:00:00Z', 'u1')]);
    expect((await db.mcpServers.get(SRV))?.connectedUsers).toBe(0);
    expect((await db.mcpConnections.get([SRV, 'u1']))?.connected).toBe(0);
    expect((await db.mcpServers.get(SRV))?.preAudit).toBe(true);
  });

  it('records integrations that are not MCP servers as history only', async () => {
    const result = await applyActivities(db, [ev('integration_user_connected', '2026-04-02T00:00:00Z', { actor: user('u1'), integration_type: 'gdrive', mcp_server_id: null, mcp_server_name: null })]);
    expect(result.applied).toBe(1);
    expect(await db.mcpServers.count()).toBe(0);
    expect(await db.mcpConnections.count()).toBe(0);
    expect(await history(null)).toEqual(['u1@example.com connected gdrive']);
  });
});

describe('applyActivities: robustness', () => {
  it('is idempotent: replaying pages (or a page twice) changes nothing', async () => {
    const page1 = [created('2026-04-01T00:00:00Z'), policy('2026-04-02T00:00:00Z', 'create_issue', 'ask'), connect('2026-04-02T00:00:00Z', 'u1')];
    const page2 = [updated('2026-04-03T00:00:00Z', 'Jira Cloud'), disconnect('2026-04-04T00:00:00Z', 'u1'), connect('2026-04-04T01:00:00Z', 'u2')];
    await applyActivities(db, page1);
    await applyActivities(db, page2);
    const state = await dump(db, MCP_DERIVATION_TABLES);

    const again = await applyActivities(db, [...page1, ...page2]);
    expect(again).toEqual({ applied: 0, duplicates: 6, ignored: 0, skipped: {}, unknownActorTypes: {} });
    expect(await dump(db, MCP_DERIVATION_TABLES)).toEqual(state);
    expect((await db.mcpServers.get(SRV))?.connectedUsers).toBe(1);

    // Repeats inside one page are applied once.
    const fresh = freshDb();
    const dup = connect('2026-04-02T00:00:00Z', 'u9');
    const r = await applyActivities(fresh, [dup, dup, { ...dup }]);
    expect([r.applied, r.duplicates]).toEqual([1, 2]);
    expect((await fresh.mcpServers.get(SRV))?.connectedUsers).toBe(1);
    fresh.close();
  });

  it('counts unknown event types, malformed events and unknown actor types without throwing, and ignores directory types', async () => {
    const result = await applyActivities(db, [
      ev('mcp_server_teleported', '2026-04-01T00:00:00Z', { mcp_server_id: SRV }),
      ev('claude_chat_created', '2026-04-01T00:00:00Z'),
      ev('group_member_added', '2026-04-01T00:00:00Z', { group_id: 'rbac_group_1', member_ids: ['u1'] }), // requested for the directory: ignored
      { id: 'activity_bad_time', created_at: 'yesterday', type: 'mcp_server_created', mcp_server_id: SRV },
      { created_at: '2026-04-01T00:00:00Z', type: 'mcp_server_created' },
      null,
      ev('mcp_server_created', '2026-04-01T00:00:00Z', { mcp_server_id: undefined }),
      created('2026-04-02T00:00:00Z', 'Jira', SRV, { actor: { type: 'quantum_actor', quantum_id: 'q1', email_address: 'q@example.com' } }),
      policy('2026-04-03T00:00:00Z', '*', 'allow', SRV, { actor: null }),
    ]);
    expect(result).toEqual({
      applied: 2,
      duplicates: 0,
      ignored: 1,
      skipped: { unknown_type: 2, malformed: 3, missing_mcp_server_id: 1 },
      unknownActorTypes: { quantum_actor: 1 },
    });
    const s = await db.mcpServers.get(SRV);
    expect(s?.addedBy).toEqual({ type: 'quantum_actor', id: null, email: null });
    expect((await db.toolPolicies.get([SRV, '*']))?.setBy).toBeNull();
  });

  it('summarises every documented actor type by its id field', () => {
    const cases: Array<[Record<string, unknown>, { type: string; id: string | null; email: string | null }]> = [
      [ADMIN, { type: 'user_actor', id: 'user_admin', email: 'admin@example.com' }],
      [{ type: 'api_actor', api_key_id: 'apikey_1' }, { type: 'api_actor', id: 'apikey_1', email: null }],
      [{ type: 'admin_api_key_actor', admin_api_key_id: 'ak_1' }, { type: 'admin_api_key_actor', id: 'ak_1', email: null }],
      [{ type: 'unauthenticated_user_actor', unauthenticated_email_address: 'who@example.com' }, { type: 'unauthenticated_user_actor', id: null, email: 'who@example.com' }],
      [{ type: 'anthropic_actor', email_address: null }, { type: 'anthropic_actor', id: null, email: null }],
      [{ type: 'system_actor', service: 'retention' }, { type: 'system_actor', id: 'retention', email: null }],
      [{ type: 'service_account_actor', service_account_id: 'sa_1' }, { type: 'service_account_actor', id: 'sa_1', email: null }],
      [{ type: 'scim_directory_sync_actor', directory_id: 'directory_01', workos_event_id: 'e' }, { type: 'scim_directory_sync_actor', id: 'directory_01', email: null }],
      [{ type: 'federated_identity_actor', issuer: 'i', subject: 'sub_1' }, { type: 'federated_identity_actor', id: 'sub_1', email: null }],
      [{ type: 'federated_actor', provider: { type: 'aws' }, subject: 'sub_2' }, { type: 'federated_actor', id: 'sub_2', email: null }],
      [{ type: 'attested_device_actor', external_client_id: 'dev_1', kid_hash: 'h' }, { type: 'attested_device_actor', id: 'dev_1', email: null }],
    ];
    for (const [actor, expected] of cases) expect(summarizeActor(actor)).toEqual({ summary: expected, known: true });
    expect(summarizeActor({ type: 'new_actor', user_id: 'u' })).toEqual({ summary: { type: 'new_actor', id: null, email: null }, known: false });
    expect(summarizeActor(undefined)).toEqual({ summary: null, known: true });
  });

  it('joins the caller transaction so a failed page leaves no trace', async () => {
    await expect(
      db.transaction('rw', [...MCP_DERIVATION_TABLES, 'jobs'], async () => {
        await applyActivities(db, [created('2026-04-01T00:00:00Z'), policy('2026-04-02T00:00:00Z', '*', 'allow')]);
        throw new Error('quota');
      }),
    ).rejects.toThrow('quota');
    expect(await db.mcpServers.count()).toBe(0);
    expect(await db.mcpEvents.count()).toBe(0);
    // The same page applies fully afterwards (not treated as duplicates).
    const r = await applyActivities(db, [created('2026-04-01T00:00:00Z'), policy('2026-04-02T00:00:00Z', '*', 'allow')]);
    expect(r.applied).toBe(2);
  });
});
