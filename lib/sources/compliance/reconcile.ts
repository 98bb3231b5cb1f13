import { z } from 'zod';
import { defineKv } from '../../db/kv.ts';
import type { CoreDb } from '../../db/schema.ts';
import type { ComplianceCheckpoint } from './checkpoint.ts';
import type { Activity } from './schemas.ts';

/**
 * Reconciliation of hard-deleted chats. The chats list only shows what changed since the cursor, and a
 * hard-deleted chat simply stops being listed (spec §2.7), so an incremental refresh never sees it go.
 * Two ways bring the inventory back in line:
 *
 * - The full walk: every so often (weekly by default) or on demand, a run re-reads every chat id and
 *   rebuilds the chat store and the model aggregates from what is listed now; chats no longer listed
 *   are simply not in the rebuilt store. The published snapshot stays on screen until the run publishes,
 *   and a rebuild that was interrupted is finished by the next run (never published half-built).
 * - The fast path: `claude_chat_deleted` events of the activity feed name chats that were deleted. The
 *   event is also written for deletions in claude.ai that only soft-delete (the chat stays listed with
 *   `deleted_at`), so each named chat is verified first: only a 404 from its messages endpoint removes it.
 */
export const ReconcileStateSchema = z.object({
  /** startedAt of the last run that walked every chat id and published. */
  lastFullWalkAt: z.string().nullable().default(null),
  /** A run cleared the chat store to rebuild it and has not published yet: the next run must finish the rebuild. */
  rebuildPending: z.boolean().default(false),
  /**
   * When the admin asked for a full walk ("Reconcile deleted chats"), or the fast path had too many
   * chats to verify; a run that began after it satisfies it.
   */
  requestedAt: z.string().nullable().default(null),
});
export type ReconcileState = z.infer<typeof ReconcileStateSchema>;

export const RECONCILE_STATE = defineKv('compliance.reconcile', ReconcileStateSchema);

/** Default interval of the periodic full walk of chat ids. */
export const FULL_WALK_EVERY_MS = 7 * 24 * 3_600_000;

/** More deletions than this in one refresh are reconciled by a full walk instead of one request each. */
export const MAX_DELETIONS_VERIFIED = 200;

export { CHAT_DELETION_TYPES } from './schemas.ts';

export async function readReconcileState(db: CoreDb): Promise<ReconcileState> {
  return (await RECONCILE_STATE.read(db)) ?? ReconcileStateSchema.parse({});
}

/** Asks the next snapshot run to walk every chat id (call inside a transaction over `kv`, or alone). */
export async function requestFullWalk(db: CoreDb, at = new Date()): Promise<void> {
  await RECONCILE_STATE.write(db, { ...(await readReconcileState(db)), requestedAt: at.toISOString() });
}

/** At publish: a run that walked every chat id satisfies the requests made before it began. */
export async function fullWalkPublished(db: CoreDb, runStartedAt: string): Promise<void> {
  const s = await readReconcileState(db);
  await RECONCILE_STATE.write(db, {
    lastFullWalkAt: runStartedAt,
    rebuildPending: false,
    requestedAt: s.requestedAt !== null && s.requestedAt > runStartedAt ? s.requestedAt : null,
  });
}

/** Whether a run that begins now walks every chat id (`everyMs` null: only on request or to finish a rebuild). */
export function fullWalkDue(state: ReconcileState, now: Date, everyMs: number | null = FULL_WALK_EVERY_MS): boolean {
  if (state.requestedAt !== null || state.rebuildPending) return true;
  if (everyMs === null) return false;
  return state.lastFullWalkAt === null || now.getTime() - Date.parse(state.lastFullWalkAt) >= everyMs;
}

/**
 * Notes the chats a feed page says were deleted, for the run's verification phase (incremental runs
 * that do not walk every chat id; a full walk finds them anyway). Past the cap, a full walk is asked for.
 */
export function noteDeletedChats(cp: ComplianceCheckpoint, items: readonly Activity[]): void {
  if (cp.kind === 'full' || cp.fullWalk || cp.deletionsOverflow) return;
  const ids = deletedChatIds(items);
  if (ids.length === 0) return;
  const all = new Set([...(cp.deletedChats ?? []), ...ids]);
  if (all.size > MAX_DELETIONS_VERIFIED) {
    cp.deletionsOverflow = true;
    cp.deletedChats = [];
  } else cp.deletedChats = [...all];
}

/** Chat ids named by deletion events of a feed page. */
export function deletedChatIds(items: readonly Activity[]): string[] {
  const out: string[] = [];
  for (const a of items) {
    if (a.type !== 'claude_chat_deleted') continue;
    const id = (a as Record<string, unknown>).claude_chat_id;
    if (typeof id === 'string' && id !== '') out.push(id);
  }
  return out;
}
