import type { StepEnv } from '../../../jobs/types.ts';
import type { ComplianceCheckpoint } from '../checkpoint.ts';
import type { SnapshotSource } from '../source.ts';
import type { ComplianceDb } from '../tables.ts';

/** Options of a snapshot run (from settings). */
export interface SnapshotOptions {
  /** Origin of the Compliance API this run reads (stored state is tied to it). */
  origin?: string;
  /** Re-read the directory at least this often even when the feed reports no change. */
  directoryMaxAgeMs?: number;
  /** Walk every chat id at least this often to drop hard-deleted chats (default weekly; null: only on request). */
  fullWalkEveryMs?: number | null;
  deepScan?: { enabled: boolean; days: number; maxChats: number; minIntervalMs: number };
}

/** What every Compliance phase step receives. */
export type Env = StepEnv<ComplianceCheckpoint, SnapshotSource, SnapshotOptions, ComplianceDb>;

export function addSkipped(cp: ComplianceCheckpoint, kind: string, n: number): void {
  if (n > 0) cp.skipped[kind] = (cp.skipped[kind] ?? 0) + n;
}

/**
 * For phases that walk one list per organization or group: the next page of the current list, else the
 * next item's first page, else the next phase. Commits inside the caller's transaction.
 */
export async function nextInList(cp: ComplianceCheckpoint, nextPage: string | null, listLength: number, env: Env): Promise<ComplianceCheckpoint> {
  let next: ComplianceCheckpoint;
  if (nextPage) next = { ...cp, page: nextPage };
  else if (cp.index + 1 < listLength) next = { ...cp, index: cp.index + 1, page: null };
  else next = env.nextPhase(cp);
  await env.commit(next);
  return next;
}
