import { describe, expect, it } from 'vitest';
import { alertContext } from '../../../lib/alerts/types.ts';
import { newServerOrPlugin } from '../../../lib/alerts/rules/new-server-or-plugin.ts';
import { alwaysAllow } from '../../../lib/alerts/rules/always-allow.ts';
import { serverWithoutPolicies } from '../../../lib/alerts/rules/server-without-policies.ts';
import { pluginScan } from '../../../lib/alerts/rules/plugin-scan.ts';
import { modelRetiring } from '../../../lib/alerts/rules/model-retiring.ts';
import { budgetThreshold } from '../../../lib/alerts/rules/budget.ts';
import { deleteScope } from '../../../lib/alerts/rules/delete-scope.ts';
import { budgetStatus } from '../../../lib/budgets/status.ts';
import { change, item, NOW } from './helpers.ts';

describe('alert rule: a new MCP server or plugin', () => {
  it('fires for an added server and an added plugin, with who and when', () => {
    const out = newServerOrPlugin.evaluate(alertContext({ now: NOW, changes: [change({}), change({ kind: 'plugin', subject: 'p1', label: 'Deploy kit', href: 'inventory.html#/plugins' })] }));
    expect(out).toEqual([
      { subject: 'mcpServer:s1', level: 'warning', title: 'New MCP server: Confluence', detail: 'Added by ana@example.com on 2026-12-06.', href: 'inventory.html#/mcp/s1' },
      expect.objectContaining({ subject: 'plugin:p1', title: 'New plugin: Deploy kit' }),
    ]);
  });
  it('does not fire for removals, renames or other kinds', () => {
    const ctx = alertContext({ now: NOW, changes: [change({ change: 'removed' }), change({ change: 'renamed' }), change({ kind: 'model' })] });
    expect(newServerOrPlugin.evaluate(ctx)).toEqual([]);
  });
});

describe('alert rule: a tool set to Always allow', () => {
  it('fires per allow policy and links to the server’s tools', () => {
    const ctx = alertContext({ now: NOW, items: [item('toolPolicy', 's1\u0000delete', { serverId: 's1', tool: 'delete', permission: 'allow', setBy: 'bo@example.com', at: '2026-12-01T00:00:00Z' }, 'Jira · delete')] });
    expect(alwaysAllow.evaluate(ctx)).toEqual([
      { subject: 's1\u0000delete', level: 'warning', title: 'Always allow: Jira · delete', detail: 'Set by bo@example.com on 2026-12-01; members\' calls run without approval.', href: 'inventory.html#/mcp/s1/tools' },
    ]);
  });
  it('does not fire for ask or blocked', () => {
    const ctx = alertContext({ now: NOW, items: [item('toolPolicy', 'a', { serverId: 's1', permission: 'ask' }), item('toolPolicy', 'b', { serverId: 's1', permission: 'blocked' })] });
    expect(alwaysAllow.evaluate(ctx)).toEqual([]);
  });
});

describe('alert rule: a server with no tool policies', () => {
  it('fires for a present server without policies only', () => {
    const ctx = alertContext({
      now: NOW,
      items: [item('mcpServer', 's1', { deleted: false }, 'Jira'), item('mcpServer', 's2', { deleted: false }), item('mcpServer', 's3', { deleted: true }), item('toolPolicy', 'x', { serverId: 's2', permission: 'ask' })],
    });
    expect(serverWithoutPolicies.evaluate(ctx).map((a) => [a.subject, a.level, a.title])).toEqual([['s1', 'info', 'No tool policies: Jira']]);
  });
  it('does not fire when every server has a policy', () => {
    expect(serverWithoutPolicies.evaluate(alertContext({ now: NOW, items: [item('mcpServer', 's1', {}), item('toolPolicy', 'x', { serverId: 's1' })] }))).toEqual([]);
  });
});

