import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { ingestSnapshot, pointAtSandbox } from './connect.ts';
import { readJob, readStore } from './idb.ts';
import { SIZE_PRESETS } from '../sandbox/shared/contracts.ts';
import { expectedModels } from '../support/expected-inventory.ts';
import type { Sandbox } from '../sandbox/server.ts';

/**
 * Hard-deleted chats leave the inventory (refreshes only see chats that changed, and a hard-deleted chat
 * simply stops being listed, so without reconciliation it would stay counted forever).
 */
test.use({ sandboxOptions: { size: { ...SIZE_PRESETS.tiny, chats: 2_000 }, seed: 13 } });


const modelChats = async (page: Page) => Object.fromEntries((await readStore<Array<{ model: string; chats: number }>>(page, 'pubModels')).map((m) => [m.model, m.chats]));
const expectedChats = (sandbox: Sandbox) => Object.fromEntries([...expectedModels(sandbox.org)].map(([id, w]) => [id, w.chats]));
const snapshotCount = async (page: Page) => (await readStore<unknown[]>(page, 'snapshots')).length;

/** The newest live chat with a model that is not soft-deleted (skipping `skip` of them). */
function liveChat(sandbox: Sandbox, skip = 0) {
  const chats = sandbox.org.chats;
  for (let i = chats.n - 1; i >= 0; i--) {
    if (!chats.exists(i) || chats.modelId(i) === null || !Number.isNaN(chats.deletedAt[i]!)) continue;
    if (skip-- > 0) continue;
    return { index: i, id: chats.id(i), model: chats.modelId(i)! };
  }
  throw new Error('no live chat');
}

async function clickAndWaitForSnapshot(page: Page, button: string) {
  const before = await snapshotCount(page);
  await page.locator('[data-connection="compliance"]').getByRole('button', { name: button }).click();
  await expect.poll(() => snapshotCount(page), { timeout: 60_000 }).toBe(before + 1);
  return readJob(page);
}

test('a chat deleted for good leaves the inventory after "Reconcile deleted chats" (a full walk of chat ids)', async ({ context, extensionUrl, sandbox }) => {
  const page = await context.newPage();
  await pointAtSandbox(page, extensionUrl('options.html'), sandbox.url);
  await ingestSnapshot(page, sandbox.keys.compliance.full.secret);
  expect(await modelChats(page)).toEqual(expectedChats(sandbox));

  const victim = liveChat(sandbox);
  const before = (await modelChats(page))[victim.model]!;
  sandbox.compliance.hardDeleteChat(victim.index); // no feed event: e.g. removed by retention

  // An ordinary refresh only sees changes: the deleted chat is still counted.
  await clickAndWaitForSnapshot(page, 'Ingest new snapshot');
  expect((await modelChats(page))[victim.model]).toBe(before);

  const job = await clickAndWaitForSnapshot(page, 'Reconcile deleted chats');
  expect(job?.status).toBe('done');
  expect((await modelChats(page))[victim.model]).toBe(before - 1);
  expect(await modelChats(page)).toEqual(expectedChats(sandbox));

  // The inventory shows the new count.
  const inventory = await context.newPage();
  await inventory.goto(extensionUrl('inventory.html'));
  await expect(inventory.getByRole('row', { name: new RegExp(victim.model) }).first()).toContainText((before - 1).toLocaleString('en-US'));
});

test('a chat deleted through the API (claude_chat_deleted in the feed) leaves the inventory on the next refresh; a soft-deleted one stays', async ({ context, extensionUrl, sandbox }) => {
  const page = await context.newPage();
  await pointAtSandbox(page, extensionUrl('options.html'), sandbox.url);
  await ingestSnapshot(page, sandbox.keys.compliance.full.secret);
  expect(await modelChats(page)).toEqual(expectedChats(sandbox));

  const gone = liveChat(sandbox);
  const soft = liveChat(sandbox, 1);
  const before = await modelChats(page);
  sandbox.compliance.hardDeleteChat(gone.index);
  sandbox.compliance.appendActivity({ type: 'claude_chat_deleted', payload: { claude_chat_id: gone.id, claude_project_id: null } });
  // The same event for a chat that is still listed (deleted in claude.ai, kept as soft-deleted): verified, kept.
  sandbox.compliance.appendActivity({ type: 'claude_chat_deleted', payload: { claude_chat_id: soft.id, claude_project_id: null } });

  sandbox.stats.reset();
  const job = await clickAndWaitForSnapshot(page, 'Ingest new snapshot');
  expect(job?.status).toBe('done');
  const after = await modelChats(page);
  expect(after[gone.model]).toBe(before[gone.model]! - 1);
  expect(after).toEqual(expectedChats(sandbox));
  // Two verification requests on top of the refresh, no full walk.
  expect(sandbox.stats.counts.compliance).toBeLessThanOrEqual(12);
});
