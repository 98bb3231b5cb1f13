import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { test, expect } from '../e2e/fixtures.ts';
import { readStore } from '../e2e/idb.ts';
import { ask, configure, storeSecret, waitForJob } from './harness.ts';

/**
 * Keyboard-only operation of every page: each control is reachable with Tab in document order (no
 * positive tabindex), each shows a visible focus indicator, Tab never gets stuck, and the composite
 * widgets work with their keys (arrow keys on tab lists, Enter on sortable headers and rows, Escape on
 * dialogs with focus returned). The pages hold data from every source of the tiny sandbox.
 */

interface Stop {
  desc: string;
  /** A visible focus indicator: an outline or a box shadow while focused. */
  indicator: boolean;
  /** Position in document order relative to the previous stop: 1 after, -1 before, 0 same. */
  order: number;
  inDialog: boolean;
}

/** Presses Tab up to `max` times and describes where focus lands each time. Stops when focus leaves the page or cycles. */
async function tabWalk(page: Page, max = 120): Promise<{ stops: Stop[]; escaped: boolean }> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    (window as unknown as { __prev: Element | null }).__prev = null;
  });
  const stops: Stop[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const w = window as unknown as { __prev: Element | null };
      const el = document.activeElement;
      if (!el || el === document.body || el === document.documentElement) return null;
      const cs = getComputedStyle(el);
      const indicator = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || (cs.boxShadow !== 'none' && cs.boxShadow !== '');
      const prev = w.__prev;
      const order = !prev || prev === el ? 0 : prev.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING ? 1 : -1;
      w.__prev = el;
      const name = (el.getAttribute('aria-label') ?? (el as HTMLElement).innerText ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      const path: string[] = [];
      for (let n: Element | null = el; n && n !== document.body; n = n.parentElement) path.push(`${n.tagName}${n.id ? `#${n.id}` : ''}:${[...(n.parentElement?.children ?? [])].indexOf(n)}`);
      return { desc: `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : ''} "${name}"`, key: path.join('/'), indicator, order, inDialog: !!el.closest('dialog,[role=dialog]') };
    });
    if (!stop) return { stops, escaped: true };
    if (seen.has(stop.key)) return { stops, escaped: true };
    seen.add(stop.key);
    stops.push({ desc: stop.desc, indicator: stop.indicator, order: stop.order, inDialog: stop.inDialog });
  }
  return { stops, escaped: false };
}

/** Tab order sensible and complete on the page: reachable controls, indicators, document order, no trap. */
async function expectKeyboardPage(page: Page, where: string, minStops: number): Promise<Stop[]> {
  const positive = await page.evaluate(() => [...document.querySelectorAll('[tabindex]')].filter((e) => Number(e.getAttribute('tabindex')) > 0).length);
  expect.soft(positive, `${where}: elements with a positive tabindex`).toBe(0);
  const { stops, escaped } = await tabWalk(page);
  expect.soft(escaped, `${where}: Tab leaves the page or cycles (no trap) after ${stops.length} stops`).toBe(true);
  expect.soft(stops.length, `${where}: controls reachable with Tab`).toBeGreaterThanOrEqual(minStops);
  const noIndicator = stops.filter((s) => !s.indicator).map((s) => s.desc);
  expect.soft(noIndicator, `${where}: focused without a visible indicator`).toEqual([]);
  const backwards = stops.filter((s) => s.order === -1).map((s) => s.desc);
  expect.soft(backwards, `${where}: focus moved backwards in the document`).toEqual([]);
  return stops;
}

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForLoadState('load');
  await page.waitForTimeout(400);
}

/** Focuses the first element matching `locator` through the keyboard: Tab until it is the active element. */
async function tabTo(page: Page, test: () => Promise<boolean>, max = 150): Promise<boolean> {
  for (let i = 0; i < max; i++) {
    if (await test()) return true;
    await page.keyboard.press('Tab');
  }
  return test();
}

const focusedMatches = (page: Page, selector: string) => () => page.evaluate((s) => !!document.activeElement?.matches(s), selector);

