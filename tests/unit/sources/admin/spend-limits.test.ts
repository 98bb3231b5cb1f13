import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { startSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { SIZE_PRESETS } from '../../../sandbox/shared/contracts.ts';
import { createDb, type AppDb } from '../../../../lib/sources/database.ts';
import { createHttpClient, RequestLimiter } from '../../../../lib/api/http/index.ts';
import { AdminClient, type AdminSource } from '../../../../lib/sources/admin/client.ts';
import { JOB_ID, type AdminCheckpoint } from '../../../../lib/sources/admin/checkpoint.ts';
import { SYNC_JOB } from '../../../../lib/sources/admin/job.ts';
import { ADMIN_SYNC_LOG } from '../../../../lib/sources/admin/state.ts';
import { describeAdminError } from '../../../../lib/sources/admin/errors.ts';
import { ADMIN_SPEND_LIMITS_STATUS, limitOrigin, limitShare, limitSourceLabel, limitThresholdReached, sortByShare } from '../../../../lib/sources/admin/limits-view.ts';
import { spendLimitRow } from '../../../../lib/sources/admin/spend-limits.ts';
import { SpendSummarySchema } from '../../../../lib/sources/admin/schemas.ts';
import { Job, checkpointOf } from '../../../../lib/jobs/job.ts';
import { formatMinor } from '../../../../lib/util/money.ts';

/**
 * Effective per-person spend limits and pending increase requests (admin-api.md §4) through the Admin
 * API sync, against the sandbox: paging that never splits a member's rows, the refusals that hide the
 * feature without failing the sync, resume after a stop inside the phase, and the derivations pages and
 * rules use. Expected values come from the sandbox's own records.
 */
let sandbox: Sandbox;
let db: AppDb;
let n = 0;

const http = (secret = sandbox.keys.admin.full.secret) =>
  createHttpClient({ api: 'admin', baseUrl: sandbox.url, credential: async () => secret, limiter: new RequestLimiter({ perMinute: 100_000, burst: 1000 }), retry: { baseDelayMs: 5, maxDelayMs: 20 }, describeError: describeAdminError });
const client = (pageSize?: number) => new AdminClient(http(), pageSize);
const sync = (source: AdminSource = client()) => new Job(db, SYNC_JOB, source, {}).run();

async function expectLimitsMatchSandbox() {
  const truth = sandbox.admin.data.spendSummaries;
  const rows = await db.adminSpendLimits.toArray();
  expect(rows).toHaveLength(truth.length);
  for (const t of truth) {
    const row = await db.adminSpendLimits.get(`${t.actor.user_id}|${t.period}`);
    expect(row, `${t.actor.user_id} ${t.period}`).toMatchObject({ userId: t.actor.user_id, email: t.actor.email_address!.toLowerCase(), amount: t.amount, spent: t.period_to_date_spend, currency: 'USD', source: { type: t.source.type } });
  }
  const pending = sandbox.admin.data.increaseRequests.filter((r) => r.status === 'pending');
  expect((await db.adminLimitRequests.toArray()).map((r) => r.id).sort()).toEqual(pending.map((r) => r.id).sort());
}

beforeAll(async () => {
  sandbox = await startSandbox({ size: { ...SIZE_PRESETS.tiny, users: 30, groups: 5, roles: 3, mcpServers: 2 }, seed: 23 });
});
afterAll(async () => sandbox?.close());
beforeEach(() => {
  db = createDb({ name: `limits-${n++}`, indexedDB: new IDBFactory(), IDBKeyRange });
  const c = sandbox.admin.control;
  c.spendLimits = 'on';
  c.organizationType = 'enterprise';
  c.maxPageSize = 1000;
});

describe('sandbox spend limits (the ground truth)', () => {
  it('has user overrides, inherited limits, members past 75, 90 and 100 %, an uncapped period and a pending request', () => {
    const rows = sandbox.admin.data.spendSummaries.map((s) => spendLimitRow(SpendSummarySchema.parse(s))!);
    const sources = new Set(rows.map((r) => r.source!.type));
    expect(sources).toEqual(new Set(['user', 'rbac_group', 'organization']));
    const reached = rows.map((r) => limitThresholdReached(r));
    for (const t of [75, 90, 100]) expect(reached.filter((r) => r === t).length, `${t}%`).toBeGreaterThan(0);
    expect(rows.some((r) => r.amount === null)).toBe(true);
    expect(sandbox.admin.data.increaseRequests.filter((r) => r.status === 'pending')).toHaveLength(1);
  });
});

describe('Admin API sync: spend limits', () => {
  it('stores every effective limit and the pending increase request, and records availability', async () => {
    expect((await sync()).status).toBe('done');
    await expectLimitsMatchSandbox();
    expect(await ADMIN_SPEND_LIMITS_STATUS.read(db)).toMatchObject({ limits: { available: true, reason: null }, requests: { available: true } });
    expect((await ADMIN_SYNC_LOG.read(db))![0]!.message).toBeNull();
    // The pending request carries the requester's live summary; the approved one is left out.
    const [req] = await db.adminLimitRequests.toArray();
    const truth = sandbox.admin.data.increaseRequests[0]!;
    expect(req).toMatchObject({ userId: truth.actor.user_id, status: 'pending', period: 'monthly', amount: truth.spend_summary!.amount, spent: truth.spend_summary!.period_to_date_spend });
  });

  it('pages by next_page at small pages; a member with two periods is never split across pages', async () => {
    const seen: Array<Array<string>> = [];
    const inner = client(2);
    const spy: AdminSource = Object.assign(Object.create(inner) as AdminSource, {
      spendLimits: async (page: string | null, signal?: AbortSignal) => {
        const res = await inner.spendLimits(page, signal);
        seen.push(res.items.map((s) => s.actor.user_id ?? ''));
        return res;
      },
    });
    sandbox.stats.reset();
    expect((await sync(spy)).status).toBe('done');
    await expectLimitsMatchSandbox();
    expect(seen.length).toBeGreaterThan(5);
    const pageOf = new Map<string, number>();
    seen.forEach((ids, p) => {
      for (const id of ids) {
        if (pageOf.has(id)) expect(pageOf.get(id), `${id} split across pages`).toBe(p);
        pageOf.set(id, p);
      }
    });
    for (const ids of seen) expect(ids.length).toBeLessThanOrEqual(2);
  });

  it('unknown fields are kept with the row; unknown scope types and periods stay strings', () => {
    const row = spendLimitRow(
      SpendSummarySchema.parse({
        actor: { type: 'user_actor', user_id: 'user_x', email_address: 'X@Example.com', name: 'X', deleted: false },
        amount: '1000',
        currency: 'usd',
        period: 'quarterly',
        period_to_date_spend: '12.345',
        scope: { type: 'user', user_id: 'user_x' },
        source: { type: 'cost_center', cost_center_id: 'cc_1' },
        spend_limit_id: 'spl_1',
        future_field: { a: 1 },
      }),
    )!;
    expect(row).toMatchObject({ id: 'user_x|quarterly', email: 'x@example.com', currency: 'USD', period: 'quarterly', spent: '12.345', source: { type: 'cost_center', id: null } });
    expect(row.raw.future_field).toEqual({ a: 1 });
    // A limit whose amount is not a decimal is skipped (counted), never guessed.
    expect(spendLimitRow(SpendSummarySchema.parse({ actor: { type: 'user_actor', user_id: 'u' }, amount: 'lots', period: 'monthly' }))).toBeNull();
  });

  for (const [mode, pattern, reason] of [
    ['unsupported', /offered only to Claude Enterprise organizations/, 'organization_type'],
    ['forbidden', /not available to this Admin API key/, 'not_available'],
    ['not_found', /not available to this organization/, 'not_available'],
  ] as const) {
    it(`${mode}: the sync still completes, the limits are cleared and the reason is kept`, async () => {
      expect((await sync()).status).toBe('done');
      expect(await db.adminSpendLimits.count()).toBeGreaterThan(0);
      sandbox.admin.control.spendLimits = mode;
      expect((await sync()).status).toBe('done');
      expect(await db.adminSpendLimits.count()).toBe(0);
      expect(await db.adminLimitRequests.count()).toBe(0);
      // The rest of the directory is there.
      expect(await db.adminUsers.count()).toBe(sandbox.admin.data.users.length);
      const status = (await ADMIN_SPEND_LIMITS_STATUS.read(db))!;
      expect(status.limits).toMatchObject({ available: false, reason });
      expect(status.limits.message).toMatch(pattern);
      const message = (await ADMIN_SYNC_LOG.read(db))![0]!.message!;
      expect(message).toMatch(pattern);
      // The same refusal for the requests is not repeated in the log.
      expect(message.match(/not available|offered only/g)).toHaveLength(1);
    });
  }

  it('a server error in the limits phase stops the sync for a later retry (it is not read as "unavailable") and keeps the previous data', async () => {
    expect((await sync()).status).toBe('done');
    const inner = client();
    const broken: AdminSource = Object.assign(Object.create(inner) as AdminSource, {
      spendLimits: async () => {
        throw new (await import('../../../../lib/api/http/index.ts')).ApiError({ kind: 'http', api: 'admin', method: 'GET', path: '/v1/organizations/spend_limits/effective', status: 500, message: 'Internal server error' });
      },
    });
    const outcome = await sync(broken);
    // A 5xx is retryable: the run pauses to be resumed, and nothing is published.
    expect(outcome.status).toBe('paused');
    await expectLimitsMatchSandbox();
  });

  it('a run stopped inside the limits phase resumes from its checkpoint to the same result', async () => {
    const controller = new AbortController();
    const inner = client(3);
    const stopping: AdminSource = Object.assign(Object.create(inner) as AdminSource, {
      spendLimits: async (page: string | null, signal?: AbortSignal) => {
        const res = await inner.spendLimits(page, signal);
        if (page !== null) controller.abort();
        return res;
      },
    });
    const first = await new Job(db, SYNC_JOB, stopping, {}).run(controller.signal);
    expect(first.status).toBe('cancelled');
    const stopped = checkpointOf<AdminCheckpoint>(await db.jobs.get(JOB_ID))!;
    expect(stopped.phase).toBe('limits');
    expect(stopped.counts.limits).toBeGreaterThan(0);
    expect(await db.adminSpendLimits.count()).toBe(0);
    // As a killed worker leaves it: running, to be resumed.
    await db.jobs.update(JOB_ID, { status: 'running' });
    expect((await new Job(db, SYNC_JOB, client(3), {}).run()).status).toBe('done');
    expect(checkpointOf<AdminCheckpoint>(await db.jobs.get(JOB_ID))!.runId).toBe(stopped.runId);
    await expectLimitsMatchSandbox();
  });
});

describe('derivations', () => {
  const row = (amount: string | null, spent: string) => ({ amount, spent });
  it('share and thresholds are exact at the boundary', () => {
    expect(limitThresholdReached(row('100000', '74999.999'))).toBeNull();
    expect(limitThresholdReached(row('100000', '75000'))).toBe(75);
    expect(limitThresholdReached(row('100000', '89999.999'))).toBe(75);
    expect(limitThresholdReached(row('100000', '90000'))).toBe(90);
    expect(limitThresholdReached(row('100000', '100000'))).toBe(100);
    expect(limitThresholdReached(row(null, '999999'))).toBeNull();
    expect(limitShare(row('20000', '20150.25'))).toBeCloseTo(100.75125, 10);
    expect(limitShare(row(null, '5'))).toBeNull();
    expect(limitShare(row('0', '0'))).toBe(100);
  });
  it('origin and source label follow the API\'s source scope', () => {
    expect(limitOrigin({ source: { type: 'user', id: 'user_1' } })).toBe('override');
    expect(limitOrigin({ source: { type: 'rbac_group', id: 'rbac_group_1' } })).toBe('inherited');
    expect(limitSourceLabel({ type: 'rbac_group', id: 'rbac_group_1' }, new Map([['rbac_group_1', 'Engineering']]))).toBe('Inherited from RBAC group Engineering');
    expect(limitSourceLabel({ type: 'organization', id: null })).toBe('Inherited from organization default');
    expect(limitSourceLabel({ type: 'user', id: 'u' })).toBe('User override');
  });
  it('sorts by share, highest first, uncapped last', () => {
    const r = (email: string, amount: string | null, spent: string) => ({ email, userId: email, period: 'monthly', amount, spent });
    expect(sortByShare([r('a', '100', '10'), r('b', null, '50'), r('c', '100', '95'), r('d', '100', '101')]).map((x) => x.email)).toEqual(['d', 'c', 'a', 'b']);
  });
  it('money in minor units formats exactly per currency', () => {
    expect(formatMinor('20150.25', 'USD')).toBe('$201.50');
    expect(formatMinor('50000', 'usd')).toBe('$500.00');
    expect(formatMinor('123456', 'EUR')).toBe('1,234.56 EUR');
    expect(formatMinor('1500', 'JPY')).toBe('1,500 JPY');
  });
});
