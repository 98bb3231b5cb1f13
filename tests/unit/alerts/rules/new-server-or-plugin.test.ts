import { describe, expect, it } from 'vitest';
import { alertContext } from '../../../../lib/alerts/types.ts';
import { newServerOrPlugin } from '../../../../lib/alerts/rules/new-server-or-plugin.ts';
import { change, NOW } from '../helpers.ts';

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
