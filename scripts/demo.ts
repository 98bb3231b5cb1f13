/**
 * `npm run demo` — the product against the built-in sandbox organization, without any Claude keys.
 *
 * 1. builds the e2e flavour of the extension (loopback hosts allowed),
 * 2. starts the local Claude Enterprise sandbox with a seeded mid-size organization,
 * 3. opens Debian's Chromium with the extension loaded and connects it to the sandbox through the
 *    options page, exactly as an admin would (base URLs, keys, SCIM URL and token, Admin API key),
 * 4. changes things in the organization between two snapshots (a new connector, a tool set to Always
 *    allow, a blocked tool, a new SCIM user) and sets a team budget, so the Changes view, the toolbar
 *    badge and several alert rules have something to show,
 * 5. saves screenshots of the popup, options and inventory pages (Models, MCP servers, Usage & spend,
 *    Changes, Budgets) into demo-screenshots/.
 *
 * With a display (DISPLAY set) the browser stays open until Ctrl+C; without one it runs headless and
 * exits after the screenshots. `--headless` forces headless mode; `--keep-open` keeps a headless run's
 * sandbox alive for manual exploration.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { startSandbox } from '../tests/sandbox/server.ts';
import { launchWithExtension } from '../tests/e2e/launch.ts';
import { connectAdmin, connectToSandbox } from '../tests/e2e/connect.ts';
import { readStore } from '../tests/e2e/idb.ts';

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: false },
    'keep-open': { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    out: { type: 'string', default: 'demo-screenshots' },
    seed: { type: 'string', default: '42' },
  },
});
const headless = values.headless || !process.env.DISPLAY;
const outDir = path.resolve(values.out);

const step = (text: string) => console.log(`• ${text}`);

if (!values['skip-build']) {
  step('Building the extension (npm run build:e2e)…');
  execSync('npm run build:e2e', { stdio: ['ignore', 'ignore', 'inherit'] });
}

step('Starting the sandbox organization…');
const sandbox = await startSandbox({ size: 'demo', seed: Number(values.seed) });
step(`Sandbox at ${sandbox.url}: ${sandbox.org.organizations.length} organizations, ${sandbox.org.users.length} users, ${sandbox.org.chatCount.toLocaleString('en-US')} chats`);

step(`Opening Chromium${headless ? ' (headless)' : ''} with the extension…`);
const { context, extensionId, userDataDir, worker } = await launchWithExtension({ headless });
const url = (p: string) => `chrome-extension://${extensionId}/${p}`;

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const shot = async (page: Page, name: string) => {
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  step(`Saved ${path.relative(process.cwd(), file)}`);
};

try {
  const options = await context.newPage();
  step('Connecting the extension to the sandbox from the options page…');
  const results = await connectToSandbox(options, url('options.html'), sandbox);
  for (const r of results) step(`${r.connection}: ${r.summary}`);

  step('Collecting Analytics (engagement, tokens, spend) and syncing SCIM…');
  await options.locator('[data-connection="analytics"]').getByTestId('analytics-status').filter({ hasText: 'Connected' }).waitFor({ timeout: 300_000 });
  const scim = options.locator('[data-connection="scim"]');
  await scim.getByRole('button', { name: 'Sync now' }).click();
  await scim.getByTestId('scim-last-sync').filter({ hasText: 'Connected' }).waitFor({ timeout: 120_000 });
  step(`SCIM: ${(await scim.getByTestId('scim-last-sync').textContent()) ?? ''}`);
  step('Connecting the Admin API key and syncing members, RBAC groups and roles…');
  step(`Admin API: ${await connectAdmin(options, sandbox.keys.admin.full.secret)}`);
  await shot(options, 'options');

  // A day in the organization's life, so the inventory has something under "What changed": an admin
  // blocks a risky tool and adds a new connector, and a chat moves to another model.
  step('Changing things in the sandbox organization and ingesting a new snapshot…');
  const server = sandbox.org.mcpServers.find((s) => s.deletedAtMs === null && !s.preAudit)!;
  sandbox.compliance.appendActivity({
    type: 'mcp_tool_policy_updated',
    orgIndex: server.orgIndex,
    payload: { mcp_server_id: server.id, mcp_server_name: server.renamedTo ?? server.originalName, tool_name: 'export_all_records', max_permission: 'blocked' },
  });
  sandbox.compliance.appendActivity({
    type: 'mcp_server_created',
    orgIndex: server.orgIndex,
    payload: { mcp_server_id: 'mcpsrv_01DemoNewConnector00000', mcp_server_name: 'Confluence' },
  });
  sandbox.compliance.appendActivity({
    type: 'mcp_tool_policy_updated',
    orgIndex: server.orgIndex,
    payload: { mcp_server_id: 'mcpsrv_01DemoNewConnector00000', mcp_server_name: 'Confluence', tool_name: 'delete_page', max_permission: 'allow' },
  });
  sandbox.compliance.touchChat(0, { model: 'claude-opus-5-5' });
  // A new hire provisioned by the identity provider, seen by the next SCIM sync.
  const created = await fetch(`${sandbox.scimUrl}/Users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sandbox.keys.scimToken}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `new.hire@${sandbox.org.company.domain}`, name: { givenName: 'New', familyName: 'Hire' }, active: true }),
  });
  step(`SCIM: new user created in the sandbox (${created.status})`);
  await options.locator('[data-connection="compliance"]').getByRole('button', { name: 'Ingest new snapshot' }).click();
  for (let i = 0; i < 600 && (await readStore<unknown[]>(options, 'snapshots')).length < 2; i++) await options.waitForTimeout(200);
  step(`Second snapshot: ${(await readStore<Array<{ changes: unknown[] }>>(options, 'snapshots')).map((s) => s.changes.length).pop()} changes found`);
  for (let i = 0; i < 300 && (await readStore<Array<{ source: string }>>(options, 'changeRuns')).filter((r) => r.source === 'compliance').length < 2; i++) await options.waitForTimeout(200);
  await scim.getByRole('button', { name: 'Sync now' }).click();
  for (let i = 0; i < 600 && (await readStore<Array<{ source: string }>>(options, 'changeRuns')).filter((r) => r.source === 'scim').length < 2; i++) await options.waitForTimeout(200);

  const popup = await context.newPage();
  await popup.setViewportSize({ width: 380, height: 560 });
  await popup.goto(url('popup.html'));
  await popup.getByTestId('worker-status').filter({ hasText: 'running' }).waitFor();
  await shot(popup, 'popup');

  const inventory = await context.newPage();
  await inventory.goto(url('inventory.html'));
  await inventory.getByRole('tab', { name: 'Models' }).waitFor();
  await shot(inventory, 'inventory-models');
  await inventory.getByRole('tab', { name: 'MCP servers' }).click();
  await shot(inventory, 'inventory-mcp-servers');
  await inventory.getByRole('tab', { name: 'Usage & spend' }).click();
  await inventory.getByTestId('usage-tiles').getByRole('group', { name: 'Month-to-date spend' }).filter({ hasText: '$' }).waitFor();
  await inventory.waitForTimeout(1500); // charts draw after their chunk loads
  await shot(inventory, 'inventory-usage-and-spend');

  // People: one row per person joined from SCIM, the Admin API, Compliance and Analytics, with flags.
  await inventory.getByRole('tab', { name: 'People' }).click();
  await inventory.getByTestId('people-tab').locator('[data-flag]').first().waitFor();
  await shot(inventory, 'inventory-people');

  // A team budget set below what the team already spent this month: the budget rule raises its alert.
  await inventory.getByRole('tab', { name: 'Budgets' }).click();
  const team = inventory.getByRole('combobox', { name: 'Team' });
  await team.locator('option').nth(1).waitFor({ state: 'attached' });
  const teamValue = await team.locator('option').nth(1).getAttribute('value');
  if (teamValue) {
    await team.selectOption(teamValue);
    await inventory.getByLabel('Monthly budget (US$)').fill('25');
    await inventory.getByRole('button', { name: 'Save budget' }).click();
    await inventory.getByTestId('budget-row').first().waitFor();
  }
  await shot(inventory, 'inventory-budgets');

  await inventory.getByRole('tab', { name: 'Changes' }).click();
  await inventory.getByTestId('change-run').first().waitFor();
  const changeRows = await readStore<unknown[]>(inventory, 'changes');
  const alertRows = await readStore<Array<{ rule: string; delivery: string }>>(inventory, 'alerts');
  const rules = [...new Set(alertRows.map((a) => a.rule))];
  step(`Changes: ${changeRows.length}; alerts: ${alertRows.length} from ${rules.length} rules (${rules.join(', ')}); toolbar badge: "${await worker.evaluate(() => (globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } }).chrome.action.getBadgeText({}))}"`);
  await shot(inventory, 'inventory-changes');

  console.log(`\nScreenshots are in ${outDir}`);
  if (!headless || values['keep-open']) {
    console.log('The browser and the sandbox stay up. Press Ctrl+C to stop.');
    await new Promise<void>((resolve) => {
      process.on('SIGINT', resolve);
      process.on('SIGTERM', resolve);
      context.on('close', () => resolve());
    });
  }
} finally {
  await context.close().catch(() => undefined);
  rmSync(userDataDir, { recursive: true, force: true });
  await sandbox.close();
}
