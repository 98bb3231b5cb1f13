import { CHAT_STORE_TABLES, recentChatIds } from '../derive/chat-store.ts';
import { applyChatMessages, DEEP_SCAN_TABLES, loadServerNameIndex, type ServerNameIndex } from '../derive/deep-scan.ts';
import type { ComplianceCheckpoint } from '../checkpoint.ts';
import type { Env } from './env.ts';

/** Server names for attribution, loaded once per run (servers do not change during the scan). */
let cachedIndex: { runId: string; index: ServerNameIndex } | null = null;

/**
 * The optional deep scan: one request per recent chat (newest first, within the window and the cap),
 * paced to its share of the request budget; MCP tool calls are attributed to servers by name.
 */
export async function deepScan(cp: ComplianceCheckpoint, env: Env): Promise<ComplianceCheckpoint> {
  const { db } = env;
  const ds = env.options.deepScan;
  if (!cp.deepScanLoaded) {
    // Candidates are chosen once per run, from the chats stored so far.
    const ids = ds?.enabled ? await db.transaction('r', [...CHAT_STORE_TABLES], () => recentChatIds(db, new Date(env.now().getTime() - ds.days * 86_400_000).toISOString(), ds.maxChats)) : [];
    const next = { ...cp, deepScanIds: ids, deepScanLoaded: true, index: 0 };
    await db.transaction('rw', ['jobs'], () => env.commit(next));
    return next;
  }
  const id = cp.deepScanIds[cp.index];
  if (id === undefined) return env.skipToNextPhase(cp);
  if (cp.index > 0 && ds) await env.sleep(ds.minIntervalMs);
  const result = await env.client.chatMessages(id, env.signal);
  if (result && cachedIndex?.runId !== cp.runId) cachedIndex = { runId: cp.runId, index: await loadServerNameIndex(db) };
  return db.transaction('rw', [...DEEP_SCAN_TABLES, 'jobs'], async () => {
    if (result) await applyChatMessages(db, result.chat, result.messages, { index: cachedIndex!.index });
    cp.counts.scanned++;
    cp.index++;
    await env.commit(cp);
    return cp;
  });
}
