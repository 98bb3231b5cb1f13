import { useLiveQuery } from 'dexie-react-hooks';
import type { AnalyticsDayRow, AnalyticsUserRow, DailySpendRow, SpendRow, TeamSpendRow } from '../../lib/sources/analytics/tables.ts';
import type { AnalyticsState } from '../../lib/sources/analytics/state.ts';
import type { DirectoryUser } from '../../lib/sources/analytics/views.ts';
import { pageDb } from '../db.ts';
import { firstReadSlot } from '../first-read.ts';
import { ANALYTICS_STATE_KEY, asAnalyticsState } from '../../lib/sources/analytics/state-view.ts';
import { asRollups, ROLLUPS_KEY, type AnalyticsRollups } from '../../lib/sources/analytics/rollups.ts';

/**
 * Live reads of the published Analytics tables. Every hook returns `undefined` while loading. Spend is read
 * per month, per person or per model (indexed), never the whole table, except where a join needs it
 * and the admin asked for it.
 */

export { ANALYTICS_STATE_KEY, asAnalyticsState } from '../../lib/sources/analytics/state-view.ts';
export const ANALYTICS_JOB_ID = 'analytics-collection';

const readState = async () => asAnalyticsState((await pageDb().kv.get(ANALYTICS_STATE_KEY))?.value);
const readRollups = async () => asRollups((await pageDb().kv.get(ROLLUPS_KEY))?.value);
const readDays = () => pageDb().anDays.orderBy('date').toArray();

/** What the Usage & spend tab's first render shows, read while its code loads. */
export interface UsageFirstRead {
  state: AnalyticsState | null;
  rollups: AnalyticsRollups | null;
  days: AnalyticsDayRow[];
}
const usageRead = firstReadSlot<UsageFirstRead>();

/**
 * Reads the published state, the rollups and the days (a few small records) while the tab's code loads,
 * when the page opens on the tab (components/inventory/lazy-views.ts), so the first render has them
 * instead of waiting for its live queries to start after mounting. Taken once by the next mount
 * (`takeUsageFirstRead`); the live queries keep the tab current from then on.
 */
export async function prefetchUsageFirstRead(): Promise<void> {
  const [state, rollups, days] = await Promise.all([readState(), readRollups(), readDays()]);
  usageRead.put({ state, rollups, days });
}

export const takeUsageFirstRead = (): UsageFirstRead | undefined => usageRead.take();

/** The last published collection, or null when none was ever published. `initial` is shown until the live query answers. */
export function useAnalyticsState(initial?: AnalyticsState | null): AnalyticsState | null | undefined {
  return useLiveQuery(readState, [], initial);
}

/** The per-month rollups written at publish; null when absent (data published by an earlier version) or unreadable. */
export function useRollups(initial?: AnalyticsRollups | null): AnalyticsRollups | null | undefined {
  return useLiveQuery(readRollups, [], initial);
}

export function useMonthSpend(month: string | null): SpendRow[] | undefined {
  return useLiveQuery(async () => (month ? pageDb().anSpend.where('month').equals(month).toArray() : []), [month]);
}

export function useAllSpend(enabled: boolean): SpendRow[] | undefined {
  return useLiveQuery(async () => (enabled ? pageDb().anSpend.toArray() : []), [enabled]);
}

export function useTeamSpend(month: string | null): TeamSpendRow[] | undefined {
  return useLiveQuery(async () => (month ? pageDb().anTeamSpend.where('month').equals(month).toArray() : []), [month]);
}

export function useDays(initial?: AnalyticsDayRow[]): AnalyticsDayRow[] | undefined {
  return useLiveQuery(readDays, [], initial);
}

export function useDailySpend(): DailySpendRow[] | undefined {
  return useLiveQuery(() => pageDb().anDailySpend.orderBy('date').toArray(), []);
}

/** RBAC group names from the Compliance directory. */
export function useGroupNames(): Array<{ id: string; name: string }> | undefined {
  return useLiveQuery(async () => (await pageDb().groups.toArray()).map((g) => ({ id: g.id, name: g.name })), []);
}

const readPersonSpend = (actorKey: string) => pageDb().anSpend.where('actorKey').equals(actorKey).toArray();
const readEngagement = async (userId: string) => (await pageDb().anUsers.get(userId)) ?? null;

export function usePersonSpend(actorKey: string, initial?: SpendRow[]): SpendRow[] | undefined {
  return useLiveQuery(() => readPersonSpend(actorKey), [actorKey], initial);
}

export function useEngagement(userId: string, initial?: AnalyticsUserRow | null): AnalyticsUserRow | null | undefined {
  return useLiveQuery(() => readEngagement(userId), [userId], initial);
}

/** What a person's usage section shows first, read before the person page mounts (components/people/first-read.ts). */
export interface PersonUsageFirstRead {
  id: string;
  state: AnalyticsState | null;
  spend: SpendRow[];
  engagement: AnalyticsUserRow | null;
}
const personUsageRead = firstReadSlot<PersonUsageFirstRead>();

export async function prefetchPersonUsage(id: string): Promise<void> {
  const [state, spend, engagement] = await Promise.all([readState(), readPersonSpend(id), readEngagement(id)]);
  personUsageRead.put({ id, state, spend, engagement }, id);
}

/** The prefetched read for this person, once. */
export const takePersonUsageFirstRead = (id: string): PersonUsageFirstRead | undefined => personUsageRead.take(id);

export function useModelSpendRows(model: string): SpendRow[] | undefined {
  return useLiveQuery(() => pageDb().anSpend.where('model').equals(model).toArray(), [model]);
}

export function useAllEngagement(enabled: boolean): AnalyticsUserRow[] | undefined {
  return useLiveQuery(async () => (enabled ? pageDb().anUsers.toArray() : []), [enabled]);
}

export function useDirectoryUsers(enabled: boolean): DirectoryUser[] | undefined {
  return useLiveQuery(
    async () => (enabled ? (await pageDb().users.toArray()).map((u) => ({ id: u.id, email: u.email, fullName: u.fullName, org: u.org, role: u.role })) : []),
    [enabled],
  );
}
