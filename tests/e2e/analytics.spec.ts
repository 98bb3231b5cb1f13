import { test, expect } from './fixtures.ts';
import { connectAnalytics } from './connect.ts';
import { readStore } from './idb.ts';
import { formatUsd, sumCents } from '../../lib/util/money.ts';
import { USAGE_COST_BETA } from '../../lib/sources/analytics/client.ts';
import { monthRange } from '../../lib/sources/analytics/phases/spend.ts';

declare const chrome: { alarms: { get(name: string): Promise<{ periodInMinutes?: number } | undefined> } };

/**
 * The Analytics collection in the real extension against the sandbox: Connect → Collecting → Connected,
 * the Usage & spend tab's month-to-date spend equals the API's own total for the month to the cent, and
 * a key that stops working turns the card into "Reconnect" with the reason while the data stays.
 */
test('connect → collection → Usage & spend equals the API total → access turned off → Reconnect', async ({ context, extensionUrl, sandbox, worker }) => {
  test.setTimeout(180_000);
  sandbox.analytics.control.reset();
  const page = await context.newPage();
  await page.goto(extensionUrl('options.html'));
  await page.getByLabel('Analytics API base URL').fill(sandbox.url);
  await page.getByRole('button', { name: 'Save advanced settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();

  const card = page.locator('[data-connection="analytics"]');
  await connectAnalytics(page, sandbox.keys.analytics.full.secret);
  await expect(card.getByTestId('analytics-status')).toContainText('Connected', { timeout: 150_000 });
  await expect(card.getByTestId('analytics-status')).toContainText('next poll');
  // Polling is an alarm of the worker: every 6 hours by default, and what the admin chooses.
  const period = () => worker.evaluate(async () => (await chrome.alarms.get('analytics-schedule'))?.periodInMinutes ?? null);
  await expect.poll(period).toBe(360);
  await card.getByLabel('Collect automatically').selectOption({ label: 'Once a day' });
  await expect.poll(period).toBe(1440);
  await expect(card.getByTestId('analytics-status')).toContainText('every 24 hours');

  // Ground truth: the organization's ungrouped total for this month, asked of the API directly.
  const month = new Date().toISOString().slice(0, 7);
  const { start, end } = monthRange(month, new Date());
  const res = await fetch(`${sandbox.url}/v1/organizations/analytics/cost?starting_at=${encodeURIComponent(start)}&ending_at=${encodeURIComponent(end)}&limit=1000`, {
    headers: { 'x-api-key': sandbox.keys.analytics.full.secret, 'anthropic-beta': USAGE_COST_BETA },
  });
  const truth = sumCents(((await res.json()) as { data: Array<{ cost: { amount: string } }> }).data.map((d) => d.cost.amount));
  const stored = await readStore<Array<{ month: string; amount: string }>>(page, 'anSpend');
  expect(sumCents(stored.filter((r) => r.month === month).map((r) => r.amount))).toBe(truth);

  const inventory = await context.newPage();
  await inventory.goto(extensionUrl('inventory.html#/usage'));
  await expect(inventory.getByTestId('usage-tiles').getByRole('group', { name: 'Month-to-date spend' })).toContainText(formatUsd(truth));
  await expect(inventory.getByTestId('analytics-freshness')).toContainText('Data as of');

  // The Analytics API switched off for the organization: the next collection fails with the reason.
  sandbox.analytics.control.accessEnabled = false;
  await card.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(card.getByTestId('analytics-status')).toContainText('Reconnect', { timeout: 60_000 });
  await expect(card.getByTestId('analytics-status')).toContainText(/rejected|switched off/);
  // The data of the last collection is still shown.
  await expect(inventory.getByTestId('usage-tiles').getByRole('group', { name: 'Month-to-date spend' })).toContainText(formatUsd(truth));
  sandbox.analytics.control.reset();
});
