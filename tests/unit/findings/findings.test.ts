import { describe, expect, it } from 'vitest';
import { citesEvidence, lifecycleEntries, nameHint, pluginFindings, pluginReach, toolFindings } from '../../../lib/findings/index.ts';
import type { McpEventRow, PluginRow, ToolPolicyRow } from '../../../lib/sources/compliance/tables.ts';
import type { AdminGroupRow, AdminRoleRow } from '../../../lib/sources/admin/tables.ts';

const SRV = 'mcpsrv_jira';
const admin = { type: 'user_actor', id: 'user_admin', email: 'admin@example.com' };
const server = { id: SRV, name: 'Jira', connectedUsers: 3, preAudit: false, firstEventAt: '2026-01-01T00:00:00Z', lastEventAt: '2026-05-01T00:00:00Z' };
const ev = (id: string, at: string, tool: string, permission: string | null): McpEventRow => ({ id, serverId: SRV, type: 'mcp_tool_policy_updated', at, actor: admin, summary: '', tool, permission });
const policy = (tool: string, permission: string, at: string): ToolPolicyRow => ({ serverId: SRV, tool, permission, at, setBy: admin });

function plugin(over: Partial<PluginRow> = {}): PluginRow {
  return {
    id: 'plugin_1', name: 'sales', displayName: 'Sales', description: null, marketplaceId: 'marketplace_1', ownerType: 'organization', ownerUserId: null, ownerEmail: null,
    createdBy: null, reach: 'remote', components: [{ type: 'mcp_server', name: 'Jira', description: null }], scan: { status: 'completed', assessment: 'warn', reason: 'credential-exposure' },
    installationPreference: 'auto_install', installationPreferenceInherited: false, servedVersionId: 'v1', latestVersionId: 'v1', servedVersionPinned: false, manifestVersion: '1.0',
    latest: null, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-02-01T00:00:00Z', gen: 1, ...over,
  };
}

describe('plugin reach', () => {
  it('takes the API value as a fact', () => {
    expect(pluginReach({ reach: 'contained', components: [{ type: 'mcp_server', name: 'x', description: null }] })).toMatchObject({ value: 'contained', inferred: false });
  });
  it('derives a missing reach from the components and labels it inferred; never contained', () => {
    expect(pluginReach({ reach: null, components: [{ type: 'cli', name: 'x', description: null }] })).toMatchObject({ value: 'remote', inferred: true });
    expect(pluginReach({ reach: null, components: [{ type: 'hook', name: 'PreToolUse', description: null }] })).toMatchObject({ value: 'privileged', inferred: true });
    expect(pluginReach({ reach: null, components: [{ type: 'skill', name: 's', description: 'd' }] })).toMatchObject({ value: 'privileged', inferred: true });
    expect(pluginReach({ reach: null, components: null })).toMatchObject({ value: null });
  });
  it('keeps a reach value this version does not know', () => {
    expect(pluginReach({ reach: 'orbital', components: null })).toMatchObject({ value: 'orbital', inferred: false });
  });
});

describe('plugin findings', () => {
  it('states reach, scan with reason, member reach, member ownership and version drift, each citing the plugin record', () => {
    const f = pluginFindings(plugin({ ownerType: 'user', ownerUserId: 'user_9', ownerEmail: 'kim@example.com', latestVersionId: 'v2', latest: { manifestVersion: '2.0', reach: 'remote', scan: { status: 'processing', assessment: null, reason: null }, createdAt: null } }));
    const by = new Map(f.map((x) => [x.topic, x]));
    expect(by.get('reach')!.statement).toContain('remote');
    expect(by.get('reach')!.statement).toContain('“Jira”');
    expect(by.get('scan')!.statement).toContain('credential-exposure');
    expect(by.get('members')!.statement).toContain('installed automatically');
    expect(by.get('owner')!.statement).toContain('kim@example.com');
    expect(by.get('version')!.statement).toContain('latest 2.0');
    for (const x of f) {
      expect(citesEvidence(x)).toBe(true);
      expect(x.evidence[0]).toMatchObject({ id: 'plugin_1', date: '2026-02-01T00:00:00Z' });
    }
  });
  it('says never scanned, and labels an inferred reach', () => {
    const f = pluginFindings(plugin({ reach: null, components: [{ type: 'hook', name: 'Stop', description: null }], scan: null, installationPreference: null }));
    expect(f.find((x) => x.topic === 'scan')!.statement).toContain('never been scanned');
    const reach = f.find((x) => x.topic === 'reach')!;
    expect(reach.kind).toBe('inferred');
    expect(reach.statement).toContain('inferred');
  });
});

