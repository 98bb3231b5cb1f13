import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from '../e2e/fixtures.ts';
import { launchWithExtension } from '../e2e/launch.ts';
import { ask, configure, storeSecret, waitForJob } from './harness.ts';
import { encodings, profileFiles as files } from './profile.ts';

declare const chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> }; sync: { get(k: null): Promise<Record<string, unknown>> }; session: { get(k: null): Promise<Record<string, unknown>> } } };

/**
 * Secrets: after connecting every source and running every job, the credentials used — raw and in the
 * encodings a leak would take (base64, URL encoding, UTF-16, hex) — appear nowhere outside
 * storage.session: not in storage.local or storage.sync, not in IndexedDB, not in any file of the browser
 * profile on disk, not in any console message of the worker or the pages.
 */

const CANARY = 'canary-7d1f0c3e9b2a4c58';

test('no credential outside storage.session after every source connected and run', async ({ sandbox }) => {
  test.setTimeout(240_000);
  // A browser of its own, so its profile directory can be searched after the browser is closed.
  const launched = await launchWithExtension();
  const console: string[] = [];
  const secrets = { compliance: sandbox.keys.compliance.full.secret, analytics: sandbox.keys.analytics.full.secret, scim: sandbox.keys.scimToken };
  const passphrase = 'correct horse battery staple 2026!';
  let where: Record<string, unknown> = {};
  try {
    const { context } = launched;
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    worker.on('console', (m) => console.push(m.text()));
    context.on('page', (p) => p.on('console', (m) => console.push(m.text())));
    const extensionId = new URL(worker.url()).host;
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    await configure(page, sandbox);
    // A canary in storage.local: the disk scan must find it, which proves it reads where storage lives.
    await page.evaluate((c) => (globalThis as unknown as { chrome: { storage: { local: { set(i: object): Promise<void> } } } }).chrome.storage.local.set({ 'e2e.canary': c }), CANARY);
    await storeSecret(page, 'compliance', secrets.compliance);
    // One key kept encrypted on disk, as an admin may choose.
    await ask(page, { type: 'credential/set', connection: 'analytics', secret: secrets.analytics, mode: 'encrypted', passphrase });
    await storeSecret(page, 'scim', secrets.scim);
    for (const [source, job] of [['compliance', 'compliance-snapshot'], ['analytics', 'analytics-collection'], ['scim', 'scim-sync']] as const) {
      await ask(page, { type: 'job/start', source });
      expect((await waitForJob(page, job, ['done', 'failed', 'paused'])).status).toBe('done');
    }
    await ask(page, { type: 'connection/test', connection: 'compliance' });
    await ask(page, { type: 'connection/test', connection: 'scim' });
    // A failing call too: errors are where credentials most often leak.
    await ask(page, { type: 'compliance/check-key', secret: `${secrets.compliance.slice(0, -4)}XXXX` }).catch(() => undefined);
    for (const p of ['inventory.html#/models', 'inventory.html#/mcp', 'inventory.html#/usage', 'popup.html']) {
      const view = await context.newPage();
      await view.goto(`chrome-extension://${extensionId}/${p}`);
      await view.waitForTimeout(500);
      expect(await view.locator('body').innerText()).not.toContain(secrets.compliance);
      await view.close();
    }
    where = await page.evaluate(async () => {
      const idb: Record<string, unknown[]> = await new Promise((resolve, reject) => {
        const open = indexedDB.open('admin-companion');
        open.onerror = () => reject(open.error);
        open.onsuccess = async () => {
          const db = open.result;
          const out: Record<string, unknown[]> = {};
          for (const name of Array.from(db.objectStoreNames)) {
            out[name] = await new Promise((res, rej) => {
              const req = db.transaction(name).objectStore(name).getAll();
              req.onsuccess = () => res(req.result);
              req.onerror = () => rej(req.error);
            });
          }
          db.close();
          resolve(out);
        };
      });
      return { local: await chrome.storage.local.get(null), sync: await chrome.storage.sync.get(null), idb, session: await chrome.storage.session.get(null) };
    });
  } finally {
    await launched.context.close();
  }

  const session = JSON.stringify(where.session);
  // The session keys are there (the product works), and nowhere else.
  expect(session).toContain(secrets.compliance);
  const places: Record<string, string> = { 'storage.local': JSON.stringify(where.local), 'storage.sync': JSON.stringify(where.sync), IndexedDB: JSON.stringify(where.idb), console: console.join('\n') };
  for (const [name, secret] of Object.entries(secrets)) {
    for (const e of encodings(secret)) {
      for (const [place, text] of Object.entries(places)) expect(Buffer.from(text).includes(e.bytes), `${name} key (${e.name}) in ${place}`).toBe(false);
    }
  }
  expect(places.IndexedDB!.length).toBeGreaterThan(10_000);

  // Every file of the profile on disk (LevelDB of storage.local, IndexedDB, caches, logs…).
  let scanned = 0;
  let canaryFound = false;
  for (const file of files(launched.userDataDir)) {
    if (statSync(file).size > 200 * 1024 * 1024) continue;
    const bytes = readFileSync(file);
    scanned++;
    canaryFound ||= bytes.includes(Buffer.from(CANARY));
    for (const [name, secret] of Object.entries(secrets)) for (const e of encodings(secret)) expect(bytes.includes(e.bytes), `${name} key (${e.name}) in ${path.relative(launched.userDataDir, file)}`).toBe(false);
  }
  expect(scanned).toBeGreaterThan(20);
  expect(canaryFound, 'the scan reads the files storage.local is kept in').toBe(true);
});
