import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { test, expect } from '../e2e/fixtures.ts';
import { readStore } from '../e2e/idb.ts';
import { CONTENT_SCRIPT_ALLOWED } from '../../lib/messaging/protocol.ts';
import { ask, configure, storageGet, storeSecret, waitForJob } from './harness.ts';

/**
 * Isolation: code on claude.ai — the page's own scripts (main world) and anything running in the
 * extension's content-script world — tries to read or change settings, credentials and stored data,
 * and is refused. The extension is first connected and holds a snapshot, so there is something to steal.
 */

/** One valid request of every privileged type (lib/messaging/protocol.ts): what a compromised content script would send. */
function privilegedRequests(secret: string): Array<Record<string, unknown>> {
  return [
    { type: 'connection/test', connection: 'compliance' },
    { type: 'credential/set', connection: 'compliance', secret, mode: 'session' },
    { type: 'credential/status', connection: 'compliance' },
    { type: 'credential/forget', connection: 'compliance' },
    { type: 'vault/unlock', passphrase: 'guess' },
    { type: 'compliance/check-key' },
    { type: 'admin/check-scopes' },
    { type: 'job/start', source: 'compliance', fullWalk: true },
    { type: 'job/cancel', source: 'compliance' },
    { type: 'context/tab', url: 'https://claude.ai/admin-settings/api-access' },
    { type: 'context/scim-handoff-taken' },
    { type: 'identity/create-user', displayName: 'Mallory', email: 'mallory@attacker.example' },
    { type: 'identity/delete-user', adminUserId: 'user_01', reason: 'page script' },
    { type: 'identity/membership', op: 'add', via: 'admin', groupId: 'rbac_group_01', userId: 'user_01' },
    { type: 'identity/directory' },
    { type: 'plugins/access', pluginId: 'plugin_01' },
    { type: 'changes/mark-seen' },
    { type: 'budget/set', kind: 'rbac', groupId: 'rbac_group_01', name: 'Owners', monthlyUsd: '1' },
    { type: 'budget/remove', teamKey: 'rbac:rbac_group_01' },
  ];
}

async function routeClaude(context: BrowserContext): Promise<void> {
  await context.route('https://claude.ai/**', (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = path.startsWith('/admin-settings/api-access') ? 'api-access-list.html' : 'settings-profile.html';
    return route.fulfill({ status: 200, contentType: 'text/html', body: readFileSync(`tests/fixtures/claude/${file}`, 'utf8') });
  });
}

/** Evaluates `expression` in the extension's content-script (isolated) world of `page`, through the DevTools protocol. */
async function inContentScript(context: BrowserContext, page: Page, extensionId: string, expression: string): Promise<unknown> {
  const cdp = await context.newCDPSession(page);
  const contexts: Array<{ id: number; origin: string; auxData?: { type?: string } }> = [];
  cdp.on('Runtime.executionContextCreated', (e: { context: (typeof contexts)[number] }) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  await expect.poll(() => contexts.some((c) => c.auxData?.type === 'isolated' && c.origin.includes(extensionId))).toBe(true);
  const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin.includes(extensionId))!;
  const result = (await cdp.send('Runtime.evaluate', { expression, contextId: world.id, awaitPromise: true, returnByValue: true })) as { result: { value?: unknown }; exceptionDetails?: { text: string } };
  await cdp.detach();
  if (result.exceptionDetails) throw new Error(`content script world: ${result.exceptionDetails.text}`);
  return result.result.value;
}

/** What an attacker would want to change, read from the extension itself. */
async function state(page: Page): Promise<string> {
  const status = await ask(page, { type: 'credential/status', connection: 'compliance' });
  const settings = await storageGet(page, 'settings');
  // Typed singletons (SCIM URL hand-off, dismissed checks, budgets' settings, …) live in the kv table.
  const kv = await readStore<unknown[]>(page, 'kv');
  const snapshots = (await readStore<unknown[]>(page, 'snapshots')).length;
  const job = await readStore<{ status: string; runId?: string } | undefined>(page, 'jobs', 'compliance-snapshot');
  const audit = (await readStore<unknown[]>(page, 'audit')).length;
  return JSON.stringify({ status, settings, kv, snapshots, job: job && { status: job.status, runId: job.runId }, audit });
}

