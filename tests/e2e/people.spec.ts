import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { test, expect } from './fixtures.ts';
import { readStore } from './idb.ts';
import type { Sandbox } from '../sandbox/server.ts';

/**
 * People and Groups in the real extension, in Chromium, against the sandbox: SCIM (the real SCIMMY peer)
 * and the Admin API are connected and synced; the People tab shows the flags; the admin creates a user,
 * grants and revokes a group membership, deprovisions, and runs an access review that deprovisions two
 * people and exports its record. Writes go through the worker's identity handlers; the sandbox's stores
 * are the independent ground truth.
 */

type Chrome = { runtime: { sendMessage(m: object): Promise<unknown> }; storage: { local: { get(k: string): Promise<Record<string, unknown>>; set(v: object): Promise<void> } } };
const send = (page: Page, m: object) => page.evaluate((msg) => (globalThis as unknown as { chrome: Chrome }).chrome.runtime.sendMessage(msg), m) as Promise<{ ok: boolean; data?: unknown; error?: { message: string } }>;

async function waitForJobDone(page: Page, id: string, since: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const job = await readStore<{ status: string; updatedAt: string; error: string | null } | undefined>(page, 'jobs', id);
    if (job && job.updatedAt > since && job.status === 'done') return;
    if (job && job.updatedAt > since && job.status === 'failed') throw new Error(`${id} failed: ${job.error}`);
    await page.waitForTimeout(200);
  }
  throw new Error(`${id} did not finish`);
}

async function sync(page: Page, source: 'scim' | 'admin'): Promise<void> {
  const since = new Date(Date.now() - 1000).toISOString();
  const r = await send(page, { type: 'job/start', source });
  expect(r.ok, r.error?.message).toBe(true);
  await waitForJobDone(page, source === 'scim' ? 'scim-sync' : 'admin-sync', since);
}

/** Options: SCIM URL and token through the card (Sync now → Connected), the Admin API key and its settings, writes allowed. */
async function connect(page: Page, optionsUrl: string, sandbox: Sandbox): Promise<void> {
  await page.goto(optionsUrl);
  await page.evaluate(async (base) => {
    const c = (globalThis as unknown as { chrome: Chrome }).chrome;
    const current = ((await c.storage.local.get('settings')).settings ?? {}) as object;
    await c.storage.local.set({ settings: { ...current, adminBaseUrl: base, adminWritesEnabled: true } });
  }, sandbox.url);
  const stored = await send(page, { type: 'credential/set', connection: 'admin', secret: sandbox.keys.admin.full.secret, mode: 'session' });
  expect(stored.ok, stored.error?.message).toBe(true);
  const card = page.locator('[data-connection="scim"]');
  await card.getByLabel('SCIM URL').fill(sandbox.scimUrl);
  await card.getByLabel('SCIM token', { exact: true }).fill(sandbox.keys.scimToken);
  await card.getByRole('button', { name: 'Save SCIM token' }).click();
  await card.getByText('SCIM token saved.').waitFor();
  await card.getByRole('button', { name: 'Sync now' }).click();
  await expect(card.getByTestId('scim-last-sync')).toContainText('Connected', { timeout: 60_000 });
  await sync(page, 'admin');
}

const norm = (s: string | null | undefined) => (s ?? '').trim().toLowerCase();

test.describe.configure({ mode: 'serial' });

