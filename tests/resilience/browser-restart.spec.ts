import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { test, expect } from '../e2e/fixtures.ts';
import { launchWithExtension } from '../e2e/launch.ts';
import { ask, dumpStores, SOURCES_UNDER_TEST, startRun, storageGet, storageRemove, storageSet, storeSecret, waitForJob, waitForStorage, type SourceUnderTest } from './harness.ts';
import { killBrowser } from './profile.ts';

/**
 * The whole browser killed (SIGKILL of the browser process: no unload, no shutdown) while a source's run
 * is held in a mid phase, then relaunched on the same profile with the same extension. The key was kept
 * for the browser session (the default), so it is gone: the run must wait, paused, with a message that
 * says what to do, while the snapshot published before stays in place and on screen. Once the key is
 * pasted again, the run resumes from its checkpoint and ends with exactly the result of an uninterrupted run.
 */

/** A phase in the middle of each source's run that a second run on top of a first one goes through. */
const MID_PHASE: Record<string, string> = { compliance: 'chats', analytics: 'usage', scim: 'groups', admin: 'members' };

/** Where each source's published data shows, and a row of it to look for. */
async function expectShown(page: Page, extensionId: string, s: SourceUnderTest, dump: Record<string, string[]>): Promise<void> {
  const first = (store: string) => JSON.parse(dump[store]![0]!) as Record<string, unknown>;
  const escape = (v: unknown) => String(v).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (s.source === 'compliance') {
    const model = (dump.pubModels ?? []).map((r) => JSON.parse(r) as { model: string }).find((m) => m.model !== '')!;
    await page.goto(`chrome-extension://${extensionId}/inventory.html#/models`);
    await expect(page.getByRole('row', { name: new RegExp(escape(model.model)) }).first()).toBeVisible();
    await expect(page.getByRole('row')).toHaveCount(dump.pubModels!.length + 1);
  } else if (s.source === 'analytics') {
    await page.goto(`chrome-extension://${extensionId}/inventory.html#/usage`);
    await expect(page.getByTestId('usage-tab')).toBeVisible();
    await expect(page.getByTestId('analytics-freshness')).toContainText('Data as of');
  } else {
    const email = s.source === 'scim' ? first('scimUsers').email : first('adminUsers').email;
    await page.goto(`chrome-extension://${extensionId}/inventory.html#/people`);
    const people = page.getByTestId('people-tab');
    await people.getByLabel('Search people (name or email)').fill(String(email));
    await expect(people.getByRole('row', { name: new RegExp(escape(email)) }).first()).toBeVisible();
  }
}

for (const s of SOURCES_UNDER_TEST) {
  test(`${s.source}: browser killed in the ${MID_PHASE[s.source]} phase and relaunched on the same profile → waits for the key, then resumes to the same result`, async ({ sandbox }) => {
    test.setTimeout(240_000);
    let launched = await launchWithExtension();
    const { userDataDir, extensionId } = launched;
    try {
      // 1. An uninterrupted run publishes what the admin sees.
      let page = await startRun(launched.context, extensionId, sandbox, s);
      expect((await waitForJob(page, s.jobId, ['done', 'failed', 'paused'])).status).toBe('done');
      const published = await dumpStores(page, s.stores);
      expect(Object.values(published).reduce((n, rows) => n + rows.length, 0)).toBeGreaterThan(0);

      // 2. A second run, held before the second step (or the first) of a mid phase.
      const phase = MID_PHASE[s.source]!;
      await storageSet(page, { 'e2e.trace': true, 'e2e.steps': {}, 'e2e.hold': { job: s.jobId, phase, step: 1 } });
      await ask(page, { type: 'job/start', source: s.source });
      const held = await Promise.race([
        waitForStorage<{ phase: string; runId: string }>(page, 'e2e.held', 60_000),
        waitForJob(page, s.jobId, ['done', 'failed', 'paused'], 60_000).then(async (j) => {
          throw new Error(`the second run ended ${j.status} without reaching ${phase}: ${JSON.stringify(await storageGet(page, 'e2e.steps'))}`);
        }),
      ]);
      expect(held).toMatchObject({ phase });
      const view = await launched.context.newPage();
      await expectShown(view, extensionId, s, published);

      // 3. The whole browser is killed, and relaunched on the same profile.
      await killBrowser(launched.context, userDataDir);
      launched = await launchWithExtension({ userDataDir });
      expect(launched.extensionId).toBe(extensionId);
      page = await launched.context.newPage();
      await page.goto(`chrome-extension://${extensionId}/options.html`);

      // 4. The session key is gone: the run waits, paused, on its checkpoint, saying what to do; nothing published was lost.
      const paused = await waitForJob(page, s.jobId, ['paused', 'failed', 'done'], 30_000);
      expect(paused.status, paused.error ?? '').toBe('paused');
      expect(paused.error ?? '').toMatch(/paste/i);
      const job = await (await import('../e2e/idb.ts')).readStore<{ checkpoint: { runId: string; phase: string } }>(page, 'jobs', s.jobId);
      expect(job.checkpoint).toMatchObject({ runId: held.runId, phase });
      expect(await ask<{ present: boolean }>(page, { type: 'credential/status', connection: s.connection })).toMatchObject({ present: false, locked: false });
      const afterRestart = await dumpStores(page, s.stores);
      for (const store of s.stores) if (store.startsWith('pub') || s.source !== 'compliance') expect(afterRestart[store], `${store} after the restart`).toEqual(published[store]);
      await expectShown(await launched.context.newPage(), extensionId, s, published);

      // 5. The key pasted again: the run continues from its checkpoint to the same result as an uninterrupted run.
      await storageRemove(page, ['e2e.hold', 'e2e.held']);
      await storeSecret(page, s.connection, s.secret(sandbox));
      const resumed = await ask<{ runId: string }>(page, { type: 'job/start', source: s.source });
      expect(resumed.runId, 'the interrupted run continues').toBe(held.runId);
      const done = await waitForJob(page, s.jobId, ['done', 'failed', 'paused']);
      expect(done.status, done.error ?? '').toBe('done');
      const dump = await dumpStores(page, s.stores);
      for (const store of s.stores) expect(dump[store], `${store} after the resumed run`).toEqual(published[store]);
    } finally {
      await launched.context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });
}
