/**
 * The benchmark report of `npm run bench` (scripts/bench.ts), as plain functions with no I/O: turning each
 * benchmark's JSON into named metrics, targets and their status, the direction-aware comparison with the
 * previous report (a metric that got worse by more than 10% is a regression), and the markdown summary.
 */

export type Size = 'demo' | 'large';
export const SIZES: readonly Size[] = ['demo', 'large'];

/** Whether a smaller or a larger value is better. */
export type Direction = 'lower' | 'higher';

export interface Target {
  /** The value must be at most (`<=`) or at least (`>=`) `value`. */
  op: '<=' | '>=';
  value: number;
  /** How the target reads in the summary, e.g. "≤ 1.05× minimum". */
  text: string;
}

export interface Metric {
  /** `<size>.<benchmark>.<name>`, stable across runs: the comparison matches on it. */
  key: string;
  size: Size;
  bench: string;
  label: string;
  value: number;
  unit: string;
  direction: Direction;
  target?: Target;
  /** How the value was obtained, when it is not obvious (e.g. how a minimum is computed). */
  note?: string;
}

export interface MachineFacts {
  cores: number;
  /** 1, 5 and 15-minute load averages. */
  loadAtStart: [number, number, number];
  loadAtEnd: [number, number, number];
  /** The 1-minute load exceeded the cores at the start or the end: timings are slower than on an idle machine. */
  busy: boolean;
  node: string;
  platform: string;
}

export interface BenchFailure {
  size: Size | 'all';
  bench: string;
  error: string;
}

/** One invocation of `npm run bench`: a day's report can hold several (see mergeSameDay). */
export interface RunInfo {
  startedAt: string;
  finishedAt: string;
  sizes: Size[];
  benches: string[];
  machine: MachineFacts;
}

export interface BenchReport {
  date: string;
  startedAt: string;
  finishedAt: string;
  sizes: Size[];
  /** The benchmarks run (each at every size of `sizes`). */
  benches: string[];
  machine: MachineFacts;
  /** Every run whose numbers this report holds, oldest first (this run last). */
  runs?: RunInfo[];
  /** Seconds each benchmark took, per size. */
  durations: Record<string, number>;
  metrics: Metric[];
  failures: BenchFailure[];
  /** Each benchmark's own JSON, per size, for anything the metrics leave out. */
  raw: Record<string, unknown>;
}

export type Status = 'pass' | 'fail' | '';

export function statusOf(m: Pick<Metric, 'value' | 'target'>): Status {
  if (!m.target) return '';
  return (m.target.op === '<=' ? m.value <= m.target.value : m.value >= m.target.value) ? 'pass' : 'fail';
}

export const isBusy = (cores: number, load1s: number[]): boolean => load1s.some((l) => l > cores);

// ---------------------------------------------------------------------------------------------------
// Comparison with the previous report.

export interface Change {
  key: string;
  label: string;
  unit: string;
  previous: number;
  current: number;
  /** Relative change, signed so that positive means worse (0.12 = 12% worse). */
  worseBy: number;
}

export interface Comparison {
  /** The previous report's date, or null when there was none to compare with. */
  previousDate: string | null;
  regressions: Change[];
  improvements: Change[];
  /** In the previous report, not measured now. */
  missing: string[];
  /** Measured now, absent from the previous report. */
  added: string[];
}

export const REGRESSION_THRESHOLD = 0.1;

/**
 * How much worse `current` is than `previous` (positive = worse), relative to `previous`. A change from 0
 * counts as infinitely worse or better; no change is 0.
 */
export function worseBy(previous: number, current: number, direction: Direction): number {
  if (previous === current) return 0;
  const delta = direction === 'lower' ? current - previous : previous - current;
  if (previous === 0) return delta > 0 ? Infinity : -Infinity;
  return delta / Math.abs(previous);
}

