import { closeSync, ftruncateSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { MAX_BACKUP_BYTES } from '../../lib/backup/format.ts';
import { test, expect } from '../e2e/fixtures.ts';
import { readStore } from '../e2e/idb.ts';
import { HOSTILE, isHostile } from '../sandbox/generator/index.ts';
import { visibleText } from '../../lib/util/visible-text.ts';
import { ask, configure, storeSecret, waitForJob } from './harness.ts';

/**
 * Hostile and bad input. Part 1: API data. The sandbox's hostile organization (generator/hostile.ts) puts
 * markup with scripts, a javascript: URL, bidi overrides, zero-width characters, 100,000-character strings,
 * nulls and values no spec lists into every source (Compliance with plugins, Analytics, SCIM, Admin API).
 * After each source's job, every page that shows its data is checked: nothing ran (no dialog, no element
 * parsed from API text, the flag an injected script would set stays unset, no CSP violation), hostile
 * strings are inert text, direction and invisible characters are shown as ⟪U+…⟫ tokens (components/ApiText),
 * long strings are cut in tables with the full value reachable, and unknown values are kept and shown.
 * Part 2: bad input in the UI (keys, SCIM URLs, import files) → a plain message, nothing stored or lost.
 */

test.use({ sandboxOptions: { size: 'tiny', seed: 7, hostile: true } });

/** Every extension page records CSP violations and would-be dialogs before any of its own code runs. */
async function watch(context: BrowserContext): Promise<{ dialogs: string[] }> {
  const dialogs: string[] = [];
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  context.on('page', (p) => p.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  }));
  return { dialogs };
}

interface InertReport {
  flag: unknown;
  csp: string[];
  injected: number;
  inlineScripts: number;
  jsLinks: string[];
  rawControls: number;
  rawAt: string[];
  text: string;
  overflow: boolean;
}

/** What a page shows after hostile data: nothing executed or parsed, no raw control characters, no overflow. */
async function inspect(page: Page): Promise<InertReport> {
  return page.evaluate(() => {
    const w = window as unknown as { __hostile?: unknown; __csp?: string[] };
    const text = document.body.textContent ?? '';
    return {
      flag: w.__hostile,
      csp: w.__csp ?? [],
      injected: document.querySelectorAll('[data-hostile], img[src="x"], [onerror], [onload]').length,
      inlineScripts: document.querySelectorAll('script:not([src])').length,
      jsLinks: [...document.querySelectorAll('a[href], [src], form[action]')].map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action') ?? '').filter((h) => /^\s*javascript:/i.test(h)),
      rawControls: (text.match(/[\u202A-\u202E\u2066-\u2069\u200B\u200E\u200F]/g) ?? []).length,
      rawAt: [...document.querySelectorAll('body *')].filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && /[\u202A-\u202E\u2066-\u2069\u200B\u200E\u200F]/.test(n.nodeValue ?? ''))).map((e) => `${e.tagName.toLowerCase()}.${e.className}<${e.parentElement?.tagName.toLowerCase()}.${e.parentElement?.className}`),
      text: text.length > 300_000 ? text.slice(0, 300_000) : text,
      overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth + 1,
    };
  });
}

/**
 * `knownRawControls`: the page is known to show raw direction or invisible characters (inside <bdi>, so
 * isolated but not made visible); recorded as an annotation instead of failing, every other check holds.
 */
async function expectInert(page: Page, where: string, dialogs: string[], knownRawControls?: string): Promise<InertReport> {
  const r = await inspect(page);
  if (knownRawControls && r.rawControls > 0) {
    test.info().annotations.push({ type: 'known issue', description: `${where}: ${r.rawControls} raw control characters (${knownRawControls})` });
    r.rawAt = [];
    r.rawControls = 0;
  }
  expect.soft(r.flag, `${where}: a hostile script ran`).toBeUndefined();
  expect.soft(r.csp, `${where}: CSP violations`).toEqual([]);
  expect.soft(r.injected, `${where}: elements parsed from API text`).toBe(0);
  expect.soft(r.inlineScripts, `${where}: inline scripts`).toBe(0);
  expect.soft(r.jsLinks, `${where}: javascript: links`).toEqual([]);
  expect.soft(r.rawAt, `${where}: raw bidi or zero-width characters`).toEqual([]);
  expect.soft(r.rawControls).toBe(0);
  expect.soft(r.overflow, `${where}: the page scrolls sideways`).toBe(false);
  expect.soft(dialogs, `${where}: dialogs`).toEqual([]);
  return r;
}

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForLoadState('load');
  // Live queries settle after the first paint.
  await page.waitForTimeout(500);
}

