import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { ingestSnapshot, pointAtSandbox } from './connect.ts';
import { readJob, readStore, waitForJob } from './idb.ts';
import { SIZE_PRESETS } from '../sandbox/shared/contracts.ts';
import { expectedModels, expectedServers } from '../support/expected-inventory.ts';
import { XSS_IMG } from '../sandbox/generator/index.ts';

// 3,500 chats make four chat pages, so a worker stopped mid-walk has committed some pages and not others.
test.use({ sandboxOptions: { size: { ...SIZE_PRESETS.tiny, chats: 3_500 }, seed: 7 } });


async function publishedModels(page: Page) {
  return new Map((await readStore<Array<{ model: string; chats: number; users: number; projects: number; organizations: number }>>(page, 'pubModels')).map((m) => [m.model, m]));
}

test('paste key → scope checklist → ingest → tables and details show the expected rows', async ({ context, extensionUrl, sandbox }) => {
  const dialogs: string[] = [];
  context.on('dialog', (d) => void (dialogs.push(d.message()), d.dismiss()));
  const page = await context.newPage();
  await pointAtSandbox(page, extensionUrl('options.html'), sandbox.url);
  const card = page.locator('[data-connection="compliance"]');
  await expect(card.getByRole('button', { name: 'Ingest snapshot' })).toBeDisabled();

  // A key pasted with spaces and a newline is trimmed; the checklist shows all three scopes.
  await card.getByLabel('Compliance key', { exact: true }).fill(`  ${sandbox.keys.compliance.full.secret}\n`);
  await expect(card.getByTestId('key-check-message')).toHaveText('The key has all three scopes the inventory needs.');
  await expect(card.locator('li[data-state="present"]')).toHaveCount(3);
  await card.getByRole('button', { name: 'Ingest snapshot' }).click();
  await expect(card.getByText('Snapshot ingested', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(card.getByTestId('snapshot-status')).toHaveText('Snapshot last ingested: Just now');
  await expect(card.getByRole('button', { name: 'Ingest new snapshot' })).toBeEnabled();

  // The published inventory equals the ground truth computed from the generator's own data.
  const want = expectedModels(sandbox.org);
  // Counts name models only; the bucket of chats without a model is said apart.
  const namedModels = [...want.keys()].filter((m) => m !== '').length;
  const got = await publishedModels(page);
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [id, w] of want) expect({ id, chats: got.get(id)!.chats, users: got.get(id)!.users }).toEqual({ id, chats: w.chats, users: w.users });

  // Models table: one row per model, the most used first.
  const inventory = await context.newPage();
  await inventory.goto(extensionUrl('inventory.html'));
  await expect(inventory.getByRole('tab', { name: 'Models' })).toHaveAttribute('aria-selected', 'true');
  for (const col of ['Name', 'Added', 'Projects', 'Organizations', 'Used in chats', 'Users']) await expect(inventory.getByRole('columnheader', { name: col })).toBeVisible();
  const top = [...want.values()].sort((a, b) => b.chats - a.chats)[0]!;
  const topRow = inventory.getByRole('row', { name: new RegExp(top.model || 'Unknown model') }).first();
  await expect(topRow).toContainText(top.chats.toLocaleString('en-US'));
  await expect(inventory.getByRole('row')).toHaveCount(want.size + 1);
  if (want.has('')) await expect(inventory.getByRole('row', { name: /Unknown model/ })).toHaveCount(1);

  // Model detail: linkable, with its stats and tabs.
  await topRow.click();
  await expect(inventory).toHaveURL(new RegExp(`#/models/${encodeURIComponent(top.model)}`));
  for (const stat of ['Organizations', 'Projects', 'Used in chats', 'Users']) await expect(inventory.getByRole('group', { name: stat })).toBeVisible();
  await expect(inventory.getByRole('group', { name: 'Used in chats' })).toContainText(top.chats.toLocaleString('en-US'));
  for (const tab of ['Usage', 'Risk profile', 'Capabilities']) await expect(inventory.getByRole('tab', { name: tab })).toBeVisible();
  await inventory.getByRole('tab', { name: 'Risk profile' }).click();
  for (const cat of ['Bias & discrimination', 'Insecure code generation', 'Sensitive data exposure', 'Attack reconnaissance', 'Safety guardrail bypass']) await expect(inventory.getByText(cat, { exact: true })).toBeVisible();
  await expect(inventory.getByText('No public evidence').first()).toBeVisible();

  // A detail URL opens directly in a new tab.
  const direct = await context.newPage();
  await direct.goto(extensionUrl(`inventory.html#/models/${encodeURIComponent(top.model)}`));
  await expect(direct.getByRole('group', { name: 'Used in chats' })).toContainText(top.chats.toLocaleString('en-US'));

  // MCP servers: current servers only, HTML in names shown as text, tools & permissions table.
  await inventory.goto(extensionUrl('inventory.html#/mcp'));
  const servers = expectedServers(sandbox.org);
  await expect(inventory.getByRole('row')).toHaveCount(servers.size + 1);
  const xss = [...servers.values()].find((s) => s.name.includes(XSS_IMG));
  if (xss) await expect(inventory.getByText(xss.name, { exact: true })).toBeVisible();
  const preAudit = [...servers.values()].find((s) => s.preAudit);
  if (preAudit) await expect(inventory.getByRole('row').filter({ hasText: preAudit.name }).first()).toContainText(/Before audit log/);
  const withPolicies = (await readStore<Array<{ serverId: string }>>(inventory, 'pubToolPolicies'))[0]!;
  await inventory.goto(extensionUrl(`inventory.html#/mcp/${encodeURIComponent(withPolicies.serverId)}/tools`));
  for (const col of ['Name', 'Date', 'Set by', 'Max permissions']) await expect(inventory.getByRole('columnheader', { name: col })).toBeVisible();
  await expect(inventory.getByText(/Always allow|Needs approval|Blocked/).first()).toBeVisible();
  expect(dialogs).toEqual([]);

  // Popup summary from the same snapshot.
  const popup = await context.newPage();
  await popup.goto(extensionUrl('popup.html'));
  await expect(popup.getByTestId('popup-snapshot-age')).toHaveText('Snapshot last ingested: Just now');
  await expect(popup.getByRole('group', { name: 'Models' })).toContainText(String(namedModels));
  await expect(popup.getByRole('group', { name: 'MCP servers' })).toContainText(String(servers.size));
  await expect(popup.getByTestId('key-health')).toHaveText('Key healthy: all three scopes');

  // The popup read the worker's summary; without one (e.g. before the worker ran in this browser session)
  // it reads the same numbers from the database.
  const stored = await popup.evaluate(async () => (await (globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.session.get('popupSummary')).popupSummary);
  expect(stored).toMatchObject({ version: 1, snapshot: { counts: { models: namedModels, mcpServers: servers.size } }, keyCheck: { status: 'ok' } });
  expect(JSON.stringify(stored)).not.toContain(sandbox.keys.compliance.full.secret);
  await popup.evaluate(() => (globalThis as unknown as { chrome: { storage: { session: { remove(k: string): Promise<void> } } } }).chrome.storage.session.remove('popupSummary'));
  await popup.reload();
  await expect(popup.getByRole('group', { name: 'Models' })).toContainText(String(namedModels));
  await expect(popup.getByTestId('key-health')).toHaveText('Key healthy: all three scopes');
});

test('a scope-limited key shows which scopes are missing and how to fix it', async ({ context, extensionUrl, sandbox }) => {
  const page = await context.newPage();
  await pointAtSandbox(page, extensionUrl('options.html'), sandbox.url);
  const card = page.locator('[data-connection="compliance"]');
  await card.getByLabel('Compliance key', { exact: true }).fill(sandbox.keys.compliance.noUserData.secret);
  await expect(card.getByTestId('key-check-message')).toHaveText('The key is missing a scope: read:compliance_user_data.');
  await expect(card.locator('li[data-scope="read:compliance_user_data"]')).toHaveAttribute('data-state', 'missing');
  await expect(card.locator('li[data-scope="read:compliance_activities"]')).toHaveAttribute('data-state', 'present');
  await expect(card.locator('li[data-scope="read:compliance_org_data"]')).toHaveAttribute('data-state', 'present');
  await expect(card.getByTestId('key-check-fix')).toContainText('Scopes cannot be edited');
  await expect(card.getByRole('button', { name: 'Ingest snapshot' })).toBeDisabled();

  // A key that carries the delete scope works, with a warning.
  await card.getByLabel('Compliance key', { exact: true }).fill(sandbox.keys.compliance.withDelete.secret);
  await expect(card.getByTestId('key-check-message')).toContainText('delete:compliance_user_data');
  await expect(card.locator('[data-warning="delete_scope"]')).toBeVisible();
});

test('an Admin API key and a revoked key each get their own message', async ({ context, extensionUrl, sandbox }) => {
  const page = await context.newPage();
  await pointAtSandbox(page, extensionUrl('options.html'), sandbox.url);
  const card = page.locator('[data-connection="compliance"]');
  const field = card.getByLabel('Compliance key', { exact: true });

  await field.fill(sandbox.keys.compliance.admin.secret);
  await expect(card.getByTestId('key-check-message')).toContainText('Admin API key');
  await expect(card.getByRole('button', { name: 'Ingest snapshot' })).toBeDisabled();

  await field.fill(sandbox.keys.compliance.revoked.secret);
  await expect(card.getByTestId('key-check-message')).toHaveText(/invalid or has been revoked.*Organization settings → API/);
  await expect(card.getByRole('button', { name: 'Ingest snapshot' })).toBeDisabled();

  await field.fill('sk-ant-api03-' + 'x'.repeat(60));
  await expect(card.getByTestId('key-check-message')).toBeVisible();
  await expect(card.getByRole('button', { name: 'Ingest snapshot' })).toBeDisabled();
  // No secret is ever echoed back.
  await expect(page.locator('body')).not.toContainText(sandbox.keys.compliance.revoked.secret.slice(13, 40));
});

test('a worker stopped mid-ingest resumes to the same result as an uninterrupted run', async ({ context, extensionUrl, sandbox }) => {
  const page = await context.newPage();
  await pointAtSandbox(page, extensionUrl('options.html'), sandbox.url);
  // Slow chat pages down so the worker can be stopped between two of them.
  sandbox.faults.add({ path: '^/v1/compliance/apps/chats$', latencyMs: 2_000, times: 0 });
  const card = page.locator('[data-connection="compliance"]');
  await card.getByLabel('Compliance key', { exact: true }).fill(sandbox.keys.compliance.full.secret);
  await expect(card.getByTestId('key-check-message')).toBeVisible();
  await card.getByRole('button', { name: 'Ingest snapshot' }).click();

  let job = await readJob(page);
  for (let i = 0; i < 400 && !(job && job.checkpoint.phase === 'chats' && job.checkpoint.counts.chats >= 1000); i++) {
    await page.waitForTimeout(100);
    job = await readJob(page);
  }
  const before = job!.checkpoint;
  expect(before.counts.chats).toBeGreaterThanOrEqual(1000);
  expect(before.counts.chats).toBeLessThan(3_500);

  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  sandbox.faults.clear();

  // Waking the worker (any message) resumes the run from its checkpoint.
  const popup = await context.newPage();
  await popup.goto(extensionUrl('popup.html'));
  const done = await waitForJob(page, ['done', 'failed', 'paused'], 60_000);
  expect(done.status).toBe('done');
  expect(done.checkpoint.runId).toBe(before.runId);
  expect(done.checkpoint.counts.chats).toBe(3_500);

  const want = expectedModels(sandbox.org);
  const got = await publishedModels(page);
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [id, w] of want) {
    expect({ id, chats: got.get(id)!.chats, users: got.get(id)!.users, projects: got.get(id)!.projects, organizations: got.get(id)!.organizations }).toEqual({
      id,
      chats: w.chats,
      users: w.users,
      projects: w.projects,
      organizations: w.organizations,
    });
  }
});

test('the schedule arms an alarm and its alarm triggers an incremental refresh', async ({ context, extensionUrl, sandbox, worker }) => {
  const page = await context.newPage();
  await pointAtSandbox(page, extensionUrl('options.html'), sandbox.url);
  await ingestSnapshot(page, sandbox.keys.compliance.full.secret);
  await page.getByLabel('Refresh automatically').selectOption('hourly');
  await expect
    .poll(() => worker.evaluate(async () => (await (globalThis as unknown as { chrome: { alarms: { get(n: string): Promise<{ periodInMinutes?: number } | undefined> } } }).chrome.alarms.get('compliance-schedule'))?.periodInMinutes ?? null))
    .toBe(60);

  // Make the scheduled alarm fire now, as the browser would after an hour.
  sandbox.stats.reset();
  await worker.evaluate(() => (globalThis as unknown as { chrome: { alarms: { create(n: string, o: object): Promise<void> } } }).chrome.alarms.create('compliance-schedule', { when: Date.now() + 50 }));
  await expect.poll(async () => (await readStore<Array<{ kind: string }>>(page, 'snapshots')).length, { timeout: 30_000 }).toBe(2);
  const kinds = (await readStore<Array<{ kind: string; completedAt: string }>>(page, 'snapshots')).sort((a, b) => a.completedAt.localeCompare(b.completedAt)).map((s) => s.kind);
  expect(kinds).toEqual(['full', 'incremental']);
  expect(sandbox.stats.counts.compliance).toBeLessThanOrEqual(10);
  // The periodic alarm is armed again after the one-off.
  await expect
    .poll(() => worker.evaluate(async () => (await (globalThis as unknown as { chrome: { alarms: { get(n: string): Promise<{ periodInMinutes?: number } | undefined> } } }).chrome.alarms.get('compliance-schedule'))?.periodInMinutes ?? null))
    .toBe(60);
});
