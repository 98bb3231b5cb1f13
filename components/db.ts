import { createDb, type AppDb } from '../lib/db/schema.ts';

let instance: AppDb | null = null;

/** The page's connection to the extension database (read-only by convention: pages never write snapshot data). */
export function pageDb(): AppDb {
  instance ??= createDb();
  return instance;
}
