import type { Worker } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { ingestSnapshot, pointAtSandbox } from './connect.ts';
import { readStore } from './idb.ts';

/** The extension APIs these checks call inside the worker. */
declare const chrome: {
  action: { getBadgeText(details: object): Promise<string> };
  notifications: { getAll(): Promise<Record<string, boolean>> };
  permissions: { contains(p: { permissions: string[] }): Promise<boolean> };
};

interface ChangeView { kind: string; change: string; subject: string; label: string; old: string | null; new: string | null; who: string | null; seen: number }
interface AlertView { key: string; rule: string; delivery: string; href: string; seen: number }

/** The toolbar badge, as the worker set it. */
const badge = (worker: Worker) => worker.evaluate(() => chrome.action.getBadgeText({}));
/** Notifications the worker created (Playwright cannot see the OS's; the extension's own API can). */
const notificationIds = (worker: Worker) => worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()));

// This spec changes the sandbox organization between snapshots: it gets a sandbox of its own, so the
// specs after it see the organization as generated.
test.use({ sandboxOptions: { size: 'tiny', seed: 7, host: '127.0.0.1' } });

test('two snapshots with a change between them → Changes view and badge → a notification from the worker → mark seen clears the badge', async ({ context, extensionUrl, sandbox, worker }) => {
  test.setTimeout(180_000);
  const options = await context.newPage();
  await pointAtSandbox(options, extensionUrl('options.html'), sandbox.url);

  // Alerts: notifications are on by default once permitted (the e2e build grants the permission at install,
  // since a test cannot answer the browser's prompt). Off, then on again from the switch.
  const alerts = options.getByTestId('alerts-card');
  const notify = alerts.getByLabel('Browser notifications');
  await expect(notify).toBeChecked();
  // A controlled checkbox: its state follows the saved setting and the permission, so click and then expect.
  await notify.click();
  await expect(alerts.getByText('Browser notifications are off.', { exact: false })).toBeVisible();
  await expect(notify).not.toBeChecked();
  await notify.click();
  await expect(alerts.getByText('Browser notifications are on.', { exact: false })).toBeVisible();
  await expect(alerts.getByLabel('Browser notifications')).toBeChecked();
  expect(await worker.evaluate(() => chrome.permissions.contains({ permissions: ['notifications'] }))).toBe(true);

  // First snapshot: the baseline (no changes, only state alerts).
  await ingestSnapshot(options, sandbox.keys.compliance.full.secret);
  await expect.poll(async () => (await readStore<unknown[]>(options, 'changeRuns')).length, { timeout: 20_000 }).toBe(1);
  expect(await readStore<ChangeView[]>(options, 'changes')).toEqual([]);

  // Between the runs, an admin adds a connector and sets one of its tools to Always allow.
  const existing = sandbox.org.mcpServers.find((s) => s.deletedAtMs === null && !s.preAudit)!;
  const newId = 'mcpsrv_01E2eNewConnector000000';
  sandbox.compliance.appendActivity({ type: 'mcp_server_created', orgIndex: existing.orgIndex, payload: { mcp_server_id: newId, mcp_server_name: 'Release notes' } });
  sandbox.compliance.appendActivity({
    type: 'mcp_tool_policy_updated',
    orgIndex: existing.orgIndex,
    payload: { mcp_server_id: newId, mcp_server_name: 'Release notes', tool_name: 'publish_release', max_permission: 'allow' },
  });
  const alertsBefore = (await readStore<AlertView[]>(options, 'alerts')).length;
  await options.locator('[data-connection="compliance"]').getByRole('button', { name: 'Ingest new snapshot' }).click();
  await expect.poll(async () => (await readStore<unknown[]>(options, 'changeRuns')).length, { timeout: 60_000 }).toBe(2);

  const changes = await readStore<ChangeView[]>(options, 'changes');
  expect(changes).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ kind: 'mcpServer', change: 'added', subject: newId, label: 'Release notes', seen: 0 }),
      expect.objectContaining({ kind: 'toolPolicy', change: 'added', subject: `${newId}\u0000publish_release`, new: 'Always allow', seen: 0 }),
    ]),
  );

  // The alerts of the new server are recorded once each and were notified by the worker.
  const stored = await readStore<AlertView[]>(options, 'alerts');
  const newServer = stored.find((a) => a.key === `new-server-or-plugin|mcpServer:${newId}|warning`);
  const allow = stored.find((a) => a.key === `always-allow|${newId}\u0000publish_release|warning`);
  expect(newServer).toMatchObject({ delivery: 'notified', href: `inventory.html#/mcp/${newId}` });
  expect(allow).toMatchObject({ delivery: 'notified', href: `inventory.html#/mcp/${newId}/tools` });
  expect(stored.length).toBeGreaterThan(alertsBefore);
  expect(await notificationIds(worker)).toEqual(expect.arrayContaining([newServer!.key]));

  // The badge counts every unseen change and alert.
  const unseen = changes.filter((c) => c.seen === 0).length + stored.filter((a) => a.seen === 0).length;
  await expect.poll(() => badge(worker)).toBe(String(unseen));

  // The Changes view lists it under the second run, linked to its evidence.
  const inventory = await context.newPage();
  await inventory.goto(extensionUrl('inventory.html#/changes'));
  await expect(inventory.getByRole('tab', { name: 'Changes' })).toHaveAttribute('aria-selected', 'true');
  await expect(inventory.getByTestId('unseen-count')).toHaveText(`${unseen} unseen`);
  const row = inventory.getByTestId('change').filter({ hasText: 'Release notes' }).filter({ hasText: 'MCP server' });
  await expect(row).toContainText('Added');
  await expect(inventory.getByTestId('alert').filter({ hasText: 'New MCP server: Release notes' })).toContainText('Notified');
  // Filter by source and kind.
  await inventory.getByLabel('Kind').selectOption({ label: 'Tool policy' });
  await expect(inventory.getByTestId('change').filter({ hasText: 'MCP server' })).toHaveCount(0);
  await expect(inventory.getByTestId('change').filter({ hasText: 'publish_release' })).toHaveCount(1);
  await inventory.getByLabel('Kind').selectOption({ label: 'All kinds' });

  // Marking one change seen lowers the badge by one.
  await row.getByRole('button', { name: /^Mark seen/ }).click();
  await expect.poll(() => badge(worker)).toBe(String(unseen - 1));

  // The evidence link opens the server's page.
  await row.getByRole('link', { name: 'Release notes' }).click();
  await expect(inventory).toHaveURL(new RegExp(`#/mcp/${newId}$`));
  await expect(inventory.getByRole('heading', { name: 'Release notes' })).toBeVisible();

  // Mark all seen clears the badge.
  await inventory.goto(extensionUrl('inventory.html#/changes'));
  await inventory.getByRole('button', { name: 'Mark all seen' }).click();
  await expect.poll(() => badge(worker)).toBe('');
  await expect(inventory.getByTestId('unseen-count')).toHaveText('Everything seen');

  // A third snapshot with nothing new notifies nothing again (deduplicated).
  const before = (await readStore<AlertView[]>(options, 'alerts')).length;
  await options.locator('[data-connection="compliance"]').getByRole('button', { name: 'Ingest new snapshot' }).click();
  await expect.poll(async () => (await readStore<unknown[]>(options, 'changeRuns')).length, { timeout: 60_000 }).toBe(3);
  expect((await readStore<AlertView[]>(options, 'alerts')).length).toBe(before);
  await expect.poll(() => badge(worker)).toBe('');
});
