import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.ts';
import { connectAnalytics, connectToSandbox } from './connect.ts';

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

test('the extension loads and its service worker answers messages', async ({ context, extensionUrl }) => {
  const page = await context.newPage();
  await page.goto(extensionUrl('popup.html'));
  const answer = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'ping' }));
  expect(answer).toMatchObject({ ok: true, data: { version: '0.1.0' } });
  const bad = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'no/such' }));
  expect(bad).toMatchObject({ ok: false, error: { code: 'unknown_type' } });
  const malformed = await page.evaluate(() => chrome.runtime.sendMessage('garbage'));
  expect(malformed).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  // The worker survived the bad messages.
  expect(await page.evaluate(() => chrome.runtime.sendMessage({ type: 'ping' }))).toMatchObject({ ok: true });
});

test('popup renders with its empty state and worker status', async ({ context, extensionUrl }) => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 380, height: 600 });
  await page.goto(extensionUrl('popup.html'));
  await expect(page.getByRole('heading', { name: 'Claude Enterprise admin' })).toBeVisible();
  await expect(page.getByTestId('worker-status')).toContainText('Background worker running');
  await expect(page.getByRole('button', { name: 'Open inventory' })).toBeVisible();
});

test('the popup opens the inventory tab with Models and MCP servers tabs', async ({ context, extensionUrl }) => {
  const page = await context.newPage();
  await page.goto(extensionUrl('popup.html'));
  const [inventory] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Open inventory' }).click()]);
  await inventory.waitForLoadState();
  expect(inventory.url()).toBe(extensionUrl('inventory.html'));
  await expect(inventory.getByRole('tab', { name: 'Models' })).toHaveAttribute('aria-selected', 'true');
  for (const col of ['Name', 'Added', 'Projects', 'Organizations']) await expect(inventory.getByRole('columnheader', { name: col })).toBeVisible();
  await inventory.getByRole('tab', { name: 'Models' }).press('ArrowRight');
  await expect(inventory.getByRole('tab', { name: 'MCP servers' })).toHaveAttribute('aria-selected', 'true');
  await expect(inventory.getByRole('tab', { name: 'MCP servers' })).toBeFocused();
});

test('options page renders every connection with labelled fields', async ({ context, extensionUrl }) => {
  const page = await context.newPage();
  await page.goto(extensionUrl('options.html'));
  for (const label of ['Compliance key', 'Analytics API key', 'SCIM URL', 'SCIM token', 'Compliance API base URL', 'Analytics API base URL']) {
    await expect(page.getByLabel(label, { exact: true })).toBeVisible();
  }
  await expect(page.getByLabel('Compliance API base URL')).toHaveValue('https://api.anthropic.com');
});

test('the content script runs on a claude.ai settings page and flags the delete scope', async ({ context }) => {
  await context.route('https://claude.ai/**', (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = path.startsWith('/admin-settings/api-access') ? 'api-access-list.html' : 'settings-profile.html';
    return route.fulfill({ status: 200, contentType: 'text/html', body: readFileSync(`tests/fixtures/claude/${file}`, 'utf8') });
  });
  const page = await context.newPage();
  await page.goto('https://claude.ai/admin-settings/api-access');
  const host = page.locator('#claude-admin-companion-panel');
  // The finding ids stay inside the closed shadow root (tests/e2e/security.spec.ts reads them there).
  await expect(host).toHaveCount(1);
  await page.goto('https://claude.ai/settings/profile');
  await page.waitForTimeout(500);
  await expect(page.locator('#claude-admin-companion-panel')).toHaveCount(0);
});

test('each connection makes a real round trip to the sandbox, and a bad Analytics key says where to look', async ({ context, extensionUrl, sandbox }) => {
  // Connecting Analytics starts its first collection (about 26 requests at the default 30/min share), and
  // the second Connect waits for it: about a minute of the API's own pace, not of the extension.
  test.setTimeout(180_000);
  const page = await context.newPage();
  const results = await connectToSandbox(page, extensionUrl('options.html'), sandbox, {}, { ingest: false });
  expect(results.map((r) => r.connection)).toEqual(['analytics', 'scim']);
  expect(results[0]!.summary).toMatch(/^Connected: \d+ active users? on \d{4}-\d\d-\d\d$/);
  expect(results[1]!.summary).toMatch(/^Connected: \d+ provisioned users?$/);

  const card = page.locator('[data-connection="analytics"]');
  await connectAnalytics(page, sandbox.keys.compliance.revoked.secret);
  await card.getByRole('button', { name: 'Test connection' }).click();
  await expect(card.getByTestId('analytics-test-result')).toContainText('The Analytics API key was rejected');
});
