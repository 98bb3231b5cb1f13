import { test, expect } from './fixtures.ts';
import { ingestSnapshot, pointAtSandbox } from './connect.ts';
import { readStore } from './idb.ts';
import { expectedModels } from '../support/expected-inventory.ts';

/**
 * Plugins, tool-permission findings and the model lifecycle, end to end: a snapshot against the sandbox reads
 * the beta Plugins API with the Compliance key, and the inventory shows what it found.
 */
const RETIRING = 'claude-opus-4-5-20251101';

test('Plugins tab, a plugin’s MCP server, the server’s findings with evidence, and a retiring model', async ({ context, extensionUrl, sandbox }) => {
  // A chat on a model the catalogue says is retiring (Opus 4.5: 2027-01-22), so the lifecycle view has a row to show.
  sandbox.compliance.addChat({ model: RETIRING });
  const page = await context.newPage();
  await pointAtSandbox(page, extensionUrl('options.html'), sandbox.url);
  await ingestSnapshot(page, sandbox.keys.compliance.full.secret);

  const inventory = await context.newPage();
  await inventory.goto(extensionUrl('inventory.html#/plugins'));
  await expect(inventory.getByRole('tab', { name: 'Plugins' })).toHaveAttribute('aria-selected', 'true');
  const table = inventory.getByRole('table', { name: 'Plugins' });
  for (const col of ['Name', 'Owner', 'Reach', 'MCP servers', 'Components', 'Scan', 'Installation', 'Version']) await expect(table.getByRole('columnheader', { name: col })).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(sandbox.plugins.plugins.length);
  for (const p of sandbox.plugins.plugins) await expect(table.locator(`tr[data-plugin="${p.id}"]`)).toContainText(p.displayName ?? p.name);

  const sales = table.locator('tr[data-plugin="plugin_sbxSalesToolkit01"]');
  await expect(sales).toContainText('Organization');
  await expect(sales.locator('.reach')).toHaveText('Remote');
  await expect(sales.locator('.scan')).toContainText('Warn');
  await expect(sales.locator('.scan')).toContainText('credential-exposure');
  await expect(sales).toContainText('Installed automatically');
  const exporter = table.locator('tr[data-plugin="plugin_sbxDataExporter01"]');
  await expect(exporter.locator('.scan')).toContainText('Fail');
  await expect(exporter.locator('.scan')).toContainText('guardrail-tampering');
  await expect(exporter).toContainText('Member:');
  // Served vs latest: the style plugin's newest version awaits its scan.
  await expect(table.locator('tr[data-plugin="plugin_sbxWritingStyle01"]')).toContainText('3.1.0');
  await expect(table.locator('tr[data-plugin="plugin_sbxWritingStyle01"]')).toContainText('served');
  // A plugin the API gave no reach and no components for says unknown, not contained.
  await expect(table.locator('tr[data-plugin="plugin_sbxNotesHelper01"] .reach')).toHaveText('Unknown');
  await expect(table.locator('tr[data-plugin="plugin_sbxNotesHelper01"] .scan')).toHaveText('Not scanned');

  // The plugin page, then its MCP server: linked to the MCP servers tab's server page.
  await sales.getByRole('link', { name: 'Sales toolkit' }).click();
  await expect(inventory).toHaveURL(/#\/plugins\/plugin_sbxSalesToolkit01$/);
  await expect(inventory.getByRole('heading', { level: 2, name: 'Sales toolkit' })).toBeVisible();
  await expect(inventory.getByRole('table', { name: 'Components' })).toContainText('summarize-account');
  // Installation settings per group, read with the Compliance key: as the sandbox holds them.
  const salesAccess = sandbox.plugins.accessOf(sandbox.plugins.plugins.find((p) => p.id === 'plugin_sbxSalesToolkit01')!);
  const access = inventory.getByTestId('plugin-access');
  await expect(access.getByTestId('plugin-setting-row')).toHaveCount(salesAccess.settings.length);
  const override = salesAccess.settings.find((x) => x.target.type === 'rbac_group');
  expect(override, 'the sandbox gives the first organization plugin a group override').toBeDefined();
  const overrideRow = access.getByTestId('plugin-setting-row').filter({ has: inventory.locator(`a[href="#/groups/${override!.target.rbac_group_id}"]`) });
  await expect(overrideRow).toContainText('Required');
  const serverName = sandbox.plugins.plugins[0]!.versions.at(-1)!.components!.find((c) => c.type === 'mcp_server')!.name;
  await inventory.getByRole('link', { name: serverName }).first().click();
  await expect(inventory).toHaveURL(/#\/mcp\/[^/]+$/);
  await expect(inventory.getByRole('heading', { level: 2, name: serverName })).toBeVisible();
  const serverId = decodeURIComponent(new URL(inventory.url()).hash.split('/')[2]!);

  // Its findings: each statement with evidence; the declaring plugin is among them.
  await inventory.getByRole('tab', { name: 'Findings' }).click();
  const findings = inventory.getByRole('list', { name: `Findings for ${serverName}` });
  await expect(findings.locator(':scope > li').first()).toBeVisible();
  const items = await findings.locator(':scope > li').count();
  for (let i = 0; i < items; i++) await expect(findings.locator(':scope > li').nth(i).getByTestId('evidence').first()).toBeVisible();
  await expect(findings.locator('li[data-topic="plugin"]')).toContainText('Declared by plugin Sales toolkit');
  await expect(findings.locator('li[data-topic="plugin"]')).toContainText('plugin_sbxSalesToolkit01');
  await expect(findings.locator('li[data-topic="people"]')).toContainText(serverId);

  // A server with tool policies: its permission findings cite the event that set them (id and date).
  const policies = await readStore<Array<{ serverId: string; tool: string; permission: string }>>(inventory, 'pubToolPolicies');
  const withPolicy = policies[0];
  expect(withPolicy, 'the sandbox has tool policies').toBeDefined();
  await inventory.goto(extensionUrl(`inventory.html#/mcp/${encodeURIComponent(withPolicy!.serverId)}/findings`));
  const permission = inventory.locator('li[data-topic="permission"]').first();
  await expect(permission).toContainText(/set by .+ on \d{4}-\d{2}-\d{2}/);
  await expect(permission.getByTestId('evidence').first()).toContainText(/activity_/);
  await expect(permission.getByTestId('evidence').first().locator('time')).toBeVisible();
  // Name hints are labelled as hints.
  for (const hint of await inventory.locator('li[data-kind="hint"]').all()) await expect(hint).toContainText('Hint from the name only');

  // The findings list covers every server.
  await inventory.goto(extensionUrl('inventory.html#/findings'));
  await expect(inventory.getByRole('tab', { name: 'Findings' })).toHaveAttribute('aria-selected', 'true');
  await expect(inventory.locator('section.card h3').first()).toBeVisible();

  // Model lifecycle: the retiring model in use, with its date, people and chats.
  // (The ordering itself is unit-tested; the catalogue is JSON the e2e loader does not import.)
  const want = expectedModels(sandbox.org).get(RETIRING)!;
  await inventory.getByRole('tab', { name: 'Model lifecycle' }).click();
  await expect(inventory).toHaveURL(/#\/lifecycle$/);
  const row = inventory.locator(`tr[data-model="${RETIRING}"]`);
  await expect(row).toContainText('Retiring soon');
  await expect(row).toContainText(/in \d+ days/);
  await expect(row.locator('td.num').nth(1)).toHaveText(want.chats.toLocaleString('en-US'));
  await expect(row.locator('td.num').nth(0)).toHaveText(want.users.toLocaleString('en-US'));
  // The only model in use with a retirement still ahead is the most urgent row.
  await expect(inventory.locator('table.lifecycle tbody tr').first()).toHaveAttribute('data-model', RETIRING);

  // Archives were never downloaded.
  expect(sandbox.plugins.control.downloads).toBe(0);
});

test('an organization without the Plugins API: a plain note, and the snapshot completes', async ({ context, extensionUrl, sandbox }) => {
  sandbox.plugins.control.enabled = false;
  try {
    const page = await context.newPage();
    await pointAtSandbox(page, extensionUrl('options.html'), sandbox.url);
    await ingestSnapshot(page, sandbox.keys.compliance.full.secret);
    const inventory = await context.newPage();
    await inventory.goto(extensionUrl('inventory.html#/plugins'));
    await expect(inventory.getByRole('status').filter({ hasText: 'Plugins are not available for this organization' })).toBeVisible();
    await expect(inventory.getByText('No plugins to show: the Plugins API is not available for this organization.')).toBeVisible();
    await expect(inventory.getByRole('tab', { name: 'Models' })).toBeVisible();
  } finally {
    sandbox.plugins.control.enabled = true;
  }
});
