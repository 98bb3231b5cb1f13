import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { test, expect } from './fixtures.ts';
import { ingestSnapshot } from './connect.ts';
import { readStore } from './idb.ts';

/** Stores the Analytics key through the worker, from an extension page, as the options card does. */
async function storeKey(page: import('@playwright/test').Page, secret: string, mode: 'session' | 'encrypted', passphrase?: string) {
  const res = await page.evaluate(
    ([secret, mode, passphrase]) => chrome.runtime.sendMessage({ type: 'credential/set', connection: 'analytics', secret, mode, ...(passphrase ? { passphrase } : {}) }),
    [secret, mode, passphrase] as const,
  );
  expect((res as { ok: boolean }).ok).toBe(true);
}

declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  storage: { local: { get(k: string | null): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> }; session: { clear(): Promise<void> } };
  permissions: { request(p: unknown): Promise<boolean> };
};

/** Serves the claude.ai fixtures for every claude.ai URL the test opens. */
async function routeClaude(context: BrowserContext) {
  await context.route('https://claude.ai/**', (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = path.startsWith('/admin-settings/api-access') ? 'api-access-list.html' : 'settings-profile.html';
    return route.fulfill({ status: 200, contentType: 'text/html', body: readFileSync(`tests/fixtures/claude/${file}`, 'utf8') });
  });
}

/**
 * Evaluates `expression` in the extension's content-script world on `page` (what code running
 * there could do), through the DevTools protocol.
 */
async function evalInContentScript(context: BrowserContext, page: Page, extensionId: string, expression: string): Promise<unknown> {
  const cdp = await context.newCDPSession(page);
  const contexts: Array<{ id: number; origin: string; name: string; auxData?: { type?: string } }> = [];
  cdp.on('Runtime.executionContextCreated', (e: { context: (typeof contexts)[number] }) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  await expect.poll(() => contexts.some((c) => c.auxData?.type === 'isolated' && c.origin.includes(extensionId))).toBe(true);
  const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin.includes(extensionId))!;
  const result = (await cdp.send('Runtime.evaluate', { expression, contextId: world.id, awaitPromise: true, returnByValue: true })) as { result: { value?: unknown } };
  await cdp.detach();
  return result.result.value;
}

/** Element attributes of every node under `page`, closed shadow roots included (DevTools pierces them). */
async function piercedAttributes(context: BrowserContext, page: Page): Promise<Array<Record<string, string>>> {
  const cdp = await context.newCDPSession(page);
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  await cdp.detach();
  const out: Array<Record<string, string>> = [];
  const walk = (n: DomNode) => {
    if (n.attributes) {
      const attrs: Record<string, string> = {};
      for (let i = 0; i < n.attributes.length; i += 2) attrs[n.attributes[i]!] = n.attributes[i + 1]!;
      out.push(attrs);
    }
    for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) walk(c);
  };
  walk(root);
  return out;
}
interface DomNode {
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

/** A server that records every request and answers like a permissive API (what an attacker would run). */
async function startRecorder(host: string): Promise<{ server: Server; url: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', '*');
    res.setHeader('access-control-allow-methods', '*');
    res.setHeader('access-control-allow-private-network', 'true');
    res.setHeader('content-type', 'application/json');
    res.end(req.method === 'OPTIONS' ? '' : JSON.stringify({ data: [], has_more: false, next_page: null }));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, url: `http://${host}:${(server.address() as AddressInfo).port}`, seen };
}

/** The options page with `permissions.request` answering as the admin would in the prompt. */
async function optionsWithPrompt(context: BrowserContext, url: string, answer: boolean): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript((granted: boolean) => {
    const fake = () => Promise.resolve(granted);
    const g = globalThis as unknown as { chrome?: { permissions?: { request: unknown } }; browser?: { permissions?: { request: unknown } } };
    if (g.chrome?.permissions) g.chrome.permissions.request = fake;
    if (g.browser?.permissions) g.browser.permissions.request = fake;
  }, answer);
  await page.goto(url);
  return page;
}

