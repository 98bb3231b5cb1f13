import type { Page } from 'playwright-core';
import { test, expect } from './fixtures.ts';
import { readStore } from './idb.ts';
import { buildRollups } from '../../lib/sources/analytics/rollups.ts';
import type { SpendRow } from '../../lib/sources/analytics/tables.ts';

/**
 * The Usage & spend views over hand-made Analytics rows written straight into the extension's IndexedDB
 * (the collection's own end-to-end test drives the sandbox). Money is checked to the cent.
 */

const actor = (key: string, name: string | null, email: string) => ({ key, type: 'user_actor', name, email, deleted: false });
const spend = (month: string, a: ReturnType<typeof actor>, model: string, product: string, amount: string, totalTokens: number) => ({
  month,
  actorKey: a.key,
  actor: a,
  model,
  product,
  amount,
  listAmount: amount,
  requests: 1,
  uncachedInputTokens: totalTokens / 2,
  cacheReadInputTokens: 0,
  cacheCreationInputTokens: 0,
  outputTokens: totalTokens / 2,
  totalTokens,
  webSearchRequests: 0,
});
const ann = actor('user_ann', 'Ann Example', 'ann@example.com');
const bob = actor('user_bob', null, 'bob@example.com');

const SEED: Record<string, unknown[]> = {
  anSpend: [
    spend('2026-12', ann, 'claude-opus-4-6', 'chat', '12345.5', 1000),
    spend('2026-12', ann, 'claude-sonnet-4-5', 'claude_code', '100', 4000),
    spend('2026-12', bob, 'claude-sonnet-4-5', 'mystery_product', '50000.25', 200),
    spend('2026-11', bob, 'claude-sonnet-4-5', 'chat', '99999', 10),
  ],
  anTeamSpend: [
    { month: '2026-12', groupId: 'rbac_group_eng', amount: '60000', listAmount: '60000', totalTokens: 4200 },
    { month: '2026-12', groupId: 'rbac_group_sec', amount: '50000', listAmount: '50000', totalTokens: 300 },
  ],
  anDays: [
    { date: '2026-12-04', dailyActiveUsers: 2, weeklyActiveUsers: 2, monthlyActiveUsers: 4, assignedSeats: 10, pendingInvites: 0, dailyAdoptionRate: null, extra: {} },
    { date: '2026-12-05', dailyActiveUsers: 3, weeklyActiveUsers: 3, monthlyActiveUsers: 4, assignedSeats: 10, pendingInvites: 0, dailyAdoptionRate: null, extra: {} },
  ],
  anDailySpend: [
    { date: '2026-12-04', amount: '30000', listAmount: '30000', totalTokens: 2000, requests: 2 },
    { date: '2026-12-05', amount: '32445.75', listAmount: '32445.75', totalTokens: 3200, requests: 3 },
  ],
  anUsers: [
    {
      userId: 'user_ann',
      email: 'ann@example.com',
      from: '2026-09-07',
      to: '2026-12-06',
      lastActiveDate: '2026-12-05',
      chatMessages: 12,
      chatConversations: 3,
      claudeCodeSessions: 1,
      claudeCodeCommits: 2,
      claudeCodePullRequests: 0,
      linesAdded: 40,
      linesRemoved: 1,
      coworkSessions: 0,
      coworkMessages: 0,
      officeMessages: 0,
      designMessages: 0,
      scienceMessages: 0,
      webSearches: 0,
      products: { chat_metrics: { message_count: 12 }, claude_code_metrics: { core_metrics: { commit_count: 2 } }, future_metrics: { widget_count: 7 } },
    },
  ],
  groups: [
    { id: 'rbac_group_eng', name: 'Engineering', description: null, source: 'scim', roles: [], gen: 1 },
    { id: 'rbac_group_sec', name: 'Security', description: null, source: 'scim', roles: [], gen: 1 },
  ],
  users: [
    { key: 'org_1:user_ann', id: 'user_ann', org: 'org_1', email: 'ann@example.com', fullName: 'Ann Example', role: 'user', createdAt: null, gen: 1 },
    { key: 'org_1:user_cy', id: 'user_cy', org: 'org_1', email: 'cy@example.com', fullName: 'Cy Idle', role: 'user', createdAt: null, gen: 1 },
  ],
  kv: [
    {
      key: 'analytics.state',
      value: {
        completedAt: '2026-12-06T12:05:00Z',
        engagementFrom: '2026-09-07',
        engagementTo: '2026-12-06',
        dataRefreshedAt: '2026-12-06T12:00:00Z',
        months: ['2026-11', '2026-12'],
        costSource: 'usage-cost',
        costNote: null,
      },
    },
  ],
};

