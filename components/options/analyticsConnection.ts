import { z } from 'zod';
import { defineKv } from '../../lib/db/kv.ts';
import type { AppDb } from '../../lib/sources/database.ts';
import type { Settings } from '../../lib/settings/settings.ts';

/** The admin's optional name for the Analytics connection ("Connector name"); not a secret. */
export const ANALYTICS_CONNECTOR_NAME = defineKv('analytics.connectorName', z.string().trim().max(100));

/** The tables the Analytics collection fills, and its published state (lib/sources/analytics/{tables,state}.ts). */
const ANALYTICS_TABLES = ['anDays', 'anUsers', 'anConnectors', 'anSpend', 'anTeamSpend', 'anDailySpend', 'anStage'] as const;
const ANALYTICS_STATE_KEY = 'analytics.state';
/** The published per-month rollups (lib/sources/analytics/rollups.ts). */
const ANALYTICS_ROLLUPS_KEY = 'analytics.rollups';

/** "Delete connection" with the data: every collected Analytics row, the published state and its rollups, in one transaction. */
export async function deleteAnalyticsData(db: AppDb): Promise<void> {
  await db.transaction('rw', [...ANALYTICS_TABLES.map((t) => db.table(t)), db.kv], async () => {
    await Promise.all(ANALYTICS_TABLES.map((t) => db.table(t).clear()));
    await db.kv.delete(ANALYTICS_STATE_KEY);
    await db.kv.delete(ANALYTICS_ROLLUPS_KEY);
  });
}

/** The poll interval the worker's alarm uses (settings.analyticsPollHours; 0 = only on demand). */
export function pollSchedule(settings: Pick<Settings, 'analyticsPollHours'>): { label: string; everyMs: number | null } {
  const hours = settings.analyticsPollHours;
  if (hours <= 0) return { label: 'Automatic polling is off', everyMs: null };
  return { label: hours === 1 ? 'every hour' : `every ${hours} hours`, everyMs: hours * 3_600_000 };
}
