import { describe, expect, it } from 'vitest';
import {
  currentPolicies,
  effectivePermission,
  hintClass,
  isServerDefaultTool,
  orgConnectorFindings,
  permissionLabel,
  permissionRank,
  toolFindings,
  toolLabel,
  type Finding,
  type PolicyInput,
} from '../../../lib/catalog/mcp-permissions.ts';

const admin = { type: 'user_actor', id: 'user_01AdminAdminAdminAdmin01', email: 'admin@example.com' };
const policy = (tool: string, permission: string | null, at = '2026-04-10T08:05:00Z', activityId = `activity_${tool}`): PolicyInput => ({
  tool,
  permission,
  at,
  setBy: admin,
  activityId,
});
const server = { id: 'mcpsrv_01AbCdEfGhJkLmNpQrStUvWx', name: 'Jira', connectedUsers: 42 };
const codes = (fs: Finding[]) => fs.map((f) => f.code);

describe('permission vocabulary (§3.1)', () => {
  it('maps the three machine values to the vendor labels', () => {
    expect(permissionLabel('allow')).toEqual({ value: 'allow', label: 'Always allow', kind: 'known' });
    expect(permissionLabel('ask')).toEqual({ value: 'ask', label: 'Needs approval', kind: 'known' });
    expect(permissionLabel('blocked')).toEqual({ value: 'blocked', label: 'Blocked', kind: 'known' });
  });

  it('keeps unknown values as strings and shows them raw', () => {
    expect(permissionLabel('always_ask')).toEqual({ value: 'always_ask', label: 'always_ask', kind: 'unknown' });
    expect(permissionLabel('Allow')).toEqual({ value: 'Allow', label: 'Allow', kind: 'unknown' });
  });

  it('treats null as a cleared restriction', () => {
    expect(permissionLabel(null)).toEqual({ value: null, label: 'No restriction', kind: 'cleared' });
  });

  it('recognises the server-wide default row', () => {
    expect(isServerDefaultTool('*')).toBe(true);
    expect(isServerDefaultTool('create_issue')).toBe(false);
    expect(toolLabel('*')).toBe('All tools (server-wide default)');
    expect(toolLabel('create_issue')).toBe('create_issue');
  });

  it('orders known values by restrictiveness', () => {
    expect([permissionRank('allow'), permissionRank('ask'), permissionRank('blocked'), permissionRank('x'), permissionRank(null)]).toEqual([0, 1, 2, undefined, undefined]);
  });
});

describe('effective permission (§3.4)', () => {
  it('prefers the tool row, then the * row, then the organization default', () => {
    const ps = [policy('*', 'ask'), policy('delete_issue', 'allow')];
    expect(effectivePermission('delete_issue', ps)).toMatchObject({ value: 'allow', from: 'tool' });
    expect(effectivePermission('create_issue', ps)).toMatchObject({ value: 'ask', from: 'server_default' });
    expect(effectivePermission('create_issue', [], { connectorToolsDefaultAlwaysAllow: true })).toMatchObject({ value: 'allow', from: 'org_default', inferred: false });
    expect(effectivePermission('create_issue', [], { connectorToolsDefaultAlwaysAllow: false })).toMatchObject({ value: 'ask', from: 'org_default', inferred: true });
    expect(effectivePermission('create_issue', [])).toMatchObject({ value: null, from: 'none' });
  });

  it('cites the event the value comes from', () => {
    const e = effectivePermission('delete_issue', [policy('delete_issue', 'allow')]);
    expect(e.facts).toEqual([
      {
        field: 'mcp_tool_policy_updated.max_permission [tool_name=delete_issue]',
        value: 'allow',
        source: 'Compliance API event mcp_tool_policy_updated (activity activity_delete_issue, 2026-04-10T08:05:00Z, admin@example.com)',
      },
    ]);
  });

  it('drops cleared rows and keeps the latest row per tool', () => {
    const cur = currentPolicies([policy('a', 'allow', '2026-01-01T00:00:00Z'), policy('a', 'blocked', '2026-02-01T00:00:00Z'), policy('b', 'ask'), policy('b', null, '2026-05-01T00:00:00Z')]);
    expect([...cur.keys()]).toEqual(['a']);
    expect(cur.get('a')?.permission).toBe('blocked');
  });
});

describe('hint class (§3.2)', () => {
  it('uses the MCP defaults when annotations are missing: destructive and open-world', () => {
    const h = hintClass({});
    expect(h).toMatchObject({ kind: 'destructive', openWorld: true, defaulted: ['readOnlyHint', 'destructiveHint', 'openWorldHint'] });
  });

  it('reads explicit annotations', () => {
    expect(hintClass({ annotations: { readOnlyHint: true } })).toMatchObject({ kind: 'read-only', openWorld: true });
    expect(hintClass({ annotations: { destructiveHint: false, openWorldHint: false } })).toMatchObject({ kind: 'additive-write', openWorld: false, defaulted: ['readOnlyHint'] });
  });
});

