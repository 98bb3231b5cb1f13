import { describe, expect, it } from 'vitest';
import { alertContext } from '../../../../lib/alerts/types.ts';
import { pluginScan } from '../../../../lib/alerts/rules/plugin-scan.ts';
import { item, NOW } from '../helpers.ts';

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
