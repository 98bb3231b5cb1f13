import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import Papa from 'papaparse';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { test, expect } from './fixtures.ts';
import { ingestSnapshot, pointAtSandbox } from './connect.ts';
import { readStore } from './idb.ts';
import { expectedModels, expectedServers } from '../support/expected-inventory.ts';

async function saved(download: Download): Promise<string> {
  const path = await download.path();
  return readFileSync(path, 'utf8');
}

async function downloadBy(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), text: await saved(download) };
}

const today = () => new Date().toISOString().slice(0, 10);

test('snapshot → models CSV, BOM → backup → delete all data → restore → the same inventory', async ({ context, extensionUrl, sandbox }) => {
  test.setTimeout(180_000);
  const options = await context.newPage();
  await pointAtSandbox(options, extensionUrl('options.html'), sandbox.url);
  await ingestSnapshot(options, sandbox.keys.compliance.full.secret);

  const want = expectedModels(sandbox.org);
  const servers = expectedServers(sandbox.org);
  const inventory = await context.newPage();
  await inventory.goto(extensionUrl('inventory.html'));
  await expect(inventory.getByRole('row')).toHaveCount(want.size + 1);

  // Models CSV: the table's columns, one row per model, the exact counts, named <product>-models-<date>.csv.
  const csv = await downloadBy(inventory, () => inventory.getByRole('button', { name: 'Download Models as CSV' }).click());
  expect(csv.name).toBe(`claude-enterprise-models-${today()}.csv`);
  const rows = Papa.parse<Record<string, string>>(csv.text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
  expect(Object.keys(rows[0]!)).toEqual(['Name', 'Model id', 'Lifecycle', 'Retires on', 'Added', 'Projects', 'Organizations', 'Used in chats', 'Users']);
  expect(rows).toHaveLength(want.size);
  for (const [id, w] of want) {
    const row = rows.find((r) => r['Model id'] === id)!;
    expect({ id, chats: Number(row['Used in chats']), users: Number(row.Users) }).toEqual({ id, chats: w.chats, users: w.users });
  }
  // Sorted as the table is (most used first).
  const chats = rows.map((r) => Number(r['Used in chats']));
  expect(chats).toEqual([...chats].sort((a, b) => b - a));

  // Filtered: only the rows the table shows.
  const top = [...want.values()].filter((m) => m.model !== '').sort((a, b) => b.chats - a.chats)[0]!;
  await inventory.getByLabel('Search models').fill(top.model);
  const filtered = await downloadBy(inventory, () => inventory.getByRole('button', { name: 'Download Models as JSON' }).click());
  const json = JSON.parse(filtered.text) as Array<Record<string, unknown>>;
  expect(json.map((r) => r['Model id'])).toEqual([top.model]);
  expect(json[0]!['Used in chats']).toBe(top.chats);
  await inventory.getByLabel('Search models').fill('');

  // CycloneDX BOM: valid 1.6, models as machine-learning-model components, servers as services.
  const bomFile = await downloadBy(inventory, () => inventory.getByRole('button', { name: 'Download CycloneDX BOM' }).click());
  expect(bomFile.name).toBe(`claude-enterprise-inventory-${today()}.cdx.json`);
  expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(bomFile.text)).toBeNull();
  type BomItem = { type: string; name: string; 'bom-ref'?: string; properties?: Array<{ name: string; value: string }> };
  const bom = JSON.parse(bomFile.text) as { specVersion: string; components?: BomItem[]; services?: BomItem[]; metadata: { tools: { components: Array<{ name: string; version: string }> } } };
  expect(bom.specVersion).toBe('1.6');
  const named = [...want.keys()].filter((m) => m !== '').sort();
  expect((bom.components ?? []).filter((c) => c.type === 'machine-learning-model').map((c) => c.name).sort()).toEqual(named);
  expect((bom.services ?? []).filter((s) => s['bom-ref']?.startsWith('mcp-server:'))).toHaveLength(servers.size);
  // Plugins (the sandbox's, read with the Compliance key): each a component with its reach and scan; each
  // MCP server its served version declares a service.
  const prop = (c: BomItem, name: string) => c.properties?.find((p) => p.name === `claude-enterprise:${name}`)?.value;
  for (const p of sandbox.plugins.plugins) {
    const served = p.versions.find((v) => v.id === p.servedVersionId)!;
    const c = (bom.components ?? []).find((x) => x['bom-ref'] === `plugin:${p.id}`);
    expect(c, p.id).toBeDefined();
    expect(prop(c!, 'plugin:reach')).toBe(served.reach ?? 'not computed');
    expect(prop(c!, 'plugin:scan:assessment')).toBe(served.scan?.assessment ?? undefined);
    for (const m of (served.components ?? []).filter((x) => x.type === 'mcp_server')) {
      expect((bom.services ?? []).some((x) => x['bom-ref'] === `plugin:${p.id}:mcp-server:${m.name}`), `${p.id} ${m.name}`).toBe(true);
    }
  }
  expect(bom.metadata.tools.components[0]!.version).toMatch(/^\d+\.\d+\.\d+/);

  // What the inventory shows now.
  const before = {
    models: await readStore<unknown[]>(inventory, 'pubModels'),
    servers: await readStore<unknown[]>(inventory, 'pubMcpServers'),
    policies: await readStore<unknown[]>(inventory, 'pubToolPolicies'),
    snapshots: await readStore<unknown[]>(inventory, 'snapshots'),
  };
  const topRowText = await inventory.getByRole('row', { name: new RegExp(top.model) }).first().innerText();

  // Backup.
  await options.goto(extensionUrl('options.html'));
  const section = options.getByTestId('backup');
  const backup = await downloadBy(options, () => section.getByRole('button', { name: 'Download backup' }).click());
  expect(backup.name).toBe(`claude-enterprise-backup-${today()}.json`);
  const file = JSON.parse(backup.text) as { format: string; tables: Record<string, unknown[]>; settings: { complianceBaseUrl: string } };
  expect(file.format).toBe('claude-enterprise-admin-backup');
  expect(file.tables.pubModels).toHaveLength(want.size);
  expect(file.tables.jobs).toBeUndefined();
  expect(file.settings.complianceBaseUrl).toBe(sandbox.url);
  // No credential in the file.
  expect(backup.text).not.toContain(sandbox.keys.compliance.full.secret);
  expect(backup.text).not.toMatch(/sk-ant-/);

  // Wipe.
  await section.getByRole('button', { name: 'Delete all data…' }).click();
  await section.getByRole('group', { name: 'Delete all data' }).getByRole('button', { name: 'Delete all data' }).click();
  await expect(section.getByText(/All data was deleted/)).toBeVisible();
  await inventory.reload();
  await expect(inventory.getByText(/No snapshot yet/).first()).toBeVisible();
  expect(await readStore<unknown[]>(inventory, 'pubModels')).toEqual([]);

  // A wrong file: a plain message, nothing changed.
  await section.getByLabel('Backup file to restore').setInputFiles({ name: 'models.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.text) });
  await expect(section.getByText(/not a backup from this extension/)).toBeVisible();

  // Restore: preview (now vs in the file), confirm, progress, done.
  await section.getByLabel('Backup file to restore').setInputFiles({ name: backup.name, mimeType: 'application/json', buffer: Buffer.from(backup.text) });
  const preview = section.getByTestId('restore-preview');
  await expect(preview).toBeVisible();
  const modelsLine = preview.getByRole('row', { name: /^Models\b/ });
  await expect(modelsLine.getByRole('cell').nth(0)).toHaveText('0');
  await expect(modelsLine.getByRole('cell').nth(1)).toHaveText(want.size.toLocaleString('en-US'));
  await preview.getByRole('button', { name: 'Replace the data with this backup' }).click();
  await expect(section.getByText(/^Restored \d/)).toBeVisible({ timeout: 30_000 });

  // The inventory shows the same numbers again.
  await inventory.reload();
  await expect(inventory.getByRole('row')).toHaveCount(want.size + 1);
  expect(await inventory.getByRole('row', { name: new RegExp(top.model) }).first().innerText()).toBe(topRowText);
  expect(await readStore<unknown[]>(inventory, 'pubModels')).toEqual(before.models);
  expect(await readStore<unknown[]>(inventory, 'pubMcpServers')).toEqual(before.servers);
  expect(await readStore<unknown[]>(inventory, 'pubToolPolicies')).toEqual(before.policies);
  expect(await readStore<unknown[]>(inventory, 'snapshots')).toEqual(before.snapshots);
  await inventory.goto(extensionUrl('inventory.html#/mcp'));
  await expect(inventory.getByRole('row')).toHaveCount(servers.size + 1);
});
