import { z } from 'zod';
import { defineKv } from '../../db/kv.ts';
import type { ComplianceDb } from './tables.ts';

/** What survives between snapshot runs, advanced only when a run publishes. */
export const PersistentStateSchema = z.object({
  chatsCursor: z.string().nullable().default(null),
  activitiesCursor: z.string().nullable().default(null),
  lastStartedAt: z.string().nullable().default(null),
  lastDirectoryAt: z.string().nullable().default(null),
  gen: z.number().int().nonnegative().default(0),
  /** The Compliance API origin the stored state was read from (null before this was recorded). */
  origin: z.string().nullable().default(null),
  /** UUIDs of the organizations the stored state belongs to (one parent organization's). */
  orgUuids: z.array(z.string()).default([]),
  /**
   * Ids of the directory, project and chat-deletion events the last run saw inside the window the next run re-reads
   * (from a little before it began): an event there is news only if its id is not in this list.
   */
  recentEventIds: z.array(z.string()).default([]),
});
export type PersistentState = z.infer<typeof PersistentStateSchema>;

export const SNAPSHOT_STATE = defineKv('compliance.state', PersistentStateSchema);

/**
 * The last directory generation handed to a run, advanced when a run begins (not when it publishes):
 * a run that failed after reading part of the directory must not share its generation with the next
 * one, or the rows it saw would survive the next run's sweep.
 */
export const LAST_GENERATION = defineKv('compliance.lastGeneration', z.number().int().nonnegative());

/** Takes a fresh directory generation for a run that is beginning. Call inside a transaction over `kv`. */
export async function takeGeneration(db: ComplianceDb, state: PersistentState): Promise<number> {
  const gen = Math.max(state.gen, (await LAST_GENERATION.read(db)) ?? 0) + 1;
  await LAST_GENERATION.write(db, gen);
  return gen;
}

export async function readState(db: ComplianceDb): Promise<PersistentState> {
  return (await SNAPSHOT_STATE.read(db)) ?? PersistentStateSchema.parse({});
}

/** A little before the previous run began: where incremental reads restart (events and chats can be indexed late). */
export function overlapStart(state: PersistentState): string | null {
  return state.lastStartedAt ? new Date(Date.parse(state.lastStartedAt) - 10 * 60_000).toISOString() : null;
}
