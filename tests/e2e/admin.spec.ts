import { test, expect } from './fixtures.ts';
import { readStore } from './idb.ts';
import { pointAtSandbox } from './connect.ts';

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
