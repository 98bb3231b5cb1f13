import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { startSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { SIZE_PRESETS } from '../../../sandbox/shared/contracts.ts';
import { createDb, type AppDb } from '../../../../lib/sources/database.ts';
import { createHttpClient, RequestLimiter } from '../../../../lib/api/http/index.ts';
import { AnalyticsClient, USAGE_COST_BETA } from '../../../../lib/sources/analytics/client.ts';
import { COLLECTION_JOB } from '../../../../lib/sources/analytics/job.ts';
import { JOB_ID, type AnalyticsCheckpoint } from '../../../../lib/sources/analytics/checkpoint.ts';
import { ANALYTICS_ROLLUPS, ANALYTICS_STATE } from '../../../../lib/sources/analytics/state.ts';
import { monthRollup } from '../../../../lib/sources/analytics/rollups.ts';
import { dailyActivity } from '../../../../lib/sources/analytics/views.ts';
import { activityFrom } from '../../../../lib/sources/analytics/phases/engagement.ts';
import { monthRange } from '../../../../lib/sources/analytics/phases/spend.ts';
import { Job, checkpointOf } from '../../../../lib/jobs/job.ts';
import { JobRunner } from '../../../../lib/jobs/runner.ts';
import { SNAPSHOT_JOB } from '../../../../lib/sources/compliance/job.ts';
import { ComplianceClient } from '../../../../lib/sources/compliance/client.ts';
import { sumCents } from '../../../../lib/util/money.ts';
import { addDays } from '../../../../lib/sources/analytics/dates.ts';
import { describeAnalyticsError } from '../../../../lib/sources/analytics/errors.ts';

/**
 * The Analytics collection end to end in Node: the real client against the real sandbox (SDK 1.16
 * shapes), into Dexie on fake-indexeddb. Ground truth is the API itself asked differently: the
 * organization's ungrouped total for a month must equal the sum of what we stored per person × model ×
 * product, exactly, to the fraction of a cent.
 */
let sandbox: Sandbox;
let db: AppDb;
let n = 0;

const http = (secret = sandbox.keys.analytics.full.secret, api: 'analytics' | 'compliance' = 'analytics') =>
  createHttpClient({ api, baseUrl: sandbox.url, describeError: describeAnalyticsError, credential: async () => secret, limiter: new RequestLimiter({ perMinute: 100_000, burst: 1000 }), retry: { baseDelayMs: 5, maxDelayMs: 20 } });
const collect = (options = {}) => new Job(db, COLLECTION_JOB, new AnalyticsClient(http()), options).run();

async function orgTotal(path: '/cost' | '/usage', month: string): Promise<{ amount?: string; tokens?: number }> {
  const { start, end } = monthRange(month, new Date());
  const res = await http().request(`/v1/organizations/analytics${path}`, { query: { starting_at: start, ending_at: end, limit: 1000 }, headers: { 'anthropic-beta': USAGE_COST_BETA } });
  const item = (res.data as { data: Array<{ cost?: { amount: string }; usage?: { total_tokens: number } }> }).data[0];
  return { amount: item?.cost?.amount, tokens: item?.usage?.total_tokens };
}

/** Days of the run's per-day window the summaries reported someone active on: each costs one /users?date=… page at these sizes. */
async function activeDaysIn(cp: AnalyticsCheckpoint): Promise<number> {
  const from = activityFrom(cp, {});
  return db.anDays.filter((d) => d.date >= from && (cp.engagementTo === null || d.date < cp.engagementTo) && d.dailyActiveUsers > 0).count();
}

beforeAll(async () => {
  sandbox = await startSandbox({ size: { ...SIZE_PRESETS.tiny, users: 60 }, seed: 3, analyticsRateLimit: 100_000, complianceRateLimit: 100_000 });
});
afterAll(async () => sandbox?.close());
beforeEach(() => {
  db = createDb({ name: `analytics-${n++}`, indexedDB: new IDBFactory(), IDBKeyRange });
  sandbox.faults.clear();
  sandbox.analytics.control.reset();
  sandbox.analytics.control.limiter.limit = 100_000;
});

describe('Analytics collection', () => {
  it('backfills engagement and spend; stored spend equals the API totals exactly; no request wasted', async () => {
    sandbox.stats.reset();
    const outcome = await collect();
    expect(outcome.status).toBe('done');
    const state = (await ANALYTICS_STATE.read(db))!;
    expect(state.costSource).toBe('usage-cost');
    expect(state.engagementTo).toBe(addDays(sandbox.analytics.control.latestAvailableDate(), 1));
    // Per month: one page each for cost, usage, teams (cost, usage) and days (cost, usage) at these sizes; plus summaries, people and connectors,
    // and one page of per-person rows for each day someone was active (the messages per day).
    const cp = checkpointOf<AnalyticsCheckpoint>(await db.jobs.get(JOB_ID))!;
    expect(sandbox.stats.counts.analytics).toBe(cp.requests);
    const active = await activeDaysIn(cp);
    expect(active).toBeGreaterThan(10);
    expect(cp.requests).toBe(3 + active + state.months.length * 6);
    expect(await db.anDays.count()).toBeGreaterThan(30);
    expect(await db.anUsers.count()).toBeGreaterThan(0);
    for (const month of state.months) {
      const rows = await db.anSpend.where('month').equals(month).toArray();
      const truth = await orgTotal('/cost', month);
      expect(sumCents(rows.map((r) => r.amount)), month).toBe(sumCents([truth.amount ?? '0']));
      const tokens = rows.reduce((s, r) => s + r.totalTokens, 0);
      expect(tokens, month).toBe((await orgTotal('/usage', month)).tokens ?? 0);
      const daily = await db.anDailySpend.where('date').startsWith(month).toArray();
      expect(sumCents(daily.map((d) => d.amount)), month).toBe(sumCents([truth.amount ?? '0']));
    }
  });

  it('a later poll re-reads only the revisable days and months', async () => {
    await collect();
    const first = (await ANALYTICS_STATE.read(db))!;
    sandbox.stats.reset();
    expect((await collect()).status).toBe('done');
    const cp = checkpointOf<AnalyticsCheckpoint>(await db.jobs.get(JOB_ID))!;
    expect(cp.kind).toBe('incremental');
    expect(cp.months.length).toBeLessThanOrEqual(2);
    expect(cp.months.length).toBeLessThan(first.months.length);
    expect(cp.engagementFrom > first.engagementFrom!).toBe(true);
    expect(sandbox.stats.counts.analytics).toBe(3 + (await activeDaysIn(cp)) + cp.months.length * 6);
    // Earlier months are kept, re-read ones replaced (not doubled).
    const month = first.months[first.months.length - 1]!;
    const rows = await db.anSpend.where('month').equals(month).toArray();
    expect(sumCents(rows.map((r) => r.amount))).toBe(sumCents([(await orgTotal('/cost', month)).amount ?? '0']));
  });

  it('messages and Claude Code sessions per day equal the sandbox ground truth; days nobody was active on, or before the per-day window, stay unknown', async () => {
    expect((await collect()).status).toBe('done');
    const cp = checkpointOf<AnalyticsCheckpoint>(await db.jobs.get(JOB_ID))!;
    const from = activityFrom(cp, {});
    expect(from).toBe(addDays(cp.engagementTo!, -31));
    const days = await db.anDays.orderBy('date').toArray();
    expect(days.filter((d) => d.date < from && d.dailyActiveUsers > 0).every((d) => d.activity === undefined)).toBe(true);
    let checked = 0;
    for (const d of days.filter((x) => x.date >= from)) {
      const truth = sandbox.analytics.control.dayTruth(d.date);
      if (d.dailyActiveUsers === 0) {
        expect(d.activity, d.date).toBeUndefined();
        expect(truth.people, d.date).toBe(0);
        continue;
      }
      expect(d.activity, d.date).toBeDefined();
      const a = d.activity!;
      expect(a.people, d.date).toBe(truth.people);
      expect(a.messages, d.date).toMatchObject({
        chat_metrics: truth.messages.chat,
        cowork_metrics: truth.messages.cowork,
        office_metrics: truth.messages.office,
        design_metrics: truth.messages.design,
        science_metrics: truth.messages.science,
      });
      expect(a.claudeCodeSessions ?? 0, d.date).toBe(truth.claudeCodeSessions);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
    // A longer window on request (a first run into a fresh database): every active day of the backfill.
    db = createDb({ name: `analytics-${n++}`, indexedDB: new IDBFactory(), IDBKeyRange });
    expect((await collect({ activityDays: 366 })).status).toBe('done');
    const series = dailyActivity(await db.anDays.orderBy('date').toArray());
    const withMessages = series.points.filter((p) => p.messages !== null);
    expect(withMessages.length).toBeGreaterThan(checked);
    for (const p of withMessages) expect(p.messages, p.date).toBe(sandbox.analytics.control.dayTruth(p.date).totalMessages);
  });

  it('publishes per-month rollups equal to the views of the published rows', async () => {
    expect((await collect()).status).toBe('done');
    const state = (await ANALYTICS_STATE.read(db))!;
    const rollups = (await ANALYTICS_ROLLUPS.read(db))!;
    expect(Object.keys(rollups.months).sort()).toEqual([...state.months].sort());
    for (const month of state.months) {
      const rows = await db.anSpend.where('month').equals(month).toArray();
      expect(rollups.months[month], month).toEqual(monthRollup(rows, month));
      expect(rollups.months[month]!.totals.amount, month).toBe(sumCents([(await orgTotal('/cost', month)).amount ?? '0']));
    }
  });

  it('data published without rollups (an earlier version) gets them at the next publish, also for the months not read again', async () => {
    await collect();
    await db.kv.delete(ANALYTICS_ROLLUPS.key);
    const before = await db.anSpend.toArray();
    expect((await collect()).status).toBe('done');
    const cp = checkpointOf<AnalyticsCheckpoint>(await db.jobs.get(JOB_ID))!;
    const state = (await ANALYTICS_STATE.read(db))!;
    const kept = state.months.filter((m) => !cp.months.includes(m));
    expect(kept.length).toBeGreaterThan(0);
    const rollups = (await ANALYTICS_ROLLUPS.read(db))!;
    for (const month of state.months) expect(rollups.months[month], month).toEqual(monthRollup(await db.anSpend.where('month').equals(month).toArray(), month));
    // The kept months' rollups were computed from the rows published before, which this run did not touch.
    for (const month of kept) expect(rollups.months[month]).toEqual(monthRollup(before, month));
  });

  it('falls back to the per-user reports when /usage and /cost are refused, and says so', async () => {
    sandbox.analytics.control.usageCostEnabled = false;
    expect((await collect()).status).toBe('done');
    const state = (await ANALYTICS_STATE.read(db))!;
    expect(state.costSource).toBe('legacy');
    expect(state.costNote).toMatch(/per-user reports.*seat/);
    expect(await db.anSpend.count()).toBeGreaterThan(0);
    expect((await db.anSpend.toArray()).every((r) => r.actor.type === 'user_actor')).toBe(true);
  });

  it('an expired cursor restarts its query without doubling rows', async () => {
    // Small pages; every cursor expires after the first page of the first money query.
    const client = new AnalyticsClient(http(), { reports: 5 });
    let expired = false;
    const wrapped = Object.assign(Object.create(client) as AnalyticsClient, {
      cost: async (...args: Parameters<AnalyticsClient['cost']>) => {
        const page = await client.cost(...args);
        if (!expired && page.next) {
          expired = true;
          sandbox.analytics.control.expireCursors();
        }
        return page;
      },
    });
    expect((await new Job(db, COLLECTION_JOB, wrapped, {}).run()).status).toBe('done');
    expect(expired).toBe(true);
    const state = (await ANALYTICS_STATE.read(db))!;
    for (const month of state.months) {
      const rows = await db.anSpend.where('month').equals(month).toArray();
      expect(sumCents(rows.map((r) => r.amount))).toBe(sumCents([(await orgTotal('/cost', month)).amount ?? '0']));
    }
  });

  it('report_page_too_large: the query is read again with smaller pages, and the totals stay exact', async () => {
    sandbox.faults.add({ path: '^/v1/organizations/analytics/cost$', times: 1, status: 400, errorType: 'invalid_request_error', errorCode: 'report_page_too_large', message: 'The requested report page is too large.' });
    expect((await collect()).status).toBe('done');
    const cp = checkpointOf<AnalyticsCheckpoint>(await db.jobs.get(JOB_ID))!;
    expect(Object.values(cp.pageLimits ?? {})).toEqual([500]);
    const state = (await ANALYTICS_STATE.read(db))!;
    for (const month of state.months) {
      const rows = await db.anSpend.where('month').equals(month).toArray();
      expect(sumCents(rows.map((r) => r.amount))).toBe(sumCents([(await orgTotal('/cost', month)).amount ?? '0']));
    }
  });

  it('too_many_report_groups: the collection completes, and says which numbers are missing', async () => {
    // Only the team-cost queries fail (each one is refused once, as the server would for that grouping).
    const client = new AnalyticsClient(http());
    const wrapped = Object.assign(Object.create(client) as AnalyticsClient, {
      cost: async (...args: Parameters<AnalyticsClient['cost']>) => {
        if (args[0].groupBy.includes('rbac_group_id')) sandbox.faults.add({ path: '^/v1/organizations/analytics/cost$', times: 1, status: 400, errorCode: 'too_many_report_groups', message: 'Too many groups.' });
        return client.cost(...args);
      },
    });
    expect((await new Job(db, COLLECTION_JOB, wrapped, {}).run()).status).toBe('done');
    const state = (await ANALYTICS_STATE.read(db))!;
    expect(state.costNote).toMatch(/could not group teamCost for \d{4}-\d{2}/);
    expect(await db.anTeamSpend.filter((t) => t.amount !== '0').count()).toBe(0);
    expect(await db.anSpend.count()).toBeGreaterThan(0);
  });

  it('a revoked key fails with the reason; the previous data stays', async () => {
    await collect();
    const before = await db.anSpend.count();
    const outcome = await new Job(db, COLLECTION_JOB, new AnalyticsClient(http('sk-ant-api01-revokedrevokedrevokedrevokedrevokedrevokedrevokedrevoked')), {}).run();
    expect(outcome.status).toBe('failed');
    if (outcome.status !== 'done') expect(outcome.error).toMatch(/Analytics API key was rejected/);
    expect(await db.anSpend.count()).toBe(before);
  });

  it('both sources run through the same runner', async () => {
    const runners = [
      new JobRunner({ db, jobId: SNAPSHOT_JOB.id, makeJob: async () => new Job(db, SNAPSHOT_JOB, new ComplianceClient(http(sandbox.keys.compliance.full.secret, 'compliance')), {}) }),
      new JobRunner({ db, jobId: COLLECTION_JOB.id, makeJob: async () => new Job(db, COLLECTION_JOB, new AnalyticsClient(http()), {}) }),
    ];
    const started = await Promise.all(runners.map((r) => r.start()));
    expect(started.every((s) => !s.joined)).toBe(true);
    for (let i = 0; i < 400 && (await db.jobs.toArray()).some((j) => j.status === 'running' || j.status === 'queued'); i++) await new Promise((r) => setTimeout(r, 25));
    expect((await db.jobs.toArray()).map((j) => [j.id, j.status]).sort()).toEqual([
      ['analytics-collection', 'done'],
      ['compliance-snapshot', 'done'],
    ]);
    expect(await db.pubModels.count()).toBeGreaterThan(0);
    expect(await db.anSpend.count()).toBeGreaterThan(0);
  });
});
