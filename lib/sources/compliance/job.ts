import type { JobSpec } from '../../jobs/types.ts';
import { hasChats } from './derive/chat-store.ts';
import { DIRECTORY_PHASES, JOB_ID, PHASES, snapshotProgress, type ComplianceCheckpoint } from './checkpoint.ts';
import type { SnapshotSource } from './source.ts';
import { readState } from './state.ts';
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
import { publish } from './phases/publish.ts';

export type { SnapshotOptions } from './phases/env.ts';

/**
 * The Compliance snapshot as a job of the shared mechanism (lib/jobs): organizations → the MCP and
 * directory events of the activity feed → every chat → the directory (when due) → projects → the
 * optional deep scan → publish. Each phase is one small function in ./phases/.
 */
export const SNAPSHOT_JOB: JobSpec<ComplianceCheckpoint, SnapshotSource, SnapshotOptions, ComplianceDb> = {
  id: JOB_ID,
  label: 'Compliance snapshot',
  phases: PHASES,
  steps: { orgs, activities, chats, chatDeletions, users, roles, groups, members, settings, projects, deepScan, publish },
  applies: (phase, cp, options) =>
    DIRECTORY_PHASES.has(phase) ? cp.directory : phase === 'deepScan' ? options.deepScan?.enabled === true : phase === 'chatDeletions' ? (cp.deletedChats?.length ?? 0) > 0 || cp.deletionsOverflow === true : true,
  beginTables: ['kv', 'chatFilters'],
  begin: async (base, { db, now, options }) => {
    const state = await readState(db);
    const kind = state.chatsCursor === null && state.lastStartedAt === null ? 'full' : 'incremental';
    // Weekly (or on request, or to finish an interrupted rebuild) a refresh walks every chat id.
    const fullWalk = kind === 'incremental' && fullWalkDue(await readReconcileState(db), now, options.fullWalkEveryMs === undefined ? undefined : options.fullWalkEveryMs);
    return {
      ...base,
      kind,
      gen: state.gen + 1,
      directory: kind === 'full',
      directoryDirty: false,
      orgs: [],
      groups: [],
      chatsCursor: fullWalk ? null : state.chatsCursor,
      // A full walk starts from an emptied chat store (its first step clears it).
      freshChats: fullWalk || (kind === 'full' && !(await hasChats(db))),
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
