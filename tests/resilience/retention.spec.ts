import { rmSync } from 'node:fs';
import { test, expect } from '../e2e/fixtures.ts';
import { launchWithExtension } from '../e2e/launch.ts';
import { readStore } from '../e2e/idb.ts';
import { ask, configure, dumpStores, SOURCES_UNDER_TEST, storageSet, waitForJob, waitForStorage } from './harness.ts';
import { killBrowser, scanProfile } from './profile.ts';

/**
 * A browser restart with each way of keeping a key the product offers (Options → "Keep it":
 * "Don't remember", "This browser session" (default), "Encrypted on this device with a passphrase"),
 * one connection in each:
 * - Don't remember (SCIM token): gone; the card says nothing is stored, a sync asks for the token; data kept.
 * - This browser session (Compliance key): gone after the restart; the same, and the message says why.
 * - Encrypted (Admin API key), with a sync held mid-run when the browser is killed: the key stays,
 *   locked; the run waits, paused, asking for the passphrase; a wrong passphrase changes nothing; the right
 *   one (typed in Options) unlocks it and Resume finishes the same run with the result of an uninterrupted one.
 * No key appears in plaintext (or encoded) in any file of the profile, before or after the restart.
 */

const PASSPHRASE = 'correct horse battery staple 2026!';
const CANARY = 'canary-1b7e55c0d3a94f62';
const by = (source: string) => SOURCES_UNDER_TEST.find((s) => s.source === source)!;

