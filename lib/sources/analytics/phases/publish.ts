import Dexie from 'dexie';
import type { AnalyticsCheckpoint } from '../checkpoint.ts';
import { monthStart, nextMonth } from '../dates.ts';
import { mergeDaily, mergeDayActivity, mergeSpend, mergeTeam, spendKey } from '../derive.ts';
import { asRollups, monthRollup, ROLLUP_VERSION, type AnalyticsRollups, type MonthRollup } from '../rollups.ts';
import { ANALYTICS_ROLLUPS, ANALYTICS_STATE } from '../state.ts';
import type { ConnectorUsageRow, AnalyticsDayRow, AnalyticsUserRow, DailySpendRow, DayActivityRow, SpendRow, StagedRow, TeamSpendRow } from '../tables.ts';
import type { Env } from './env.ts';

const TABLES = ['anDays', 'anUsers', 'anConnectors', 'anSpend', 'anTeamSpend', 'anDailySpend', 'anStage', 'kv', 'jobs'] as const;

function merged<T>(rows: T[], key: (r: T) => string, merge: (a: T, b: T) => T): T[] {
  const out = new Map<string, T>();
  for (const r of rows) {
    const k = key(r);
    const had = out.get(k);
    out.set(k, had ? merge(had, r) : r);
  }
  return [...out.values()];
}

/**
 * Publishes the run in one transaction: the staged rows replace the re-read days, the people rollup and
 * the re-read months (cost and usage rows of one person × model × product merge into one row), and the
 * state says what the data covers. Until this commits, pages show the previous collection whole.
 * Spend rows are read, merged, written and rolled up one month at a time (a 10k-person backfill stages
 * about 750k of them), so the worker never holds the whole run in memory at once.
 */
export async function publish(cp: AnalyticsCheckpoint, env: Env): Promise<'done'> {
  const { db } = env;
  await db.transaction('rw', [...TABLES], async () => {
    const ofTable = async <T>(table: StagedRow['table']) => (await db.anStage.where('table').equals(table).toArray()).map((s) => s.row as T);
    const ofQuery = async <T>(query: string, table: StagedRow['table']) => (await db.anStage.where('query').equals(query).toArray()).filter((s) => s.table === table).map((s) => s.row as T);

    // Each day's activity, summed over the pages of that day's per-person rows, goes onto the day.
    const activity = new Map(merged(await ofTable<DayActivityRow>('anDayActivity'), (a) => a.date, (a, b) => ({ date: a.date, activity: mergeDayActivity(a.activity, b.activity) })).map((a) => [a.date, a.activity] as const));
    const days = (await ofTable<AnalyticsDayRow>('anDays')).map((d) => (activity.has(d.date) ? { ...d, activity: activity.get(d.date)! } : d));
    if (cp.engagementTo) {
      await db.anDays.where('date').between(cp.engagementFrom, cp.engagementTo, true, false).delete();
      await db.anDays.bulkPut(days);
    }
    if (cp.engagementTo && cp.engagementTo > cp.usersFrom) {
      const people = await ofTable<AnalyticsUserRow>('anUsers');
      await db.anUsers.clear();
      await db.anUsers.bulkPut(merged(people, (u) => u.userId, (_a, b) => b));
      await db.anConnectors.clear();
      await db.anConnectors.bulkPut(merged(await ofTable<ConnectorUsageRow>('anConnectors'), (c) => c.name, (_a, b) => b));
    }

    const rereadRollups: Record<string, MonthRollup> = {};
    if (cp.costSource !== 'none' && cp.months.length > 0) {
      const first = monthStart(cp.months[0]!).slice(0, 10);
      const end = monthStart(nextMonth(cp.months[cp.months.length - 1]!)).slice(0, 10);
      await db.anDailySpend.where('date').between(first, end, true, false).delete();
      await db.anDailySpend.bulkPut(merged((await ofTable<DailySpendRow>('anDailySpend')).filter((d) => d.date !== ''), (d) => d.date, mergeDaily));
      for (const month of cp.months) {
        // By primary-key range, one range delete per month: the `month` index would walk a cursor row by row.
        await db.anSpend.where(':id').between([month, Dexie.minKey, Dexie.minKey, Dexie.minKey], [month, Dexie.maxKey, Dexie.maxKey, Dexie.maxKey]).delete();
        await db.anTeamSpend.where(':id').between([month, Dexie.minKey], [month, Dexie.maxKey]).delete();
        const teams = [...(await ofQuery<TeamSpendRow>(`teamCost:${month}`, 'anTeamSpend')), ...(await ofQuery<TeamSpendRow>(`teamUsage:${month}`, 'anTeamSpend'))];
        await db.anTeamSpend.bulkPut(merged(teams, (t) => `${t.month}\u0000${t.groupId}`, mergeTeam));
        const spend = merged([...(await ofQuery<SpendRow>(`cost:${month}`, 'anSpend')), ...(await ofQuery<SpendRow>(`usage:${month}`, 'anSpend'))], spendKey, mergeSpend);
        await db.anSpend.bulkPut(spend);
        rereadRollups[month] = monthRollup(spend, month);
      }
    }
    await db.anStage.clear();

    const before = await ANALYTICS_STATE.read(db);
    const months = [...new Set([...(before?.months ?? []), ...(cp.costSource === 'none' ? [] : cp.months)])].sort();
    await ANALYTICS_ROLLUPS.write(db, await rollupsAfter(db, months, rereadRollups, env.now().toISOString()));
    await ANALYTICS_STATE.write(db, {
      completedAt: env.now().toISOString(),
      engagementFrom: before?.engagementFrom && before.engagementFrom < cp.engagementFrom ? before.engagementFrom : cp.engagementFrom,
      engagementTo: cp.engagementTo,
      dataRefreshedAt: cp.dataRefreshedAt,
      months,
      costSource: cp.costSource,
      costNote: cp.costNote,
    });
    await env.finish(cp);
  });
  return 'done';
}

/**
 * The per-month rollups the Usage & spend tab reads (../rollups.ts), written in the publish transaction:
 * months read again in this run from their new rows (already in memory); months kept from before keep
 * their rollup, or get one computed once from their stored rows (data published by an earlier version,
 * which wrote none); months no longer stored are dropped.
 */
async function rollupsAfter(db: Env['db'], months: readonly string[], reread: Readonly<Record<string, MonthRollup>>, now: string): Promise<AnalyticsRollups> {
  const before = asRollups((await db.kv.get(ANALYTICS_ROLLUPS.key))?.value);
  const out: AnalyticsRollups = { version: ROLLUP_VERSION, computedAt: now, months: {} };
  for (const m of months) {
    const kept = before?.version === ROLLUP_VERSION ? before.months[m] : undefined;
    out.months[m] = reread[m] ?? kept ?? monthRollup(await db.anSpend.where('month').equals(m).toArray(), m);
  }
  return out;
}
