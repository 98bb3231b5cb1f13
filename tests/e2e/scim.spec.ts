import { test, expect } from './fixtures.ts';
import { readStore } from './idb.ts';

/** SCIM sync in the real extension against the SCIMMY peer: Sync now → Syncing → Connected with the peer's counts; the sync log keeps it. */
test('SCIM: save URL and token → Sync now → every user, group and membership of the peer', async ({ context, extensionUrl, sandbox }) => {
  const page = await context.newPage();
  await page.goto(extensionUrl('options.html'));
  const card = page.locator('[data-connection="scim"]');
  await card.getByLabel('SCIM URL').fill(sandbox.scimUrl);
  await card.getByLabel('SCIM token', { exact: true }).fill(sandbox.keys.scimToken);
  await card.getByRole('button', { name: 'Save SCIM token' }).click();
  await card.getByText('SCIM token saved.').waitFor();

  await card.getByRole('button', { name: 'Sync now' }).click();
  const users = sandbox.scim.store.listUsers().length;
  const groups = sandbox.scim.store.listGroups();
  const members = groups.reduce((s, g) => s + new Set(g.memberIds).size, 0);
  await expect(card.getByTestId('scim-last-sync')).toContainText(`Connected`, { timeout: 60_000 });
  await expect(card.getByTestId('scim-last-sync')).toContainText(`${users.toLocaleString('en-US')} users, ${groups.length} groups, ${members.toLocaleString('en-US')} memberships`);
  expect((await readStore<unknown[]>(page, 'scimUsers')).length).toBe(users);

  await card.getByText('Sync log').click();
  await expect(card.getByRole('table').getByRole('row')).toHaveCount(2);
  // The token never reaches the page.
  await expect(page.locator('body')).not.toContainText(sandbox.keys.scimToken);
});