describe('tool findings', () => {
  const events = [
    ev('activity_1', '2026-02-01T00:00:00Z', 'delete_issue', 'ask'),
    ev('activity_2', '2026-03-01T00:00:00Z', 'delete_issue', 'allow'),
    ev('activity_3', '2026-03-02T00:00:00Z', 'search_issues', 'allow'),
    ev('activity_4', '2026-03-03T00:00:00Z', '*', 'ask'),
    { id: 'activity_5', serverId: SRV, type: 'integration_user_connected', at: '2026-04-01T00:00:00Z', actor: admin, summary: '' },
  ];
  const policies = [policy('delete_issue', 'allow', '2026-03-01T00:00:00Z'), policy('search_issues', 'allow', '2026-03-02T00:00:00Z'), policy('*', 'ask', '2026-03-03T00:00:00Z')];

  it('states the permission in force with who and when, citing the event that set it', () => {
    const f = toolFindings({ server, policies, events });
    const del = f.find((x) => x.topic === 'permission' && x.tool === 'delete_issue')!;
    expect(del.statement).toBe('delete_issue: Always allow, set by admin@example.com on 2026-03-01.');
    expect(del.evidence[0]).toMatchObject({ id: 'activity_2', date: '2026-03-01T00:00:00Z', ref: { type: 'event', id: 'activity_2' } });
  });

  it('says whether a tool was ever restricted', () => {
    const f = toolFindings({ server, policies, events });
    const del = f.find((x) => x.topic === 'history' && x.tool === 'delete_issue')!;
    expect(del.statement).toContain('was restricted (Needs approval from 2026-02-01');
    expect(del.evidence.map((e) => e.id)).toEqual(['activity_1', 'activity_2']);
    const search = f.find((x) => x.topic === 'history' && x.tool === 'search_issues')!;
    expect(search.statement).toContain('never been restricted');
  });

  it('counts connected members from the server record and its latest connection event', () => {
    const people = toolFindings({ server, policies, events }).find((x) => x.topic === 'people')!;
    expect(people.statement).toBe('3 members are connected to Jira.');
    expect(people.evidence.map((e) => e.id)).toEqual([SRV, 'activity_5']);
  });

  it('labels name-based hints as hints, only for tools under Always allow', () => {
    const f = toolFindings({ server, policies, events });
    const hints = f.filter((x) => x.topic === 'name-hint');
    expect(hints.map((h) => h.tool)).toEqual(['delete_issue']);
    expect(hints[0]!.kind).toBe('hint');
    expect(hints[0]!.statement).toMatch(/^Hint from the name only/);
    expect(f.filter((x) => x.kind === 'hint').every((x) => x.topic === 'name-hint')).toBe(true);
    expect(nameHint('send_message')?.word).toBe('send');
    expect(nameHint('transfer_funds')?.word).toBe('transfer');
    expect(nameHint('export_csv')?.word).toBe('export');
    expect(nameHint('search_issues')).toBeNull();
  });

  it('names the roles that grant always_allow when Admin API roles are known, and says so when they are not', () => {
    const roles: AdminRoleRow[] = [
      { id: 'rbac_role_1', displayName: 'Support', sourceType: 'custom', permissions: [{ action: 'always_allow', resourceType: 'connector_tool', connectorId: SRV, toolName: 'delete_issue', scope: null }] },
      { id: 'rbac_role_2', displayName: 'Viewer', sourceType: 'custom', permissions: [{ action: 'use', resourceType: 'connector_tool', connectorId: SRV, toolName: 'delete_issue', scope: null }] },
    ];
    const groups = [{ id: 'rbac_group_1', name: 'Support team', sourceType: 'direct', roleIds: ['rbac_role_1'], createdAt: '', updatedAt: '', memberCount: 12, ownerAccess: false }] as AdminGroupRow[];
    const f = toolFindings({ server, policies, events, roles, groups });
    const r = f.filter((x) => x.topic === 'roles');
    expect(r).toHaveLength(1);
    expect(r[0]!.statement).toContain('Role “Support” grants Always allow on delete_issue');
    expect(r[0]!.statement).toContain('“Support team” (12 members)');
    expect(r[0]!.evidence[0]).toMatchObject({ id: 'rbac_role_1' });
    const none = toolFindings({ server, policies, events }).filter((x) => x.topic === 'roles');
    expect(none).toHaveLength(1);
    expect(none[0]!.statement).toContain('connect the Admin API');
  });

  it('includes the plugins that declare the server, with reach and scan', () => {
    const f = toolFindings({ server, policies, events, plugins: [plugin()] });
    const p = f.find((x) => x.topic === 'plugin')!;
    expect(p.statement).toContain('reach remote');
    expect(p.statement).toContain('scan warn — credential-exposure');
    expect(p.evidence[0]).toMatchObject({ id: 'plugin_1', ref: { type: 'plugin', id: 'plugin_1' } });
  });

  it('says when no permission was ever set', () => {
    const f = toolFindings({ server, policies: [], events: [] });
    expect(f.find((x) => x.topic === 'permission')!.statement).toContain('No tool permission has ever been set on Jira');
  });

  it('every finding cites evidence with an id or a stated source', () => {
    for (const x of toolFindings({ server, policies, events, plugins: [plugin()] })) expect(citesEvidence(x), x.statement).toBe(true);
  });
});

describe('model lifecycle list', () => {
  const row = (model: string, chats: number, users: number) => ({ model, chats, users, deletedChats: 0 });
  it('lists models in use that are deprecated, retiring or retired, by urgency, with people, chats and successor', () => {
    const list = lifecycleEntries([row('claude-sonnet-4-6', 100, 20), row('claude-opus-4-5-20251101', 40, 7), row('claude-sonnet-4-5-20250929', 80, 12), row('claude-3-opus-20240229', 3, 1), row('', 5, 1)], '2026-12-07');
    expect(list.map((e) => e.model)).toEqual(['claude-opus-4-5-20251101', 'claude-sonnet-4-5-20250929', 'claude-3-opus-20240229']);
    const opus = list[0]!;
    expect(opus).toMatchObject({ state: 'retiring-soon', retiresOn: '2027-01-22', daysLeft: 46, chats: 40, users: 7 });
    // The catalogue names no replacement for Opus 4.5: the family's newest active model is shown, labelled inferred.
    expect(opus.successor).toMatchObject({ inferred: true });
    expect(list[1]).toMatchObject({ state: 'retired', successor: { id: 'claude-sonnet-5-5', inferred: false } });
    for (const e of list) expect(e.evidence.map((x) => x.id)).toEqual([expect.any(String), e.model]);
  });
  it('is empty when nothing in use retires', () => {
    expect(lifecycleEntries([row('claude-sonnet-5-5', 10, 2)], '2026-12-07')).toEqual([]);
  });
});
