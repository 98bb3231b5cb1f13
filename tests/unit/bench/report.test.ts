import { describe, expect, it } from 'vitest';
import {
  compareMetrics,
  complianceMetrics,
  formatValue,
  identityMetrics,
  isBusy,
  mergeSameDay,
  peopleMetrics,
  pickPrevious,
  renderMarkdown,
  sizeMetrics,
  statusOf,
  worseBy,
  type BenchReport,
  type Metric,
} from '../../../scripts/bench/report.ts';

const metric = (name: string, value: number, extra: Partial<Metric> = {}): Metric => ({
  key: `demo.x.${name}`,
  size: 'demo',
  bench: 'x',
  label: name,
  value,
  unit: 'ms',
  direction: 'lower',
  ...extra,
});

const report = (metrics: Metric[], extra: Partial<BenchReport> = {}): BenchReport => ({
  date: '2026-12-07',
  startedAt: '2026-12-07T17:00:00.000Z',
  finishedAt: '2026-12-07T17:10:00.000Z',
  sizes: ['demo'],
  benches: ['x'],
  machine: { cores: 2, loadAtStart: [3.5, 2, 1], loadAtEnd: [1, 1, 1], busy: true, node: 'v20.20.2', platform: 'Linux' },
  durations: { 'demo.x': 12 },
  metrics,
  failures: [],
  raw: {},
  ...extra,
});

describe('worseBy', () => {
  it('is positive when a lower-is-better metric grows and a higher-is-better one shrinks', () => {
    expect(worseBy(100, 120, 'lower')).toBeCloseTo(0.2);
    expect(worseBy(100, 80, 'lower')).toBeCloseTo(-0.2);
    expect(worseBy(1000, 850, 'higher')).toBeCloseTo(0.15);
    expect(worseBy(1000, 1200, 'higher')).toBeCloseTo(-0.2);
  });
  it('treats a change from zero as infinitely worse or better, and no change as none', () => {
    expect(worseBy(0, 0, 'lower')).toBe(0);
    expect(worseBy(0, 3, 'lower')).toBe(Infinity);
    expect(worseBy(0, 3, 'higher')).toBe(-Infinity);
  });
});

describe('compareMetrics', () => {
  it('flags only metrics worse by more than 10%, in the direction that matters', () => {
    const before = [metric('a', 100), metric('b', 100), metric('c', 1000, { direction: 'higher' }), metric('d', 1000, { direction: 'higher' }), metric('e', 100)];
    const now = [metric('a', 110), metric('b', 111), metric('c', 899, { direction: 'higher' }), metric('d', 1500, { direction: 'higher' }), metric('e', 50)];
    const c = compareMetrics(now, before, '2026-12-06');
    // Exactly 10% worse is not a regression; 11% and 10.1% are.
    expect(c.regressions.map((r) => r.key)).toEqual(['demo.x.b', 'demo.x.c']);
    expect(c.regressions[0]!.worseBy).toBeCloseTo(0.11);
    expect(c.improvements.map((r) => r.key).sort()).toEqual(['demo.x.d', 'demo.x.e']);
    expect(c.previousDate).toBe('2026-12-06');
  });
  it('lists metrics missing now and new ones apart, never as regressions', () => {
    const c = compareMetrics([metric('a', 100), metric('new', 5)], [metric('a', 100), metric('gone', 1)], 'x');
    expect(c.regressions).toEqual([]);
    expect(c.missing).toEqual(['demo.x.gone']);
    expect(c.added).toEqual(['demo.x.new']);
  });
  it('has nothing to say without a previous report', () => {
    expect(compareMetrics([metric('a', 1)], null)).toEqual({ previousDate: null, regressions: [], improvements: [], missing: [], added: [] });
  });
  it('honours another threshold', () => {
    expect(compareMetrics([metric('a', 104)], [metric('a', 100)], 'x', 0.03).regressions).toHaveLength(1);
  });
});

describe('statusOf and targets', () => {
  it('meets a ≤ target at the bound and misses above it; ≥ the other way', () => {
    expect(statusOf({ value: 1.05, target: { op: '<=', value: 1.05, text: '' } })).toBe('pass');
    expect(statusOf({ value: 1.06, target: { op: '<=', value: 1.05, text: '' } })).toBe('fail');
    expect(statusOf({ value: 9, target: { op: '>=', value: 10, text: '' } })).toBe('fail');
    expect(statusOf({ value: 9 })).toBe('');
  });
  it('calls the machine busy when a load average exceeds the cores', () => {
    expect(isBusy(2, [1.9, 2])).toBe(false);
    expect(isBusy(2, [1, 2.1])).toBe(true);
  });
});