test('browser restart with each retention option → keys gone, locked or kept as chosen; data kept; nothing in plaintext on disk', async ({ sandbox }) => {
  test.setTimeout(240_000);
  const [scim, compliance, admin] = [by('scim'), by('compliance'), by('admin')];
  const secrets = { scim: scim.secret(sandbox), compliance: compliance.secret(sandbox), admin: admin.secret(sandbox) };
  let launched = await launchWithExtension();
  const { userDataDir, extensionId } = launched;
  const url = (p: string) => `chrome-extension://${extensionId}/${p}`;
  try {
    let page = await launched.context.newPage();
    await page.goto(url('options.html'));
    await configure(page, sandbox);
    await storageSet(page, { 'e2e.canary': CANARY });
    await ask(page, { type: 'credential/set', connection: 'scim', secret: secrets.scim, mode: 'dont-remember' });
    await ask(page, { type: 'credential/set', connection: 'compliance', secret: secrets.compliance, mode: 'session' });
    await ask(page, { type: 'credential/set', connection: 'admin', secret: secrets.admin, mode: 'encrypted', passphrase: PASSPHRASE });

    // Runs with each key: SCIM and Compliance to the end; the Admin API sync once to the end, then held mid-run.
    const published: Record<string, Record<string, string[]>> = {};
    for (const s of [scim, compliance, admin]) {
      await ask(page, { type: 'job/start', source: s.source });
      expect((await waitForJob(page, s.jobId, ['done', 'failed', 'paused'])).status).toBe('done');
      published[s.source] = await dumpStores(page, s.stores);
    }
    await storageSet(page, { 'e2e.hold': { job: admin.jobId, phase: 'members', step: 1 } });
    await ask(page, { type: 'job/start', source: 'admin' });
    const held = await waitForStorage<{ runId: string }>(page, 'e2e.held');

    const before = scanProfile(userDataDir, secrets, CANARY);
    expect(before.found).toEqual([]);

    // The browser is killed and relaunched on the same profile.
    await killBrowser(launched.context, userDataDir);
    launched = await launchWithExtension({ userDataDir });
    page = await launched.context.newPage();
    await page.goto(url('options.html'));

    // What each option means after a restart.
    const status = async (connection: string) => ask<{ mode: string; present: boolean; locked: boolean }>(page, { type: 'credential/status', connection });
    expect(await status('scim')).toMatchObject({ mode: 'dont-remember', present: false, locked: false });
    expect(await status('compliance')).toMatchObject({ mode: 'session', present: false, locked: false });
    expect(await status('admin')).toMatchObject({ mode: 'encrypted', present: true, locked: true });

    // The held Admin API run waits on its checkpoint for the passphrase.
    const paused = await waitForJob(page, admin.jobId, ['paused', 'failed', 'done'], 30_000);
    expect(paused.status).toBe('paused');
    expect(paused.error).toMatch(/passphrase/i);
    expect((await readStore<{ checkpoint: { runId: string } }>(page, 'jobs', admin.jobId)).checkpoint.runId).toBe(held.runId);

    // The cards say what to do; the data of every source is still there.
    await expect(page.locator('[data-connection="scim"]')).toContainText('Nothing stored.');
    await expect(page.locator('[data-connection="admin"]')).toContainText('Key stored, locked: unlock with your passphrase.');
    await expect(page.locator('[data-connection="admin"]').getByTestId('job-error')).toContainText(/passphrase/i);
    const unlockCard = page.getByRole('region', { name: 'Unlock your keys' });
    await expect(unlockCard).toBeVisible();
    for (const s of [scim, compliance, admin]) expect(await dumpStores(page, s.stores), `${s.source} data after the restart`).toEqual(published[s.source]);
    await expect.poll(async () => (await ask(page, { type: 'job/start', source: 'scim' }).then(() => '', (e: Error) => e.message))).toMatch(/Paste the SCIM token for this run/);
    const sessionGone = await ask(page, { type: 'job/start', source: 'compliance' }).then(() => '', (e: Error) => e.message);
    expect(sessionGone).toMatch(/browser session/i);
    expect(sessionGone).toMatch(/paste it again/i);

    // A wrong passphrase changes nothing; the right one, typed in Options, unlocks; Resume finishes the same run.
    await page.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { remove(k: string[]): Promise<void> } } } }).chrome.storage.local.remove(['e2e.hold', 'e2e.held']));
    await unlockCard.getByLabel('Passphrase').fill('not the passphrase at all 1234');
    await unlockCard.getByRole('button', { name: 'Unlock' }).click();
    await expect(unlockCard.getByRole('alert')).toContainText('does not unlock');
    expect(await status('admin')).toMatchObject({ locked: true });
    await unlockCard.getByLabel('Passphrase').fill(PASSPHRASE);
    await unlockCard.getByRole('button', { name: 'Unlock' }).click();
    await expect(unlockCard).toBeHidden();
    await expect(page.locator('[data-connection="admin"]')).toContainText('Key stored (Encrypted on this device');
    await page.locator('[data-connection="admin"]').getByTestId('job-error').getByRole('button', { name: 'Resume' }).click();
    const done = await waitForJob(page, admin.jobId, ['done', 'failed', 'paused']);
    expect(done.status, done.error ?? '').toBe('done');
    expect((await readStore<{ checkpoint: { runId: string } }>(page, 'jobs', admin.jobId)).checkpoint.runId).toBe(held.runId);
    expect(await dumpStores(page, admin.stores)).toEqual(published.admin);

    // The keys that were not kept work again once pasted.
    await ask(page, { type: 'credential/set', connection: 'scim', secret: secrets.scim, mode: 'dont-remember' });
    await ask(page, { type: 'credential/set', connection: 'compliance', secret: secrets.compliance, mode: 'session' });
    for (const s of [scim, compliance]) {
      await ask(page, { type: 'job/start', source: s.source });
      expect((await waitForJob(page, s.jobId, ['done', 'failed', 'paused'])).status).toBe('done');
      expect(await dumpStores(page, s.stores)).toEqual(published[s.source]);
    }
  } finally {
    await launched.context.close().catch(() => undefined);
  }
  try {
    // After the restart and the runs, with the browser closed: every file of the profile.
    const after = scanProfile(userDataDir, secrets, CANARY);
    expect(after.found).toEqual([]);
    expect(after.scanned).toBeGreaterThan(20);
    expect(after.canaryFound, 'the scan reads the files storage.local is kept in').toBe(true);
  } finally {
    rmSync(userDataDir, { recursive: true, force: true });
  }
});
