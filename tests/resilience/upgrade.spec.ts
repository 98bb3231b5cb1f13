import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect } from '../e2e/fixtures.ts';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs, EXTENSION_PATH, launchWithExtension, unpackedExtensionId } from '../e2e/launch.ts';
import { LATEST_VERSION } from '../../lib/sources/database.ts';
import { ask, configure, SOURCES_UNDER_TEST, waitForJob } from './harness.ts';
import { decodeRow, exportDatabase, importDatabase, type DatabaseDump, type StoreDump } from './profile.ts';

/**
 * Upgrade: the database a previous release leaves behind (tests/fixtures/previous-release/database.json,
 * written by that release's own build after every source ran, see export.ts there) is put into a fresh
 * profile at its own schema version, before the current build ever opens it; then the current build
 * starts on that profile, upgrades the database (Dexie runs every version added since), and must keep
 * every row, show the old data in the inventory, People, Usage & spend and Changes views, and run new
 * snapshots and syncs on top.
 *
 * The fixture is written by a loader extension (tests/fixtures/previous-release/loader) loaded from the
 * same directory the current build is then copied into: an unpacked extension's id comes from its path,
 * so both have the same origin and so the same IndexedDB.
 */

const FIXTURE_DIR = path.resolve('tests/fixtures/previous-release');
const fixture = JSON.parse(readFileSync(path.join(FIXTURE_DIR, 'database.json'), 'utf8')) as { release: string; database: DatabaseDump };

function keyOf(store: StoreDump, row: Record<string, unknown>): string {
  const kp = store.keyPath;
  return JSON.stringify(Array.isArray(kp) ? kp.map((k) => row[k]) : row[kp as string]);
}

const rowsOf = (dump: DatabaseDump, name: string) => dump.stores.find((s) => s.name === name)?.rows.map((r) => decodeRow(r) as Record<string, unknown>) ?? [];

