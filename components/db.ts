import { createDb, type AppDb } from '../lib/sources/database.ts';

let shared: AppDb | null = null;

/** The page's one Dexie instance, opened on first use (never at module load). Pages only read the database. */
export function pageDb(): AppDb {
  shared ??= createDb();
  return shared;
}