export function compareMetrics(current: readonly Metric[], previous: readonly Metric[] | null, previousDate: string | null = null, threshold = REGRESSION_THRESHOLD): Comparison {
  if (!previous) return { previousDate: null, regressions: [], improvements: [], missing: [], added: [] };
  const before = new Map(previous.map((m) => [m.key, m]));
  const now = new Set(current.map((m) => m.key));
  const regressions: Change[] = [];
  const improvements: Change[] = [];
  const added: string[] = [];
  for (const m of current) {
    const p = before.get(m.key);
    if (!p || !Number.isFinite(p.value)) {
      added.push(m.key);
      continue;
    }
    const w = worseBy(p.value, m.value, m.direction);
    const change = { key: m.key, label: m.label, unit: m.unit, previous: p.value, current: m.value, worseBy: w };
    if (w > threshold) regressions.push(change);
    else if (w < -threshold) improvements.push(change);
  }
  const missing = previous.filter((m) => !now.has(m.key)).map((m) => m.key);
  regressions.sort((a, b) => b.worseBy - a.worseBy);
  return { previousDate, regressions, improvements, missing, added };
}

/** The report to compare with: the newest dated file before `today`, else an earlier run of `today`. */
export function pickPrevious(fileNames: readonly string[], today: string): string | null {
  const dated = fileNames.filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f)).sort();
  const earlier = dated.filter((f) => f.slice(0, 10) < today);
  if (earlier.length > 0) return earlier[earlier.length - 1]!;
  return dated.includes(`${today}.json`) ? `${today}.json` : null;
}

/**
 * A run of only some sizes or benchmarks keeps what an earlier run the same day measured and this one did
 * not, so `--size demo` then `--size large --only identity` leave one file for the day.
 */
export function mergeSameDay(current: BenchReport, earlier: BenchReport | null): BenchReport {
  if (!earlier || earlier.date !== current.date) return current;
  const measured = new Set(current.sizes.flatMap((s) => current.benches.map((b) => `${s}.${b}`)));
  const keep = (size: string, bench: string) => !measured.has(`${size}.${bench}`);
  const keepKey = (key: string) => {
    const [size = '', bench = ''] = key.split('.');
    return keep(size, bench);
  };
  const metrics = earlier.metrics.filter((m) => keep(m.size, m.bench));
  const failures = earlier.failures.filter((f) => f.size !== 'all' && keep(f.size, f.bench));
  const sizes = SIZES.filter((s) => current.sizes.includes(s) || metrics.some((m) => m.size === s) || failures.some((f) => f.size === s));
  if (metrics.length === 0 && failures.length === 0) return current;
  const runOf = (r: BenchReport): RunInfo[] => r.runs ?? [{ startedAt: r.startedAt, finishedAt: r.finishedAt, sizes: r.sizes, benches: r.benches ?? [], machine: r.machine }];
  return {
    ...current,
    runs: [...runOf(earlier), ...runOf(current)],
    sizes,
    benches: [...new Set([...(earlier.benches ?? []), ...current.benches])],
    metrics: [...metrics, ...current.metrics],
    durations: { ...Object.fromEntries(Object.entries(earlier.durations).filter(([k]) => keepKey(k))), ...current.durations },
    failures: [...failures, ...current.failures],
    raw: { ...Object.fromEntries(Object.entries(earlier.raw).filter(([k]) => keepKey(k))), ...current.raw },
  };
}

// ---------------------------------------------------------------------------------------------------
// Markdown.

export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = unit === '×' ? 2 : abs >= 100 || Number.isInteger(value) ? 0 : abs >= 10 ? 1 : 2;
  const n = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  if (unit === '') return n;
  return unit === '×' ? `${n}×` : `${n} ${unit}`;
}

const pct = (w: number) => (Number.isFinite(w) ? `${Math.round(w * 100)}%` : 'from 0');
const STATUS_TEXT: Record<Status, string> = { pass: 'met', fail: '**missed**', '': '' };
const cell = (s: string) => s.replace(/\|/g, '\\|');

