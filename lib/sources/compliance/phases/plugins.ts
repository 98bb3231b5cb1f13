import { isApiError } from '../../../api/http/index.ts';
import type { ComplianceCheckpoint } from '../checkpoint.ts';
import { absentFeatureNote, latestOf, MAX_VERSION_READS, pluginErrorNote, pluginRow } from '../plugins.ts';
import { addSkipped, type Env } from './env.ts';

/**
 * Plugins (admin-api.md §6): the list, page by page, then the metadata of each latest version that is not the
 * one served (at most MAX_VERSION_READS). Runs with the directory (first snapshot, after a directory event,
 * daily) or after a plugin event in the feed, so an incremental refresh of an unchanged organization costs no
 * plugin request. Rows carry the
 * run's generation and publish with the snapshot. An organization without the feature gets a note, not a
 * failed snapshot; a transient failure keeps the previous plugins. Archives are never downloaded.
 */
export async function plugins(cp: ComplianceCheckpoint, env: Env): Promise<ComplianceCheckpoint> {
  const { db, client } = env;
  if (!client.plugins || !client.pluginVersion) return env.skipToNextPhase(cp);
  const done = async (run: NonNullable<ComplianceCheckpoint['pluginsRun']>) => {
    const next = env.nextPhase({ ...cp, pluginsRun: run });
    await db.transaction('rw', ['jobs'], () => env.commit(next));
    return next;
  };
  const failed = (err: unknown) => {
    // A cancelled run or a credential problem is the run's business, not a plugin note.
    if (isApiError(err) && (err.kind === 'aborted' || err.kind === 'credential' || err.kind === 'origin_not_permitted' || err.status === 401)) throw err;
    if (!isApiError(err)) throw err;
    const absent = absentFeatureNote(err);
    return done(absent ? { status: 'absent', note: absent } : { status: 'error', note: pluginErrorNote(err) });
  };

  if (!cp.pluginsListed) {
    let page;
    try {
      page = await client.plugins(cp.page, env.signal);
    } catch (err) {
      return failed(err);
    }
    addSkipped(cp, 'plugins', page.skipped);
    return db.transaction('rw', ['plugins', 'jobs'], async () => {
      const rows = page.items.map((p) => pluginRow(p, cp.gen));
      await db.plugins.bulkPut(rows);
      const versions = [...(cp.pluginVersionIds ?? []), ...rows.filter((r) => r.latestVersionId !== r.servedVersionId).map((r) => [r.id, r.latestVersionId] as [string, string])];
      cp.counts.plugins = (cp.counts.plugins ?? 0) + rows.length;
      let next: ComplianceCheckpoint;
      if (page.next) next = { ...cp, page: page.next, pluginVersionIds: versions };
      else if (versions.length === 0) next = env.nextPhase({ ...cp, pluginVersionIds: [], pluginsListed: true, pluginsRun: { status: 'available', note: null } });
      else {
        const capped = versions.slice(0, MAX_VERSION_READS);
        if (capped.length < versions.length) addSkipped(cp, 'plugin versions not read (cap)', versions.length - capped.length);
        next = { ...cp, page: null, index: 0, pluginVersionIds: capped, pluginsListed: true };
      }
      await env.commit(next);
      return next;
    });
  }

  const item = cp.pluginVersionIds?.[cp.index];
  if (item === undefined) return done({ status: 'available', note: null });
  const [pluginId, versionId] = item;
  let version;
  try {
    version = await client.pluginVersion(pluginId, versionId, env.signal);
  } catch (err) {
    // One version that cannot be read (deleted meanwhile) does not spoil the list.
    if (isApiError(err) && err.status === 404) version = null;
    else return failed(err);
  }
  return db.transaction('rw', ['plugins', 'jobs'], async () => {
    if (version) await db.plugins.update(pluginId, { latest: latestOf(version) });
    const last = cp.index + 1 >= (cp.pluginVersionIds?.length ?? 0);
    const next = last ? env.nextPhase({ ...cp, pluginsRun: { status: 'available', note: null } }) : { ...cp, index: cp.index + 1 };
    await env.commit(next);
    return next;
  });
}
