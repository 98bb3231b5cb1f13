import { ApiError } from '../../../api/http/index.ts';
import type { AnalyticsCheckpoint, Phase } from '../checkpoint.ts';
import type { AnalyticsSource, ReportPage, ReportQuery } from '../client.ts';
import { monthStart, nextMonth } from '../dates.ts';
import { spendFromCost, spendFromLegacy, spendFromUsage, teamFromCost } from '../derive.ts';
import type { StagedRow } from '../tables.ts';
import { addSkipped, stage, type Env } from './env.ts';

type Staged = { table: StagedRow['table']; row: StagedRow['row'] };
type MoneyPhase = Exclude<Phase, 'summaries' | 'users' | 'connectors' | 'dayUsers' | 'publish'>;

/** The smallest page size tried when the server says a page is too large. */
const MIN_PAGE = 10;

interface Reader {
  groupBy: string[];
  daily?: boolean;
  fetch: (client: AnalyticsSource, q: ReportQuery, page: string | null, signal?: AbortSignal) => Promise<ReportPage<unknown>>;
  rows: (item: never, month: string) => Staged[];
}

const dateOf = (iso: string | null | undefined) => (iso ?? '').slice(0, 10);
const teamTokens = (groupId: string | null | undefined, month: string, total: number) => ({ ...teamFromCost(groupId, month, '0', '0'), totalTokens: total });

/** /usage and /cost (all usage, every actor): what each money phase asks. */
const BETA: Record<MoneyPhase, Reader> = {
  cost: { groupBy: ['actor', 'model', 'product'], fetch: (c, q, p, s) => c.cost(q, p, s), rows: (i: Parameters<typeof spendFromCost>[0], m) => [{ table: 'anSpend', row: spendFromCost(i, m) }] },
  usage: { groupBy: ['actor', 'model', 'product'], fetch: (c, q, p, s) => c.usage(q, p, s), rows: (i: Parameters<typeof spendFromUsage>[0], m) => [{ table: 'anSpend', row: spendFromUsage(i, m) }] },
  teamCost: {
    groupBy: ['rbac_group_id'],
    fetch: (c, q, p, s) => c.cost(q, p, s),
    rows: (i: Parameters<typeof spendFromCost>[0], m) => [{ table: 'anTeamSpend', row: teamFromCost(i.group?.rbac_group_id, m, i.cost.amount, i.cost.list_amount) }],
  },
  teamUsage: {
    groupBy: ['rbac_group_id'],
    fetch: (c, q, p, s) => c.usage(q, p, s),
    rows: (i: Parameters<typeof spendFromUsage>[0], m) => [{ table: 'anTeamSpend', row: teamTokens(i.group?.rbac_group_id, m, spendFromUsage(i, m).totalTokens) }],
  },
  dailyCost: {
    groupBy: [],
    daily: true,
    fetch: (c, q, p, s) => c.cost(q, p, s),
    rows: (i: Parameters<typeof spendFromCost>[0], m) => {
      const s = spendFromCost(i, m);
      return [{ table: 'anDailySpend', row: { date: dateOf(i.starting_at), amount: s.amount, listAmount: s.listAmount, totalTokens: 0, requests: s.requests } }];
    },
  },
  dailyUsage: {
    groupBy: [],
    daily: true,
    fetch: (c, q, p, s) => c.usage(q, p, s),
    rows: (i: Parameters<typeof spendFromUsage>[0], m) => [{ table: 'anDailySpend', row: { date: dateOf(i.starting_at), amount: '0', listAmount: '0', totalTokens: spendFromUsage(i, m).totalTokens, requests: null } }],
  },
};

