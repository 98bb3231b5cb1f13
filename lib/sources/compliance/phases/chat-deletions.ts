import { removeChats, CHAT_DERIVATION_TABLES } from '../derive/models.ts';
import { lookupChats } from '../derive/chat-store.ts';
import type { ComplianceCheckpoint } from '../checkpoint.ts';
import { requestFullWalk } from '../reconcile.ts';
import type { Env } from './env.ts';

/** Chats verified per step (one request each). */
const PER_STEP = 10;

/**
 * The fast path of reconciling hard-deleted chats (see ../reconcile.ts): the chats that
 * `claude_chat_deleted` events named in this run's feed walk, if stored, are checked one request each;
 * those that answer 404 are taken out of the inventory. A soft-deleted chat (still listed, `deleted_at`
 * set) answers 200 and stays. Too many to check: the next run walks every chat id instead.
 */
export async function chatDeletions(cp: ComplianceCheckpoint, env: Env): Promise<ComplianceCheckpoint> {
  const { db } = env;
  if (cp.deletionsOverflow) {
    const next = env.nextPhase(cp);
    await db.transaction('rw', ['kv', 'jobs'], async () => {
      await requestFullWalk(db, env.now());
      await env.commit(next);
    });
    return next;
  }
  const ids = (cp.deletedChats ?? []).slice(cp.index, cp.index + PER_STEP);
  if (ids.length === 0) return env.skipToNextPhase(cp);
  const stored = await db.transaction('r', [...CHAT_DERIVATION_TABLES], () => lookupChats(db, ids));
  const gone: string[] = [];
  for (const id of ids) if (stored.has(id) && !(await env.client.chatExists(id, env.signal))) gone.push(id);
  return db.transaction('rw', [...CHAT_DERIVATION_TABLES, 'jobs'], async () => {
    if (gone.length > 0) await removeChats(db, gone);
    cp.index += ids.length;
    const next = cp.index >= (cp.deletedChats?.length ?? 0) ? env.nextPhase(cp) : cp;
    await env.commit(next);
    return next;
  });
}
