import { z } from 'zod';
import { defineKv } from '../../db/kv.ts';

/** One line of the sync log: what a sync read, when, and what went wrong. */
export const SyncLogEntrySchema = z.object({
  at: z.string(),
  outcome: z.enum(['done', 'failed', 'paused', 'cancelled']),
  users: z.number().int().nonnegative(),
  groups: z.number().int().nonnegative(),
  members: z.number().int().nonnegative(),
  requests: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  message: z.string().nullable(),
});
export type SyncLogEntry = z.infer<typeof SyncLogEntrySchema>;

/** The last syncs, newest first (at most 50). */
export const SCIM_SYNC_LOG = defineKv('scim.syncLog', z.array(SyncLogEntrySchema));

export async function appendSyncLog(db: Parameters<typeof SCIM_SYNC_LOG.read>[0], entry: SyncLogEntry): Promise<void> {
  const log = (await SCIM_SYNC_LOG.read(db)) ?? [];
  await SCIM_SYNC_LOG.write(db, [entry, ...log].slice(0, 50));
}

/** Logs a sync that did not publish (a published one is logged inside its own transaction). */
export async function logUnfinishedSync(db: Parameters<typeof SCIM_SYNC_LOG.read>[0], outcome: { status: string; error?: string }, now: Date): Promise<void> {
  if (outcome.status === 'done') return;
  await appendSyncLog(db, {
    at: now.toISOString(),
    outcome: outcome.status === 'failed' || outcome.status === 'paused' || outcome.status === 'cancelled' ? outcome.status : 'failed',
    users: 0,
    groups: 0,
    members: 0,
    requests: 0,
    skipped: 0,
    message: outcome.error ?? null,
  });
}