describe('pickPrevious', () => {
  it('takes the newest dated report before today, ignoring other files', () => {
    expect(pickPrevious(['2026-12-01.json', '2026-12-05.json', '2026-12-05.md', 'compliance.json', '2026-12-07.json', 'runs'], '2026-12-07')).toBe('2026-12-05.json');
  });
  it('falls back to an earlier run of today, else nothing', () => {
    expect(pickPrevious(['2026-12-07.json', 'usage.json'], '2026-12-07')).toBe('2026-12-07.json');
    expect(pickPrevious(['people.json'], '2026-12-07')).toBeNull();
  });
});

describe('mergeSameDay', () => {
  it('keeps the sizes an earlier run of the same day measured and this one did not', () => {
    const large = { ...metric('a', 7), key: 'large.x.a', size: 'large' as const };
    const earlier = report([large, metric('a', 1)], { sizes: ['demo', 'large'], durations: { 'large.x': 50, 'demo.x': 9 }, raw: { 'large.x': { a: 7 } } });
    const merged = mergeSameDay(report([metric('a', 2)]), earlier);
    expect(merged.sizes).toEqual(['demo', 'large']);
    expect(merged.metrics.map((m) => `${m.key}=${m.value}`)).toEqual(['large.x.a=7', 'demo.x.a=2']);
    expect(merged.durations).toEqual({ 'large.x': 50, 'demo.x': 12 });
    expect(merged.raw).toEqual({ 'large.x': { a: 7 } });
  });
  it('keeps the benchmarks of the same size that this run left out (--only), and their failures', () => {
    const y = { ...metric('b', 3), key: 'demo.y.b', bench: 'y' };
    const earlier = report([metric('a', 1), y], { benches: ['x', 'y', 'z'], failures: [{ size: 'demo', bench: 'z', error: 'boom' }, { size: 'demo', bench: 'x', error: 'old' }] });
    const merged = mergeSameDay(report([metric('a', 2)]), earlier);
    expect(merged.metrics.map((m) => `${m.key}=${m.value}`)).toEqual(['demo.y.b=3', 'demo.x.a=2']);
    expect(merged.failures).toEqual([{ size: 'demo', bench: 'z', error: 'boom' }]);
    expect(merged.benches).toEqual(['x', 'y', 'z']);
    // Both runs are kept, each with its own load, and the summary lists them.
    expect(merged.runs?.map((r) => r.benches)).toEqual([['x', 'y', 'z'], ['x']]);
    const md = renderMarkdown(merged, compareMetrics(merged.metrics, null));
    expect(md).toContain('from 2 runs:');
    expect(md).toContain('- 17:00–17:10 UTC, demo: x, y, z; 2 cores, load average 3.5 / 2 / 1 at the start');
  });
  it('leaves a run alone when the earlier file is another day or holds nothing else', () => {
    const current = report([metric('a', 2)]);
    expect(mergeSameDay(current, report([], { date: '2026-12-06', sizes: ['large'] }))).toBe(current);
    expect(mergeSameDay(current, report([metric('a', 1)]))).toBe(current);
  });
});

