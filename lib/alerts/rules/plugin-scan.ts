import { hrefs } from '../../changes/hrefs.ts';
import type { AlertRule } from '../types.ts';

/**
 * A plugin whose content scan says `fail` (critical) or `warn` (warning) (admin-api.md §6.5). Reads the
 * Compliance snapshot's summary items (kind "plugin", fields `scan` and optionally `scanReason`).
 */
export const pluginScan: AlertRule = {
  id: 'plugin-scan',
  title: 'A plugin content scan fails or warns',
  evaluate: (ctx) =>
    ctx
      .items('plugin')
      .filter((p) => p.fields.scan === 'fail' || p.fields.scan === 'warn')
      .map((p) => ({
        subject: p.id,
        level: p.fields.scan === 'fail' ? ('critical' as const) : ('warning' as const),
        title: `Plugin scan ${String(p.fields.scan)}: ${p.label}`,
        detail: typeof p.fields.scanReason === 'string' && p.fields.scanReason !== '' ? p.fields.scanReason : 'See the plugin’s content scan.',
        href: hrefs.plugin(p.id),
      })),
};
