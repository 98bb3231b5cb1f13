import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.ts';
import { readStore } from './idb.ts';
import { connectAdmin, pointAtSandbox } from './connect.ts';

/**
 * The Admin API in the real extension against the sandbox: save the key → the scope check (reads only)
 * → Sync now → Syncing → Connected with the sandbox's counts; changes stay off until allowed; the key
 * never reaches the page.
 */
test('Admin API: save key → scope check → Sync now → counts equal the sandbox; read-only by default', async ({ context, extensionUrl, sandbox }) => {
  const page = await context.newPage();
  await pointAtSandbox(page, extensionUrl('options.html'), sandbox.url);
  const card = page.locator('[data-connection="admin"]');
  const secret = sandbox.keys.admin.full.secret;

  // Nothing stored yet: Sync now waits for a key, and changes are off.
  await expect(card.getByRole('button', { name: 'Sync now' })).toBeDisabled();
  await expect(card.getByRole('switch', { name: 'Allow changes through the Admin API' })).not.toBeChecked();
  await expect(card.getByText(/Off \(the default\): the extension only reads/)).toBeVisible();

  await card.getByLabel('Admin API key', { exact: true }).fill(secret);
  sandbox.stats.reset();
  await card.getByRole('button', { name: 'Save Admin API key' }).click();
  await card.getByText('Admin API key saved.', { exact: true }).waitFor({ timeout: 30_000 });

  // The scope check: reads proven, writes honestly not checked; no write was sent.
  const scopes = card.getByTestId('admin-scopes');
  await expect(scopes).toContainText(`Connected to ${sandbox.org.parent.name}`);
  await expect(scopes.locator('tr[data-scope="read:rbac_groups"]')).toContainText('Carried');
  await expect(scopes.locator('tr[data-scope="read:users"]')).toContainText('Carried');
  await expect(scopes.locator('tr[data-scope="write:rbac_groups"]')).toContainText('Not checked until the first change');
  await expect(scopes.locator('tr[data-scope="write:members"]')).toContainText('Not checked until the first change');
  const stats = (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as { byPath: Record<string, number> };
  expect(Object.keys(stats.byPath).every((p) => p.startsWith('/v1/organizations/'))).toBe(true);
  expect(sandbox.stats.counts.admin).toBe(4);

  await card.getByRole('button', { name: 'Test connection' }).click();
  await expect(card.getByTestId('admin-test-result')).toHaveText(`Connected to ${sandbox.org.parent.name}`);

  await card.getByRole('button', { name: 'Sync now' }).click();
  const data = sandbox.admin.data;
  const memberships = data.groups.reduce((s, g) => s + g.members.size, 0);
  const last = card.getByTestId('admin-last-sync');
  await expect(last).toContainText('Connected', { timeout: 60_000 });
  await expect(last).toContainText(`${data.users.length} members, ${data.groups.length} groups, ${memberships} memberships, ${data.roles.length} roles`);
  expect((await readStore<unknown[]>(page, 'adminUsers')).length).toBe(data.users.length);
  const groups = await readStore<Array<{ id: string; sourceType: string }>>(page, 'adminGroups');
  expect(new Set(groups.map((g) => g.sourceType))).toEqual(new Set(['direct', 'scim']));

  await card.getByText('Sync log').click();
  await expect(card.getByRole('table', { name: 'The last Admin API syncs, newest first' }).getByRole('row')).toHaveCount(2);

  // Allowing changes is the admin's explicit choice, kept in settings.
  await card.getByRole('switch', { name: 'Allow changes through the Admin API' }).check();
  await expect(card.getByText(/^On: membership of direct RBAC groups/)).toBeVisible();

  // The key never reaches the page.
  await expect(page.locator('body')).not.toContainText(secret);
  expect(await page.content()).not.toContain(secret);

  // Delete connection (keeping the data): the key is gone, the synced members stay.
  await card.getByRole('button', { name: 'Delete connection' }).click();
  await card.getByRole('group', { name: 'Delete connection' }).getByRole('button', { name: 'Delete connection' }).click();
  await expect(card.getByTestId('admin-stored')).toHaveText('No key stored.');
  expect((await readStore<unknown[]>(page, 'adminUsers')).length).toBe(data.users.length);
});

/** Cents (up to 3 decimals) → "$1,234.57", rounded half-up, in string arithmetic (independent of the product's money code). */
function usd(cents: string): string {
  const [whole, frac = ''] = cents.split('.');
  let c = BigInt(whole!) + (frac !== '' && Number(frac[0]) >= 5 ? 1n : 0n);
  const dollars = (c / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  c %= 100n;
  return `$${dollars}.${c.toString().padStart(2, '0')}`;
}

test('Budgets tab: per-person spend limits from the Admin API, with the sandbox’s numbers; unavailable → a plain note', async ({ context, extensionUrl, sandbox }) => {
  test.setTimeout(180_000);
  const options = await context.newPage();
  await pointAtSandbox(options, extensionUrl('options.html'), sandbox.url);
  const inventory = await context.newPage();
  await inventory.goto(extensionUrl('inventory.html#/budgets'));
  const section = inventory.getByTestId('person-limits');
  await expect(section.getByRole('heading', { name: 'Per-person spend limits' })).toBeVisible();
  // Nothing connected yet: the empty state says what to do.
  await expect(section).toContainText('Connect the Admin API key in Options → Admin API');

  await connectAdmin(options, sandbox.keys.admin.full.secret);
  const data = sandbox.admin.data;
  const truth = data.spendSummaries;
  const rows = section.getByTestId('person-limit-row');
  await expect(rows).toHaveCount(truth.length, { timeout: 30_000 });

  // Highest share first; the sandbox puts members past 100, 90 and 75 % of their limit at the top.
  const capped = truth.filter((t) => t.amount !== null).map((t) => ({ t, share: Number(t.period_to_date_spend) / Number(t.amount) }));
  capped.sort((a, b) => b.share - a.share);
  expect(capped.slice(0, 3).map((c) => Math.floor(c.share * 100))).toEqual([100, 92, 76]);
  const groupName = new Map(data.groups.map((g) => [g.id, g.name]));
  for (const [i, { t, share }] of capped.slice(0, 3).entries()) {
    const row = rows.nth(i);
    await expect(row).toHaveAttribute('data-user', t.actor.user_id);
    const cells = row.getByRole('cell');
    await expect(cells.nth(0).getByRole('link')).toHaveAttribute('href', `#/people/${t.actor.user_id}`);
    await expect(cells.nth(0)).toContainText(t.actor.email_address!.toLowerCase());
    await expect(cells.nth(1)).toHaveText('Monthly');
    await expect(cells.nth(2)).toHaveText(usd(t.amount!));
    await expect(cells.nth(3)).toHaveText(usd(t.period_to_date_spend));
    await expect(row.getByTestId('limit-share')).toHaveText(`${(share * 100).toFixed(1)}%`);
    const from = t.source.type === 'user' ? 'User override' : t.source.type === 'rbac_group' ? `Inherited from ${groupName.get(t.source.rbac_group_id)}` : 'Inherited from organization default';
    await expect(cells.nth(5)).toHaveText(from);
  }
  await expect(rows.first().getByRole('meter')).toHaveAttribute('value', '100');
  // The uncapped daily override: last, "No limit".
  const uncapped = truth.find((t) => t.amount === null)!;
  await expect(section.locator(`tr[data-user="${uncapped.actor.user_id}"][data-period="daily"]`).getByRole('cell').nth(2)).toHaveText('No limit');
  // The pending increase request (the approved one is not listed).
  const pending = data.increaseRequests.filter((r) => r.status === 'pending');
  await expect(section.getByTestId('limit-requests').getByRole('listitem')).toHaveCount(pending.length);
  await expect(section.getByTestId('limit-requests')).toContainText(pending[0]!.actor.email_address!.toLowerCase());

  // Export: one CSV row per limit, exact minor units.
  const [download] = await Promise.all([inventory.waitForEvent('download'), section.getByRole('button', { name: 'Download Per-person spend limits as CSV' }).click()]);
  const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  expect(csv[0]).toContain('Limit (minor units)');
  expect(csv).toHaveLength(truth.length + 1);
  expect(csv[1]).toContain(capped[0]!.t.period_to_date_spend);

  // A Console-type answer (organization_type_not_supported): the sync still completes; the view says why.
  sandbox.admin.control.spendLimits = 'unsupported';
  try {
    const card = options.locator('[data-connection="admin"]');
    await card.getByRole('button', { name: 'Sync now' }).click();
    await expect(section.getByTestId('limits-unavailable')).toContainText('offered only to Claude Enterprise organizations', { timeout: 60_000 });
    await expect(rows).toHaveCount(0);
    await expect(card.getByTestId('admin-last-sync')).toContainText('Connected');
  } finally {
    sandbox.admin.control.spendLimits = 'on';
  }
});
