import { describe, expect, it } from 'vitest';
import { alertContext } from '../../../../lib/alerts/types.ts';
import { alwaysAllow } from '../../../../lib/alerts/rules/always-allow.ts';
import { item, NOW } from '../helpers.ts';

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