test.describe('1. hostile API data', () => {
  test('every source: hostile strings are inert, visible, cut in tables, and unknown values are kept', async ({ context, extensionUrl, sandbox }) => {
    test.setTimeout(240_000);
    const { dialogs } = await watch(context);
    const page = await context.newPage();
    await page.goto(extensionUrl('options.html'));
    await configure(page, sandbox);
    await storeSecret(page, 'compliance', sandbox.keys.compliance.full.secret);
    await storeSecret(page, 'analytics', sandbox.keys.analytics.full.secret);
    await storeSecret(page, 'scim', sandbox.keys.scimToken);
    await storeSecret(page, 'admin', sandbox.keys.admin.full.secret);
    const view = await context.newPage();
    const inv = (hash: string) => open(view, extensionUrl(`inventory.html#/${hash}`));

    // ---- Compliance (with plugins)
    await ask(page, { type: 'job/start', source: 'compliance' });
    expect((await waitForJob(page, 'compliance-snapshot', ['done', 'failed', 'paused'])).status).toBe('done');
    const servers = await readStore<Array<{ id: string; name: string }>>(page, 'pubMcpServers');
    const htmlServer = servers.find((s) => s.name.includes('data-hostile'));
    const bidiServer = servers.find((s) => s.name.includes('\u202E'));
    const longServer = servers.find((s) => s.name.startsWith('Long-xxx'));
    expect(htmlServer, 'the server named with markup is stored as sent').toBeDefined();
    expect(bidiServer).toBeDefined();
    expect(longServer?.name, 'the 100k name is kept whole').toHaveLength(100_000);

    await inv('mcp');
    let r = await expectInert(view, 'MCP servers', dialogs);
    expect(r.text).toContain(`Wiki ${HOSTILE.html}`);
    expect(r.text).toContain('Ops ⟪U+202E⟫gnp.exe');
    // The 100k name is cut in its cell (the cell does not grow), and its link leads to the full value.
    const longCell = view.locator('tr', { hasText: 'Long-xxxx' }).locator('td').first();
    const box = await longCell.evaluate((td) => ({ w: td.getBoundingClientRect().width, page: document.documentElement.clientWidth }));
    expect(box.w).toBeLessThan(box.page);
    await inv(`mcp/${encodeURIComponent(longServer!.id)}`);
    r = await expectInert(view, 'MCP server with a 100k name', dialogs);
    expect(r.text, 'the full 100k name is reachable on the detail page').toContain(HOSTILE.long);
    await inv(`mcp/${encodeURIComponent(htmlServer!.id)}/tools`);
    r = await expectInert(view, 'tools of the server named with markup', dialogs);
    expect(r.text).toContain(`Wiki ${HOSTILE.html}`);
    // Tool names come only from policy events; each hostile one stored is shown, made visible.
    const policies = await readStore<Array<{ serverId: string; tool: string }>>(page, 'pubToolPolicies');
    for (const p of policies.filter((x) => x.serverId === htmlServer!.id && isHostile(x.tool))) expect(r.text).toContain(visibleText(p.tool));
    await inv('models');
    r = await expectInert(view, 'Models', dialogs);
    await inv('findings');
    await expectInert(view, 'Findings', dialogs);
    await inv('plugins');
    r = await expectInert(view, 'Plugins', dialogs);
    expect(r.text).toContain('Helper Ops ⟪U+202E⟫gnp.exe');
    await inv(`plugins/${encodeURIComponent('plugin_sbxHostile000001')}`);
    r = await expectInert(view, 'the hostile plugin', dialogs);
    expect(r.text).toContain(`tool ${HOSTILE.html}`);
    expect(r.text).toContain(HOSTILE.jsUrl);
    // Values no spec lists are shown as sent.
    expect(r.text).toContain(HOSTILE.unknownComponent);
    expect(r.text).toContain('future_reach');

    // ---- Analytics
    await ask(page, { type: 'job/start', source: 'analytics' });
    expect((await waitForJob(page, 'analytics-collection', ['done', 'failed', 'paused'])).status).toBe('done');
    await inv('usage');
    r = await expectInert(view, 'Usage & spend', dialogs);
    expect(r.text).toContain('Eve ');

    // ---- SCIM
    await ask(page, { type: 'job/start', source: 'scim' });
    expect((await waitForJob(page, 'scim-sync', ['done', 'failed', 'paused'])).status).toBe('done');
    const scimUsers = await readStore<Array<Record<string, unknown>>>(page, 'scimUsers');
    expect(JSON.stringify(scimUsers)).toContain('data-hostile');
    await inv('people');
    r = await expectInert(view, 'People after SCIM', dialogs);
    expect(r.text).toContain(`Eve ${HOSTILE.html}`);
    expect(r.text).toContain('Mallory Ops ⟪U+202E⟫gnp.exe');
    expect(r.text).toContain('Trent Fin⟪U+200B⟫ance⟪U+200E⟫ team');
    await inv('groups');
    r = await expectInert(view, 'Groups after SCIM', dialogs);
    expect(r.text).toContain(`Admins ${HOSTILE.html}`);

    // ---- Admin API
    await ask(page, { type: 'job/start', source: 'admin' });
    expect((await waitForJob(page, 'admin-sync', ['done', 'failed', 'paused'])).status).toBe('done');
    const adminUsers = await readStore<Array<{ id: string; role: string; name: string }>>(page, 'adminUsers');
    const futureRole = adminUsers.find((u) => u.role === HOSTILE.unknownRole);
    expect(futureRole, 'a role no spec lists is kept').toBeDefined();
    await inv('people');
    r = await expectInert(view, 'People after the Admin API', dialogs);
    await inv(`people/${encodeURIComponent(futureRole!.id)}`);
    r = await expectInert(view, 'a person with an unknown role', dialogs);
    expect(r.text).toContain(HOSTILE.unknownRole);
    await inv('groups');
    await expectInert(view, 'Groups after the Admin API', dialogs);
    const longPerson = adminUsers.find((u) => u.name.startsWith('Long-xxx'));
    if (longPerson) {
      await inv(`people/${encodeURIComponent(longPerson.id)}`);
      r = await expectInert(view, 'a person with a 100k name', dialogs);
      expect(r.text).toContain(HOSTILE.long);
    }
    for (const p of ['changes', 'budgets', 'lifecycle']) {
      await inv(p);
      await expectInert(view, p, dialogs);
    }
    await open(view, extensionUrl('popup.html'));
    await expectInert(view, 'popup', dialogs);
    await open(view, extensionUrl('options.html'));
    await expectInert(view, 'options', dialogs);
  });
});

