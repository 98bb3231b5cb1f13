import AxeBuilder from '@axe-core/playwright';
import { test, expect } from '../e2e/fixtures.ts';
import { readStore } from '../e2e/idb.ts';
import { ask, configure, storeSecret, waitForJob } from './harness.ts';

/**
 * Accessibility: every page of the extension passes axe (WCAG 2.x A and AA rules) in the light and the
 * dark theme, with data in it (a snapshot, an Analytics collection, a SCIM sync and an Admin API sync of
 * the sandbox).
 */

const THEMES = ['light', 'dark'] as const;

test('every page passes axe in light and dark themes', async ({ context, extensionUrl, sandbox }) => {
  test.setTimeout(300_000);
  const page = await context.newPage();
  await page.goto(extensionUrl('options.html'));
  await configure(page, sandbox);
  await storeSecret(page, 'compliance', sandbox.keys.compliance.full.secret);
  await storeSecret(page, 'analytics', sandbox.keys.analytics.full.secret);
  await storeSecret(page, 'scim', sandbox.keys.scimToken);
  await storeSecret(page, 'admin', sandbox.keys.admin.full.secret);
  for (const [source, job] of [['compliance', 'compliance-snapshot'], ['analytics', 'analytics-collection'], ['scim', 'scim-sync'], ['admin', 'admin-sync']] as const) {
    await ask(page, { type: 'job/start', source });
    expect((await waitForJob(page, job, ['done', 'failed', 'paused'])).status).toBe('done');
  }
  const models = await readStore<Array<{ model: string }>>(page, 'pubModels');
  const servers = await readStore<Array<{ id: string }>>(page, 'pubMcpServers');
  const spend = await readStore<Array<{ actorKey: string }>>(page, 'anSpend');
  const plugins = await readStore<Array<{ id: string }>>(page, 'pubPlugins');
  const adminUsers = await readStore<Array<{ id: string }>>(page, 'adminUsers');
  const pages = [
    'popup.html',
    'options.html',
    'inventory.html#/models',
    'inventory.html#/mcp',
    'inventory.html#/usage',
    `inventory.html#/models/${encodeURIComponent(models[0]!.model)}`,
    `inventory.html#/mcp/${encodeURIComponent(servers[0]!.id)}`,
    `inventory.html#/mcp/${encodeURIComponent(servers[0]!.id)}/tools`,
    `inventory.html#/people/${encodeURIComponent(spend[0]!.actorKey)}`,
    'inventory.html#/people',
    `inventory.html#/people/${encodeURIComponent(adminUsers[0]!.id)}`,
    'inventory.html#/groups',
    'inventory.html#/plugins',
    `inventory.html#/plugins/${encodeURIComponent(plugins[0]!.id)}`,
    'inventory.html#/findings',
    'inventory.html#/lifecycle',
    'inventory.html#/changes',
    'inventory.html#/budgets',
  ];
  const failures: string[] = [];
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    for (const p of pages) {
      await page.goto(extensionUrl(p));
      await page.waitForLoadState('load');
      await page.waitForTimeout(600);
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      // axe ran its rules here (a page it could not inspect would pass nothing).
      expect(result.passes.length, `${theme} ${p}: rules that passed`).toBeGreaterThan(10);
      for (const v of result.violations) failures.push(`${theme} ${p}: ${v.id} (${v.impact}) — ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    }
  }
  expect(failures, failures.join('\n')).toEqual([]);
});
