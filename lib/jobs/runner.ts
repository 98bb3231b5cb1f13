import type { AppDb } from '../db/schema.ts';
import { ComplianceSnapshotJob, type RunOutcome, type SnapshotOptions } from '../ingest/compliance-snapshot.ts';
import { checkpointOf, JOB_ID } from '../ingest/checkpoint.ts';
import type { SnapshotSource } from '../ingest/source.ts';

export interface SnapshotRunnerDeps {
  db: AppDb;
  /** Builds a source with the current settings and credential; throws a readable error when there is no key. */
  makeSource: () => Promise<SnapshotSource>;
  options: () => Promise<SnapshotOptions>;
  /** Called when a run starts and ends, e.g. to keep the MV3 worker alive and arm a watchdog alarm. */
  onActive?: (active: boolean) => void;
  onFinished?: (outcome: RunOutcome) => void;
}

/**
 * Owns the one Compliance snapshot run of this worker. A second start while a run is in flight joins
 * it instead of starting another; a worker that died mid-run continues from the stored checkpoint.
 */
export class SnapshotRunner {
  private current: { runId: string; promise: Promise<RunOutcome>; abort: AbortController } | null = null;
  private starting: Promise<{ runId: string }> | null = null;

  constructor(private readonly deps: SnapshotRunnerDeps) {}

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
    const source = await this.deps.makeSource();
    const job = new ComplianceSnapshotJob(this.deps.db, source, await this.deps.options());
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
    return this.current ? this.current.promise : null;
  }

  cancel(): boolean {
    if (!this.current) return false;
    this.current.abort.abort(new DOMException('Cancelled by the admin.', 'AbortError'));
    return true;
  }

  /** After a worker restart: continue a run whose checkpoint says it was running. */
  async resumeIfInterrupted(): Promise<boolean> {
    if (this.current) return false;
    const job = await this.deps.db.jobs.get(JOB_ID);
    if (job?.status !== 'running' || !checkpointOf(job)) return false;
    try {
      await this.start();
      return true;
    } catch (err) {
      // No credential any more (e.g. "Don't remember" and the worker restarted): pause with the reason.
      await this.deps.db.jobs.update(JOB_ID, { status: 'paused', error: err instanceof Error ? err.message : String(err), updatedAt: new Date().toISOString() });
      return false;
    }
  }
}
