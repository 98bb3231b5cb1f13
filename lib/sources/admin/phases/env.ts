import type { CoreDb } from '../../../db/schema.ts';
import type { StepEnv } from '../../../jobs/types.ts';
import type { AdminCheckpoint } from '../checkpoint.ts';
import type { AdminSource } from '../client.ts';
import type { AdminStagedRow, AdminTables } from '../tables.ts';

export type AdminDb = CoreDb & AdminTables;
export type Env = StepEnv<AdminCheckpoint, AdminSource, object, AdminDb>;
export type Staged = Pick<AdminStagedRow, 'table' | 'key' | 'row'>;

/**
 * Stages the rows of one page that are not staged yet (deduped by id within the page and against
 * earlier pages) and returns how many were new. Call inside a transaction over `adminStage`.
 */
export async function stageFresh(db: AdminDb, rows: Staged[]): Promise<number> {
  const unique = [...new Map(rows.map((r) => [`${r.table}\u0000${r.key}`, r])).values()];
  if (unique.length === 0) return 0;
  const seen = await db.adminStage.where('[table+key]').anyOf(unique.map((r) => [r.table, r.key])).toArray();
  const seenKeys = new Set(seen.map((s) => `${s.table}\u0000${s.key}`));
  const fresh = unique.filter((r) => !seenKeys.has(`${r.table}\u0000${r.key}`));
  if (fresh.length > 0) await db.adminStage.bulkAdd(fresh);
  return fresh.length;
}

/** The staged id at `index` of a staged table (groups or roles), in key order, or undefined past the end. */
export async function stagedKeyAt(db: AdminDb, table: 'adminGroups' | 'adminRoles', index: number): Promise<string | undefined> {
  const row = await db.adminStage.where('[table+key]').between([table, ''], [table, '\uffff']).offset(index).first();
  return row?.key;
}

export function addSkipped(cp: AdminCheckpoint, kind: string, n: number): void {
  if (n > 0) cp.skipped[kind] = (cp.skipped[kind] ?? 0) + n;
}

/**
 * Whether a list is done after a page: no next cursor, or a page whose valid records were all seen
 * before (a server repeating a page would otherwise loop forever).
 */
export function listDone(next: string | null, validItems: number, fresh: number): boolean {
  return next === null || (validItems > 0 && fresh === 0);
}
