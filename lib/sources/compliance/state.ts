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
});
export type PersistentState = z.infer<typeof PersistentStateSchema>;

export const SNAPSHOT_STATE = defineKv('compliance.state', PersistentStateSchema);

export async function readState(db: ComplianceDb): Promise<PersistentState> {
  return (await SNAPSHOT_STATE.read(db)) ?? PersistentStateSchema.parse({});
}

/** A little before the previous run began: where incremental reads restart (events and chats can be indexed late). */
export function overlapStart(state: PersistentState): string | null {
  return state.lastStartedAt ? new Date(Date.parse(state.lastStartedAt) - 10 * 60_000).toISOString() : null;
}
