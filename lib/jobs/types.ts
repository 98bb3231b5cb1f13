import type { CoreDb, JobProgress } from '../db/schema.ts';

/**
 * The one job mechanism every source uses (Compliance snapshot, Analytics collection, …). A job is a
 * checkpointed state machine: each step sends one request (or a few) and commits the records it read
 * together with the checkpoint that follows, in ONE Dexie transaction. A worker killed at any moment
 * resumes from the last committed step: no duplicates, no gaps. Pages read only what a job publishes in
 * its last step, so a failed or half-finished run never shows.
 *
 * A source supplies a {@link JobSpec}: its phases in order, one small step function per phase, how a
 * run begins, and how its progress reads. {@link Job} runs any spec; {@link JobRunner} owns one job's run
 * in the worker (join, cancel, resume).
 */

/** One page of validated records. `skipped` counts records that failed their schema. */
export interface Page<T> {
  items: T[];
  skipped: number;
  /** Page token (token-paged endpoints) or cursor (cursor-paged endpoints) of the next page. */
  next: string | null;
  hasMore: boolean;
}

/** What a job needs to know of the client it drives: how many requests it sent and how long it waited. */
export interface RequestMeter {
  /** Requests sent so far (for progress and the request-efficiency benchmark). */
  requestCount(): number;
  /** Milliseconds spent waiting for responses (budget waits, network, retries), to tell local processing apart. */
  waitMs(): number;
}

/** The fields every source's checkpoint has. A source's checkpoint extends it with its own cursors. */
export interface BaseCheckpoint<P extends string = string> {
  runId: string;
  kind: 'full' | 'incremental';
  startedAt: string;
  phase: P;
  phaseStartedAt: string;
  /** Position in a per-phase list (organizations, groups, days, …). */
  index: number;
  /** Page token or cursor inside the current list. */
  page: string | null;
  requests: number;
  /** Wall time of the run's steps and the part of it spent waiting for the API; the rest is local processing. */
  timings: { stepsMs: number; waitMs: number };
  /** Records read so far, by kind ("chats", "users", "days", …). */
  counts: Record<string, number>;
  /** Records the run could not understand, by kind; skipped, never fatal. */
  skipped: Record<string, number>;
}

export type { JobProgress } from '../db/schema.ts';

export type RunOutcome = { status: 'done'; runId: string } | { status: 'paused' | 'failed' | 'cancelled'; error: string };

/** What a step gets from the job engine. */
export interface StepEnv<Cp extends BaseCheckpoint, Client, Options, Db extends CoreDb = CoreDb> {
  readonly db: Db;
  readonly client: Client;
  readonly options: Options;
  readonly signal: AbortSignal | undefined;
  now(): Date;
  /** Waits `ms` (or rejects when the run is cancelled). */
  sleep(ms: number): Promise<void>;
  /**
   * Saves `next` as the job's checkpoint, with this step's request count and timings. Call it inside the
   * step's own transaction, which must include the `jobs` table, so the data and the checkpoint commit together.
   */
  commit(next: Cp): Promise<void>;
  /** `cp` moved to the start of the next phase that applies to this run. */
  nextPhase(cp: Cp): Cp;
  /** Commits the move to the next phase in a transaction of its own (a phase with nothing to do). */
  skipToNextPhase(cp: Cp): Promise<Cp>;
  /** The run's requests so far, including this step's. */
  requests(cp: Cp): number;
  /** Marks the run done; call inside the final step's transaction (which must include `jobs`). */
  finish(cp: Cp): Promise<void>;
}

/** One phase's step: reads one page (or does one unit of work), commits, and returns the next checkpoint; 'done' after publishing. */
export type PhaseStep<Cp extends BaseCheckpoint, Client, Options, Db extends CoreDb = CoreDb> = (cp: Cp, env: StepEnv<Cp, Client, Options, Db>) => Promise<Cp | 'done'>;

export interface JobSpec<Cp extends BaseCheckpoint, Client extends RequestMeter, Options, Db extends CoreDb = CoreDb> {
  /** The `jobs` row id, e.g. "compliance-snapshot". One run of a job at a time. */
  id: string;
  /** "Compliance snapshot", for messages. */
  label: string;
  /** Phases in run order; the last one publishes and returns 'done'. */
  phases: readonly Cp['phase'][];
  steps: { readonly [P in Cp['phase']]: PhaseStep<Cp, Client, Options, Db> };
  /** Whether `phase` runs in this run (default: every phase runs). */
  applies?: (phase: Cp['phase'], cp: Cp, options: Options) => boolean;
  /** Tables `begin` reads, added to the transaction that creates a run. */
  beginTables?: readonly string[];
  /**
   * Whether an unfinished run may be continued with these options (default: yes). A run begun against
   * another host or tenant is not: it is dropped and a new run begins, so no cursor crosses over.
   */
  continues?: (cp: Cp, options: Options) => boolean;
  /** The checkpoint of a new run, given the fields every checkpoint has. Runs inside a transaction over `jobs` and `beginTables`. */
  begin: (base: BaseCheckpoint<Cp['phase']>, env: { db: Db; now: Date; options: Options }) => Promise<Cp>;
  /** Progress of a run from its checkpoint. */
  progress: (cp: Cp, now: Date) => Pick<JobProgress, 'label' | 'fraction' | 'detail'>;
  /** Text of a stopped run that is kept on screen; default: "The previous snapshot is still shown." */
  keepMessage?: string;
}