/** The legacy reports (seat users only): the fallback when /usage and /cost are refused. */
const LEGACY: Record<MoneyPhase, Reader> = {
  cost: { groupBy: ['model', 'product'], fetch: (c, q, p, s) => c.userCostReport(q, p, s), rows: (r: Parameters<typeof spendFromLegacy>[0], m) => [{ table: 'anSpend', row: spendFromLegacy(r, m, 'cost') }] },
  usage: { groupBy: ['model', 'product'], fetch: (c, q, p, s) => c.userUsageReport(q, p, s), rows: (r: Parameters<typeof spendFromLegacy>[0], m) => [{ table: 'anSpend', row: spendFromLegacy(r, m, 'usage') }] },
  teamCost: {
    groupBy: ['rbac_group_id'],
    fetch: (c, q, p, s) => c.userCostReport(q, p, s),
    rows: (r: Parameters<typeof spendFromLegacy>[0], m) => [{ table: 'anTeamSpend', row: teamFromCost(r.rbac_group_id, m, r.amount ?? '0', r.list_amount) }],
  },
  teamUsage: {
    groupBy: ['rbac_group_id'],
    fetch: (c, q, p, s) => c.userUsageReport(q, p, s),
    rows: (r: Parameters<typeof spendFromLegacy>[0], m) => [{ table: 'anTeamSpend', row: teamTokens(r.rbac_group_id, m, spendFromLegacy(r, m, 'usage').totalTokens) }],
  },
  dailyCost: {
    groupBy: [],
    daily: true,
    fetch: (c, q, p, s) => c.dailyReport('cost_report', q, p, s),
    rows: (r: Parameters<typeof spendFromLegacy>[0] & { starting_at: string }, m) => {
      const s = spendFromLegacy(r, m, 'cost');
      return [{ table: 'anDailySpend', row: { date: dateOf(r.starting_at), amount: s.amount, listAmount: s.listAmount, totalTokens: 0, requests: s.requests } }];
    },
  },
  dailyUsage: {
    groupBy: [],
    daily: true,
    fetch: (c, q, p, s) => c.dailyReport('usage_report', q, p, s),
    rows: (r: Parameters<typeof spendFromLegacy>[0] & { starting_at: string }, m) => [{ table: 'anDailySpend', row: { date: dateOf(r.starting_at), amount: '0', listAmount: '0', totalTokens: spendFromLegacy(r, m, 'usage').totalTokens, requests: null } }],
  },
};

/**
 * A month's range: [month start, the earlier of next month and tomorrow). [unverified] whether the API
 * accepts an `ending_at` in the future; ending at tomorrow's midnight keeps the current day's bucket whole.
 */
export function monthRange(month: string, now: Date): { start: string; end: string } {
  const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString().replace('.000Z', 'Z');
  const next = monthStart(nextMonth(month));
  return { start: monthStart(month), end: next < tomorrow ? next : tomorrow };
}

/** Whether /usage and /cost were refused as unavailable to this organization (not a bad key, not a bad query). */
export function usageCostUnavailable(err: unknown): boolean {
  if (!(err instanceof ApiError) || err.status === null) return false;
  if (err.status === 403 || err.status === 404) return true;
  if (err.errorCode === 'organization_not_enrolled_in_beta') return true;
  const text = `${err.serverMessage ?? ''}`.toLowerCase();
  return err.status === 400 && (text.includes('hipaa') || text.includes('beta') || text.includes('not enrolled'));
}

/** A cursor the server no longer honours: 410, or a 400 that says the page token does not match. */
export function cursorExpired(err: unknown, page: string | null): boolean {
  if (!(err instanceof ApiError) || page === null) return false;
  return err.status === 410 || (err.status === 400 && /\b(page|cursor)\b/i.test(err.serverMessage ?? ''));
}