export function renderMarkdown(report: BenchReport, comparison: Comparison): string {
  const out: string[] = [`# Benchmark report ${report.date}`, ''];
  const machine = (m: MachineFacts) =>
    `${m.cores} cores, load average ${m.loadAtStart.join(' / ')} at the start and ${m.loadAtEnd.join(' / ')} at the end${m.busy ? ' (**busy**: load above the cores, timings slower than on an idle machine)' : ''}`;
  const runs = report.runs ?? [];
  if (runs.length > 1) {
    out.push(`${report.machine.platform}, Node ${report.machine.node}. Sizes: ${report.sizes.join(', ')}, from ${runs.length} runs:`, '');
    for (const r of runs) out.push(`- ${r.startedAt.slice(11, 16)}–${r.finishedAt.slice(11, 16)} UTC, ${r.sizes.join(', ')}: ${r.benches.join(', ')}; ${machine(r.machine)}.`);
    out.push('');
  } else out.push(`${machine(report.machine)}. ${report.machine.platform}, Node ${report.machine.node}. Sizes: ${report.sizes.join(', ')}.`, '');
  if (comparison.previousDate === null) out.push('No previous report to compare with.', '');
  else if (comparison.regressions.length === 0) out.push(`No metric is more than ${REGRESSION_THRESHOLD * 100}% worse than in the previous report (${comparison.previousDate}).`, '');
  else {
    out.push(`## Regressions since ${comparison.previousDate} (worse by more than ${REGRESSION_THRESHOLD * 100}%)`, '');
    for (const r of comparison.regressions) out.push(`- ${r.key} (${r.label}): ${formatValue(r.previous, r.unit)} → ${formatValue(r.current, r.unit)}, ${pct(r.worseBy)} worse`);
    out.push('');
  }
  if (report.failures.length > 0) {
    out.push('## Benchmarks that failed', '');
    for (const f of report.failures) out.push(`- ${f.bench} (${f.size}): ${cell(f.error.split('\n')[0] ?? '')}`);
    out.push('');
  }
  const missed = report.metrics.filter((x) => statusOf(x) === 'fail');
  if (missed.length > 0) out.push(`Targets missed: ${missed.map((x) => x.key).join(', ')}.`, '');
  const prev = new Map([...comparison.regressions, ...comparison.improvements].map((c) => [c.key, c]));
  for (const size of report.sizes) {
    const rows = report.metrics.filter((x) => x.size === size);
    if (rows.length === 0) continue;
    const took = Object.entries(report.durations).filter(([k]) => k.startsWith(`${size}.`));
    out.push(`## ${size}`, '');
    if (took.length > 0) out.push(`Took ${took.map(([k, s]) => `${k.slice(size.length + 1)} ${formatValue(s, 's')}`).join(', ')}.`, '');
    out.push('| metric | value | target | status | vs previous |', '| --- | --- | --- | --- | --- |');
    for (const x of rows) {
      const c = prev.get(x.key);
      const vs = c ? `${c.worseBy > 0 ? 'worse' : 'better'} by ${pct(Math.abs(c.worseBy))} (was ${formatValue(c.previous, c.unit)})` : '';
      out.push(`| ${cell(`${x.bench}: ${x.label}`)} | ${formatValue(x.value, x.unit)} | ${cell(x.target?.text ?? '')} | ${STATUS_TEXT[statusOf(x)]} | ${vs} |`);
    }
    out.push('');
  }
  if (comparison.missing.length > 0) out.push(`Not measured this time (in the previous report): ${comparison.missing.join(', ')}.`, '');
  const notes = report.metrics.filter((x) => x.note);
  if (notes.length > 0) {
    out.push('## How some numbers are computed', '');
    const seen = new Set<string>();
    for (const x of notes) {
      const line = `- ${x.bench}: ${x.label}: ${x.note}`;
      if (!seen.has(line)) out.push(line);
      seen.add(line);
    }
    out.push('');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Metrics from each benchmark's JSON. Missing fields are skipped, never invented.

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const at = (root: unknown, path: string): unknown => path.split('.').reduce<unknown>((o, k) => obj(o)?.[k], root);

class Collector {
  readonly metrics: Metric[] = [];
  constructor(
    private readonly size: Size,
    private readonly bench: string,
  ) {}
  add(name: string, value: unknown, m: { label: string; unit: string; direction: Direction; target?: Target; note?: string }): void {
    const v = num(value);
    if (v === undefined) return;
    this.metrics.push({ key: `${this.size}.${this.bench}.${name}`, size: this.size, bench: this.bench, value: v, ...m });
  }
}

const ratio = (a: unknown, b: unknown) => {
  const x = num(a);
  const y = num(b);
  return x !== undefined && y !== undefined && y > 0 ? +(x / y).toFixed(3) : undefined;
};

export const TARGETS = {
  requestsVsMinimum: { op: '<=', value: 1.05, text: '≤ 1.05× minimum' },
  requestsVsPageFloor: { op: '<=', value: 1.05, text: '≤ 1.05× page floor' },
  uiVsBlank: { op: '<=', value: 2, text: '≤ 2× blank' },
  popupVsBlank: { op: '<=', value: 1.5, text: '≤ 1.5× blank' },
  filterMs: { op: '<=', value: 100, text: '≤ 100 ms' },
} as const satisfies Record<string, Target>;

function timing(c: Collector, name: string, label: string, t: unknown, r?: unknown, target?: Target): void {
  c.add(`${name}Ms`, at(t, 'medianMs'), { label: `${label}, median`, unit: 'ms', direction: 'lower' });
  if (r !== undefined) c.add(`${name}Ratio`, r, { label: `${label} / blank page`, unit: '×', direction: 'lower', ...(target ? { target } : {}) });
}

/** Compliance snapshot in Chromium (scripts/bench/compliance.ts). */
export function complianceMetrics(size: Size, r: unknown): Metric[] {
  const c = new Collector(size, 'compliance');
  const full = at(r, 'full');
  const requests = at(full, 'sandboxRequests') ?? at(full, 'requests');
  c.add('requests', requests, { label: 'full snapshot Compliance API requests (counted at the sandbox)', unit: '', direction: 'lower' });
  c.add('pluginRequests', at(full, 'pluginRequests'), { label: 'full snapshot Plugins API requests (not in the minimum)', unit: '', direction: 'lower' });
  c.add('minimumRequests', at(r, 'minimumRequests'), {
    label: 'minimum requests',
    unit: '',
    direction: 'lower',
    note: 'pages at maximum page sizes of every list the snapshot reads: organizations, the wanted activity types, chats, users and roles per organization, groups and each group’s members, one settings read per organization, live projects',
  });
  c.add('requestsVsMinimum', ratio(requests, at(r, 'minimumRequests')), { label: 'requests / minimum', unit: '×', direction: 'lower', target: TARGETS.requestsVsMinimum });
  c.add('wallSeconds', at(full, 'wallSeconds'), { label: 'full snapshot wall time', unit: 's', direction: 'lower' });
  c.add('floorSeconds', at(r, 'floorSeconds'), { label: 'rate-limit floor (minimum requests at 600/min)', unit: 's', direction: 'lower' });
  c.add('wallVsFloor', ratio(at(full, 'wallSeconds'), at(r, 'floorSeconds')), { label: 'wall time / floor', unit: '×', direction: 'lower' });
  c.add('chatsPerSecond', at(full, 'chatsPerSecondProcessing'), { label: 'local processing', unit: 'chats/s', direction: 'higher' });
  c.add('peakRssMB', at(full, 'extensionProcessRssMaxMB'), { label: 'peak extension renderer RSS', unit: 'MB', direction: 'lower' });
  c.add('peakPrivateMB', at(full, 'extensionProcessPrivateMaxMB'), { label: 'peak extension renderer private memory', unit: 'MB', direction: 'lower' });
  c.add('idbMB', ratio(at(r, 'idb.total'), 1048576), { label: 'IndexedDB size (structural estimate)', unit: 'MB', direction: 'lower' });
  c.add('incrementalRequests', at(r, 'incremental.requests'), { label: 'incremental refresh requests (unchanged organization)', unit: '', direction: 'lower' });
  timing(c, 'blank', 'blank extension page', at(r, 'blankPage'));
  timing(c, 'popupInteractive', 'popup interactive', at(r, 'popupInteractive'), at(r, 'ratios.popupInteractive'), TARGETS.popupVsBlank);
  timing(c, 'inventoryFirstRender', 'inventory first render', at(r, 'inventoryFirstRender'), at(r, 'ratios.inventoryFirstRender'), TARGETS.uiVsBlank);
  return c.metrics;
}

/** Analytics collection in Node (scripts/bench/analytics.ts). */
export function analyticsMetrics(size: Size, r: unknown): Metric[] {
  const c = new Collector(size, 'analytics');
  for (const [part, label] of [['first', 'backfill'], ['later', 'later poll']] as const) {
    const p = at(r, part);
    c.add(`${part}.requests`, at(p, 'requests'), { label: `${label} requests`, unit: '', direction: 'lower' });
    c.add(`${part}.requestsVsMinimum`, at(p, 'ratio'), {
      label: `${label} requests / minimum`,
      unit: '×',
      direction: 'lower',
      ...(part === 'first' ? { target: TARGETS.requestsVsMinimum } : {}),
      note: 'each query the job made, walked again at page size 1,000 (the maximum), counting its pages; summaries one request',
    });
    // 60 requests/minute per organization (analytics-api.md §3): one second per request.
    c.add(`${part}.floorSeconds`, at(p, 'minimum'), { label: `${label} rate-limit floor (minimum requests at 60/min)`, unit: 's', direction: 'lower' });
    c.add(`${part}.localSeconds`, at(p, 'localSeconds'), { label: `${label} local processing (limiter lifted)`, unit: 's', direction: 'lower' });
  }
  c.add('peakHeapMB', at(r, 'peakHeapMB'), { label: 'peak Node heap', unit: 'MB', direction: 'lower' });
  return c.metrics;
}

/** Usage & spend tab (scripts/bench/usage.ts). */
export function usageMetrics(size: Size, r: unknown): Metric[] {
  const c = new Collector(size, 'usage');
  const t = at(r, 'times');
  timing(c, 'blank', 'blank extension page', at(t, 'blankPage'));
  timing(c, 'tiles', 'Usage & spend first render', at(t, 'pages.usageFirstRender'), at(t, 'ratios.usageFirstRender'), TARGETS.uiVsBlank);
  timing(c, 'topPeople', 'Usage & spend top people', at(t, 'pages.usageTopPeople'), at(t, 'ratios.usageTopPeople'));
  timing(c, 'personPage', 'person page', at(t, 'pages.personPage'), at(t, 'ratios.personPage'), TARGETS.uiVsBlank);
  c.add('rssMB', at(r, 'memoryMB.rss'), { label: 'extension renderer RSS, tab open', unit: 'MB', direction: 'lower' });
  c.add('privateMB', at(r, 'memoryMB.private'), { label: 'extension renderer private memory, tab open', unit: 'MB', direction: 'lower' });
  return c.metrics;
}

/** People tab over a seeded directory (scripts/bench/people.ts). */
export function peopleMetrics(size: Size, r: unknown): Metric[] {
  const c = new Collector(size, 'people');
  timing(c, 'blank', 'blank extension page', at(r, 'blankPage'));
  timing(c, 'firstRender', 'People first render', at(r, 'peopleFirstRender'), at(r, 'ratioFirstRender'), TARGETS.uiVsBlank);
  c.add('searchFilterMs', at(r, 'searchFilter.medianMs'), { label: 'search filter, median', unit: 'ms', direction: 'lower', target: TARGETS.filterMs });
  c.add('searchFilterP90Ms', at(r, 'searchFilter.p90Ms'), { label: 'search filter, p90', unit: 'ms', direction: 'lower', target: TARGETS.filterMs });
  c.add('flagFilterMs', at(r, 'flagFilter.medianMs'), { label: 'flag filter, median', unit: 'ms', direction: 'lower', target: TARGETS.filterMs });
  c.add('flagFilterP90Ms', at(r, 'flagFilter.p90Ms'), { label: 'flag filter, p90', unit: 'ms', direction: 'lower', target: TARGETS.filterMs });
  return c.metrics;
}

/** SCIM and Admin API sync in Chromium (scripts/bench/identity.ts). */
export function identityMetrics(size: Size, r: unknown): Metric[] {
  const c = new Collector(size, 'identity');
  for (const [part, label] of [['scim', 'SCIM'], ['admin', 'Admin API']] as const) {
    const p = at(r, part);
    c.add(`${part}.requests`, at(p, 'requests'), { label: `${label} sync requests`, unit: '', direction: 'lower' });
    c.add(`${part}.pageFloor`, at(p, 'pageFloor'), { label: `${label} page floor`, unit: '', direction: 'lower', note: String(at(p, 'pageFloorRule') ?? '') || undefined });
    c.add(`${part}.requestsVsFloor`, ratio(at(p, 'requests'), at(p, 'pageFloor')), { label: `${label} requests / page floor`, unit: '×', direction: 'lower', target: TARGETS.requestsVsPageFloor });
    c.add(`${part}.wallSeconds`, at(p, 'wallSeconds'), { label: `${label} sync wall time`, unit: 's', direction: 'lower' });
    c.add(`${part}.floorSeconds`, at(p, 'floorSeconds'), { label: `${label} rate-limit floor`, unit: 's', direction: 'lower', note: String(at(p, 'floorRule') ?? '') || undefined });
    c.add(`${part}.localSeconds`, at(p, 'localSeconds'), { label: `${label} local processing`, unit: 's', direction: 'lower' });
    c.add(`${part}.peakRssMB`, at(p, 'peakRssMB'), { label: `${label} peak extension renderer RSS`, unit: 'MB', direction: 'lower' });
    c.add(`${part}.peakPrivateMB`, at(p, 'peakPrivateMB'), { label: `${label} peak extension renderer private memory`, unit: 'MB', direction: 'lower' });
  }
  c.add('idbMB', ratio(at(r, 'idb.total'), 1048576), { label: 'IndexedDB size after both syncs (structural estimate)', unit: 'MB', direction: 'lower' });
  return c.metrics;
}

/** Gzip sizes of each entrypoint (scripts/bundle-sizes.ts). */
export function sizeMetrics(size: Size, r: unknown): Metric[] {
  const c = new Collector(size, 'bundle');
  const rows = at(r, 'entrypoints');
  for (const e of Array.isArray(rows) ? rows : []) {
    const name = String(at(e, 'entrypoint'));
    c.add(`${name}.firstPaintKB`, ratio(at(e, 'firstPaint.gzipBytes'), 1000), { label: `${name} before first paint (gzip)`, unit: 'kB', direction: 'lower' });
    const lazy = num(at(e, 'lazy.gzipBytes'));
    if (lazy) c.add(`${name}.lazyKB`, ratio(lazy, 1000), { label: `${name} loaded lazily (gzip)`, unit: 'kB', direction: 'lower' });
  }
  return c.metrics;
}

export const METRICS_OF: Record<string, (size: Size, raw: unknown) => Metric[]> = {
  compliance: complianceMetrics,
  analytics: analyticsMetrics,
  usage: usageMetrics,
  people: peopleMetrics,
  identity: identityMetrics,
  bundle: sizeMetrics,
};
