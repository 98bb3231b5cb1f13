import { hrefs } from '../../changes/hrefs.ts';
import type { AlertRule } from '../types.ts';

/** A tool (or a server-wide default) whose policy is Always allow: it runs without asking anyone. */
export const alwaysAllow: AlertRule = {
  id: 'always-allow',
  title: 'A tool set to Always allow',
  evaluate: (ctx) =>
    ctx
      .items('toolPolicy')
      .filter((p) => p.fields.permission === 'allow')
      .map((p) => ({
        subject: p.id,
        level: 'warning' as const,
        title: `Always allow: ${p.label}`,
        detail: `Set${p.fields.setBy ? ` by ${String(p.fields.setBy)}` : ''}${typeof p.fields.at === 'string' ? ` on ${p.fields.at.slice(0, 10)}` : ''}; members' calls run without approval.`,
        href: hrefs.server(String(p.fields.serverId), 'tools'),
      })),
};
