import type { CoreDb } from '../db/schema.ts';
import { checkpointOf } from './job.ts';
import type { BaseCheckpoint, RunOutcome } from './types.ts';

/** What the runner needs of a job (any source's {@link Job}). */
export interface RunnableJob {
  prepare(): Promise<BaseCheckpoint>;
  run(signal?: AbortSignal): Promise<RunOutcome>;
}

export interface JobRunnerDeps {
  db: CoreDb;
  /** The job row id this runner owns (the spec's id). */
  jobId: string;
  /** Builds the job with the current settings and credential; throws a readable error when there is no usable key. */
  makeJob: () => Promise<RunnableJob>;
  /** Called when a run starts and ends, e.g. to keep the MV3 worker alive and arm a watchdog alarm. */
  onActive?: (active: boolean) => void;
  onFinished?: (outcome: RunOutcome) => void;
}

/**
 * Owns the one run of one job in this worker. A second start while a run is in flight joins it instead
 * of starting another; a worker that died mid-run continues from the stored checkpoint.
 */
export class JobRunner {
  private current: { runId: string; promise: Promise<RunOutcome>; abort: AbortController } | null = null;
  private starting: Promise<{ runId: string }> | null = null;

  constructor(private readonly deps: JobRunnerDeps) {}

  get jobId(): string {
    return this.deps.jobId;
  }

  get running(): boolean {
    return this.current !== null || this.starting !== null;
  }

  async start(): Promise<{ runId: string; joined: boolean }> {
    if (this.current) return { runId: this.current.runId, joined: true };
    // Several clicks (popup and options at once, or an alarm) may arrive while the first start is
    // still preparing: they all wait for that one start instead of launching a second loop.
    if (this.starting) return { runId: (await this.starting).runId, joined: true };
    this.starting = this.launch();
    try {
      return { runId: (await this.starting).runId, joined: false };
    } finally {
      this.starting = null;
    }
  }

  private async launch(): Promise<{ runId: string }> {
    const job = await this.deps.makeJob();
    const cp = await job.prepare();
    const abort = new AbortController();
    this.deps.onActive?.(true);
    const promise = job
      .run(abort.signal)
      .then((outcome) => {
        this.deps.onFinished?.(outcome);
        return outcome;
      })
      .finally(() => {
        this.current = null;
        this.deps.onActive?.(false);
      });
    this.current = { runId: cp.runId, promise, abort };
    return { runId: cp.runId };
  }

  /** Waits for the in-flight run, if any. */
  async settle(): Promise<RunOutcome | null> {
    if (this.starting) await this.starting.catch(() => undefined);
    return this.current ? this.current.promise : null;
  }

  cancel(): boolean {
    if (!this.current) return false;
    this.current.abort.abort(new DOMException('Cancelled by the admin.', 'AbortError'));
    return true;
  }

  /** After a worker restart: continue a run whose checkpoint says it was running. */
  async resumeIfInterrupted(): Promise<boolean> {
    if (this.running) return false;
    const job = await this.deps.db.jobs.get(this.deps.jobId);
    if (job?.status !== 'running' || !checkpointOf(job)) return false;
    try {
      await this.start();
      return true;
    } catch (err) {
      // No credential any more (e.g. "Don't remember" and the worker restarted): pause with the reason.
      await this.deps.db.jobs.update(this.deps.jobId, { status: 'paused', error: err instanceof Error ? err.message : String(err), updatedAt: new Date().toISOString() });
      return false;
    }
  }
}
