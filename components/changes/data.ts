import { useLiveQuery } from 'dexie-react-hooks';
import type { AlertRow, ChangeRow, ChangeRunRow } from '../../lib/changes/tables.ts';
import { pageDb } from '../db.ts';

/** The latest runs (newest first), their changes, and the alerts, read live from the database. */
export function useChangeRuns(limit = 60): ChangeRunRow[] | undefined {
  return useLiveQuery(() => pageDb().changeRuns.orderBy('at').reverse().limit(limit).toArray(), [limit]);
}

export function useChanges(limit = 5000): ChangeRow[] | undefined {
  return useLiveQuery(() => pageDb().changes.orderBy('id').reverse().limit(limit).toArray(), [limit]);
}

export function useAlerts(limit = 500): AlertRow[] | undefined {
  return useLiveQuery(() => pageDb().alerts.orderBy('at').reverse().limit(limit).toArray(), [limit]);
}

export function useUnseenCount(): number | undefined {
  return useLiveQuery(async () => (await pageDb().changes.where('seen').equals(0).count()) + (await pageDb().alerts.where('seen').equals(0).count()), []);
}