test('People: connect SCIM and the Admin API → sync → flags → create → grant → revoke → deprovision', async ({ context, extensionUrl, sandbox }) => {
  test.setTimeout(180_000);
  const page = await context.newPage();
  await connect(page, extensionUrl('options.html'), sandbox);

  // Flags, checked against the synced tables with the rule computed here independently.
  const scimUsers = await readStore<Array<{ id: string; userName: string; email: string | null }>>(page, 'scimUsers');
  const adminUsers = await readStore<Array<{ id: string; email: string; role: string }>>(page, 'adminUsers');
  const scimEmails = new Set(scimUsers.map((u) => norm(u.email ?? u.userName)));
  const notScim = adminUsers.filter((u) => !scimEmails.has(norm(u.email)));
  expect(notScim.length).toBeGreaterThan(0);

  await page.goto(extensionUrl('inventory.html#/people'));
  await expect(page.getByRole('tab', { name: 'People' })).toHaveAttribute('aria-selected', 'true');
  const tab = page.getByTestId('people-tab');
  await expect(tab.locator('[data-flag="not-scim"]').first()).toBeVisible();
  await tab.getByRole('checkbox', { name: 'Not managed by SCIM' }).check();
  await expect(tab.getByRole('status').filter({ hasText: 'Showing' })).toContainText(`Showing ${notScim.length} of`);
  await tab.getByRole('checkbox', { name: 'Not managed by SCIM' }).uncheck();
  const privileged = adminUsers.filter((u) => ['owner', 'primary_owner', 'membership_admin', 'admin'].includes(u.role));
  await tab.getByRole('checkbox', { name: 'Owner/admin role' }).check();
  await expect(tab.getByRole('status').filter({ hasText: 'Showing' })).toContainText(`Showing ${privileged.length} of`);
  await tab.getByRole('checkbox', { name: 'Owner/admin role' }).uncheck();

  // A person not managed by SCIM: the fact behind the flag on their page.
  const uiOnly = notScim[0]!;
  await page.goto(extensionUrl(`inventory.html#/people/${encodeURIComponent(uiOnly.id)}`));
  await expect(page.getByTestId('person-flags')).toContainText(`Not managed by SCIM: A member in the Admin API, but no SCIM user has the email ${uiOnly.email}`);
  await expect(page.getByTestId('person-identity')).toContainText(uiOnly.id);

  // Create: live validation, the preview of what is sent, then the result; the row is pending until a sync.
  await page.goto(extensionUrl('inventory.html#/people'));
  await tab.getByRole('button', { name: 'Create user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create user' });
  await expect(dialog.getByLabel('Display name')).toBeFocused();
  await dialog.getByLabel('Email').fill('not-an-email');
  await dialog.getByLabel('Display name').click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'email' })).toContainText('@');
  await expect(dialog.getByRole('alert').filter({ hasText: 'display name' })).toBeVisible();
  await dialog.getByLabel('Display name').fill('Zoë  van der Berg');
  await dialog.getByLabel('Email').fill('Zoe.vdb@Example.com');
  const preview = dialog.getByTestId('create-preview');
  await expect(preview).toContainText('userName' + 'zoe.vdb@example.com');
  await expect(preview).toContainText('name.givenName' + 'Zoë');
  await expect(preview).toContainText('name.familyName' + 'van der Berg');
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog.getByTestId('write-result')).toHaveAttribute('data-outcome', /done|pending/, { timeout: 30_000 });
  const createOutcome = await dialog.getByTestId('write-result').getAttribute('data-outcome');
  const created = sandbox.scim.store.listUsers().find((u) => norm(u.attributes.userName) === 'zoe.vdb@example.com');
  expect(created).toBeTruthy();
  await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
  await expect(dialog).toBeHidden();
  await tab.getByLabel('Search people (name or email)').fill('zoe.vdb');
  // Confirmed by the worker's read-back: a SCIM user at once; not confirmed yet: "Pending sync" until a sync shows it.
  const row = tab.getByRole('row', { name: /zoe\.vdb@example\.com/ });
  await expect(row).toBeVisible();
  await expect(row.locator('[data-flag="pending"]')).toHaveCount(createOutcome === 'pending' ? 1 : 0);
  if (createOutcome === 'done') await expect(row).toContainText('SCIM');
  await sync(page, 'scim');
  await expect(tab.getByRole('row', { name: /Zoë van der Berg/ })).toBeVisible();
  await expect(tab.getByRole('row', { name: /Zoë van der Berg/ }).locator('[data-flag="pending"]')).toHaveCount(0);

  // Grant: a SCIM group, search picker, preview (through SCIM), Grant → the peer has the member.
  const group = [...sandbox.scim.store.listGroups()].sort((a, b) => b.memberIds.length - a.memberIds.length)[0]!;
  const scimGroups = await readStore<Array<{ id: string; displayName: string }>>(page, 'scimGroups');
  const groupRow = scimGroups.find((g) => g.displayName === group.attributes.displayName)!;
  await page.goto(extensionUrl(`inventory.html#/groups/${encodeURIComponent(`scim:${groupRow.id}`)}`));
  const groupPage = page.getByTestId('group-page');
  await expect(groupPage.getByTestId('group-limit').first()).toContainText('Groups cannot be created or deleted over SCIM');
  await groupPage.getByRole('combobox', { name: 'Add a person' }).fill('zoe.vdb');
  await groupPage.getByRole('option').first().getByRole('button').click();
  await expect(groupPage.getByTestId('grant-preview')).toContainText('through SCIM');
  await groupPage.getByRole('button', { name: 'Grant', exact: true }).click();
  await expect(groupPage.getByTestId('write-result')).toHaveAttribute('data-outcome', /done|pending/, { timeout: 30_000 });
  expect(sandbox.scim.store.listGroups().find((g) => g.id === group.id)!.memberIds).toContain(created!.id);

  // Revoke: after a sync Zoë is listed as a member; Revoke → the peer no longer has her.
  await sync(page, 'scim');
  const members = groupPage.getByTestId('group-members');
  await members.getByRole('button', { name: 'Revoke Zoë van der Berg' }).click();
  await expect(groupPage.getByTestId('write-result')).toHaveAttribute('data-outcome', /done|pending/, { timeout: 30_000 });
  expect(sandbox.scim.store.listGroups().find((g) => g.id === group.id)!.memberIds).not.toContain(created!.id);

  // Grant and revoke from the person page: pick a group, the preview says how, Grant; after a sync the
  // group is listed on the page with Revoke.
  await page.goto(extensionUrl(`inventory.html#/people/${encodeURIComponent(`scim:${created!.id}`)}`));
  const grant = page.getByTestId('person-grant');
  await grant.getByLabel('Grant to group').selectOption({ label: `${group.attributes.displayName} (SCIM group)` });
  await expect(grant.getByTestId('person-grant-preview')).toContainText(`to ${group.attributes.displayName} through SCIM`);
  await grant.getByRole('button', { name: 'Grant', exact: true }).click();
  await expect(page.getByTestId('person-detail').getByTestId('write-result')).toHaveAttribute('data-outcome', /done|pending/, { timeout: 30_000 });
  expect(sandbox.scim.store.listGroups().find((g) => g.id === group.id)!.memberIds).toContain(created!.id);
  await sync(page, 'scim');
  await page.goto(extensionUrl(`inventory.html#/people/${encodeURIComponent(`scim:${created!.id}`)}`));
  await page.getByTestId('person-groups').getByRole('button', { name: `Revoke from ${group.attributes.displayName}` }).click();
  await expect(page.getByTestId('person-detail').getByTestId('write-result')).toHaveAttribute('data-outcome', /done|pending/, { timeout: 30_000 });
  expect(sandbox.scim.store.listGroups().find((g) => g.id === group.id)!.memberIds).not.toContain(created!.id);

  // Deprovision from the person page: the impact, typed confirmation, result.
  await page.getByTestId('person-detail').getByRole('button', { name: 'Deprovision…' }).click();
  const del = page.getByRole('dialog', { name: /Deprovision Zoë van der Berg/ });
  await expect(del.getByTestId('delete-impact')).toContainText('Groups');
  await expect(del.getByTestId('delete-impact')).toContainText('Last active');
  await expect(del.getByTestId('delete-impact')).toContainText('Compliance data');
  await expect(del.getByRole('button', { name: 'Deprovision', exact: true })).toBeDisabled();
  await del.getByLabel(/Type .* to confirm/).fill('zoe.vdb@example.com');
  await del.getByRole('button', { name: 'Deprovision', exact: true }).click();
  await expect(del.getByTestId('write-result')).toHaveAttribute('data-outcome', /done|pending/, { timeout: 30_000 });
  expect(sandbox.scim.store.listUsers().some((u) => u.id === created!.id)).toBe(false);
  const audit = await readStore<Array<{ action: string }>>(page, 'audit');
  expect(audit.length).toBeGreaterThanOrEqual(4);
  await expect(page.locator('body')).not.toContainText(sandbox.keys.scimToken);
});