/** A file of `bytes` spaces on disk (the browser reads its size before any content), as a path for setInputFiles. */
function hugeFile(bytes: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hostile-'));
  const file = path.join(dir, 'huge.json');
  const fd = openSync(file, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
  return file;
}

/** The visible error a card shows: an alert, or the field's own error message. */
function errorIn(scope: ReturnType<Page['locator']>) {
  return scope.locator('[role="alert"], .status.error, [data-testid="key-check-message"]').filter({ hasText: /\S/ });
}

/** A message that says what to do: it names an action the admin can take. */
const SAYS_WHAT_TO_DO = /\b(paste|copy|enter|remove|create|make|use|check|choose|split|fix|start|try|delete|download|generate|keep)\b/i;

test.describe('2. bad input in the UI', () => {
  test('malformed keys in each connection card: a plain message, nothing stored', async ({ context, extensionUrl, sandbox }) => {
    test.setTimeout(240_000);
    const page = await context.newPage();
    await page.goto(extensionUrl('options.html'));
    await configure(page, sandbox);
    await page.reload();
    const apiKey = sandbox.keys.compliance.full.secret;
    const adminKey = sandbox.keys.admin.full.secret;
    // A Claude API key (another product's prefix): right shape, wrong kind of key for every card.
    const claudeApiKey = `sk-ant-api03-${apiKey.slice('sk-ant-api01-'.length)}`;
    const cards = [
      { connection: 'compliance', label: 'Compliance key', button: /^Ingest (new )?snapshot$/, good: apiKey, wrongPrefix: claudeApiKey },
      { connection: 'analytics', label: 'Analytics API key', button: /^Connect$/, good: sandbox.keys.analytics.full.secret, wrongPrefix: claudeApiKey },
      { connection: 'scim', label: 'SCIM token', button: /^Save SCIM token$/, good: sandbox.keys.scimToken, wrongPrefix: apiKey },
      { connection: 'admin', label: 'Admin API key', button: /^Save Admin API key$/, good: adminKey, wrongPrefix: claudeApiKey },
    ] as const;
    const outcomes: string[] = [];
    for (const c of cards) {
      const card = page.locator(`[data-connection="${c.connection}"]`);
      const bad = {
        'wrong prefix': c.wrongPrefix,
        'inner whitespace': `${c.good.slice(0, 20)} ${c.good.slice(20)}`,
        'too short': c.good.slice(0, 12),
        'quoted, with a newline': `"${c.good}"\n`,
      };
      for (const [what, value] of Object.entries(bad)) {
        await ask(page, { type: 'credential/forget', connection: c.connection });
        await page.reload();
        if (c.connection === 'scim') await card.getByLabel('SCIM URL').fill(sandbox.scimUrl);
        await card.getByLabel(c.label, { exact: true }).fill(value);
        const button = card.getByRole('button', { name: c.button });
        // A key the card recognises as wrong as it is typed may disable its button: that is a refusal too.
        await page.waitForTimeout(700);
        if (await button.isEnabled()) await button.click({ timeout: 2_000 }).catch(() => undefined);
        const message = errorIn(card).first();
        await expect.soft(message, `${c.connection}, ${what}: a message`).toBeVisible({ timeout: 8_000 });
        if (!(await message.isVisible())) continue;
        const text = (await message.textContent()) ?? '';
        outcomes.push(`${c.connection} / ${what}: ${text.slice(0, 120)}`);
        expect.soft(text, `${c.connection}, ${what}: says what to do`).toMatch(SAYS_WHAT_TO_DO);
        // The message never echoes the value that was pasted.
        expect.soft(text, `${c.connection}, ${what}: no key in the message`).not.toContain(c.good.slice(14, 40));
        const status = await ask<{ present: boolean }>(page, { type: 'credential/status', connection: c.connection });
        expect.soft(status.present, `${c.connection}, ${what}: nothing stored`).toBe(false);
      }
    }
    test.info().annotations.push({ type: 'messages', description: outcomes.join('\n') });
  });

  test('malformed SCIM URLs are refused with a message that says what to do, the stored URL kept', async ({ context, extensionUrl, sandbox }) => {
    const page = await context.newPage();
    await page.goto(extensionUrl('options.html'));
    await configure(page, sandbox);
    await page.reload();
    const card = page.locator('[data-connection="scim"]');
    const bad = ['http://scim.example.com/scim/v2', 'https://', 'scim.workos.com/scim/v2', 'https://scim.example.com/scim/v2?token=abc', 'https://scim.example .com/scim/v2'];
    for (const url of bad) {
      await card.getByLabel('SCIM URL').fill(url);
      await card.getByLabel('SCIM token', { exact: true }).fill(sandbox.keys.scimToken);
      await card.getByRole('button', { name: 'Save SCIM token' }).click();
      // The message for this URL (the field keeps one message at a time).
      const message = errorIn(page.locator('main, body').first()).first();
      await expect(message, url).toBeVisible();
      await expect(message, url).not.toHaveText(/saved\./);
      expect.soft(await message.textContent(), url).toMatch(SAYS_WHAT_TO_DO);
      const status = await ask<{ present: boolean }>(page, { type: 'credential/status', connection: 'scim' });
      expect.soft(status.present, `${url}: no token stored`).toBe(false);
      const settings = await page.evaluate(async () => ((await (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, { scimUrl?: string }>> } } } }).chrome.storage.local.get('settings')).settings?.scimUrl));
      expect.soft(settings, `${url}: the stored URL is kept`).toBe(sandbox.scimUrl);
    }
  });

  test('malformed backup and evaluation files: a plain message, nothing stored, nothing lost', async ({ context, extensionUrl, sandbox }) => {
    test.setTimeout(120_000);
    const page = await context.newPage();
    await page.goto(extensionUrl('options.html'));
    await configure(page, sandbox);
    await storeSecret(page, 'compliance', sandbox.keys.compliance.full.secret);
    await ask(page, { type: 'job/start', source: 'compliance' });
    expect((await waitForJob(page, 'compliance-snapshot', ['done', 'failed', 'paused'])).status).toBe('done');
    const before = { models: (await readStore<unknown[]>(page, 'pubModels')).length, servers: (await readStore<unknown[]>(page, 'pubMcpServers')).length };
    expect(before.models).toBeGreaterThan(0);

    // A real backup to damage.
    await page.reload();
    const section = page.getByRole('region', { name: 'Backup and restore' }).or(page.locator('section[aria-labelledby="backup-h"]')).first();
    const download = page.waitForEvent('download');
    await section.getByRole('button', { name: /Download backup/ }).click();
    const good = await (await (await download).createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    const parsed = JSON.parse(good) as Record<string, unknown>;
    const files: Record<string, Buffer | string> = {
      'truncated.json': Buffer.from(good.slice(0, Math.floor(good.length / 2))),
      'newer-version.json': Buffer.from(JSON.stringify({ ...parsed, ...(typeof parsed.schemaVersion === 'number' ? { schemaVersion: 999 } : {}), ...(typeof parsed.formatVersion === 'number' ? { formatVersion: 999 } : {}), ...(typeof parsed.version === 'number' ? { version: 999 } : {}) })),
      'with-a-key.json': Buffer.from(good.replace(/"complianceBaseUrl":"[^"]*"/, `"complianceBaseUrl":"${sandbox.url}","note":"${sandbox.keys.compliance.full.secret}"`).replace(/("createdAt":")/, `"planted":"${sandbox.keys.compliance.full.secret}",$1`)),
      'huge.json': hugeFile(MAX_BACKUP_BYTES + 1),
    };
    const fileInput = section.getByLabel('Backup file to restore');
    for (const [name, buffer] of Object.entries(files)) {
      await fileInput.setInputFiles(typeof buffer === 'string' ? buffer : { name, mimeType: 'application/json', buffer });
      const message = errorIn(section).first();
      await expect(message, name).toBeVisible({ timeout: 20_000 });
      const text = (await message.textContent()) ?? '';
      expect.soft(text, `${name}: says what happened and what to do`).toMatch(/nothing (was )?changed|not restored|refused|cannot|could not|larger/i);
      expect.soft(text, `${name}: no key in the message`).not.toContain(sandbox.keys.compliance.full.secret);
      await expect(section.getByTestId('restore-preview'), `${name}: no restore offered`).toHaveCount(0);
    }
    // Nothing lost, nothing planted.
    expect((await readStore<unknown[]>(page, 'pubModels')).length).toBe(before.models);
    expect((await readStore<unknown[]>(page, 'pubMcpServers')).length).toBe(before.servers);
    const local = await page.evaluate(async () => JSON.stringify(await (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<unknown> } } } }).chrome.storage.local.get(null)));
    expect(local).not.toContain(sandbox.keys.compliance.full.secret);

    // Evaluation import on a model's risk profile.
    const models = await readStore<Array<{ model: string }>>(page, 'pubModels');
    const model = models.find((m) => m.model !== '')!.model;
    await page.goto(extensionUrl(`inventory.html#/models/${encodeURIComponent(model)}/risk`));
    const input = page.getByLabel('Import evaluations (JSON or CSV)');
    await expect(input).toBeVisible();
    const evalFiles: Record<string, Buffer | string> = {
      'truncated.json': Buffer.from('[{"model_id":"'),
      'wrong-shape.json': Buffer.from(JSON.stringify({ version: 99, results: 'none' })),
      'hostile.csv': Buffer.from(`model_id,category,value,unit,source,date\n${model},${HOSTILE.html},abc,points,${HOSTILE.jsUrl},not-a-date\n`),
      'huge.json': hugeFile(10 * 1024 * 1024 + 1),
    };
    for (const [name, buffer] of Object.entries(evalFiles)) {
      await input.setInputFiles(typeof buffer === 'string' ? buffer : { name, mimeType: name.endsWith('.csv') ? 'text/csv' : 'application/json', buffer });
      const message = errorIn(page.locator('section.import')).first();
      await expect(message, name).toBeVisible({ timeout: 20_000 });
      expect.soft(await message.textContent(), `${name}: says what to do`).toMatch(/nothing was imported|import failed|split|fix/i);
      await expectInert(page, `evaluation import ${name}`, []);
    }
    const stored = await page.evaluate(async () => JSON.stringify(await (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<unknown> } } } }).chrome.storage.local.get(null)));
    expect(stored).not.toContain('data-hostile');
  });
});
