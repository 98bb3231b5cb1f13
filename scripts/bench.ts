/**
 * `npm run bench [-- --size demo|large|both] [--skip-build] [--only a,b] [--fail-on-regression]` — every
 * benchmark, one report. Builds the e2e extension once, then runs each benchmark as its own process
 * (`tsx scripts/bench/<name>.ts --skip-build …`, so a crash or a leak in one cannot spoil the next), reads
 * the JSON each writes, and writes bench-results/<YYYY-MM-DD>.json with a markdown summary beside it
 * (.md): per source and size, requests against the minimum, wall time against the rate-limit floor, local
 * processing, peak memory, IndexedDB size, UI timings absolute and as ratios to a blank extension page,
 * gzip sizes of each entrypoint, and the machine's cores and load. Each metric is compared with the
 * newest earlier report in bench-results/; one worse by more than 10% is listed at the top of the summary
 * (and makes the command fail with --fail-on-regression). A benchmark that fails is reported and the
 * others still run; the command then exits non-zero.
 *
 * Benchmarks (scripts/bench/report.ts turns each one's JSON into metrics):
 *   compliance  Compliance snapshot in Chromium (sandbox preset `demo` / `large`)
 *   analytics   Analytics collection in Node (240 people and 45 days / 10k people and 90 days)
 *   usage       Usage & spend tab in Chromium (240 / 10k seeded people)
 *   people      People tab in Chromium (20k people and 500 groups at both sizes: its targets are set there)
 *   identity    SCIM and Admin API syncs in Chromium (preset `demo` / `identity`: 20k users, 500 groups)
 *   bundle      gzip sizes of each entrypoint of the build (`npm run sizes`)
 * Deeper, single-purpose runs stay separate: `npm run bench:memory`, `bench:huge`, scripts/bench/refresh-cost.ts.
 */
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compareMetrics, isBusy, mergeSameDay, METRICS_OF, pickPrevious, renderMarkdown, SIZES, type BenchFailure, type BenchReport, type Metric, type Size } from './bench/report.ts';

const RESULTS = 'bench-results';
const BENCHES = ['compliance', 'analytics', 'usage', 'people', 'identity', 'bundle'] as const;
type Bench = (typeof BENCHES)[number];

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'both' },
    'skip-build': { type: 'boolean', default: false },
    only: { type: 'string' },
    'fail-on-regression': { type: 'boolean', default: false },
  },
});
const sizes: Size[] = values.size === 'both' ? [...SIZES] : SIZES.includes(values.size as Size) ? [values.size as Size] : [];
if (sizes.length === 0) throw new Error(`Unknown --size ${values.size}: use demo, large or both`);
const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
const unknown = only?.filter((b) => !(BENCHES as readonly string[]).includes(b)) ?? [];
if (unknown.length > 0) throw new Error(`Unknown benchmark ${unknown.join(', ')}: use ${BENCHES.join(', ')}`);
const benches = BENCHES.filter((b) => !only || only.includes(b));

/** Where each benchmark writes its JSON, and the command that runs it at a size. */
const RUNS = path.join(RESULTS, 'runs');
const outOf = (bench: Bench, size: Size) => {
  // usage.ts and people.ts write a fixed file of their own.
  if (bench === 'usage') return path.join(RESULTS, 'usage.json');
  if (bench === 'people') return path.join(RESULTS, 'people.json');
  return path.join(RUNS, `${size}-${bench}.json`);
};
function commandOf(bench: Bench, size: Size): string[] {
  const out = outOf(bench, size);
  const large = size === 'large';
  switch (bench) {
    case 'compliance':
      return ['scripts/bench/compliance.ts', '--skip-build', '--size', size, '--out', out];
    case 'analytics':
      return ['scripts/bench/analytics.ts', '--users', large ? '10000' : '240', '--days', large ? '90' : '45', '--out', out];
    case 'usage':
      return ['scripts/bench/usage.ts', '--skip-build', '--users', large ? '10000' : '240'];
    case 'people':
      return ['scripts/bench/people.ts', '--skip-build'];
    case 'identity':
      return ['scripts/bench/identity.ts', '--skip-build', '--size', size, '--out', out];
    case 'bundle':
      return ['scripts/bundle-sizes.ts', '--out', out];
  }
}

