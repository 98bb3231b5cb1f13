import { hrefs } from '../../changes/hrefs.ts';
import type { AlertRule } from '../types.ts';

/** An MCP server in use with no tool policy at all: every tool follows the organization's default. */
export const serverWithoutPolicies: AlertRule = {
  id: 'server-without-policies',
  title: 'An MCP server with no tool policies',
  evaluate: (ctx) => {
    const governed = new Set(ctx.items('toolPolicy').map((p) => String(p.fields.serverId)));
    return ctx
      .items('mcpServer')
      .filter((s) => s.fields.deleted !== true && !governed.has(s.id))
      .map((s) => ({
        subject: s.id,
        level: 'info' as const,
        title: `No tool policies: ${s.label}`,
        detail: 'No tool of this server has a permission set; each follows the organization default.',
        href: hrefs.server(s.id, 'tools'),
      }));
  },
};