test.describe('1. where the stored key may go', () => {
  test('(a) a content script can neither read nor write storage.local', async ({ context, extensionId, worker }) => {
    await routeClaude(context);
    // The worker restricts storage as its first act when it starts; wait for it to be running.
    await worker.evaluate(() => true);
    const page = await context.newPage();
    await page.goto('https://claude.ai/admin-settings/api-access');
    const tryWrite = () =>
      evalInContentScript(
        context,
        page,
        extensionId,
        `chrome.storage.local.set({ settings: { complianceBaseUrl: 'https://attacker.example' } }).then(() => 'written', (e) => 'refused: ' + e.message)`,
      );
    // Refused within moments of the worker's start (it applies the restriction asynchronously), and from then on.
    await expect.poll(tryWrite, { timeout: 5_000 }).toMatch(/^refused/);
    expect(await tryWrite()).toMatch(/^refused/);
    const read = await evalInContentScript(context, page, extensionId, `chrome.storage.local.get(null).then((v) => 'read ' + Object.keys(v).join(','), (e) => 'refused: ' + e.message)`);
    expect(read).toMatch(/^refused/);
  });

  test('(b) the worker sends no credential to an origin it holds no host permission for', async ({ context, extensionUrl, worker, sandbox }) => {
    // 127.0.0.2 is loopback (accepted as a base URL) but outside the e2e build's host permissions.
    const recorder = await startRecorder('127.0.0.2');
    try {
      const page = await context.newPage();
      await page.goto(extensionUrl('options.html'));
      const card = page.locator('[data-connection="analytics"]');
      await storeKey(page, sandbox.keys.analytics.full.secret, 'session');
      await page.reload();
      await expect(card.getByTestId('analytics-stored')).toContainText('Key stored');
      // Whatever changed the setting (it passed every other check), the worker is the last line.
      await worker.evaluate(async (url) => {
        const { settings } = await chrome.storage.local.get('settings');
        await chrome.storage.local.set({ settings: { ...(settings as object), analyticsBaseUrl: url } });
      }, recorder.url);
      await card.getByRole('button', { name: 'Test connection' }).click();
      const summary = card.getByTestId('analytics-test-result').or(card.getByRole('alert'));
      await expect(summary.first()).toContainText(/no host access|not allowed to send/i, { timeout: 20_000 });
      expect(recorder.seen.filter((h) => h['x-api-key'] !== undefined || h.authorization !== undefined)).toEqual([]);
    } finally {
      recorder.server.close();
    }
  });

  test('(c) the options page keeps the old URL when the permission prompt is refused', async ({ context, extensionUrl, worker }) => {
    const page = await optionsWithPrompt(context, extensionUrl('options.html'), false);
    const field = page.getByLabel('Compliance API base URL');
    await field.fill('https://attacker.example');
    await page.getByRole('button', { name: 'Save advanced settings' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /access .*was not granted/i })).toBeVisible();
    await expect(field).toHaveValue('https://api.anthropic.com');
    const stored = await worker.evaluate(async () => (await chrome.storage.local.get('settings')).settings as { complianceBaseUrl?: string } | undefined);
    expect(stored?.complianceBaseUrl ?? 'https://api.anthropic.com').toBe('https://api.anthropic.com');
  });
});

test('3. an MCP server named with U+202E is shown isolated, with the control character visible', async ({ context, extensionUrl, sandbox }) => {
  const server = sandbox.org.mcpServers.find((s) => s.deletedAtMs === null && !s.preAudit)!;
  sandbox.compliance.appendActivity({
    type: 'mcp_server_created',
    orgIndex: server.orgIndex,
    payload: { mcp_server_id: 'mcpsrv_01SpoofedName000000000', mcp_server_name: 'Jira \u202Eexe.fdp' },
  });
  sandbox.compliance.appendActivity({
    type: 'mcp_server_created',
    orgIndex: server.orgIndex,
    payload: { mcp_server_id: LONG_ID, mcp_server_name: `connector_${'x'.repeat(300)}` },
  });
  const page = await context.newPage();
  await page.goto(extensionUrl('options.html'));
  await page.getByLabel('Compliance API base URL').fill(sandbox.url);
  await page.getByRole('button', { name: 'Save advanced settings' }).click();
  await page.getByText('Settings saved.').waitFor();
  await ingestSnapshot(page, sandbox.keys.compliance.full.secret);
  // A second snapshot, so "What changed" lists a server whose name holds an unterminated override.
  sandbox.compliance.appendActivity({
    type: 'mcp_server_created',
    orgIndex: server.orgIndex,
    payload: { mcp_server_id: 'mcpsrv_01SpoofedChange0000000', mcp_server_name: 'Slack \u202Eby admin' },
  });
  const card = page.locator('[data-connection="compliance"]');
  await card.getByRole('button', { name: 'Ingest new snapshot' }).click();
  await expect.poll(async () => (await readStore<unknown[]>(page, 'snapshots')).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);

  const inventory = await context.newPage();
  await inventory.goto(extensionUrl('inventory.html'));
  const changed = inventory.locator('.change-list li', { hasText: 'Slack' });
  await expect(changed.locator('bdi').first()).toHaveText('Slack ⟪U+202E⟫by admin');
  await inventory.getByRole('tab', { name: 'MCP servers' }).click();
  const cell = inventory.locator('bdi', { hasText: 'Jira ⟪U+202E⟫exe.fdp' }).first();
  await expect(cell).toBeVisible();
  expect(await inventory.locator('body').textContent()).not.toContain('\u202E');

  // The detail page's heading is isolated too, and a very long name wraps inside it.
  await cell.click();
  const heading = inventory.getByRole('heading', { level: 2, name: /Jira/ });
  await expect(heading.locator('bdi')).toHaveText('Jira ⟪U+202E⟫exe.fdp');
  await inventory.goto(`${extensionUrl('inventory.html')}#/mcp/${encodeURIComponent(LONG_ID)}`);
  await inventory.reload();
  const long = inventory.getByRole('heading', { level: 2, name: /connector_/ });
  await expect(long).toBeVisible();
  const fits = await long.evaluate((h) => h.scrollWidth <= h.clientWidth + 1 && h.getBoundingClientRect().right <= document.documentElement.clientWidth);
  expect(fits).toBe(true);
});

