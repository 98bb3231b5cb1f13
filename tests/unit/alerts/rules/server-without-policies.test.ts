import { describe, expect, it } from 'vitest';
import { alertContext } from '../../../../lib/alerts/types.ts';
import { serverWithoutPolicies } from '../../../../lib/alerts/rules/server-without-policies.ts';
import { item, NOW } from '../helpers.ts';

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
