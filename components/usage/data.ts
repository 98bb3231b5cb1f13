import { useLiveQuery } from 'dexie-react-hooks';
import type { AnalyticsDayRow, AnalyticsUserRow, DailySpendRow, SpendRow, TeamSpendRow } from '../../lib/sources/analytics/tables.ts';
import type { AnalyticsState } from '../../lib/sources/analytics/state.ts';
import type { DirectoryUser } from '../../lib/sources/analytics/views.ts';
import { pageDb } from '../db.ts';
import { ANALYTICS_STATE_KEY, asAnalyticsState } from '../../lib/sources/analytics/state-view.ts';
import { asRollups, ROLLUPS_KEY, type AnalyticsRollups } from '../../lib/sources/analytics/rollups.ts';

/**
 * Live reads of the published Analytics tables. Every hook returns `undefined` while loading. Spend is read
 * per month, per person or per model (indexed), never the whole table, except where a join needs it
 * and the admin asked for it.
 */

export { ANALYTICS_STATE_KEY, asAnalyticsState } from '../../lib/sources/analytics/state-view.ts';
export const ANALYTICS_JOB_ID = 'analytics-collection';

/** The last published collection, or null when none was ever published. */
export function useAnalyticsState(): AnalyticsState | null | undefined {
  return useLiveQuery(async () => asAnalyticsState((await pageDb().kv.get(ANALYTICS_STATE_KEY))?.value), []);
}

/** The per-month rollups written at publish; null when absent (data published by an earlier version) or unreadable. */
export function useRollups(): AnalyticsRollups | null | undefined {
  return useLiveQuery(async () => asRollups((await pageDb().kv.get(ROLLUPS_KEY))?.value), []);
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

export function useDays(): AnalyticsDayRow[] | undefined {
  return useLiveQuery(() => pageDb().anDays.orderBy('date').toArray(), []);
}

export function useDailySpend(): DailySpendRow[] | undefined {
  return useLiveQuery(() => pageDb().anDailySpend.orderBy('date').toArray(), []);
}

/** RBAC group names from the Compliance directory. */
export function useGroupNames(): Array<{ id: string; name: string }> | undefined {
  return useLiveQuery(async () => (await pageDb().groups.toArray()).map((g) => ({ id: g.id, name: g.name })), []);
}

export function usePersonSpend(actorKey: string): SpendRow[] | undefined {
  return useLiveQuery(() => pageDb().anSpend.where('actorKey').equals(actorKey).toArray(), [actorKey]);
}

export function useEngagement(userId: string): AnalyticsUserRow | null | undefined {
  return useLiveQuery(async () => (await pageDb().anUsers.get(userId)) ?? null, [userId]);
}

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
