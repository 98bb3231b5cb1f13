import type { CoreDb, JobRow } from '../db/schema.ts';
import { describeFailure } from './failures.ts';
import type { BaseCheckpoint, JobProgress, JobSpec, RequestMeter, RunOutcome, StepEnv } from './types.ts';

export interface JobDeps {
  now?: () => Date;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Awaited before every step (the resilience suite stops the worker at a chosen phase this way). */
  beforeStep?: (jobId: string, cp: BaseCheckpoint) => Promise<void>;
}

/** The checkpoint stored on a job row, or null when the row has none. */
export function checkpointOf<Cp extends BaseCheckpoint = BaseCheckpoint>(job: JobRow | undefined): Cp | null {
  return job && job.checkpoint && typeof job.checkpoint === 'object' ? (job.checkpoint as Cp) : null;
}

function sumCounts(counts: Record<string, number>): number {
  let n = 0;
  for (const v of Object.values(counts)) n += v;
  return n;
}

export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });
}

/**
 * Runs one source's job spec against the database (see lib/jobs/types.ts). The engine owns the run's
 * lifecycle (create or continue a run, step until done, stop with a reason) and the bookkeeping every
 * step shares (checkpoint, request count, timings, progress); the spec owns what each step reads and writes.
 */
export class Job<Cp extends BaseCheckpoint, Client extends RequestMeter, Options, Db extends CoreDb = CoreDb> {
  private readonly now: () => Date;
  private readonly sleepFn: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly beforeStep: JobDeps['beforeStep'];
  private stepStarted = 0;
  private waitBefore = 0;
  private requestsBefore = 0;

  constructor(
    private readonly db: Db,
    readonly spec: JobSpec<Cp, Client, Options, Db>,
    private readonly client: Client,
    private readonly options: Options,
    deps: JobDeps = {},
  ) {
    this.now = deps.now ?? (() => new Date());
    this.sleepFn = deps.sleep ?? realSleep;
    this.beforeStep = deps.beforeStep;
  }

  /** Creates a new run unless one is unfinished (running, paused or queued), which is then continued instead. */
  async prepare(): Promise<Cp> {
    const { db, spec } = this;
    return db.transaction('rw', ['jobs', ...(spec.beginTables ?? [])], async () => {
      const existing = await db.jobs.get(spec.id);
      const cp = checkpointOf<Cp>(existing);
      const unfinished = existing && cp && (existing.status === 'running' || existing.status === 'paused' || existing.status === 'queued');
      if (unfinished && (spec.continues?.(cp, this.options) ?? true)) {
        await db.jobs.update(spec.id, { status: 'running', error: null, updatedAt: this.now().toISOString() });
        return cp;
      }
      const now = this.now();
      const iso = now.toISOString();
      const base: BaseCheckpoint<Cp['phase']> = {
        runId: `run_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`,
        kind: 'full',
        startedAt: iso,
        phase: spec.phases[0]!,
        phaseStartedAt: iso,
        index: 0,
        page: null,
        requests: 0,
        timings: { stepsMs: 0, waitMs: 0 },
        counts: {},
        skipped: {},
      };
      const checkpoint = await spec.begin(base, { db, now, options: this.options });
      await db.jobs.put({
        id: spec.id,
        kind: spec.id,
        status: 'running',
        createdAt: iso,
        updatedAt: iso,
        checkpoint,
        error: null,
        attempts: 0,
        progress: this.progressOf(checkpoint),
      });
      return checkpoint;
    });
  }

  /** Runs steps until the job publishes, pauses or fails, or `signal` cancels it. */
  async run(signal?: AbortSignal): Promise<RunOutcome> {
    let cp = await this.prepare();
    const cancelled = `Cancelled. ${this.keep()} Start a new run at any time.`;
    for (;;) {
      if (signal?.aborted) return this.stop('cancelled', cancelled);
      try {
        if (this.beforeStep) await this.beforeStep(this.spec.id, cp);
        const next = await this.step(cp, signal);
        if (next === 'done') return { status: 'done', runId: cp.runId };
        cp = next;
      } catch (err) {
        if (signal?.aborted) return this.stop('cancelled', cancelled);
        const verdict = describeFailure(err, this.keep());
        return this.stop(verdict.status, verdict.message);
      }
    }
  }

  private keep(): string {
    return this.spec.keepMessage ?? 'The previous snapshot is still shown.';
  }

  private async stop(status: 'paused' | 'failed' | 'cancelled', error: string): Promise<RunOutcome> {
    await this.db.jobs.update(this.spec.id, { status, error, updatedAt: this.now().toISOString() });
    return { status, error };
  }

  private progressOf(cp: Cp): JobProgress {
    const p = this.spec.progress(cp, this.now());
    return { phase: cp.phase, phaseStartedAt: cp.phaseStartedAt, records: sumCounts(cp.counts), requests: cp.requests, kind: cp.kind, ...p };
  }

  /** Whether `phase` runs in the run of `cp`. */
  private applies(phase: Cp['phase'], cp: Cp): boolean {
    return this.spec.applies ? this.spec.applies(phase, cp, this.options) : true;
  }

  private nextPhase(cp: Cp): Cp {
    const { phases } = this.spec;
    let i = phases.indexOf(cp.phase) + 1;
    while (i < phases.length - 1 && !this.applies(phases[i]!, cp)) i++;
    const phase = phases[Math.min(i, phases.length - 1)]!;
    return { ...cp, phase, phaseStartedAt: this.now().toISOString(), index: 0, page: null };
  }

  private async commit(next: Cp): Promise<void> {
    next.requests += this.client.requestCount() - this.requestsBefore;
    this.requestsBefore = this.client.requestCount();
    const t = performance.now();
    next.timings = { stepsMs: (next.timings?.stepsMs ?? 0) + (t - this.stepStarted), waitMs: (next.timings?.waitMs ?? 0) + (this.client.waitMs() - this.waitBefore) };
    this.stepStarted = t;
    this.waitBefore = this.client.waitMs();
    await this.db.jobs.update(this.spec.id, { checkpoint: next, progress: this.progressOf(next), updatedAt: this.now().toISOString() });
  }

  private async step(cp0: Cp, signal?: AbortSignal): Promise<Cp | 'done'> {
    const cp = structuredClone(cp0);
    this.requestsBefore = this.client.requestCount();
    this.stepStarted = performance.now();
    this.waitBefore = this.client.waitMs();
    const env: StepEnv<Cp, Client, Options, Db> = {
      db: this.db,
      client: this.client,
      options: this.options,
      signal,
      now: this.now,
      sleep: (ms) => this.sleepFn(ms, signal),
      commit: (next) => this.commit(next),
      nextPhase: (c) => this.nextPhase(c),
      skipToNextPhase: async (c) => {
        const next = this.nextPhase(c);
        await this.db.transaction('rw', ['jobs'], () => this.commit(next));
        return next;
      },
      requests: (c) => c.requests + this.client.requestCount() - this.requestsBefore,
      finish: async (c) => {
        c.requests += this.client.requestCount() - this.requestsBefore;
        this.requestsBefore = this.client.requestCount();
        await this.db.jobs.update(this.spec.id, { status: 'done', error: null, checkpoint: c, progress: this.progressOf(c), updatedAt: this.now().toISOString() });
      },
    };
    const step = this.spec.steps[cp.phase as Cp['phase']];
    return step(cp, env);
  }
}
