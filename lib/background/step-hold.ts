import { browser } from 'wxt/browser';
import type { JobDeps } from '../jobs/job.ts';

interface Hold {
  job?: unknown;
  phase?: unknown;
  step?: unknown;
}

/**
 * For the resilience suite only, and compiled into e2e builds only (`import.meta.env.MODE === 'e2e'`;
 * production builds drop it): stops a source's run before the chosen step of a chosen phase, so a test
 * can stop the worker at that exact point instead of by timing luck. The test writes
 * `e2e.hold = { job, phase, step }` (step 1 = the phase's first step in this worker), waits for
 * `e2e.held`, stops the worker, removes `e2e.hold` and wakes the worker, which resumes from the checkpoint.
 * With `e2e.trace` set, every step is counted in `e2e.steps` ("job:phase" → steps), so a test can learn
 * which phases a run goes through.
 */
export function e2eStepHold(): JobDeps['beforeStep'] {
  if (import.meta.env.MODE !== 'e2e') return undefined;
  const steps = new Map<string, number>();
  return async (jobId, cp) => {
    const key = `${jobId}\u0000${cp.runId}\u0000${cp.phase}`;
    const step = (steps.get(key) ?? 0) + 1;
    steps.set(key, step);
    const got = (await browser.storage.local.get(['e2e.hold', 'e2e.trace', 'e2e.steps'])) as { 'e2e.hold'?: Hold; 'e2e.trace'?: boolean; 'e2e.steps'?: Record<string, number> };
    if (got['e2e.trace']) {
      const trace = got['e2e.steps'] ?? {};
      trace[`${jobId}:${cp.phase}`] = (trace[`${jobId}:${cp.phase}`] ?? 0) + 1;
      await browser.storage.local.set({ 'e2e.steps': trace });
    }
    const hold = got['e2e.hold'];
    if (!hold || hold.job !== jobId || hold.phase !== cp.phase || (typeof hold.step === 'number' ? hold.step : 1) !== step) return;
    await browser.storage.local.set({ 'e2e.held': { job: jobId, phase: cp.phase, runId: cp.runId, step } });
    // Held until the test stops the worker.
    await new Promise<never>(() => undefined);
  };
}
