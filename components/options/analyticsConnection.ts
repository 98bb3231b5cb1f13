import { z } from 'zod';
import { defineKv } from '../../lib/db/kv.ts';
import type { AppDb } from '../../lib/sources/database.ts';

/** The admin's optional name for the Analytics connection ("Connector name"); not a secret. */
export const ANALYTICS_CONNECTOR_NAME = defineKv('analytics.connectorName', z.string().trim().max(100));

/** The tables the Analytics collection fills, and its published state (lib/sources/analytics/{tables,state}.ts). */
const ANALYTICS_TABLES = ['anDays', 'anUsers', 'anSpend', 'anTeamSpend', 'anDailySpend', 'anStage'] as const;
const ANALYTICS_STATE_KEY = 'analytics.state';

/** "Delete connection" with the data: every collected Analytics row and the published state, in one transaction. */
export async function deleteAnalyticsData(db: AppDb): Promise<void> {
  await db.transaction('rw', [...ANALYTICS_TABLES.map((t) => db.table(t)), db.kv], async () => {
    await Promise.all(ANALYTICS_TABLES.map((t) => db.table(t).clear()));
    await db.kv.delete(ANALYTICS_STATE_KEY);
  });
}

/** Poll interval from settings (`analyticsSchedule`, once the collection adds it), else the default of every 6 hours. */
export function pollSchedule(settings: unknown): { label: string; everyMs: number | null } {
  const raw = settings && typeof settings === 'object' ? (settings as Record<string, unknown>).analyticsSchedule : undefined;
  const hours: Record<string, number> = { hourly: 1, '1h': 1, '6h': 6, '12h': 12, daily: 24, '24h': 24 };
  if (raw === 'off') return { label: 'Automatic polling is off', everyMs: null };
  if (typeof raw === 'number' && raw > 0) return { label: `every ${raw} minutes`, everyMs: raw * 60_000 };
  if (typeof raw === 'string' && hours[raw]) return { label: hours[raw] === 1 ? 'every hour' : `every ${hours[raw]} hours`, everyMs: hours[raw] * 3_600_000 };
  return { label: 'every 6 hours', everyMs: 6 * 3_600_000 };
}
