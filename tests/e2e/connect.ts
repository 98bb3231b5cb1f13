import type { Page } from 'playwright-core';
import type { Sandbox } from '../sandbox/server.ts';

/**
 * Connects the extension to a sandbox through the options page, as an admin would: advanced base
 * URLs, then each credential, then "Test connection". Used by the demo and by end-to-end tests.
 */
export async function connectToSandbox(page: Page, optionsUrl: string, sandbox: Sandbox, keys: { compliance?: string } = {}, options: { ingest?: boolean } = {}) {
  await page.goto(optionsUrl);
  await page.getByLabel('Compliance API base URL').fill(sandbox.url);
  await page.getByLabel('Analytics API base URL').fill(sandbox.url);
  await page.getByLabel('Admin API base URL').fill(sandbox.url);
  await page.getByRole('button', { name: 'Save advanced settings' }).click();
  await page.getByText('Settings saved.').waitFor();

  const results: Array<{ connection: string; summary: string }> = [];
  const connect = async (connection: 'compliance' | 'analytics' | 'scim', label: string, secret: string) => {
    const card = page.locator(`[data-connection="${connection}"]`);
    await card.getByLabel(label, { exact: true }).fill(secret);
    await card.getByRole('button', { name: `Save ${label}` }).click();
    await card.getByText(`${label} saved.`).waitFor();
    await card.getByRole('button', { name: 'Test connection' }).click();
    const summary = await card.getByTestId(`${connection}-test-result`).textContent({ timeout: 30_000 });
    results.push({ connection, summary: summary ?? '' });
  };
  if (options.ingest !== false) {
    const summary = await ingestSnapshot(page, keys.compliance ?? sandbox.keys.compliance.full.secret);
    results.push({ connection: 'compliance', summary });
  }
  await connectAnalytics(page, sandbox.keys.analytics.full.secret);
  {
    await page.locator('[data-connection="analytics"]').getByRole('button', { name: 'Test connection' }).click();
    const summary = await page.locator('[data-connection="analytics"]').getByTestId('analytics-test-result').textContent({ timeout: 30_000 });
    results.push({ connection: 'analytics', summary: summary ?? '' });
  }
  await page.locator('[data-connection="scim"]').getByLabel('SCIM URL').fill(sandbox.scimUrl);
  await connect('scim', 'SCIM token', sandbox.keys.scimToken);
  return results;
}

/**
 * Options → Compliance API: paste the key, wait for its scope check, click "Ingest snapshot" and wait
 * for "Snapshot ingested". Returns the key check's message.
 */
export async function ingestSnapshot(page: Page, secret: string, timeoutMs = 120_000): Promise<string> {
  const card = page.locator('[data-connection="compliance"]');
  await card.getByLabel('Compliance key', { exact: true }).fill(secret);
  const message = (await card.getByTestId('key-check-message').textContent({ timeout: 30_000 })) ?? '';
  await card.getByRole('button', { name: /^Ingest (new )?snapshot$/ }).click();
  await card.getByText('Snapshot ingested', { exact: true }).waitFor({ timeout: timeoutMs });
  return message;
}

/**
 * Options → Analytics API: paste the key and click Connect (stores the key and starts the collection);
 * resolves once the key is stored.
 */
export async function connectAnalytics(page: Page, secret: string): Promise<void> {
  const card = page.locator('[data-connection="analytics"]');
  await card.getByLabel('Analytics API key', { exact: true }).fill(secret);
  const field = card.getByLabel('Analytics API key', { exact: true });
  await card.getByRole('button', { name: 'Connect', exact: true }).click();
  // The field empties once the key is stored.
  for (let i = 0; i < 150 && (await field.inputValue()) !== ''; i++) await page.waitForTimeout(100);
  await card.getByTestId('analytics-stored').getByText(/^Key stored/).waitFor();
}

/**
 * Options → Admin API: paste the key, save it and wait for its scope check; then Sync now and wait for
 * Connected. Returns the last-sync line.
 */
export async function connectAdmin(page: Page, secret: string, timeoutMs = 120_000): Promise<string> {
  const card = page.locator('[data-connection="admin"]');
  await card.getByLabel('Admin API key', { exact: true }).fill(secret);
  await card.getByRole('button', { name: 'Save Admin API key' }).click();
  await card.getByText('Admin API key saved.', { exact: true }).waitFor({ timeout: 30_000 });
  await card.getByRole('button', { name: 'Sync now' }).click();
  const last = card.getByTestId('admin-last-sync').filter({ hasText: 'Connected' });
  await last.waitFor({ timeout: timeoutMs });
  return (await last.textContent()) ?? '';
}

/** Options → Advanced settings: point the Compliance, Analytics and Admin API clients at the sandbox. */
export async function pointAtSandbox(page: Page, optionsUrl: string, url: string): Promise<void> {
  await page.goto(optionsUrl);
  await page.getByLabel('Compliance API base URL').fill(url);
  await page.getByLabel('Analytics API base URL').fill(url);
  await page.getByLabel('Admin API base URL').fill(url);
  await page.getByRole('button', { name: 'Save advanced settings' }).click();
  await page.getByText('Settings saved.').waitFor();
}
