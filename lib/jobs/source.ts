import { z } from 'zod';
import type { HttpClient } from '../api/http/index.ts';
import type { ErrorDescriber } from '../api/http/messages.ts';
import type { CoreDb } from '../db/schema.ts';
import type { Connection } from '../keys/connections.ts';
import type { Settings } from '../settings/settings.ts';
import { Job, type JobDeps } from './job.ts';
import type { RunnableJob } from './runner.ts';
import type { BaseCheckpoint, JobSpec, RequestMeter, RunOutcome } from './types.ts';

/**
 * A source: one API the product reads (Compliance, Analytics, SCIM, Admin API), as one folder under
 * lib/sources/ that exports one {@link SourceDefinition}: its connection test and, when it collects data,
 * its job. The worker (lib/background) treats every source alike; adding a source never edits another.
 */

export const ConnectionTestResultSchema = z.object({
  connection: z.string(),
  ok: z.boolean(),
  /** One line for the admin, e.g. "Connected: 3 organizations visible". */
  summary: z.string(),
  requestId: z.string().nullable(),
  checkedAt: z.string(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResultSchema>;

/** What a probe reports; the worker adds the connection and the time. */
export type ProbeResult = { ok: true; summary: string; requestId: string | null };

/** A source's job, with its types closed over so the worker can hold every source's job in one list. */
export interface SourceJob {
  /** The job row id (the spec's id). */
  id: string;
  label: string;
  /** A job for one run, reading with `http` and writing into `db` (the whole database). */
  create(db: CoreDb, http: HttpClient, settings: Settings, deps?: JobDeps): RunnableJob;
  /** Minutes between scheduled runs, or null when the admin switched the schedule off. */
  scheduleMinutes(settings: Settings): number | null;
  /** Called when a run ends (done, failed, paused or cancelled), e.g. to keep a sync log. */
  finished?: (db: CoreDb, outcome: RunOutcome, now: Date) => Promise<void>;
  /** Asks the next run to re-read everything rather than only changes (when the source can). */
  requestFullWalk?(db: CoreDb): Promise<void>;
}

export interface SourceDefinition {
  /** "compliance", "analytics", …: also the id of its schedule alarm. */
  id: string;
  /** The credential slot it reads with. */
  connection: Connection;
  /** "Compliance API", for messages. */
  label: string;
  /** Its API's base URL from settings ('' when the admin has not entered one yet). */
  baseUrl(settings: Settings): string;
  /** What to say when the base URL is missing. */
  missingBaseUrl?: string;
  /** Source-specific wording for HTTP failures (e.g. the Analytics API's 404 for key problems). */
  describeError?: ErrorDescriber;
  /** "Test connection": one cheap read that proves the credential and says what it sees. Throws ApiError on failure. */
  probe(http: HttpClient, now: Date, signal?: AbortSignal): Promise<ProbeResult>;
  job?: SourceJob;
}

/** Closes a typed job spec over its client and options, for {@link SourceDefinition.job}. */
export function sourceJob<Cp extends BaseCheckpoint, Client extends RequestMeter, Options, Db extends CoreDb>(
  spec: JobSpec<Cp, Client, Options, Db>,
  parts: {
    client: (http: HttpClient) => Client;
    options: (settings: Settings) => Options;
    scheduleMinutes: (settings: Settings) => number | null;
    finished?: (db: Db, outcome: RunOutcome, now: Date) => Promise<void>;
    requestFullWalk?: (db: CoreDb) => Promise<void>;
  },
): SourceJob {
  const finished = parts.finished;
  return {
    ...(finished ? { finished: (db: CoreDb, outcome: RunOutcome, now: Date) => finished(db as Db, outcome, now) } : {}),
    id: spec.id,
    label: spec.label,
    // The worker passes the database with every source's tables, which includes this source's `Db`.
    create: (db, http, settings, deps) => new Job<Cp, Client, Options, Db>(db as Db, spec, parts.client(http), parts.options(settings), deps),
    scheduleMinutes: parts.scheduleMinutes,
    ...(parts.requestFullWalk ? { requestFullWalk: parts.requestFullWalk } : {}),
  };
}