const LONG_ID = 'mcpsrv_01VeryLongIdentifier000000';

test('4. the claude.ai panel keeps its findings inside its closed shadow root', async ({ context }) => {
  await routeClaude(context);
  const page = await context.newPage();
  await page.goto('https://claude.ai/admin-settings/api-access');
  const host = page.locator('#claude-admin-companion-panel');
  await expect(host).toHaveCount(1);
  // Nothing about the findings is visible to the page: no attribute beyond the id, no open shadow root.
  const pageView = await host.evaluate((el) => ({ attrs: el.getAttributeNames(), shadow: el.shadowRoot !== null }));
  expect(pageView).toEqual({ attrs: ['id'], shadow: false });
  const ids = (await piercedAttributes(context, page)).map((a) => a['data-finding-id']).filter(Boolean);
  expect(ids).toEqual(expect.arrayContaining(['compliance-keys.scopes', 'compliance-keys.listed-delete']));
});

test('5. a SCIM URL with a user name and password is refused with a plain message and never stored', async ({ context, extensionUrl, worker }) => {
  const page = await optionsWithPrompt(context, extensionUrl('options.html'), true);
  const card = page.locator('[data-connection="scim"]');
  await card.getByLabel('SCIM URL').fill('https://admin:hunter2secret@scim.example.com/scim/v2');
  await card.getByLabel('SCIM token', { exact: true }).fill('a'.repeat(40));
  await card.getByRole('button', { name: 'Save SCIM token' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /user name or password/i }).first()).toBeVisible();
  const all = await worker.evaluate(async () => JSON.stringify(await chrome.storage.local.get(null)));
  expect(all).not.toContain('hunter2secret');
});

test('6. after Unlock every card shows its key as unlocked, without a reload', async ({ context, extensionUrl, worker, sandbox }) => {
  const page = await context.newPage();
  await page.goto(extensionUrl('options.html'));
  const card = page.locator('[data-connection="analytics"]');
  // Stored as the card's Connect would store it (without starting a collection, which this test does not need).
  await storeKey(page, sandbox.keys.analytics.full.secret, 'encrypted', 'correct horse battery staple');
  // A browser restart empties storage.session: the encrypted key is locked.
  await worker.evaluate(() => chrome.storage.session.clear());
  await page.reload();
  await expect(card.getByTestId('analytics-stored')).toContainText('locked');
  const unlock = page.getByRole('region', { name: 'Unlock your keys' });
  await unlock.getByLabel('Passphrase', { exact: true }).fill('correct horse battery staple');
  await unlock.getByRole('button', { name: 'Unlock' }).click();
  await expect(card.getByTestId('analytics-stored')).toContainText('Key stored (Encrypted', { timeout: 10_000 });
  await expect(page.getByRole('button', { name: 'Unlock' })).toHaveCount(0);
});

test('5. a far too long paste into a key field is refused with a plain message, not cut or sent', async ({ context, extensionUrl }) => {
  const page = await context.newPage();
  await page.goto(extensionUrl('options.html'));
  const field = page.locator('[data-connection="scim"]').getByLabel('SCIM token', { exact: true });
  await field.evaluate((el, text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, 'x'.repeat(5000));
  await expect(page.getByRole('alert').filter({ hasText: 'That paste is 5,000 characters, longer than any SCIM token' })).toBeVisible();
  await expect(field).toHaveValue('');
  await expect(field).toHaveAttribute('maxlength', '4096');
  await expect(page.getByLabel('SCIM URL')).toHaveAttribute('maxlength', '2048');
});