test(`a database written by the previous release (${fixture.release}, IndexedDB version ${fixture.database.version}) opens under the current schema with its data intact`, async ({ sandbox }) => {
  test.setTimeout(240_000);
  expect(fixture.database.version).toBeLessThanOrEqual(LATEST_VERSION * 10);
  const root = mkdtempSync(path.join(tmpdir(), 'admin-companion-upgrade-'));
  const extensionPath = path.join(root, 'extension');
  const userDataDir = path.join(root, 'profile');
  try {
    // 1. The previous release's database, written into the extension's origin at its own version.
    cpSync(path.join(FIXTURE_DIR, 'loader'), extensionPath, { recursive: true });
    // The loader has no service worker: a profile keeps a registered worker, and a stale one would stand in
    // for the current build's after the swap. So its id is computed from its path, as Chromium does.
    const extensionId = unpackedExtensionId(extensionPath);
    const loader = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs(extensionPath) });
    try {
      const page = await loader.newPage();
      await page.goto(`chrome-extension://${extensionId}/loader.html`);
      await importDatabase(page, fixture.database);
      const written = await exportDatabase(page, fixture.database.name);
      expect(written.version).toBe(fixture.database.version);
      expect(written.stores.map((s) => [s.name, s.rows.length])).toEqual(fixture.database.stores.map((s) => [s.name, s.rows.length]));
    } finally {
      await loader.close();
    }

    // 2. The current build, at the same path (same id, same origin), starts on that profile.
    rmSync(extensionPath, { recursive: true, force: true });
    cpSync(EXTENSION_PATH, extensionPath, { recursive: true });
    const launched = await launchWithExtension({ userDataDir, extensionPath });
    try {
      const { context } = launched;
      expect(launched.extensionId, 'the same path gives the same extension id').toBe(extensionId);
      const url = (p: string) => `chrome-extension://${extensionId}/${p}`;
      const page = await context.newPage();
      await page.goto(url('options.html'));
      // The worker opens the database at start; wait until it has upgraded it.
      await expect.poll(async () => (await page.evaluate(async () => (await indexedDB.databases()).find((d) => d.name === 'admin-companion')?.version)) ?? 0, { timeout: 20_000 }).toBe(LATEST_VERSION * 10);
      const upgraded = await exportDatabase(page, fixture.database.name);

      // 3. Every store of the previous release is still there with every row; a row may have gained fields.
      let compared = 0;
      for (const before of fixture.database.stores) {
        const after = upgraded.stores.find((s) => s.name === before.name);
        expect(after, `store ${before.name} after the upgrade`).toBeDefined();
        const afterRows = new Map(rowsOf(upgraded, before.name).map((r) => [keyOf(after!, r), r]));
        // Never fewer; more where the current release derives records of its own on start (e.g. the
        // published People directory in kv), which the row-by-row check below leaves alone.
        expect(afterRows.size, `rows of ${before.name}`).toBeGreaterThanOrEqual(before.rows.length);
        for (const row of rowsOf(fixture.database, before.name)) {
          const key = keyOf(before, row);
          expect(afterRows.get(key), `${before.name} ${key}`).toMatchObject(row);
          compared++;
        }
      }
      expect(compared).toBe(fixture.database.stores.reduce((n, s) => n + s.rows.length, 0));
      expect(compared).toBeGreaterThan(500);

      // 4. The views show the old data.
      const view = await context.newPage();
      const pubModels = rowsOf(fixture.database, 'pubModels').filter((m) => m.model !== '').sort((a, b) => Number(b.chats) - Number(a.chats));
      await view.goto(url('inventory.html#/models'));
      await expect(view.getByRole('row', { name: new RegExp(String(pubModels[0]!.model)) }).first()).toBeVisible();
      await expect(view.getByRole('row')).toHaveCount(rowsOf(fixture.database, 'pubModels').length + 1);

      const person = rowsOf(fixture.database, 'adminUsers')[0]!;
      await view.goto(url('inventory.html#/people'));
      const people = view.getByTestId('people-tab');
      await people.getByLabel('Search people (name or email)').fill(String(person.email));
      await expect(people.getByRole('row', { name: new RegExp(String(person.email).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first()).toBeVisible();

      await view.goto(url('inventory.html#/usage'));
      await expect(view.getByTestId('usage-tab')).toBeVisible();
      await expect(view.getByTestId('usage-empty')).toHaveCount(0);
      await expect(view.getByTestId('analytics-freshness')).toContainText('Data as of');

      const change = rowsOf(fixture.database, 'changes')[0]!;
      await view.goto(url('inventory.html#/changes'));
      await expect(view.getByTestId('change').filter({ hasText: String(change.label) }).first()).toBeVisible();

      // 5. New runs of every source on top of the upgraded data.
      await configure(page, sandbox);
      const runsBefore = rowsOf(fixture.database, 'changeRuns').length;
      for (const s of SOURCES_UNDER_TEST) {
        await ask(page, { type: 'credential/set', connection: s.connection, secret: s.secret(sandbox), mode: 'session' });
        await ask(page, { type: 'job/start', source: s.source });
        const job = await waitForJob(page, s.jobId, ['done', 'failed', 'paused']);
        expect(job.status, `${s.source} on the upgraded database: ${job.error ?? ''}`).toBe('done');
      }
      const after = await exportDatabase(page, fixture.database.name);
      for (const s of SOURCES_UNDER_TEST) for (const store of s.stores) expect(rowsOf(after, store).length, `${store} after a new ${s.source} run`).toBeGreaterThanOrEqual(store === 'policyTombstones' || store === 'deepScanServers' ? 0 : 1);
      await expect.poll(async () => rowsOf(await exportDatabase(page, fixture.database.name), 'changeRuns').length, { timeout: 20_000 }).toBeGreaterThan(runsBefore);
      await view.goto(url('inventory.html#/models'));
      await expect(view.getByRole('row', { name: new RegExp(String(pubModels[0]!.model)) }).first()).toBeVisible();
    } finally {
      await launched.context.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
