import { DIRECTORY_ACTIVITY_TYPES } from '../schemas.ts';
import { applyActivities, MCP_DERIVATION_TABLES } from '../derive/mcp.ts';
import type { ComplianceCheckpoint } from '../checkpoint.ts';
import { overlapStart, readState } from '../state.ts';
import { addSkipped, type Env } from './env.ts';
import { noteDeletedChats } from '../reconcile.ts';

const DIRECTORY_TYPES: ReadonlySet<string> = new Set(DIRECTORY_ACTIVITY_TYPES);

/**
 * The MCP and directory events of the activity feed, oldest first, replayed into the MCP inventory.
 * Incremental runs then re-read the feed from a little before the previous run, because events can be
 * indexed late, behind the cursor (already-applied events are skipped by id).
 */
export async function activities(cp: ComplianceCheckpoint, env: Env): Promise<ComplianceCheckpoint> {
  const { db } = env;
  const overlap = cp.overlap ?? null;
  const page = overlap ? await env.client.activities(overlap.cursor, env.signal, overlap.since) : await env.client.activities(cp.activitiesCursor, env.signal);
  addSkipped(cp, 'activities', page.skipped);
  return db.transaction('rw', [...MCP_DERIVATION_TABLES, 'kv', 'jobs'], async () => {
    const result = await applyActivities(db, page.items);
    noteDeletedChats(cp, page.items); // hard-deleted chats, verified and removed after the chats phase
    for (const [reason, n] of Object.entries(result.skipped)) addSkipped(cp, `activity ${reason}`, n);
    // Directory changes seen by the cursor walk trigger a directory re-read; the overlapping walk
    // re-reads events already seen, so late directory events wait for the daily re-read.
    if (!overlap && page.items.some((a) => DIRECTORY_TYPES.has(a.type))) cp.directoryDirty = true;
    if (overlap) {
      cp.overlap = page.hasMore && page.next ? { since: overlap.since, cursor: page.next } : null;
      if (!cp.overlap) cp.overlapDone = true;
    } else {
      cp.counts.activities += page.items.length;
      const last = page.items[page.items.length - 1];
      if (last) {
        cp.activitiesFrom ??= page.items[0]!.created_at;
        cp.activitiesAt = last.created_at;
      }
      if (page.next) cp.activitiesCursor = page.next;
    }
    let next = cp;
    const state = await readState(db);
    const since = overlapStart(state);
    if (!page.hasMore && !overlap && !cp.overlapDone && cp.kind === 'incremental' && since) {
      cp.overlap = { since, cursor: null };
    } else if (!page.hasMore || (overlap && !cp.overlap)) {
      const stale = state.lastDirectoryAt === null || env.now().getTime() - Date.parse(state.lastDirectoryAt) > (env.options.directoryMaxAgeMs ?? 24 * 3_600_000);
      cp.directory = cp.directory || cp.directoryDirty || stale;
      next = env.nextPhase(cp);
    }
    await env.commit(next);
    return next;
  });
}
