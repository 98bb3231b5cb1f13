import { test, expect } from './fixtures.ts';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { WriteResultSchema, type WriteResult } from '../../lib/identity/contract.ts';

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

/**
 * Provisioning in the real extension against the SCIMMY peer, driven from an extension page through the
 * worker's messages (the People dialogs are built elsewhere): connect → sync → create → grant → revoke →
 * delete; then the options page lists every attempt under "Changes made by this extension", filters it,
 * and exports it as CSV. A refused Admin API change is listed too. The token never reaches the page.
 */
async function write(page: Page, message: Record<string, unknown>): Promise<WriteResult> {
  const envelope = (await page.evaluate((m) => chrome.runtime.sendMessage(m), message)) as { ok: boolean; data?: unknown; error?: { message: string } };
  if (!envelope.ok) throw new Error(envelope.error?.message ?? 'no answer');
  return WriteResultSchema.parse(envelope.data);
}

test('create → grant → revoke → delete through SCIM, each audited and exported', async ({ context, extensionUrl, sandbox }) => {
  const page = await context.newPage();
  await page.goto(extensionUrl('options.html'));
  const card = page.locator('[data-connection="scim"]');
  await card.getByLabel('SCIM URL').fill(sandbox.scimUrl);
  await card.getByLabel('SCIM token', { exact: true }).fill(sandbox.keys.scimToken);
  await card.getByRole('button', { name: 'Save SCIM token' }).click();
  await card.getByText('SCIM token saved.').waitFor();
  await card.getByRole('button', { name: 'Sync now' }).click();
  await expect(card.getByTestId('scim-last-sync')).toContainText('Connected', { timeout: 60_000 });
  const audit = page.getByTestId('audit-log');
  await expect(audit).toContainText('No changes yet');

  const email = 'e2e.provisioned@example.com';
  const created = await write(page, { type: 'identity/create-user', displayName: '  Edith   Provisioned ', email: 'E2E.Provisioned@Example.com' });
  expect(created.outcome).toBe('done');
  const stored = sandbox.scim.store.findUserByUserName(email)!;
  expect(created.userId).toBe(stored.id);
  expect(stored.attributes).toMatchObject({ userName: email, name: { givenName: 'Edith', familyName: 'Provisioned' } });

  const group = sandbox.scim.store.listGroups()[0]!;
  const granted = await write(page, { type: 'identity/membership', op: 'add', via: 'scim', groupId: group.id, userId: stored.id });
  expect(granted.outcome).toBe('done');
  expect(sandbox.scim.store.getGroup(group.id)!.memberIds).toContain(stored.id);
  const revoked = await write(page, { type: 'identity/membership', op: 'remove', via: 'scim', groupId: group.id, userId: stored.id, reason: 'e2e revoke' });
  expect(revoked.outcome).toBe('done');
  expect(sandbox.scim.store.getGroup(group.id)!.memberIds).not.toContain(stored.id);
  const deleted = await write(page, { type: 'identity/delete-user', scimUserId: stored.id });
  expect(deleted.outcome).toBe('done');
  expect(sandbox.scim.store.findUserByUserName(email)).toBeUndefined();
  const again = await write(page, { type: 'identity/delete-user', scimUserId: stored.id });
  expect(again.outcome).toBe('already');
  const refused = await write(page, { type: 'identity/membership', op: 'add', via: 'admin', groupId: 'rbac_group_x', userId: 'user_x' });
  expect(refused.outcome).toBe('refused');
  expect(refused.message).toMatch(/turned off/);

  // The audit log on the options page: newest first, every attempt.
  const rows = audit.getByRole('table').locator('tbody tr');
  await expect(rows).toHaveCount(6);
  await expect(rows.nth(0)).toContainText('Admin API');
  await expect(rows.nth(0)).toContainText('Refused');
  await expect(rows.nth(5)).toContainText('Create user');
  await expect(rows.nth(5)).toContainText(email);
  await expect(rows.nth(3)).toContainText('Reason: e2e revoke');

  await audit.getByLabel('Outcome').selectOption('already');
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toContainText('Delete user');
  await audit.getByLabel('Outcome').selectOption('all');
  await audit.getByLabel('Connection').selectOption('scim');
  await expect(rows).toHaveCount(5);

  const [download] = await Promise.all([page.waitForEvent('download'), audit.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^claude-admin-changes-\d{4}-\d\d-\d\d\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('\uFEFFWhen (UTC),Connection,Action,Target,Outcome,Request ID,Detail');
  expect(csv.trim().split('\r\n')).toHaveLength(6);
  expect(csv).toContain('Grant group membership');
  expect(csv).not.toContain(sandbox.keys.scimToken);
  await expect(page.locator('body')).not.toContainText(sandbox.keys.scimToken);
});
