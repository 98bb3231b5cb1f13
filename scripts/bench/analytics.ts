/**
 * `npm run bench:analytics [-- --users N --days D --out FILE]` — the Analytics collection's cost, in Node: the
 * real client and job against the in-process sandbox (SDK 1.16 shapes), writing into fake-indexeddb.
 * Default organization: 10k users, 90 days of activity.
 *
 * Reports, for the first (backfill) run and for a later poll:
 * - requests against the minimum the API allows for the same data at maximum page sizes: for every
 *   query the job makes, ceil(rows the API holds for it / page size), at least one request; rows are
 *   counted by asking the sandbox each query once more at page size 1,000 and following every page;
 * - wall time at the 60 requests/minute organization floor and at the default half share (30/min);
 * - local processing time (total minus time spent waiting for responses) and peak JS heap.
 * Writes bench-results/analytics.json (or `--out FILE`), which `npm run bench` reads.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { startSandbox } from '../../tests/sandbox/server.ts';
import { SIZE_PRESETS } from '../../tests/sandbox/shared/contracts.ts';
import { createDb } from '../../lib/sources/database.ts';
import { createHttpClient, RequestLimiter } from '../../lib/api/http/index.ts';
import { AnalyticsClient } from '../../lib/sources/analytics/client.ts';
import { COLLECTION_JOB } from '../../lib/sources/analytics/job.ts';
import { Job, checkpointOf } from '../../lib/jobs/job.ts';
import { JOB_ID, type AnalyticsCheckpoint } from '../../lib/sources/analytics/checkpoint.ts';
import { activityFrom } from '../../lib/sources/analytics/phases/engagement.ts';

const { values } = parseArgs({ options: { users: { type: 'string', default: '10000' }, days: { type: 'string', default: '90' }, out: { type: 'string', default: 'bench-results/analytics.json' } } });
const users = Number(values.users);
const days = Number(values.days);

let peakHeap = 0;
const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 100);

const t0 = performance.now();
const sandbox = await startSandbox({ size: { ...SIZE_PRESETS.large, users, chats: 10_000, analyticsDays: days }, seed: 7, analyticsRateLimit: 1_000_000, complianceRateLimit: 1_000_000 });
console.log(`Sandbox ready in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${sandbox.org.users.length.toLocaleString('en-US')} users, ${days} days of analytics`);
const db = createDb({ name: 'analytics-bench', indexedDB: new IDBFactory(), IDBKeyRange });

/** Counts the API's requests per path while a job runs (the sandbox's own counter). */
async function run(label: string) {
  const client = new AnalyticsClient(
    createHttpClient({ api: 'analytics', baseUrl: sandbox.url, credential: async () => sandbox.keys.analytics.full.secret, limiter: new RequestLimiter({ perMinute: 1_000_000, burst: 10_000 }) }),
  );
  sandbox.stats.reset();
  const started = performance.now();
  const outcome = await new Job(db, COLLECTION_JOB, client, {}).run();
  const seconds = (performance.now() - started) / 1000;
  const cp = checkpointOf<AnalyticsCheckpoint>(await db.jobs.get(JOB_ID))!;
  const requests = sandbox.stats.counts.analytics;
  const minimum = await minimumFor(cp);
  const result = {
    label,
    status: outcome.status,
    months: cp.months,
    requests,
    minimum,
    ratio: +(requests / minimum).toFixed(3),
    rows: { days: cp.counts.days, people: cp.counts.users, spendRows: cp.counts.spendRows },
    floorMinutesAt60: +(requests / 60).toFixed(1),
    minutesAtDefaultShare30: +(requests / 30).toFixed(1),
    wallSeconds: +seconds.toFixed(1),
    localSeconds: +(seconds - client.waitMs() / 1000).toFixed(1),
  };
  console.log(JSON.stringify(result));
  return result;
}

/**
 * The fewest requests that return the same data: each query the job makes, walked again at page size
 * 1,000 (the maximum), counting its pages. Summaries: one request for the whole range; no request for a
 * day the summaries show nobody active on.
 */
async function minimumFor(cp: AnalyticsCheckpoint): Promise<number> {
  const walker = new AnalyticsClient(
    createHttpClient({ api: 'analytics', baseUrl: sandbox.url, credential: async () => sandbox.keys.analytics.full.secret, limiter: new RequestLimiter({ perMinute: 1_000_000, burst: 10_000 }) }),
  );
  const { monthRange } = await import('../../lib/sources/analytics/phases/spend.ts');
  let pages = 1; // summaries: the whole range in one request
  let next: string | null = null;
  do {
    const p: { next: string | null } = await walker.users(cp.usersFrom, cp.engagementTo!, next);
    pages++;
    next = p.next;
  } while (next);
  do {
    const p: { next: string | null } = await walker.connectors(cp.usersFrom, cp.engagementTo!, next);
    pages++;
    next = p.next;
  } while (next);
  // Messages per day: one day's per-person rows for each day of the run's per-day window the summaries showed anyone active on.
  const from = activityFrom(cp, {});
  const active = await db.anDays.filter((d) => d.date >= from && d.date < cp.engagementTo! && d.dailyActiveUsers > 0).toArray();
  for (const d of active) {
    do {
      const p: { next: string | null } = await walker.usersOnDay(d.date, next);
      pages++;
      next = p.next;
    } while (next);
  }
  for (const month of cp.months) {
    const { start, end } = monthRange(month, new Date());
    const queries = [
      (pg: string | null) => walker.cost({ start, end, groupBy: ['actor', 'model', 'product'] }, pg),
      (pg: string | null) => walker.usage({ start, end, groupBy: ['actor', 'model', 'product'] }, pg),
      (pg: string | null) => walker.cost({ start, end, groupBy: ['rbac_group_id'] }, pg),
      (pg: string | null) => walker.usage({ start, end, groupBy: ['rbac_group_id'] }, pg),
      (pg: string | null) => walker.cost({ start, end, groupBy: [], daily: true }, pg),
      (pg: string | null) => walker.usage({ start, end, groupBy: [], daily: true }, pg),
    ];
    for (const q of queries) {
      let page: string | null = null;
      do {
        const p: { next: string | null } = await q(page);
        pages++;
        page = p.next;
      } while (page);
    }
  }
  return pages;
}

const first = await run(`backfill (${users.toLocaleString('en-US')} users, ${days} days)`);
sandbox.analytics.control.limiter.reset();
const later = await run('a later poll (revisable days and months only)');
clearInterval(sampler);
console.log(JSON.stringify({ peakHeapMB: +(peakHeap / 1e6).toFixed(0), first: { requests: first.requests, minimum: first.minimum }, later: { requests: later.requests, minimum: later.minimum } }));
mkdirSync(path.dirname(values.out), { recursive: true });
writeFileSync(values.out, JSON.stringify({ users, days, peakHeapMB: +(peakHeap / 1e6).toFixed(0), first, later }, null, 2) + '\n');
await sandbox.close();