async function routeClaude(context: BrowserContext): Promise<void> {
  await context.route('https://claude.ai/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: readFileSync('tests/fixtures/claude/api-access-list.html', 'utf8') }));
}

test('every page is operable with the keyboard alone', async ({ context, extensionUrl, sandbox }) => {
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
  const servers = await readStore<Array<{ id: string }>>(page, 'pubMcpServers');
  const inv = (hash: string) => open(page, extensionUrl(`inventory.html#/${hash}`));

  // ---- Tab order, indicators and no trap on every page.
  await open(page, extensionUrl('popup.html'));
  await expectKeyboardPage(page, 'popup', 3);
  await open(page, extensionUrl('options.html'));
  await expectKeyboardPage(page, 'options', 25);
  for (const [hash, min] of [['models', 6], ['mcp', 6], ['usage', 6], ['people', 6], ['groups', 6], ['plugins', 6], ['findings', 4], ['lifecycle', 3], ['changes', 4], ['budgets', 4], [`mcp/${encodeURIComponent(servers[0]!.id)}/tools`, 4]] as const) {
    await inv(hash);
    await expectKeyboardPage(page, hash, min);
  }

  // ---- Options: every card's buttons and switches are reachable and work from the keyboard.
  await open(page, extensionUrl('options.html'));
  for (const name of ['Test connection', 'Save advanced settings', 'Download backup', 'Restore from file…']) {
    const reached = await tabTo(page, () => page.evaluate((n) => (document.activeElement as HTMLElement | null)?.innerText?.trim() === n, name));
    expect.soft(reached, `options: "${name}" reachable with Tab`).toBe(true);
  }
  // A switch toggles with Space.
  await open(page, extensionUrl('options.html'));
  const reachedCheckbox = await tabTo(page, focusedMatches(page, 'input[type=checkbox]'));
  expect(reachedCheckbox, 'options: a switch reachable').toBe(true);
  const before = await page.evaluate(() => (document.activeElement as HTMLInputElement).checked);
  await page.keyboard.press('Space');
  expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(!before);
  await page.keyboard.press('Space');

  // ---- Inventory: the tab list moves with the arrow keys.
  await inv('models');
  const onTab = await tabTo(page, focusedMatches(page, '[role=tab][aria-selected=true]'));
  expect(onTab, 'inventory: the selected tab is reachable').toBe(true);
  const first = await page.evaluate(() => document.activeElement?.textContent);
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(300);
  const second = await page.evaluate(() => ({ text: document.activeElement?.textContent, selected: document.activeElement?.getAttribute('aria-selected'), role: document.activeElement?.getAttribute('role') }));
  expect(second.role).toBe('tab');
  expect(second.text).not.toBe(first);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => document.querySelector('[role=tab][aria-selected=true]')?.textContent)).toBe(second.text);

  // ---- Tables: sortable by keyboard, rows open with Enter, the detail page leads back.
  await inv('mcp');
  const onSort = await tabTo(page, focusedMatches(page, 'th button'));
  expect(onSort, 'a sortable header is reachable').toBe(true);
  const sortBefore = await page.evaluate(() => document.activeElement?.closest('th')?.getAttribute('aria-sort') ?? 'none');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(200);
  const sortAfter = await page.evaluate(() => document.activeElement?.closest('th')?.getAttribute('aria-sort') ?? 'none');
  expect(sortAfter, 'Enter on a header sorts').not.toBe(sortBefore);
  const onRow = await tabTo(page, focusedMatches(page, 'tbody tr[tabindex="0"], tbody tr a, tbody a'));
  expect(onRow, 'a row is reachable').toBe(true);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/mcp\/.+/);
  await page.waitForTimeout(400);
  const onBack = await tabTo(page, () => page.evaluate(() => !!document.activeElement?.matches('a,button') && /^(← )?Back to/.test((document.activeElement as HTMLElement).innerText.trim())));
  expect(onBack, 'the detail page has a keyboard way back').toBe(true);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/mcp$/);

  // ---- People: select a row, open a dialog, focus trapped inside, Escape closes it and returns focus.
  await inv('people');
  const onCheckbox = await tabTo(page, focusedMatches(page, 'tbody input[type=checkbox], tbody [role=checkbox]'));
  if (onCheckbox) {
    const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    await page.keyboard.press('Space');
    await expect(page.getByLabel(label, { exact: true })).toBeChecked();
    const kept = await page.evaluate((l) => document.activeElement?.getAttribute('aria-label') === l, label);
    if (!kept) test.info().annotations.push({ type: 'known issue', description: `People: after Space on "${label}" focus left the checkbox` });
  } else test.info().annotations.push({ type: 'note', description: 'People: no selectable row reached with Tab' });
  await inv('people');
  const dialogOpeners = ['Create user'];
  const onOpener = await tabTo(page, () => page.evaluate((names) => !!document.activeElement?.matches('button') && names.some((n) => (document.activeElement as HTMLElement).innerText.trim().startsWith(n)), dialogOpeners));
  expect.soft(onOpener, 'People: a button that opens a dialog is reachable').toBe(true);
  if (onOpener) {
    const opener = await page.evaluate(() => (document.activeElement as HTMLElement).innerText.trim());
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog[open], [role=dialog]').first();
    await expect(dialog).toBeVisible();
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog,[role=dialog]')), 'focus moves into the dialog').toBe(true);
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      // A modal <dialog> lets Tab pass to the browser's own controls after its last one (activeElement is then
      // the body) and back; it never lands on the page behind.
      const where = await page.evaluate(() => (document.activeElement === document.body || !document.activeElement ? 'browser' : document.activeElement.closest('dialog,[role=dialog]') ? 'dialog' : 'page'));
      expect.soft(where, `dialog "${opener}": focus never reaches the page behind (Tab ${i + 1})`).not.toBe('page');
    }
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText.trim()), 'focus returns to the opener').toBe(opener);
  }

  // ---- The claude.ai panel: its controls are reachable with Tab and focus does not get stuck in it.
  await routeClaude(context);
  const claude = await context.newPage();
  await claude.goto('https://claude.ai/admin-settings/api-access');
  await expect(claude.locator('#claude-admin-companion-panel')).toHaveCount(1);
  const cdp = await context.newCDPSession(claude);
  await cdp.send('Accessibility.enable');
  const focusedName = async (): Promise<{ name: string; role: string }> => {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: Array<{ role?: { value: string }; name?: { value: string }; properties?: Array<{ name: string; value: { value: unknown } }> }> };
    const f = nodes.filter((n) => n.role?.value !== 'RootWebArea' && n.properties?.some((p) => p.name === 'focused' && p.value.value === true)).at(-1);
    return { name: String(f?.name?.value ?? ''), role: String(f?.role?.value ?? '') };
  };
  const panelStops: string[] = [];
  for (let i = 0; i < 40; i++) {
    await claude.keyboard.press('Tab');
    const inPanel = await claude.evaluate(() => document.activeElement?.id === 'claude-admin-companion-panel');
    if (inPanel) panelStops.push(JSON.stringify(await focusedName()));
    else if (panelStops.length > 0) break;
  }
  expect(panelStops.some((s) => s.includes('Dismiss admin companion checks')), `panel controls reached with Tab: ${panelStops.join(', ')}`).toBe(true);
  // Focus left the panel again (no trap).
  expect(await claude.evaluate(() => document.activeElement?.id)).not.toBe('claude-admin-companion-panel');
  await cdp.detach();
});