describe('renderMarkdown', () => {
  it('puts regressions first, then the machine, failures and one table per size with target and status', () => {
    const now = [metric('requestsVsMinimum', 1.2, { unit: '×', target: { op: '<=', value: 1.05, text: '≤ 1.05× minimum' } }), metric('wall', 40, { unit: 's', note: 'pages | at 600/min' })];
    const before = [metric('requestsVsMinimum', 1.0, { unit: '×' }), metric('wall', 41, { unit: 's' }), metric('gone', 3)];
    const md = renderMarkdown(report(now, { failures: [{ size: 'demo', bench: 'usage', error: 'exited with 1\nstack' }] }), compareMetrics(now, before, '2026-12-06'));
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Benchmark report 2026-12-07');
    expect(md).toContain('load average 3.5 / 2 / 1 at the start and 1 / 1 / 1 at the end (**busy**');
    expect(md.indexOf('## Regressions since 2026-12-06')).toBeLessThan(md.indexOf('## demo'));
    expect(md).toContain('- demo.x.requestsVsMinimum (requestsVsMinimum): 1× → 1.2×, 20% worse');
    expect(md).toContain('- usage (demo): exited with 1');
    expect(md).not.toContain('stack');
    expect(md).toContain('| metric | value | target | status | vs previous |');
    expect(md).toContain('| x: requestsVsMinimum | 1.2× | ≤ 1.05× minimum | **missed** | worse by 20% (was 1×) |');
    // Within 10%: no comparison shown. Notes are listed under the tables.
    expect(md).toContain('| x: wall | 40 s |  |  |  |');
    expect(md).toContain('- x: wall: pages | at 600/min');
    expect(md).toContain('Not measured this time (in the previous report): demo.x.gone.');
    expect(md).toContain('Targets missed: demo.x.requestsVsMinimum.');
  });
  it('says when there is nothing to compare with or nothing got worse', () => {
    expect(renderMarkdown(report([metric('a', 1)]), compareMetrics([metric('a', 1)], null))).toContain('No previous report to compare with.');
    expect(renderMarkdown(report([metric('a', 1)]), compareMetrics([metric('a', 1)], [metric('a', 1)], '2026-12-06'))).toContain('No metric is more than 10% worse than in the previous report (2026-12-06).');
  });
  it('formats values by unit', () => {
    expect(formatValue(1234.56, 'ms')).toBe('1,235 ms');
    expect(formatValue(1.049, '×')).toBe('1.05×');
    expect(formatValue(12.34, 'MB')).toBe('12.3 MB');
    expect(formatValue(42, '')).toBe('42');
  });
});

describe('metrics from the benchmarks’ JSON', () => {
  it('computes ratios to the minimum and to the floor, and skips what is absent', () => {
    const m = complianceMetrics('large', { minimumRequests: 1000, floorSeconds: 100, full: { requests: 1030, wallSeconds: 150, chatsPerSecondProcessing: 4000 }, ratios: { inventoryFirstRender: 1.4 }, inventoryFirstRender: { medianMs: 90 } });
    const by = Object.fromEntries(m.map((x) => [x.key, x]));
    expect(by['large.compliance.requestsVsMinimum']!.value).toBe(1.03);
    expect(statusOf(by['large.compliance.requestsVsMinimum']!)).toBe('pass');
    expect(by['large.compliance.wallVsFloor']!.value).toBe(1.5);
    expect(by['large.compliance.chatsPerSecond']!.direction).toBe('higher');
    expect(by['large.compliance.inventoryFirstRenderRatio']!.target?.value).toBe(2);
    expect(by['large.compliance.peakRssMB']).toBeUndefined();
    expect(by['large.compliance.popupInteractiveMs']).toBeUndefined();
  });
  it('holds identity syncs to 1.05× their page floor and people filtering to 100 ms', () => {
    const id = identityMetrics('demo', { scim: { requests: 21, pageFloor: 20, pageFloorRule: 'user pages + group pages' }, admin: { requests: 600, pageFloor: 531 } });
    const by = Object.fromEntries(id.map((x) => [x.key, x]));
    expect(statusOf(by['demo.identity.scim.requestsVsFloor']!)).toBe('pass');
    expect(statusOf(by['demo.identity.admin.requestsVsFloor']!)).toBe('fail');
    expect(by['demo.identity.scim.pageFloor']!.note).toBe('user pages + group pages');
    const people = peopleMetrics('demo', { searchFilter: { medianMs: 40, p90Ms: 120 }, ratioFirstRender: 1.8, peopleFirstRender: { medianMs: 300 } });
    expect(people.find((x) => x.key === 'demo.people.searchFilterP90Ms')!.target?.value).toBe(100);
    expect(statusOf(people.find((x) => x.key === 'demo.people.firstRenderRatio')!)).toBe('pass');
  });
  it('reports each entrypoint’s gzip size, lazy parts only when there are any', () => {
    const m = sizeMetrics('demo', { entrypoints: [{ entrypoint: 'popup', firstPaint: { gzipBytes: 51_234 }, lazy: { gzipBytes: 0 } }, { entrypoint: 'inventory', firstPaint: { gzipBytes: 90_000 }, lazy: { gzipBytes: 12_000 } }] });
    expect(m.map((x) => `${x.key}=${x.value}`)).toEqual(['demo.bundle.popup.firstPaintKB=51.234', 'demo.bundle.inventory.firstPaintKB=90', 'demo.bundle.inventory.lazyKB=12']);
  });
});