const load = (): [number, number, number] => os.loadavg().map((l) => +l.toFixed(2)) as [number, number, number];
const startedAt = new Date();
const loadAtStart = load();
const log = (s: string) => console.log(`[bench] ${s}`);
log(`${os.cpus().length} cores, load average ${loadAtStart.join(' ')}; sizes ${sizes.join(', ')}; ${benches.join(', ')}`);

if (!values['skip-build']) {
  log('building the e2e extension (npm run build:e2e)');
  execSync('npm run build:e2e', { stdio: ['ignore', 'ignore', 'inherit'] });
}
mkdirSync(RUNS, { recursive: true });

const metrics: Metric[] = [];
const failures: BenchFailure[] = [];
const durations: Record<string, number> = {};
const raw: Record<string, unknown> = {};
const tsx = path.join('node_modules', '.bin', 'tsx');

function run(bench: Bench, size: Size): unknown {
  const out = outOf(bench, size);
  rmSync(out, { force: true });
  const args = commandOf(bench, size);
  log(`${size} ${bench}: tsx ${args.join(' ')}`);
  const t = performance.now();
  // The large Analytics run keeps a 10k-person organization and its in-memory database in one Node process (~3 GB at peak).
  const env = bench === 'analytics' && size === 'large' ? { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=8192`.trim() } : process.env;
  const child = spawnSync(tsx, args, { stdio: 'inherit', env });
  durations[`${size}.${bench}`] = Math.round((performance.now() - t) / 1000);
  if (child.status !== 0 || !existsSync(out)) throw new Error(`exited with ${child.status ?? child.signal}${existsSync(out) ? '' : `, no ${out}`}`);
  return JSON.parse(readFileSync(out, 'utf8')) as unknown;
}

for (const size of sizes) {
  for (const bench of benches) {
    if (bench === 'bundle' && size !== sizes[0]) {
      // One build, one set of sizes: the same numbers are reported under each size.
      const first = raw[`${sizes[0]}.bundle`];
      if (first) metrics.push(...METRICS_OF.bundle!(size, first));
      continue;
    }
    try {
      const result = run(bench, size);
      raw[`${size}.${bench}`] = result;
      metrics.push(...METRICS_OF[bench]!(size, result));
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      log(`${size} ${bench} failed: ${error}`);
      failures.push({ size, bench, error });
    }
  }
}

const loadAtEnd = load();
const cores = os.cpus().length;
const date = startedAt.toISOString().slice(0, 10);
let report: BenchReport = {
  date,
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  sizes,
  benches: [...benches],
  machine: { cores, loadAtStart, loadAtEnd, busy: isBusy(cores, [loadAtStart[0], loadAtEnd[0]]), node: process.version, platform: `${os.type()} ${os.release()} ${os.arch()}` },
  durations,
  metrics,
  failures,
  raw,
};

const readReport = (file: string): BenchReport | null => {
  try {
    return JSON.parse(readFileSync(path.join(RESULTS, file), 'utf8')) as BenchReport;
  } catch {
    return null;
  }
};
const previousFile = pickPrevious(readdirSync(RESULTS), date);
const previous = previousFile ? readReport(previousFile) : null;
const sameDay = readReport(`${date}.json`);
report = mergeSameDay(report, sameDay);
const comparison = compareMetrics(report.metrics, previous?.metrics ?? null, previous ? `${previous.date} (${previous.finishedAt})` : null);
const markdown = renderMarkdown(report, comparison);
writeFileSync(path.join(RESULTS, `${date}.json`), JSON.stringify({ ...report, comparison }, null, 2) + '\n');
writeFileSync(path.join(RESULTS, `${date}.md`), markdown + '\n');
console.log('\n' + markdown);
log(`wrote ${RESULTS}/${date}.json and ${RESULTS}/${date}.md`);

if (failures.length > 0) process.exitCode = 1;
if (values['fail-on-regression'] && comparison.regressions.length > 0) {
  log(`${comparison.regressions.length} regression(s) over 10%`);
  process.exitCode = 1;
}
