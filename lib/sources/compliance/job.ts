import type { JobSpec } from '../../jobs/types.ts';
import { hasChats } from './derive/chat-store.ts';
import { DIRECTORY_PHASES, JOB_ID, PHASES, snapshotProgress, type ComplianceCheckpoint } from './checkpoint.ts';
import type { SnapshotSource } from './source.ts';
import { readState, takeGeneration } from './state.ts';
import { originChange } from './tenant.ts';
import type { ComplianceDb } from './tables.ts';
import type { SnapshotOptions } from './phases/env.ts';
import { orgs } from './phases/orgs.ts';
import { activities } from './phases/activities.ts';
import { chats } from './phases/chats.ts';
import { chatDeletions } from './phases/chat-deletions.ts';
import { fullWalkDue, readReconcileState } from './reconcile.ts';
import { groups, members, roles, settings, users } from './phases/directory.ts';
import { projects } from './phases/projects.ts';
import { deepScan } from './phases/deep-scan.ts';
import { plugins } from './phases/plugins.ts';
import { publish } from './phases/publish.ts';

export type { SnapshotOptions } from './phases/env.ts';

/**
 * The Compliance snapshot as a job of the shared mechanism (lib/jobs): organizations → the MCP and
 * directory events of the activity feed → every chat → the directory (when due) → projects → plugins (with
 * the directory, or after a plugin event) → the optional deep scan → publish. Each phase is one small function in ./phases/.
 */
export const SNAPSHOT_JOB: JobSpec<ComplianceCheckpoint, SnapshotSource, SnapshotOptions, ComplianceDb> = {
  id: JOB_ID,
  label: 'Compliance snapshot',
  phases: PHASES,
  steps: { orgs, activities, chats, chatDeletions, users, roles, groups, members, settings, projects, plugins, deepScan, publish },
  applies: (phase, cp, options) =>
    DIRECTORY_PHASES.has(phase)
      ? cp.directory
      : phase === 'projects'
        ? cp.directory || cp.projectsDirty === true
        : phase === 'plugins'
          ? cp.directory || cp.pluginsDirty === true
        : phase === 'deepScan'
          ? options.deepScan?.enabled === true
          : phase === 'chatDeletions'
            ? (cp.deletedChats?.length ?? 0) > 0 || cp.deletionsOverflow === true
            : true,
  beginTables: ['kv', 'chatFilters'],
  // Never continue a run against another host than the one it began with: its cursors belong there.
  continues: (cp, options) => (cp.origin ?? null) === (options.origin ?? null) || cp.origin === undefined,
  begin: async (base, { db, now, options }) => {
    const stored = await readState(db);
    // Against another host, nothing stored may be used: no cursor, no "what is already known".
    const startedOver = originChange(stored, options.origin);
    const state = startedOver ? { ...stored, chatsCursor: null, activitiesCursor: null, lastStartedAt: null } : stored;
    const kind = state.chatsCursor === null && state.lastStartedAt === null ? 'full' : 'incremental';
    // Weekly (or on request, or to finish an interrupted rebuild) a refresh walks every chat id.
    const fullWalk = kind === 'incremental' && fullWalkDue(await readReconcileState(db), now, options.fullWalkEveryMs === undefined ? undefined : options.fullWalkEveryMs);
    return {
      ...base,
      origin: options.origin ?? null,
      startedOver,
      kind,
      gen: await takeGeneration(db, state),
      directory: kind === 'full',
      directoryDirty: false,
      orgs: [],
      groups: [],
      // A full walk, or a run that started over, begins from an emptied chat store.
      chatsCursor: fullWalk ? null : state.chatsCursor,
      freshChats: startedOver !== null || fullWalk || (kind === 'full' && !(await hasChats(db))),
      fullWalk,
      chatsSince: null,
      chatsFrom: null,
      chatsAt: null,
      activitiesCursor: state.activitiesCursor,
      activitiesFrom: null,
      activitiesAt: null,
      deepScanIds: [],
      counts: { chats: 0, activities: 0, users: 0, groups: 0, projects: 0, scanned: 0 },
    };
  },
  progress: snapshotProgress,
};
