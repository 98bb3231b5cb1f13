import type { JobRow } from '../db/schema.ts';

/**
 * The Compliance snapshot job's checkpoint: everything a restarted worker needs to continue a run, and
 * everything the UI needs to show its progress. Kept apart from the job so pages can import it without
 * the derivation code.
 */
export const JOB_ID = 'compliance-snapshot';
export const STATE_KEY = 'compliance.state';

export type Phase = 'orgs' | 'activities' | 'chats' | 'users' | 'roles' | 'groups' | 'members' | 'settings' | 'projects' | 'deepScan' | 'publish';

export const PHASE_LABELS: Record<Phase, string> = {
  orgs: 'Reading organizations',
  activities: 'Replaying MCP and directory events',
  chats: 'Reading chats',
  users: 'Reading users',
  roles: 'Reading roles',
  groups: 'Reading groups',
  members: 'Reading group members',
  settings: 'Reading organization settings',
  projects: 'Reading projects',
  deepScan: 'Deep scan of recent chats',
  publish: 'Publishing the snapshot',
};

export interface Checkpoint {
  runId: string;
  kind: 'full' | 'incremental';
  startedAt: string;
  phase: Phase;
  phaseStartedAt: string;
  /** Generation stamped on directory rows this run writes. */
  gen: number;
  /** This run re-reads users, roles, groups, members, settings and all projects. */
  directory: boolean;
  directoryDirty: boolean;
  orgs: string[];
  groups: string[];
  /** Position in `orgs` or `groups` for per-org / per-group phases. */
  index: number;
  /** Page token inside the current list. */
  page: string | null;
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
  deepScanIds: string[];
  deepScanLoaded?: boolean;
  requests: number;
  /** Wall time of the run's steps and the part of it spent waiting for the API; the rest is local processing. */
  timings: { stepsMs: number; waitMs: number };
  counts: { chats: number; activities: number; users: number; groups: number; projects: number; scanned: number };
  skipped: Record<string, number>;
}

export interface JobProgress {
  phase: Phase;
  label: string;
  /** 0..1 within the current phase where it can be estimated. */
  fraction: number | null;
  etaSeconds: number | null;
}

export function checkpointOf(job: JobRow | undefined): Checkpoint | null {
  return job && job.checkpoint && typeof job.checkpoint === 'object' ? (job.checkpoint as Checkpoint) : null;
}

/** Progress of a running job for the UI, from its checkpoint alone. */
export function progressOf(cp: Checkpoint, now: Date): JobProgress {
  const label = PHASE_LABELS[cp.phase];
  const elapsed = (now.getTime() - Date.parse(cp.phaseStartedAt)) / 1000;
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
  else if (cp.phase === 'deepScan') fraction = cp.deepScanIds.length ? cp.index / cp.deepScanIds.length : null;
  const etaSeconds = fraction !== null && fraction > 0.02 && elapsed > 1 ? Math.round((elapsed / fraction) * (1 - fraction)) : null;
  return { phase: cp.phase, label, fraction, etaSeconds };
}
