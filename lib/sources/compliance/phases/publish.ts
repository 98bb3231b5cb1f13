import type { ComplianceCheckpoint } from '../checkpoint.ts';
import { publishSnapshot, PUBLISH_TABLES } from '../publish.ts';
import { readState, SNAPSHOT_STATE } from '../state.ts';
import { fullWalkPublished } from '../reconcile.ts';
import type { Env } from './env.ts';
import { PLUGIN_PUBLISH_TABLES, publishMcpHistory, publishPlugins } from '../plugins.ts';

/** Publishes the run: the working tables become what pages read, and the cursors advance, in one transaction. */
export async function publish(cp: ComplianceCheckpoint, env: Env): Promise<'done'> {
  const { db } = env;
  const completed = env.now();
  await db.transaction('rw', [...new Set([...PUBLISH_TABLES, ...PLUGIN_PUBLISH_TABLES]), 'kv', 'jobs'], async () => {
    const state = await readState(db);
    await publishSnapshot(db, {
      id: cp.runId,
      startedAt: cp.startedAt,
      kind: cp.kind,
      requests: env.requests(cp),
      durationMs: completed.getTime() - Date.parse(cp.startedAt),
      skipped: cp.skipped,
      directoryGen: cp.directory ? cp.gen : null,
      completedAt: completed.toISOString(),
      startedOver: cp.startedOver ?? null,
    });
    // Plugins and the MCP event history publish in the same transaction (see ../plugins.ts).
    const servers = await db.pubMcpServers.toArray();
    await publishPlugins(db, cp.pluginsRun, cp.gen, completed.toISOString(), servers);
    await publishMcpHistory(db, servers);
    await SNAPSHOT_STATE.write(db, {
      chatsCursor: cp.chatsCursor,
      activitiesCursor: cp.activitiesCursor,
      lastStartedAt: cp.startedAt,
      lastDirectoryAt: cp.directory ? cp.startedAt : state.lastDirectoryAt,
      gen: cp.gen,
      origin: cp.origin ?? state.origin,
      orgUuids: [...new Set(cp.orgs)].sort(),
      recentEventIds: cp.recentEventIds ?? [],
    });
    if (cp.kind === 'full' || cp.fullWalk) await fullWalkPublished(db, cp.startedAt);
    await env.finish(cp);
  });
  return 'done';
}