describe('tool findings (§3.4)', () => {
  it('states that a destructive tool is allowed for all members, with its facts', () => {
    const fs = toolFindings({
      server,
      policies: [policy('*', 'ask'), policy('delete_task', 'allow')],
      tools: [{ name: 'delete_task', annotations: { destructiveHint: true }, annotationsSource: 'registry server.json' }],
    });
    const f = fs.find((x) => x.code === 'tool_always_allowed');
    expect(f).toMatchObject({ severity: 'warning', statement: 'destructive tool "delete_task" is allow (Always allow) for all members', toolName: 'delete_task', serverId: server.id });
    expect(f?.facts.map((x) => x.field)).toEqual([
      'mcp_tool_policy_updated.max_permission [tool_name=delete_task]',
      'annotations.readOnlyHint',
      'annotations.destructiveHint',
      'annotations.openWorldHint',
      'connected users',
    ]);
    expect(f?.facts.find((x) => x.field === 'annotations.destructiveHint')).toEqual({ field: 'annotations.destructiveHint', value: true, source: 'registry server.json' });
    expect(f?.references).toEqual(['OWASP Top 10 for LLM Applications 2025 — LLM06 Excessive Agency']);
  });

  it('treats an allowed tool without annotations as destructive and says why', () => {
    const fs = toolFindings({ server, policies: [policy('create_issue', 'allow')] });
    const f = fs.find((x) => x.code === 'tool_always_allowed');
    expect(f?.severity).toBe('warning');
    expect(f?.statement).toBe('tool "create_issue" is allow (Always allow) for all members and declares no annotations, so the MCP defaults apply: destructive, open-world');
  });

  it('does not lower severity below the policy for a read-only hint', () => {
    const fs = toolFindings({ server, policies: [policy('search', 'allow')], tools: [{ name: 'search', annotations: { readOnlyHint: true } }] });
    expect(fs.find((x) => x.code === 'tool_always_allowed')?.severity).toBe('notice');
  });

  it('reports no per-tool finding for ask and blocked', () => {
    const fs = toolFindings({ server, policies: [policy('*', 'blocked'), policy('search', 'ask')] });
    expect(codes(fs)).not.toContain('tool_always_allowed');
  });

  it('reports a server with no tool policies at all, worse when the org default is always-allow', () => {
    const a = toolFindings({ server, policies: [], org: { connectorToolsDefaultAlwaysAllow: true } });
    expect(a[0]).toMatchObject({ code: 'no_tool_policies', severity: 'warning', statement: 'server "Jira" has no tool policies at all; its tools follow the organization default, allow (Always allow)' });
    const b = toolFindings({ server, policies: [policy('x', null)] });
    expect(b[0]).toMatchObject({ code: 'no_tool_policies', severity: 'notice', statement: 'server "Jira" has no tool policies at all' });
  });

  it('names the route when a tool is allowed through the server-wide default', () => {
    const fs = toolFindings({ server, policies: [policy('*', 'allow')], tools: [{ name: 'post_message' }] });
    expect(codes(fs)).toEqual(['tool_always_allowed', 'server_default_allow', 'policy_set']);
    expect(fs[0]!.statement).toMatch(/^tool "post_message" is allow \(Always allow\) for all members \(through the server-wide default \*\)/);
  });

  it('reports a policy value this version does not know', () => {
    const fs = toolFindings({ server, policies: [policy('*', 'ask'), policy('merge', 'always_allow')] });
    expect(fs.find((x) => x.code === 'unknown_permission_value')?.statement).toBe('tool "merge" has max_permission "always_allow", a value this version does not know; it is shown as sent');
  });

  it('reports registry facts: deprecated, deleted, secrets, missing repository id, local package', () => {
    const fs = toolFindings({
      server: { ...server, registry: { status: 'deprecated', secretsRequired: true, repositoryId: null, remote: false, name: 'io.example/jira', matchedBy: 'name' } },
      policies: [policy('*', 'ask')],
    });
    expect(codes(fs)).toEqual(['registry_deprecated', 'requires_secrets', 'no_repository_id', 'local_server', 'policy_set']);
    expect(fs[0]!.statement).toBe('server "Jira" is deprecated in the MCP Registry');
    expect(fs[0]!.facts[0]).toMatchObject({ value: 'deprecated', source: 'MCP Registry server.json (io.example/jira, matched by name)', note: 'heuristic name match between the connector and the registry entry' });
    const deleted = toolFindings({ server: { ...server, registry: { status: 'deleted', repositoryId: '12345' } }, policies: [policy('*', 'ask')] });
    expect(codes(deleted)).toEqual(['registry_deleted', 'policy_set']);
  });

  it('says who set each policy, when, and in which activity', () => {
    const fs = toolFindings({ server, policies: [policy('*', 'ask'), policy('create_issue', 'blocked', '2026-04-10T08:05:00Z', 'activity_01MnTool00000000000000001')] });
    const set = fs.filter((x) => x.code === 'policy_set').map((x) => x.statement);
    expect(set).toEqual([
      'policy for the server-wide default (*) set to ask (Needs approval) by admin@example.com on 2026-04-10 (activity activity_*)',
      'policy for "create_issue" set to blocked (Blocked) by admin@example.com on 2026-04-10 (activity activity_01MnTool00000000000000001)',
    ]);
  });

  it('notes servers configured before the audit log', () => {
    expect(codes(toolFindings({ server: { ...server, preAudit: true }, policies: [policy('*', 'ask')] }))).toContain('pre_audit_server');
  });

  it('sorts warnings first', () => {
    const fs = toolFindings({ server: { ...server, preAudit: true }, policies: [policy('*', 'ask'), policy('drop', 'allow')] });
    const order = fs.map((f) => f.severity);
    expect(order).toEqual([...order].sort((a, b) => ['warning', 'notice', 'info'].indexOf(a) - ['warning', 'notice', 'info'].indexOf(b)));
    expect(order[0]).toBe('warning');
  });
});

describe('organization connector findings', () => {
  it('reports the always-allow default, and an absent setting as unknown rather than off', () => {
    expect(orgConnectorFindings({ connectorToolsDefaultAlwaysAllow: true })[0]).toMatchObject({ code: 'org_default_always_allow', severity: 'notice' });
    expect(orgConnectorFindings({ connectorToolsDefaultAlwaysAllow: false })).toEqual([]);
    expect(orgConnectorFindings({})[0]).toMatchObject({ code: 'org_default_not_visible', facts: [{ note: 'absent is not the same as off' }] });
  });
});
