import type { Page } from 'playwright-core';
import type { Sandbox } from '../sandbox/server.ts';

/**
 * Connects the extension to a sandbox through the options page, as an admin would: advanced base
 * URLs, then each credential, then "Test connection". Used by the demo and by end-to-end tests.
 */
export async function connectToSandbox(page: Page, optionsUrl: string, sandbox: Sandbox, keys: { compliance?: string } = {}) {
  await page.goto(optionsUrl);
  await page.getByLabel('Compliance API base URL').fill(sandbox.url);
  await page.getByLabel('Analytics API base URL').fill(sandbox.url);
  await page.getByRole('button', { name: 'Save advanced settings' }).click();
  await page.getByText('Settings saved.').waitFor();

  const results: Array<{ connection: string; summary: string }> = [];
  const connect = async (connection: 'compliance' | 'analytics' | 'scim', label: string, secret: string) => {
    const card = page.locator(`[data-connection="${connection}"]`);
    await card.getByLabel(label, { exact: true }).fill(secret);
    await card.getByRole('button', { name: `Save ${label.toLowerCase()}` }).click();
    await card.getByText(`${label} saved.`).waitFor();
    await card.getByRole('button', { name: 'Test connection' }).click();
    const summary = await card.getByTestId(`${connection}-test-result`).textContent({ timeout: 30_000 });
    results.push({ connection, summary: summary ?? '' });
  };
  await connect('compliance', 'Compliance key', keys.compliance ?? sandbox.keys.compliance.full.secret);
  await connect('analytics', 'Analytics API key', sandbox.keys.analytics.full.secret);
  await page.locator('[data-connection="scim"]').getByLabel('SCIM URL').fill(sandbox.scimUrl);
  await connect('scim', 'SCIM token', sandbox.keys.scimToken);
  return results;
}