test('Access review: select two people → Deprovision → preview, confirm, progress, per-row results → CSV record', async ({ context, extensionUrl, sandbox }) => {
  test.setTimeout(180_000);
  const page = await context.newPage();
  await connect(page, extensionUrl('options.html'), sandbox);
  await page.goto(extensionUrl('inventory.html#/people'));
  const tab = page.getByTestId('people-tab');
  await tab.getByLabel('Source').selectOption('scim');
  // Two ordinary SCIM users (no owner role), chosen from the synced table.
  const admin = await readStore<Array<{ email: string; role: string }>>(page, 'adminUsers');
  const privileged = new Set(admin.filter((u) => u.role !== 'user').map((u) => norm(u.email)));
  const targets = sandbox.scim.store
    .listUsers()
    .filter((u) => !privileged.has(norm(u.attributes.userName)))
    .slice(0, 2);
  // The first with its checkbox, the second from the keyboard: Space on the focused row selects it.
  for (const [i, t] of targets.entries()) {
    await tab.getByLabel('Search people (name or email)').fill(t.attributes.userName);
    const row = tab.getByRole('row', { name: new RegExp(t.attributes.userName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i') });
    if (i === 0) await row.getByRole('checkbox').check();
    else {
      await row.focus();
      await page.keyboard.press('Space');
      await expect(row.getByRole('checkbox')).toBeChecked();
    }
  }
  await expect(tab.getByRole('region', { name: 'Selected people' })).toContainText('2 selected');
  await tab.getByRole('button', { name: 'Deprovision…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Deprovision: 2 people' });
  const previewRows = dialog.getByTestId('review-preview').locator('tbody tr');
  await expect(previewRows).toHaveCount(2);
  await expect(previewRows.first()).toContainText('Deprovision: delete the SCIM user');
  await expect(dialog.getByRole('button', { name: 'Run 2 changes' })).toBeDisabled();
  await dialog.getByRole('checkbox', { name: /I reviewed these 2 changes/ }).check();
  await dialog.getByRole('button', { name: 'Run 2 changes' }).click();
  await expect(dialog.getByTestId('review-progress')).toHaveText('2 of 2 changes carried out', { timeout: 60_000 });
  await expect(dialog.getByTestId('review-row-result')).toHaveText([/^(Done|Pending sync): /, /^(Done|Pending sync): /]);
  for (const t of targets) expect(sandbox.scim.store.listUsers().some((u) => u.id === t.id)).toBe(false);

  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export review (CSV)' }).click()]);
  const csv = readFileSync((await download.path())!, 'utf8');
  const rows = Papa.parse<Record<string, string>>(csv.trim(), { header: true }).data;
  expect(rows).toHaveLength(2);
  expect(rows.map((r) => norm(r.Email)).sort()).toEqual(targets.map((t) => norm(t.attributes.userName)).sort());
  for (const r of rows) {
    expect(r.Decision).toBe('deprovision');
    expect(r.Result).toBe('done');
    expect(r.Message).toMatch(/^(done|pending): /);
    expect(r.Review).toMatch(/^Access review \d{4}-\d{2}-\d{2}$/);
  }
  const decisions = await readStore<unknown[]>(page, 'reviewDecisions');
  expect(decisions).toHaveLength(2);
});

test('Groups: a scim RBAC group says why it cannot change here; a direct RBAC group grant goes through the Admin API', async ({ context, extensionUrl, sandbox }) => {
  test.setTimeout(180_000);
  const page = await context.newPage();
  await connect(page, extensionUrl('options.html'), sandbox);
  const groups = await readStore<Array<{ id: string; name: string; sourceType: string; ownerAccess: boolean | null }>>(page, 'adminGroups');
  const members = await readStore<Array<{ groupId: string; userId: string }>>(page, 'adminMembers');
  const users = await readStore<Array<{ id: string; email: string; name: string }>>(page, 'adminUsers');

  await page.goto(extensionUrl('inventory.html#/groups'));
  await expect(page.getByRole('tab', { name: 'Groups' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('groups-tab').getByRole('row', { name: /RBAC scim/ }).first()).toBeVisible();

  const scimGroup = groups.find((g) => g.sourceType === 'scim')!;
  await page.goto(extensionUrl(`inventory.html#/groups/${encodeURIComponent(`rbac:${scimGroup.id}`)}`));
  const gp = page.getByTestId('group-page');
  await expect(gp.getByTestId('group-limit').first()).toContainText('cannot change its members while SCIM provisioning is on');
  const outsider = users.find((u) => !members.some((m) => m.groupId === scimGroup.id && m.userId === u.id))!;
  await gp.getByRole('combobox', { name: 'Add a person' }).fill(outsider.email);
  await gp.getByRole('option').first().getByRole('button').click();
  await expect(gp.getByTestId('grant-preview').getByRole('alert')).toContainText('cannot change its members while SCIM provisioning is on');
  await expect(gp.getByRole('button', { name: 'Grant', exact: true })).toBeDisabled();

  const direct = groups.find((g) => g.sourceType === 'direct' && g.ownerAccess !== true)!;
  const candidate = users.find((u) => !members.some((m) => m.groupId === direct.id && m.userId === u.id))!;
  await page.goto(extensionUrl(`inventory.html#/groups/${encodeURIComponent(`rbac:${direct.id}`)}`));
  await gp.getByRole('combobox', { name: 'Add a person' }).fill(candidate.email);
  await gp.getByRole('option').first().getByRole('button').click();
  await expect(gp.getByTestId('grant-preview')).toContainText('through the Admin API');
  await gp.getByRole('button', { name: 'Grant', exact: true }).click();
  await expect(gp.getByTestId('write-result')).toHaveAttribute('data-outcome', /done|pending/, { timeout: 30_000 });
  expect([...sandbox.admin.data.groups.find((g) => g.id === direct.id)!.members.keys()]).toContain(candidate.id);
});