describe('alert rule: a plugin scan fail/warn', () => {
  it('fires critical for fail and warning for warn, with the scan’s reason', () => {
    const ctx = alertContext({ now: NOW, items: [item('plugin', 'p1', { scan: 'fail', scanReason: 'Downloads a binary' }, 'Kit'), item('plugin', 'p2', { scan: 'warn' }, 'Tool'), item('plugin', 'p3', { scan: 'pass' })] });
    expect(pluginScan.evaluate(ctx).map((a) => [a.subject, a.level, a.detail])).toEqual([
      ['p1', 'critical', 'Downloads a binary'],
      ['p2', 'warning', 'See the plugin’s content scan.'],
    ]);
  });
  it('does not fire for passing or unscanned plugins', () => {
    expect(pluginScan.evaluate(alertContext({ now: NOW, items: [item('plugin', 'p', { scan: 'pass' }), item('plugin', 'q', { scan: null })] }))).toEqual([]);
  });
});

describe('alert rule: a model in use retiring within 60 days', () => {
  // claude-opus-4-5-20251101 retires on 2027-01-22 in the bundled catalog.
  it('fires 46 days before, and critical once retired while still in use', () => {
    const ctx = alertContext({ now: NOW, items: [item('model', 'claude-opus-4-5-20251101', { chats: 12 }, 'Claude Opus 4.5')] });
    expect(modelRetiring.evaluate(ctx)).toEqual([
      { subject: 'claude-opus-4-5-20251101', level: 'warning', title: 'Claude Opus 4.5 retires in 46 days', detail: 'Retirement date 2027-01-22; 12 chats use it.', href: 'inventory.html#/models/claude-opus-4-5-20251101' },
    ]);
    const later = alertContext({ now: new Date('2027-02-01T00:00:00Z'), items: [item('model', 'claude-opus-4-5-20251101', { chats: 1 })] });
    expect(modelRetiring.evaluate(later)[0]?.level).toBe('critical');
  });
  it('does not fire more than 60 days before, nor for unknown or active models', () => {
    const early = alertContext({ now: new Date('2026-11-20T00:00:00Z'), items: [item('model', 'claude-opus-4-5-20251101')] });
    expect(modelRetiring.evaluate(early)).toEqual([]);
    expect(modelRetiring.evaluate(alertContext({ now: NOW, items: [item('model', 'claude-opus-5-5'), item('model', 'not-a-model')] }))).toEqual([]);
  });
});

describe('alert rule: a team past a share of its budget', () => {
  const budget = { teamKey: 'rbac:rbac_group_1', kind: 'rbac' as const, groupId: 'rbac_group_1', name: 'Engineering', monthly: '100000', thresholds: [75, 90, 100], updatedAt: '' };
  it('fires at the highest threshold reached, one subject per team, month and threshold', () => {
    const at90 = budgetStatus(budget, '90000', NOW, true);
    expect(budgetThreshold.evaluate(alertContext({ now: NOW, budgets: [at90] }))).toEqual([
      expect.objectContaining({ subject: 'rbac:rbac_group_1@2026-12@90', level: 'warning', title: 'Engineering has used 90% of its budget', href: 'inventory.html#/budgets' }),
    ]);
    const over = budgetStatus(budget, '100000.000001', NOW, true);
    expect(budgetThreshold.evaluate(alertContext({ now: NOW, budgets: [over] }))[0]).toMatchObject({ subject: 'rbac:rbac_group_1@2026-12@100', level: 'critical' });
  });
  it('does not fire below the first threshold (exact: $749.99 of $1,000)', () => {
    expect(budgetThreshold.evaluate(alertContext({ now: NOW, budgets: [budgetStatus(budget, '74999', NOW, true)] }))).toEqual([]);
  });
});

describe('alert rule: a key with the delete scope', () => {
  it('fires for an active organization key with the scope and for the extension’s own key', () => {
    const ctx = alertContext({ now: NOW, items: [item('apiKey', 'k1', { delete: true, active: true }, 'SIEM export'), item('ownKey', 'compliance', { deleteScope: 'present' })] });
    expect(deleteScope.evaluate(ctx).map((a) => [a.subject, a.level])).toEqual([
      ['apiKey:k1', 'critical'],
      ['ownKey', 'critical'],
    ]);
  });
  it('does not fire for revoked keys, keys without the scope or an unknown own-key state', () => {
    const ctx = alertContext({ now: NOW, items: [item('apiKey', 'k1', { delete: true, active: false }), item('apiKey', 'k2', { delete: false, active: true }), item('ownKey', 'compliance', { deleteScope: 'unknown' })] });
    expect(deleteScope.evaluate(ctx)).toEqual([]);
  });
});
