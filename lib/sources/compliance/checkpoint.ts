import type { BaseCheckpoint } from '../../jobs/types.ts';

/**
 * The Compliance snapshot job's checkpoint: everything a restarted worker needs to continue a run.
 * The fields every job has come from {@link BaseCheckpoint}; these are the snapshot's own cursors.
 */
export const JOB_ID = 'compliance-snapshot';

export const PHASES = ['orgs', 'activities', 'chats', 'chatDeletions', 'users', 'roles', 'groups', 'members', 'settings', 'projects', 'plugins', 'deepScan', 'publish'] as const;
export type Phase = (typeof PHASES)[number];

/** Phases that read the directory; they run on the first snapshot, when the feed reports a change, or daily. */
export const DIRECTORY_PHASES: ReadonlySet<Phase> = new Set(['users', 'roles', 'groups', 'members', 'settings']);

export const PHASE_LABELS: Record<Phase, string> = {
  orgs: 'Reading organizations',
  activities: 'Replaying MCP and directory events',
  chats: 'Reading chats',
  chatDeletions: 'Checking deleted chats',
  users: 'Reading users',
  roles: 'Reading roles',
  groups: 'Reading groups',
  members: 'Reading group members',
  settings: 'Reading organization settings',
  projects: 'Reading projects',
  plugins: 'Reading plugins',
  deepScan: 'Deep scan of recent chats',
  publish: 'Publishing the snapshot',
};

export interface ComplianceCheckpoint extends BaseCheckpoint<Phase> {
  /** Origin of the Compliance API this run reads; a run is never continued against another. */
  origin?: string | null;
  /**
   * Why this run started over from nothing (another API host, or a key of another parent organization):
   * the working tables were emptied and the snapshot says so. Null for an ordinary run.
   */
  startedOver?: string | null;
  /** Generation stamped on directory rows this run writes. */
  gen: number;
  /** This run re-reads users, roles, groups, members, settings and all projects. */
  directory: boolean;
  directoryDirty: boolean;
  /** The feed reported a project created, deleted, archived or re-shared: read projects changed since the last run. */
  projectsDirty?: boolean;
  /** Directory and project events this run saw from a little before it began (see PersistentState.recentEventIds). */
  recentEventIds?: string[];
  orgs: string[];
  groups: string[];
  chatsCursor: string | null;
  /** The chats table was empty when this full run began, so a chat last updated before the run cannot be stored yet. */
  freshChats?: boolean;
  /** Used instead of a cursor when the stored cursor was rejected: re-read chats updated since then. */
  chatsSince: string | null;
  chatsFrom: string | null;
  chatsAt: string | null;
  activitiesCursor: string | null;
  /**
   * Incremental runs re-read the feed from a little before the previous run (events can be indexed up
   * to a minute late, behind the cursor); set while that overlapping walk is under way.
   */
  overlap?: { since: string; cursor: string | null } | null;
  overlapDone?: boolean;
  activitiesFrom: string | null;
  activitiesAt: string | null;
  /**
   * This run walks every chat id and rebuilds the chat store and model aggregates from what is listed
   * now, so hard-deleted chats leave the inventory (see ./reconcile.ts).
   */
  fullWalk?: boolean;
  /** The rebuild's clearing step committed. */
  rebuildCleared?: boolean;
  /** Chats named by `claude_chat_deleted` events in this run's feed walk, to verify and remove. */
  deletedChats?: string[];
  /** More deletions than can be verified one by one: a full walk is requested instead. */
  deletionsOverflow?: boolean;
  deepScanIds: string[];
  deepScanLoaded?: boolean;
  /** Plugins whose latest version is not the served one: their latest version's metadata is read next. */
  pluginVersionIds?: Array<[string, string]>;
  /** The feed reported a plugin change the previous run did not see: re-read the plugins. */
  pluginsDirty?: boolean;
  /** The plugin list was walked to its end in this run. */
  pluginsListed?: boolean;
  /** What this run's plugin read came to (absent when the phase did not run). */
  pluginsRun?: { status: 'available' | 'absent' | 'error'; note: string | null };
  counts: { chats: number; activities: number; users: number; groups: number; projects: number; scanned: number; plugins?: number };
}

/** Progress of a running snapshot, from its checkpoint alone. */
export function snapshotProgress(cp: ComplianceCheckpoint, now: Date): { label: string; fraction: number | null; detail: string | null } {
  const byTime = (from: string | null, at: string | null): number | null => {
    if (!from || !at) return null;
    const span = now.getTime() - Date.parse(from);
    return span > 0 ? Math.min(1, Math.max(0, (Date.parse(at) - Date.parse(from)) / span)) : null;
  };
  let fraction: number | null = null;
  if (cp.phase === 'chats') fraction = byTime(cp.chatsFrom, cp.chatsAt);
  else if (cp.phase === 'activities') fraction = byTime(cp.activitiesFrom, cp.activitiesAt);
  else if (cp.phase === 'users' || cp.phase === 'roles' || cp.phase === 'settings') fraction = cp.orgs.length ? cp.index / cp.orgs.length : null;
  else if (cp.phase === 'members') fraction = cp.groups.length ? cp.index / cp.groups.length : null;
  else if (cp.phase === 'chatDeletions') fraction = cp.deletedChats?.length ? cp.index / cp.deletedChats.length : null;
  else if (cp.phase === 'plugins') fraction = cp.pluginsListed && cp.pluginVersionIds?.length ? cp.index / cp.pluginVersionIds.length : null;
  else if (cp.phase === 'deepScan') fraction = cp.deepScanIds.length ? cp.index / cp.deepScanIds.length : null;
  return { label: PHASE_LABELS[cp.phase], fraction, detail: cp.fullWalk ? 'Full walk of chat ids (reconciling deleted chats)' : cp.kind === 'incremental' ? 'Incremental refresh' : null };
}