test('a content script and a claude.ai page script can neither read nor change settings, credentials or data', async ({ context, extensionId, extensionUrl, sandbox, worker }) => {
  test.setTimeout(120_000);
  const secret = sandbox.keys.compliance.full.secret;
  const options = await context.newPage();
  await options.goto(extensionUrl('options.html'));
  await configure(options, sandbox);
  await storeSecret(options, 'compliance', secret);
  await ask(options, { type: 'job/start', source: 'compliance' });
  expect((await waitForJob(options, 'compliance-snapshot', ['done', 'failed', 'paused'])).status).toBe('done');
  const before = await state(options);

  await routeClaude(context);
  await worker.evaluate(() => true);
  const page = await context.newPage();
  await page.goto('https://claude.ai/admin-settings/api-access');
  await expect(page.locator('#claude-admin-companion-panel')).toHaveCount(1);

  // ---- From the content-script world: every privileged request is refused by the worker.
  const requests = privilegedRequests(`${secret.slice(0, -4)}EVIL`);
  expect(requests.map((r) => r.type).sort()).toEqual(
    // Every type outside the allowlist is tried (a new privileged type must be added above).
    (await import('../../lib/messaging/protocol.ts')).RequestSchema.options.map((o) => o.shape.type.value).filter((t) => !CONTENT_SCRIPT_ALLOWED.has(t)).sort(),
  );
  const answers = (await inContentScript(
    context,
    page,
    extensionId,
    `Promise.all(${JSON.stringify(requests)}.map((r) => chrome.runtime.sendMessage(r).then((a) => ({ type: r.type, a }), (e) => ({ type: r.type, a: { thrown: String(e) } }))))`,
  )) as Array<{ type: string; a: { ok: boolean; data?: unknown; error?: { code: string } } }>;
  for (const { type, a } of answers) expect(a, type).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  // Nor can it read any storage area or the extension's database.
  const reads = (await inContentScript(
    context,
    page,
    extensionId,
    `(async () => {
      const out = {};
      for (const area of ['local', 'session', 'sync']) {
        out[area] = await chrome.storage[area].get(null).then((v) => 'read ' + JSON.stringify(v).length, (e) => 'refused');
        out[area + ':write'] = await chrome.storage[area].set({ settings: { complianceBaseUrl: 'https://attacker.example' } }).then(() => 'written', () => 'refused');
      }
      out.databases = (await indexedDB.databases()).map((d) => d.name);
      return out;
    })()`,
  )) as Record<string, unknown>;
  expect(reads.local).toBe('refused');
  expect(reads.session).toBe('refused');
  expect(reads['local:write']).toBe('refused');
  expect(reads['session:write']).toBe('refused');
  // storage.sync holds nothing of the product (secrets.spec); a content script may see it is empty, and never write it.
  expect(reads.sync === 'refused' || reads.sync === 'read 2').toBe(true);
  expect(reads['sync:write']).toBe('refused');
  expect(reads.databases, 'the content script sees claude.ai\'s databases, not the extension\'s').not.toContain('admin-companion');
  // The allowed requests answer without a secret.
  const check = await inContentScript(context, page, extensionId, `chrome.runtime.sendMessage({ type: 'context/check', url: location.href }).then((a) => JSON.stringify(a))`);
  expect(String(check)).toContain('"ok":true');
  expect(String(check)).not.toContain(secret);
  expect(String(check)).not.toContain(secret.slice(-12));

  // ---- From the page's own scripts (main world).
  const main = await page.evaluate(async ({ id }) => {
    const g = globalThis as unknown as { chrome?: { runtime?: { sendMessage?: (...a: unknown[]) => Promise<unknown>; connect?: unknown } } };
    const out: Record<string, unknown> = { runtime: typeof g.chrome?.runtime, sendMessage: typeof g.chrome?.runtime?.sendMessage };
    // No externally_connectable: there is no way to address the extension.
    if (g.chrome?.runtime?.sendMessage) {
      out.direct = await g.chrome.runtime.sendMessage(id, { type: 'credential/status', connection: 'compliance' }).then((a) => JSON.stringify(a), (e) => `refused: ${String(e)}`);
    }
    // Forged window messages, in the shapes a bridge would use.
    for (const m of [
      { type: 'credential/set', connection: 'compliance', secret: 'forged', mode: 'session' },
      { source: 'admin-companion', request: { type: 'credential/forget', connection: 'compliance' } },
      { type: 'context/scim-url', url: 'https://attacker.example/scim/v2' },
      { type: 'budget/set', kind: 'rbac', groupId: 'g', name: 'x', monthlyUsd: '1' },
    ]) window.postMessage(m, '*');
    // The panel: no open shadow root, nothing but its id, and fake events do nothing.
    const host = document.getElementById('claude-admin-companion-panel')!;
    out.shadow = host.shadowRoot === null;
    out.attrs = host.getAttributeNames();
    out.hostText = host.textContent;
    for (const type of ['click', 'keydown', 'submit', 'focus']) host.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
    host.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    window.dispatchEvent(new CustomEvent('wxt:locationchange', { detail: { newUrl: new URL('https://claude.ai/admin-settings/identity'), oldUrl: new URL(location.href) } }));
    // Nothing the extension added to the page's DOM carries data: no data attributes outside the fixture's own.
    out.extensionAttrs = [...document.querySelectorAll('*')].flatMap((e) => e.getAttributeNames().filter((n) => /finding|companion|admin-companion|check/i.test(n)).map((n) => `${e.tagName}[${n}]`));
    // A closed shadow root hides the panel's nodes, not its rendered text: innerText (layout-based) includes it.
    out.innerText = document.body.innerText;
    return out;
  }, { id: extensionId });
  expect(main.sendMessage === 'undefined' || String(main.direct).startsWith('refused'), `page → extension messaging: ${JSON.stringify(main)}`).toBe(true);
  expect(main.shadow).toBe(true);
  expect(main.attrs).toEqual(['id']);
  expect(main.hostText).toBe('');
  expect(main.extensionAttrs).toEqual([]);
  // What the page can read of the panel is what it shows the admin: never a credential or its tail.
  const visible = String(main.innerText);
  expect(visible).not.toContain(secret);
  expect(visible).not.toContain(secret.slice(-8));
  if (visible.includes('Admin companion')) test.info().annotations.push({ type: 'note', description: 'The panel text is readable from the page through innerText (closed shadow roots hide nodes, not rendered text).' });
  // The panel is still there after the fake events (a forged click or Escape did not dismiss it).
  await page.waitForTimeout(500);
  await expect(page.locator('#claude-admin-companion-panel')).toHaveCount(1);
  const dismissed = await storageGet<Record<string, unknown>>(options, 'settings');
  expect(JSON.stringify(dismissed ?? {})).not.toContain('attacker.example');

  // ---- Nothing changed: the same credential, settings, data, job and audit trail.
  await page.waitForTimeout(500);
  expect(await state(options)).toBe(before);
  expect(JSON.stringify(await readStore<unknown[]>(options, 'kv'))).not.toContain('attacker.example');
});
