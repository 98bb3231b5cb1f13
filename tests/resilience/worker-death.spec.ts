import { test, expect } from '../e2e/fixtures.ts';
import { PHASES as COMPLIANCE_PHASES } from '../../lib/sources/compliance/checkpoint.ts';
import { PHASES as ANALYTICS_PHASES } from '../../lib/sources/analytics/checkpoint.ts';
import { PHASES as SCIM_PHASES } from '../../lib/sources/scim/checkpoint.ts';
import { PHASES as ADMIN_PHASES } from '../../lib/sources/admin/checkpoint.ts';
import { baseline, dumpStores, SOURCES_UNDER_TEST, startRun, stopWorker, storageRemove, waitForJob, waitForStorage } from './harness.ts';

/**
 * Worker death at every phase of every source's job, chosen by phase (the e2e step hold), not by timing:
 * the run is held before the phase's second step (its first when it has only one), the worker is stopped,
 * the hold removed and the worker woken; the run must resume and end with exactly the result of an
 * uninterrupted run of the same source against the same sandbox.
 */

const PHASES: Record<string, readonly string[]> = { compliance: COMPLIANCE_PHASES, analytics: ANALYTICS_PHASES, scim: SCIM_PHASES, admin: ADMIN_PHASES };

for (const s of SOURCES_UNDER_TEST) {
  test.describe(`${s.source}: worker stopped at each phase`, () => {
    for (const phase of PHASES[s.source]!) {
      test(`${s.source} · ${phase}`, async ({ context, extensionId, sandbox }) => {
        test.setTimeout(180_000);
        const base = await baseline(sandbox, s);
        const steps = base.steps[phase] ?? 0;
        test.skip(steps === 0, `the ${phase} phase does not run against this sandbox (${JSON.stringify(base.steps)})`);
        const step = steps >= 2 ? 2 : 1;

        const page = await startRun(context, extensionId, sandbox, s, { hold: { phase, step } });
        const held = await waitForStorage<{ phase: string; step: number }>(page, 'e2e.held');
        expect(held).toMatchObject({ phase, step });
        await stopWorker(context, page);
        // The hold goes before the worker wakes, so the resumed run passes the same step.
        await storageRemove(page, ['e2e.hold', 'e2e.held']);
        const waking = await context.newPage();
        await waking.goto(`chrome-extension://${extensionId}/popup.html`);
        const job = await waitForJob(page, s.jobId, ['done', 'failed', 'paused']);
        expect(job.status, job.error ?? '').toBe('done');
        const dump = await dumpStores(page, s.stores);
        for (const store of s.stores) expect(dump[store], `${store} after a stop in ${phase}`).toEqual(base.dump[store]);
        expect(Object.values(dump).reduce((n, rows) => n + rows.length, 0)).toBeGreaterThan(0);
      });
    }
  });
}