/** Writes the rows from an extension page once its database is open at the latest version. */
async function seed(page: Page, rows: Record<string, unknown[]> = SEED) {
  await page.evaluate(
    (rows) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('admin-companion');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(Object.keys(rows), 'readwrite');
          for (const [store, list] of Object.entries(rows)) for (const row of list) tx.objectStore(store).put(row);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    rows,
  );
}

test('Usage & spend shows the seeded numbers exactly, never sums overlapping teams, and opens a person', async ({ context, extensionUrl }) => {
  const page = await context.newPage();
  await page.goto(extensionUrl('inventory.html#/usage'));
  // Without data the tab explains how to connect.
  await expect(page.getByTestId('usage-empty')).toContainText('Connect the Analytics API in Options');
  await seed(page);
  await page.reload();

  const tab = page.getByTestId('usage-tab');
  await expect(page.getByRole('tab', { name: 'Usage & spend' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('analytics-freshness')).toContainText('Data as of Dec 6, 2026');
  const tiles = page.getByTestId('usage-tiles');
  // 12345.5 + 100 + 50000.25 cents = $624.4575 → $624.46; forecast × 31 / 5.5 days = $3,519.68 → $3,520.
  await expect(tiles.getByRole('group', { name: 'Month-to-date spend' })).toContainText('$624.46');
  await expect(tiles.getByRole('group', { name: 'Forecast to month end' })).toContainText('$3,520');
  await expect(tiles.getByRole('group', { name: 'Active users' })).toContainText('3');
  await expect(tiles.getByRole('group', { name: 'Active users' })).toContainText('DAU/MAU 75%');

  const teams = page.getByTestId('team-spend');
  await expect(teams.getByRole('row', { name: /Engineering/ })).toContainText('$600.00');
  await expect(teams.getByRole('row', { name: /Security/ })).toContainText('$500.00');
  await expect(teams).not.toContainText('$1,100.00');
  await expect(page.getByTestId('team-overlap-note')).toContainText('not added up');

  await expect(tab.getByRole('table', { name: 'Spend by product, 2026-12' })).toContainText('mystery_product');
  await expect(tab.getByRole('table', { name: 'Spend by product, 2026-12' })).toContainText('Claude Code');
  await expect(tab.getByRole('table', { name: 'Spend by model, 2026-12' }).getByRole('row', { name: /claude-sonnet-4-5/ })).toContainText('$501.00');

  // The chart's numbers are also a real table.
  await tab.getByText('Spend per day: data table').click();
  await expect(tab.getByRole('row', { name: /2026-12-05/ }).first()).toBeVisible();
  await expect(tab.locator('.trend-plot canvas').first()).toBeVisible();

  // Directory join: Cy has a seat and no engagement row in a window that covers 90 days; Ann was active on Dec 5.
  await tab.getByRole('button', { name: 'Join with the directory' }).click();
  const inactive = page.getByTestId('inactive-seats');
  await expect(inactive.getByText(/No activity in 30 days .*: 1 person/)).toBeVisible();
  await expect(inactive.getByText(/No activity in 90 days .*: 1 person/)).toBeVisible();

  const bySpend = tab.getByRole('table', { name: 'Top people by spend, 2026-12' });
  await expect(bySpend.getByRole('row').nth(1)).toContainText('bob@example.com');
  await expect(bySpend.getByRole('row').nth(1)).toContainText('$500.00');
  await bySpend.getByRole('row', { name: /Ann Example/ }).click();

  const person = page.getByTestId('person-page');
  await expect(page.getByRole('heading', { name: 'Ann Example' })).toBeVisible();
  await expect(person.getByRole('group', { name: 'Spend', exact: true })).toContainText('$124.46');
  await expect(person.getByRole('group', { name: 'Chat', exact: true })).toContainText('12');
  await expect(person.getByRole('group', { name: /future_metrics/ })).toContainText('7');

  // The model's detail page: every stored month (50100.25 + 99999 cents).
  await page.goto(extensionUrl(`inventory.html#/models/${encodeURIComponent('claude-sonnet-4-5')}`));
  await expect(page.getByTestId('model-spend')).toContainText('$1,500.99');

  const popup = await context.newPage();
  await popup.goto(extensionUrl('popup.html'));
  await expect(popup.getByTestId('popup-usage').getByRole('group', { name: 'Month-to-date spend' })).toContainText('$624.46');
  await expect(popup.getByTestId('popup-usage').getByRole('group', { name: 'Active users' })).toContainText('3');
});

test('Delete connection, with the data when the admin ticks it, empties the Usage & spend tab', async ({ context, extensionUrl }) => {
  const page = await context.newPage();
  await page.goto(extensionUrl('inventory.html#/usage'));
  await expect(page.getByTestId('usage-empty')).toBeVisible();
  await seed(page);
  await page.goto(extensionUrl('options.html'));
  const card = page.locator('[data-connection="analytics"]');
  await expect(card.getByTestId('analytics-status')).toContainText('Not connected. The data of the last collection is still shown.');
  await card.getByRole('button', { name: 'Delete connection' }).click();
  const confirm = card.getByRole('group', { name: 'Delete connection' });
  await confirm.getByLabel(/Also delete the collected Analytics data/).check();
  await confirm.getByRole('button', { name: 'Delete connection' }).click();
  await expect(card).toContainText('Connection deleted, with its data.');
  expect(await readStore(page, 'kv', 'analytics.state')).toBeUndefined();
  expect(await readStore<unknown[]>(page, 'anSpend')).toEqual([]);
  await page.goto(extensionUrl('inventory.html#/usage'));
  await expect(page.getByTestId('usage-empty')).toBeVisible();
});

test('Usage & spend reads the rollups written at publish, and shows messages per day with unknown days said so', async ({ context, extensionUrl }) => {
  const page = await context.newPage();
  await page.goto(extensionUrl('inventory.html#/usage'));
  await expect(page.getByTestId('usage-empty')).toBeVisible();
  // The rollups of both months as a publish writes them, and no spend rows of December at all: the tab's
  // December numbers can only come from the rollup.
  const rollups = buildRollups(SEED.anSpend as SpendRow[], ['2026-11', '2026-12'], '2026-12-06T12:05:00Z');
  const activity = { people: 3, messages: { chat_metrics: 1200, cowork_metrics: 34, office_metrics: 0 }, claudeCodeSessions: 7, linesAdded: 410, linesRemoved: 12, commits: 2, pullRequests: 1 };
  const days = SEED.anDays!.map((d, i) => (i === 1 ? { ...(d as object), activity } : d));
  await seed(page, {
    ...SEED,
    anDays: days,
    anSpend: (SEED.anSpend as SpendRow[]).filter((r) => r.month !== '2026-12'),
    kv: [...SEED.kv!, { key: 'analytics.rollups', value: rollups }],
  });
  await page.reload();

  const tab = page.getByTestId('usage-tab');
  const tiles = page.getByTestId('usage-tiles');
  await expect(tiles.getByRole('group', { name: 'Month-to-date spend' })).toContainText('$624.46');
  await expect(tiles.getByRole('group', { name: 'Forecast to month end' })).toContainText('$3,520');
  const bySpend = tab.getByRole('table', { name: 'Top people by spend, 2026-12' });
  await expect(bySpend.getByRole('row').nth(1)).toContainText('bob@example.com');
  await expect(bySpend.getByRole('row').nth(1)).toContainText('$500.00');
  await expect(bySpend.getByRole('row').nth(2)).toContainText('$124.46');
  const byTokens = tab.getByRole('table', { name: 'Top people by tokens, 2026-12' });
  await expect(byTokens.getByRole('row').nth(1)).toContainText('Ann Example');
  await expect(tab.getByRole('table', { name: 'Spend by model, 2026-12' }).getByRole('row', { name: /claude-sonnet-4-5/ })).toContainText('$501.00');
  // November from its rollup too.
  await tab.getByLabel('Month (UTC)').selectOption('2026-11');
  await expect(tab.getByRole('table', { name: 'Top people by spend, 2026-11' }).getByRole('row').nth(1)).toContainText('$999.99');

  // Messages per day: Dec 5 from the day's per-person rows; Dec 4 was collected without them and says so.
  await expect(tab.getByText('1 of 2 days have no per-day counts').first()).toBeVisible();
  await tab.getByText('Messages per day: data table').click();
  const messages = tab.getByRole('table', { name: 'Messages per day', exact: true });
  await expect(messages.getByRole('columnheader')).toHaveText(['Date', 'Messages per day', 'Chat', 'Cowork']);
  await expect(messages.getByRole('row', { name: /2026-12-05/ })).toHaveText(/2026-12-05\s*1,234\s*1,200\s*34/);
  await expect(messages.getByRole('row', { name: /2026-12-04/ })).toContainText('—');
  await tab.getByText('Claude Code sessions per day: data table').click();
  await expect(tab.getByRole('table', { name: 'Claude Code sessions per day', exact: true }).getByRole('row', { name: /2026-12-05/ })).toHaveText(/7\s*410\s*12/);
});
