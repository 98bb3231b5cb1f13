import type { AlertRule } from '../types.ts';

/** A new MCP server or plugin appeared since the previous snapshot (never on the first, which is the baseline). */
export const newServerOrPlugin: AlertRule = {
  id: 'new-server-or-plugin',
  title: 'A new MCP server or plugin',
  evaluate: (ctx) =>
    ctx.changes
      .filter((c) => c.change === 'added' && (c.kind === 'mcpServer' || c.kind === 'plugin'))
      .map((c) => ({
        subject: `${c.kind}:${c.subject}`,
        level: 'warning' as const,
        title: c.kind === 'plugin' ? `New plugin: ${c.label}` : `New MCP server: ${c.label}`,
        detail: [c.who ? `Added by ${c.who}` : 'Added', c.when ? `on ${c.when.slice(0, 10)}` : null].filter(Boolean).join(' ') + '.',
        href: c.href,
      })),
};
