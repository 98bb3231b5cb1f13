import type { AppDb } from '../sources/database.ts';
import { diffSummaries } from './diff.ts';
import type { ChangeRow } from './tables.ts';
import type { ChangeSource } from './types.ts';

/**
 * After a publish: summarizes the source's published state, compares it with the previous summary and
 * stores the differences as change records, in one transaction with the new summary (so a change is
 * never recorded twice nor lost). The first summary of a source is the baseline and records no changes.
 * A run already recorded (same run id) is not recorded again. Returns the new change rows.
 */
export async function recordChanges(db: AppDb, source: ChangeSource, runId: string, now: Date): Promise<ChangeRow[]> {
  const items = await source.summarize(db);
  const run = `${source.source}:${runId}`;
  const at = now.toISOString();
  return db.transaction('rw', [db.changeSummaries, db.changeRuns, db.changes], async () => {
    if (await db.changeRuns.get(run)) return [];
    const previous = await db.changeSummaries.get(source.source);
    const drafts = previous ? diffSummaries(source, previous.items, items) : [];
    const rows: ChangeRow[] = drafts.map((d) => ({ ...d, run, source: source.source, at, seen: 0 }));
    if (rows.length > 0) {
      const ids = await db.changes.bulkAdd(rows, { allKeys: true });
      rows.forEach((r, i) => (r.id = ids[i]));
    }
    await db.changeRuns.put({ id: run, source: source.source, runId, at, count: rows.length, baseline: previous === undefined });
    await db.changeSummaries.put({ source: source.source, runId, at, items });
    return rows;
  });
}

/** Unseen changes plus unseen alerts: the number on the toolbar icon. */
export async function unseenCount(db: AppDb): Promise<number> {
  const [changes, alerts] = await Promise.all([db.changes.where('seen').equals(0).count(), db.alerts.where('seen').equals(0).count()]);
  return changes + alerts;
}

/** Marks changes (and alerts) seen: the given ids, or everything when none are given. */
export async function markSeen(db: AppDb, which: { changeIds?: number[]; alertKeys?: string[] } = {}): Promise<void> {
  await db.transaction('rw', [db.changes, db.alerts], async () => {
    if (which.changeIds === undefined && which.alertKeys === undefined) {
      await db.changes.where('seen').equals(0).modify({ seen: 1 });
      await db.alerts.where('seen').equals(0).modify({ seen: 1 });
      return;
    }
    if (which.changeIds?.length) await db.changes.where('id').anyOf(which.changeIds).modify({ seen: 1 });
    if (which.alertKeys?.length) await db.alerts.where('key').anyOf(which.alertKeys).modify({ seen: 1 });
  });
}
