import type { Chat } from '../schemas.ts';
import { applyChats, CHAT_DERIVATION_TABLES, clearChatDerivation } from '../derive/models.ts';
import { RECONCILE_STATE, readReconcileState } from '../reconcile.ts';
import { compactChats } from '../derive/chat-store.ts';
import type { ComplianceCheckpoint } from '../checkpoint.ts';
import { overlapStart, readState } from '../state.ts';
import { addSkipped, type Env } from './env.ts';

/** Chats fetched before one commit (10 pages at the maximum page size), or whatever arrived within MAX_BATCH_MS. */
const CHATS_PER_COMMIT = 10_000;
const MAX_BATCH_MS = 3_000;

function isInvalidCursor(err: unknown): boolean {
  const e = err as { status?: number; message?: string };
  return e?.status === 400 && /after_id|cursor/i.test(e.message ?? '');
}

/**
 * Every chat of the organization ordered by updated_at, each one's model, organization, project and
 * user added to the model inventory. Several pages are fetched, then committed together with the cursor
 * after the last one: the per-model usage rows are then written once per batch instead of once per page.
 * A worker that dies mid-batch re-fetches at most one batch; nothing is applied twice.
 */
export async function chats(cp: ComplianceCheckpoint, env: Env): Promise<ComplianceCheckpoint> {
  const { db } = env;
  if (cp.fullWalk && !cp.rebuildCleared) {
    // A full walk rebuilds the chat store and the model aggregates from what is listed now (pages keep
    // showing the published snapshot). The flag makes a later run finish an interrupted rebuild.
    const next = { ...cp, rebuildCleared: true, chatsCursor: null };
    await db.transaction('rw', [...CHAT_DERIVATION_TABLES, 'kv', 'jobs'], async () => {
      await clearChatDerivation(db);
      await RECONCILE_STATE.write(db, { ...(await readReconcileState(db)), rebuildPending: true });
      await env.commit(next);
    });
    return next;
  }
  const batch: Chat[] = [];
  let cursor = cp.chatsCursor;
  let hasMore = true;
  const batchStarted = performance.now();
  while (hasMore && batch.length < CHATS_PER_COMMIT && (batch.length === 0 || performance.now() - batchStarted < MAX_BATCH_MS)) {
    let page;
    try {
      page = await env.client.chats(cursor, cursor ? null : cp.chatsSince, env.signal);
    } catch (err) {
      if (batch.length > 0) break; // commit what was fetched; the next step retries from there
      // A cursor the API no longer accepts: re-read from the last run's start instead (upserts are idempotent).
      if (cursor && isInvalidCursor(err)) {
        const fallback = { ...cp, chatsCursor: null, chatsSince: overlapStart(await readState(db)) };
        await db.transaction('rw', ['jobs'], () => env.commit(fallback));
        return fallback;
      }
      throw err;
    }
    addSkipped(cp, 'chats', page.skipped);
    batch.push(...page.items);
    if (page.next) cursor = page.next;
    hasMore = page.hasMore;
  }
  return db.transaction('rw', [...CHAT_DERIVATION_TABLES, 'jobs'], async () => {
    // In a first walk into an empty table, a chat last updated well before the run began appears
    // exactly once, so its lookup can be skipped; one updated since (it may appear twice) is looked
    // up. The 10-minute margin covers clock skew between this machine and the API.
    const freshBefore = Date.parse(cp.startedAt) - 10 * 60_000;
    await applyChats(db, batch, cp.freshChats ? { knownNew: (row) => Date.parse(row.updatedAt) < freshBefore } : {});
    cp.counts.chats += batch.length;
    const first = batch[0];
    const last = batch[batch.length - 1];
    if (first) cp.chatsFrom ??= first.updated_at;
    if (last) cp.chatsAt = last.updated_at;
    cp.chatsCursor = cursor;
    // Each refresh appends one small batch: merge runs of them so lookups stay cheap over months.
    if (!hasMore) await compactChats(db);
    const next = hasMore ? cp : env.nextPhase(cp);
    await env.commit(next);
    return next;
  });
}