/** One page of one money query for the month at `cp.index`. */
export async function moneyStep(cp: AnalyticsCheckpoint, env: Env): Promise<AnalyticsCheckpoint> {
  const { db, client } = env;
  const phase = cp.phase as MoneyPhase;
  const month = cp.months[cp.index];
  if (!month || cp.costSource === 'none') return env.skipToNextPhase(cp);
  const reader = (cp.costSource === 'legacy' ? LEGACY : BETA)[phase];
  const range = monthRange(month, env.now());
  const query = `${phase}:${month}`;
  const limit = cp.pageLimits?.[query];
  const q: ReportQuery = { start: range.start, end: range.end, groupBy: reader.groupBy, ...(reader.daily ? { daily: true } : {}), ...(limit ? { limit } : {}) };

  let page: ReportPage<unknown>;
  try {
    page = await reader.fetch(client, q, cp.page, env.signal);
  } catch (err) {
    if (cursorExpired(err, cp.page)) {
      // The cursor belongs to an export that has since refreshed: read this query again from its first page.
      return db.transaction('rw', ['anStage', 'jobs'], async () => {
        await db.anStage.where('query').equals(query).delete();
        const next = { ...cp, page: null };
        await env.commit(next);
        return next;
      });
    }
    const code = err instanceof ApiError ? err.errorCode : null;
    if (code === 'report_page_too_large') {
      // One page would carry more usage than the server allows: this query again from its first page, with pages half as large.
      const smaller = Math.floor((limit ?? (reader.daily ? 31 : 1000)) / 2);
      if (smaller < MIN_PAGE) throw err;
      return db.transaction('rw', ['anStage', 'jobs'], async () => {
        await db.anStage.where('query').equals(query).delete();
        const next = { ...cp, page: null, pageLimits: { ...cp.pageLimits, [query]: smaller } };
        await env.commit(next);
        return next;
      });
    }
    if (code === 'too_many_report_groups') {
      // [inferred] The server cannot group this query for this month; the rest of the collection goes on and the note says what is missing.
      const next: AnalyticsCheckpoint = cp.index + 1 < cp.months.length ? { ...cp, index: cp.index + 1, page: null } : env.nextPhase(cp);
      addSkipped(next, 'report queries', 1);
      const missing = `${phase} for ${month}`;
      next.costNote = `${cp.costNote ? `${cp.costNote} ` : ''}The API could not group ${missing} (too many groups); those numbers are missing.`;
      return db.transaction('rw', ['anStage', 'jobs'], async () => {
        await db.anStage.where('query').equals(query).delete();
        await env.commit(next);
        return next;
      });
    }
    if (cp.costSource === 'usage-cost' && usageCostUnavailable(err)) {
      const why = err instanceof ApiError ? `${err.status}` : '';
      // Every money phase starts over from the legacy reports, so no month mixes the two sources.
      const next: AnalyticsCheckpoint = {
        ...cp,
        costSource: 'legacy',
        phase: 'cost',
        phaseStartedAt: env.now().toISOString(),
        index: 0,
        page: null,
        costNote: `Spend and tokens come from the per-user reports, which cover people with a seat only: the Usage & Cost endpoints are not available to this organization (HTTP ${why}).`,
      };
      await db.transaction('rw', ['anStage', 'jobs'], async () => {
        await db.anStage.where('table').anyOf(['anSpend', 'anTeamSpend', 'anDailySpend']).delete();
        await env.commit(next);
      });
      return next;
    }
    if (cp.costSource === 'legacy' && usageCostUnavailable(err)) {
      const next = env.nextPhase({ ...cp, costSource: 'none', costNote: 'Spend and tokens are not available to this key or organization: neither the Usage & Cost endpoints nor the per-user reports answered.' });
      await db.transaction('rw', ['jobs'], () => env.commit(next));
      return next;
    }
    throw err;
  }

  addSkipped(cp, phase, page.skipped);
  const staged = page.items.flatMap((item) => reader.rows(item as never, month));
  return db.transaction('rw', ['anStage', 'jobs'], async () => {
    const byTable = new Map<StagedRow['table'], StagedRow['row'][]>();
    for (const s of staged) byTable.set(s.table, [...(byTable.get(s.table) ?? []), s.row]);
    for (const [table, rows] of byTable) await stage(db, query, table, rows);
    cp.counts.spendRows += staged.length;
    if (page.dataRefreshedAt && (cp.dataRefreshedAt === null || page.dataRefreshedAt > cp.dataRefreshedAt)) cp.dataRefreshedAt = page.dataRefreshedAt;
    let next: AnalyticsCheckpoint;
    if (page.next) next = { ...cp, page: page.next };
    else if (cp.index + 1 < cp.months.length) next = { ...cp, index: cp.index + 1, page: null };
    else next = env.nextPhase(cp);
    await env.commit(next);
    return next;
  });
}
