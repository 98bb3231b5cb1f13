import { test, expect } from './fixtures.ts';
import { connectAnalytics } from './connect.ts';
import { readStore } from './idb.ts';
import { compareCents, formatUsd, sumCents } from '../../lib/util/money.ts';
import { USAGE_COST_BETA } from '../../lib/sources/analytics/client.ts';
import { monthRange } from '../../lib/sources/analytics/phases/spend.ts';

declare const chrome: { alarms: { get(name: string): Promise<{ periodInMinutes?: number } | undefined> } };

/**
 * The Analytics collection in the real extension against the sandbox: Connect → Collecting → Connected,
 * the Usage & spend tab's month-to-date spend equals the API's own total for the month to the cent, and
 * a key that stops working turns the card into "Reconnect" with the reason while the data stays.
 */
test('connect → collection → Usage & spend equals the API total → access turned off → Reconnect', async ({ context, extensionUrl, sandbox, worker }) => {
  // The first collection also reads one page of per-person rows per active day of its last 31 days (messages per day).
  test.setTimeout(300_000);
  sandbox.analytics.control.reset();
  const page = await context.newPage();
  await page.goto(extensionUrl('options.html'));
  await page.getByLabel('Analytics API base URL').fill(sandbox.url);
  await page.getByRole('button', { name: 'Save advanced settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();

  const card = page.locator('[data-connection="analytics"]');
  await connectAnalytics(page, sandbox.keys.analytics.full.secret);
  await expect(card.getByTestId('analytics-status')).toContainText('Connected', { timeout: 240_000 });
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

  // Top people by spend equal the API's own per-actor totals for the month, in order (ground truth: /cost grouped by actor alone).
  const byActor = await fetch(
    `${sandbox.url}/v1/organizations/analytics/cost?starting_at=${encodeURIComponent(start)}&ending_at=${encodeURIComponent(end)}&limit=1000&${encodeURIComponent('group_by[]')}=actor`,
    { headers: { 'x-api-key': sandbox.keys.analytics.full.secret, 'anthropic-beta': USAGE_COST_BETA } },
  );
  const actorRows = (await byActor.json()) as { data: Array<{ group: { actor: { user_id?: string; service_account_id?: string; api_key_id?: string } | null }; cost: { amount: string } }>; has_more: boolean };
  expect(actorRows.has_more).toBe(false);
  const perActor = new Map<string, string[]>();
  for (const r of actorRows.data) {
    const key = r.group.actor?.user_id ?? r.group.actor?.service_account_id ?? r.group.actor?.api_key_id ?? '';
    perActor.set(key, [...(perActor.get(key) ?? []), r.cost.amount]);
  }
  const topAmounts = [...perActor.values()].map((a) => sumCents(a)).sort((a, b) => compareCents(b, a)).slice(0, 5);
  expect(topAmounts.length).toBeGreaterThan(2);
  const bySpend = inventory.getByRole('table', { name: `Top people by spend, ${month}` });
  for (const [i, amount] of topAmounts.entries()) await expect(bySpend.getByRole('row').nth(i + 1)).toContainText(formatUsd(amount));

  // Messages per day: every day of the table equals the sandbox's ground truth for that day (from its activity model, not through /users).
  await inventory.getByText('Messages per day: data table').click();
  const messagesTable = inventory.getByRole('table', { name: 'Messages per day', exact: true });
  const rows = await messagesTable.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent ?? '', tr.querySelector('td')?.textContent ?? '']));
  expect(rows.length).toBeGreaterThan(5);
  let withCounts = 0;
  // The first collection reads per-day rows for its last 31 days (the latest day and the 30 before it).
  const windowFrom = new Date(Date.parse(`${rows[rows.length - 1]![0]}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
  for (const [date, text] of rows) {
    const truth = sandbox.analytics.control.dayTruth(date!);
    if (text === '—') {
      // Unknown only before that window, or where nobody was active (no request is made for such a day).
      if (date! >= windowFrom) expect(truth.people, date).toBe(0);
      continue;
    }
    expect(Number(text!.replace(/,/g, '')), date).toBe(truth.totalMessages);
    withCounts++;
  }
  expect(withCounts).toBeGreaterThan(5);

  // The Analytics API switched off for the organization: the next collection fails with the reason.
  sandbox.analytics.control.accessEnabled = false;
  await card.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(card.getByTestId('analytics-status')).toContainText('Reconnect', { timeout: 60_000 });
  await expect(card.getByTestId('analytics-status')).toContainText(/rejected|switched off/);
  // The data of the last collection is still shown.
  await expect(inventory.getByTestId('usage-tiles').getByRole('group', { name: 'Month-to-date spend' })).toContainText(formatUsd(truth));
  sandbox.analytics.control.reset();
});
