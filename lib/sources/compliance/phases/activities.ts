import { DIRECTORY_ACTIVITY_TYPES, PLUGIN_ACTIVITY_TYPES } from '../schemas.ts';
import { applyActivities, MCP_DERIVATION_TABLES } from '../derive/mcp.ts';
import type { ComplianceCheckpoint } from '../checkpoint.ts';
import { overlapStart, readState } from '../state.ts';
import { addSkipped, type Env } from './env.ts';
import { noteDeletedChats } from '../reconcile.ts';

const DIRECTORY_TYPES: ReadonlySet<string> = new Set(DIRECTORY_ACTIVITY_TYPES);
const PLUGIN_TYPES: ReadonlySet<string> = new Set(PLUGIN_ACTIVITY_TYPES);
const isProjectEvent = (type: string) => type.startsWith('claude_project_');

/**
 * The MCP and directory events of the activity feed, oldest first, replayed into the MCP inventory.
 *
 * A full run walks the whole feed by cursor. An incremental run walks only the events created since a
 * little before the previous run began (`created_at.gte`): that one walk covers both what is new and
 * what was indexed late, behind the previous run's position (already-applied events are skipped by id),
 * so an unchanged organization costs one request here. A directory or project event is news only when
 * the previous run did not see it (its id is not among the recent ones it kept).
 */
export async function activities(cp: ComplianceCheckpoint, env: Env): Promise<ComplianceCheckpoint> {
  const { db } = env;
  const state = await readState(db);
  const since = cp.kind === 'incremental' ? overlapStart(state) : null;
  const page = since ? await env.client.activities(cp.page, env.signal, since) : await env.client.activities(cp.activitiesCursor, env.signal);
  addSkipped(cp, 'activities', page.skipped);
  return db.transaction('rw', [...MCP_DERIVATION_TABLES, 'kv', 'jobs'], async () => {
    const result = await applyActivities(db, page.items);
    for (const [reason, n] of Object.entries(result.skipped)) addSkipped(cp, `activity ${reason}`, n);

    const seen = new Set(state.recentEventIds);
    // Hard-deleted chats, verified and removed after the chats phase; a deletion the previous run saw is not checked again.
    noteDeletedChats(cp, page.items.filter((a) => !seen.has(a.id)));
    const windowStart = Date.parse(cp.startedAt) - 10 * 60_000;
    const recent = cp.recentEventIds ?? [];
    for (const a of page.items) {
      const chatDeletion = a.type === 'claude_chat_deleted';
      const plugin = PLUGIN_TYPES.has(a.type);
      if (!DIRECTORY_TYPES.has(a.type) && !chatDeletion && !plugin) continue;
      if (Date.parse(a.created_at) >= windowStart) recent.push(a.id);
      if (seen.has(a.id) || chatDeletion) continue;
      if (plugin) cp.pluginsDirty = true;
      else if (isProjectEvent(a.type)) cp.projectsDirty = true;
      else cp.directoryDirty = true;
    }
    cp.recentEventIds = recent;

    cp.counts.activities += page.items.length;
    const last = page.items[page.items.length - 1];
    if (last) {
      cp.activitiesFrom ??= page.items[0]!.created_at;
      cp.activitiesAt = last.created_at;
    }
    if (page.next) cp.activitiesCursor = page.next;

    let next: ComplianceCheckpoint;
    if (page.hasMore && page.next) {
      next = since ? { ...cp, page: page.next } : cp;
    } else {
      const stale = state.lastDirectoryAt === null || env.now().getTime() - Date.parse(state.lastDirectoryAt) > (env.options.directoryMaxAgeMs ?? 24 * 3_600_000);
      cp.directory = cp.directory || cp.directoryDirty || stale;
      next = env.nextPhase(cp);
    }
    await env.commit(next);
    return next;
  });
}
