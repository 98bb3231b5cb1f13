import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { test, expect } from './fixtures.ts';
import { ingestSnapshot, pointAtSandbox } from './connect.ts';
import { readStore } from './idb.ts';

/**
 * The claude.ai context checks in real Chromium: claude.ai pages are served from tests/fixtures/claude by
 * route interception; the panel and badges live in closed shadow roots, so the test reads them the way
 * DevTools does (CDP with pierce), never through the page.
 */

const fixture = (name: string) => readFileSync(`tests/fixtures/claude/${name}`, 'utf8');

/** Serves claude.ai: each path its fixture (or a body built by the test); every other path the changed-shape page. */
async function routeClaude(context: BrowserContext, pages: Record<string, string>) {
  await context.route('https://claude.ai/**', (route) => {
    const path = new URL(route.request().url()).pathname;
    const body = pages[path] ?? fixture('changed-shape.html');
    return route.fulfill({ status: 200, contentType: 'text/html', body });
  });
}

interface DomNode {
  nodeId: number;
  nodeType: number;
  nodeName: string;
  nodeValue: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
  shadowRootType?: string;
}

/** The text of every closed shadow root in the page (the panel and each badge), as DevTools sees it. */
async function shadowTexts(context: BrowserContext, page: Page): Promise<string[]> {
  const cdp = await context.newCDPSession(page);
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  await cdp.detach();
  const texts: string[] = [];
  const textOf = (n: DomNode): string => (n.nodeType === 3 ? n.nodeValue : n.nodeName === 'STYLE' ? '' : (n.children ?? []).map(textOf).join(' '));
  const walk = (n: DomNode) => {
    for (const s of n.shadowRoots ?? []) texts.push(textOf(s).replace(/\s+/g, ' ').trim());
    for (const c of n.children ?? []) walk(c);
  };
  walk(root);
  return texts;
}

const panelText = async (context: BrowserContext, page: Page) => (await shadowTexts(context, page)).filter((t) => t.startsWith('Admin companion')).join('\n');

/** Clicks (or focuses and presses Enter on) a button inside the closed shadow roots, found by its text or aria-label. */
async function pressInShadow(context: BrowserContext, page: Page, name: string, how: 'click' | 'keyboard' = 'click') {
  const cdp = await context.newCDPSession(page);
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  let found: DomNode | undefined;
  const textOf = (n: DomNode): string => (n.nodeType === 3 ? n.nodeValue : (n.children ?? []).map(textOf).join(''));
  const walk = (n: DomNode, inShadow: boolean) => {
    if (found) return;
    const attrs = n.attributes ?? [];
    const label = attrs[attrs.indexOf('aria-label') + 1];
    if (inShadow && n.nodeName === 'BUTTON' && (textOf(n).trim() === name || (attrs.includes('aria-label') && label === name))) found = n;
    for (const s of n.shadowRoots ?? []) walk(s, true);
    for (const c of n.children ?? []) walk(c, inShadow);
  };
  walk(root, false);
  if (!found) throw new Error(`No button "${name}" in the extension's shadow roots`);
  if (how === 'keyboard') {
    await cdp.send('DOM.focus', { nodeId: found.nodeId });
    await cdp.detach();
    await page.keyboard.press('Enter');
    return;
  }
  const { object } = (await cdp.send('DOM.resolveNode', { nodeId: found.nodeId })) as { object: { objectId: string } };
  await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId, functionDeclaration: 'function () { this.click(); }' });
  await cdp.detach();
}

/** Writes rows into the extension's IndexedDB from one of its pages (after the page has opened the database). */
async function seed(page: Page, stores: Record<string, unknown[]>) {
  await page.evaluate(
    (stores) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('admin-companion');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(Object.keys(stores), 'readwrite');
          for (const [name, rows] of Object.entries(stores)) for (const row of rows) tx.objectStore(name).put(row);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    stores,
  );
}

async function openOptions(context: BrowserContext, extensionUrl: (p: string) => string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(extensionUrl('options.html'));
  await expect(page.getByRole('heading', { name: 'Connections' })).toBeVisible();
  return page;
}

test('Compliance keys: the checklist follows the scope boxes live, and the delete scope gets a warning', async ({ context }) => {
  await routeClaude(context, { '/admin-settings/api-access': fixture('api-access-create.html') });
  const page = await context.newPage();
  await page.goto('https://claude.ai/admin-settings/api-access');
  await expect.poll(() => panelText(context, page)).toContain('Tick read:compliance_org_data');
  expect(await panelText(context, page)).toContain('No Compliance key in the extension yet');
  await page.locator('#s3').check();
  await expect.poll(() => panelText(context, page)).toContain('All three read scopes are ticked');
  await page.getByRole('checkbox', { name: 'delete:compliance_user_data' }).click();
  await expect.poll(() => panelText(context, page)).toContain('Untick delete:compliance_user_data');
  expect(await panelText(context, page)).toContain('never deletes anything');
  await page.getByRole('checkbox', { name: 'delete:compliance_user_data' }).click();
  await expect.poll(() => panelText(context, page)).not.toContain('Untick delete:compliance_user_data');
  // The form's other values are never read.
  expect(await panelText(context, page)).not.toContain('Do not read me');
});

test('Compliance keys, key list: listed delete keys; the panel sits in the page flow and is dismissed from the keyboard, remembered', async ({ context }) => {
  await routeClaude(context, { '/admin-settings/api-access': fixture('api-access-list.html') });
  const page = await context.newPage();
  await page.goto('https://claude.ai/admin-settings/api-access');
  await expect.poll(() => panelText(context, page)).toContain('1 listed key carries delete:compliance_user_data');
  // In the flow right after the page heading: it pushes content down instead of covering controls.
  const placement = await page.evaluate(() => {
    const host = document.getElementById('claude-admin-companion-panel')!;
    return { afterHeading: host.previousElementSibling?.tagName, position: getComputedStyle(host).position };
  });
  expect(placement).toEqual({ afterHeading: 'H1', position: 'static' });
  await pressInShadow(context, page, 'Dismiss admin companion checks', 'keyboard');
  await expect(page.locator('#claude-admin-companion-panel')).toHaveCount(0);
  await page.reload();
  await page.waitForTimeout(1000);
  await expect(page.locator('#claude-admin-companion-panel')).toHaveCount(0);
});

test('Analytics API keys: the toggle reminder, the read:analytics box, and the connection status', async ({ context }) => {
  await routeClaude(context, { '/analytics/api-keys': fixture('analytics-api-keys.html') });
  const page = await context.newPage();
  await page.goto('https://claude.ai/analytics/api-keys');
  await expect.poll(() => panelText(context, page)).toContain('Tick read:analytics');
  const text = await panelText(context, page);
  expect(text).toContain('The Analytics API must be on');
  expect(text).toContain('Analytics: not connected');
  await page.getByRole('checkbox', { name: 'read:analytics' }).check();
  await expect.poll(() => panelText(context, page)).toContain('read:analytics is ticked');
});

test('SCIM setup: one click hands the URL to the options page, never the token', async ({ context }) => {
  await routeClaude(context, { '/admin-settings/identity': fixture('identity-scim.html') });
  const page = await context.newPage();
  await page.goto('https://claude.ai/admin-settings/identity');
  await expect.poll(() => panelText(context, page)).toContain('Use this SCIM URL in the extension');
  expect(await panelText(context, page)).toContain('SCIM: not connected');
  const [options] = await Promise.all([context.waitForEvent('page', (p) => p.url().includes('options.html')), pressInShadow(context, page, 'Use this SCIM URL in the extension')]);
  await expect(options.getByLabel('SCIM URL')).toHaveValue('https://scim.example.com/scim/v2.0/directory_01HXYZ');
  await expect(options.getByText('SCIM URL filled in from claude.ai. Paste the SCIM token, then click Save.')).toBeVisible();
  await expect(options.locator('[data-connection="scim"]').getByLabel('SCIM token', { exact: true })).toHaveValue('');
  // Taken: the hand-off is cleared, and nothing anywhere holds the page's token.
  await expect.poll(async () => (await readStore<Array<{ key: string }>>(options, 'kv')).some((r) => r.key === 'context.scimHandoff')).toBe(false);
  expect(JSON.stringify(await readStore(options, 'kv'))).not.toContain('scim_tok_');
  expect(await panelText(context, page)).not.toContain('scim_tok_');
});

test('SCIM setup: an options page that is already open takes the hand-off too', async ({ context, extensionUrl }) => {
  await routeClaude(context, { '/admin-settings/identity': fixture('identity-scim.html') });
  const options = await openOptions(context, extensionUrl);
  await expect(options.getByLabel('SCIM URL')).toHaveValue('');
  const page = await context.newPage();
  await page.goto('https://claude.ai/admin-settings/identity');
  await expect.poll(() => panelText(context, page)).toContain('Use this SCIM URL in the extension');
  await pressInShadow(context, page, 'Use this SCIM URL in the extension');
  await expect(options.getByLabel('SCIM URL')).toHaveValue('https://scim.example.com/scim/v2.0/directory_01HXYZ');
  await expect.poll(() => panelText(context, page)).toContain('Opened Options with this SCIM URL filled in');
});

test('Connectors: badges match the inventory and open its MCP server page', async ({ context, extensionUrl, sandbox }) => {
  const options = await context.newPage();
  await pointAtSandbox(options, extensionUrl('options.html'), sandbox.url);
  await ingestSnapshot(options, sandbox.keys.compliance.full.secret);
  const servers = (await readStore<Array<{ id: string; name: string; deleted: number; connectedUsers: number }>>(options, 'pubMcpServers')).filter((s) => s.deleted === 0);
  const policies = await readStore<Array<{ serverId: string; tool: string; permission: string }>>(options, 'pubToolPolicies');
  expect(servers.length).toBeGreaterThan(0);
  // Three servers with distinct names (two servers may share a name; the first published keeps the badge).
  const counts = new Map<string, number>();
  for (const s of servers) counts.set(s.name.toLowerCase(), (counts.get(s.name.toLowerCase()) ?? 0) + 1);
  const listed = servers.filter((s) => counts.get(s.name.toLowerCase()) === 1 && /^[\w .()-]{1,80}$/.test(s.name)).slice(0, 3);
  expect(listed.length).toBeGreaterThan(1);
  const items = [...listed.map((s) => `<li><h3>${s.name}</h3><p>Custom connector</p></li>`), '<li><h3>Internal wiki</h3><p>Not in the inventory</p></li>'].join('\n');
  await routeClaude(context, { '/admin-settings/connectors': fixture('connectors.html').replace(/<!--CONNECTORS-->[\s\S]*<!--\/CONNECTORS-->/, items) });
  const page = await context.newPage();
  await page.goto('https://claude.ai/admin-settings/connectors');
  const expected = listed.map((s) => {
    const mine = policies.filter((p) => p.serverId === s.id && p.tool !== '*');
    const n = (perm: string) => mine.filter((p) => p.permission === perm).length;
    return `Always allow ${n('allow')} · Needs approval ${n('ask')} · Blocked ${n('blocked')}`;
  });
  await expect.poll(async () => (await shadowTexts(context, page)).filter((t) => t.startsWith('Always allow')).length).toBe(listed.length);
  const badges = (await shadowTexts(context, page)).filter((t) => t.startsWith('Always allow'));
  for (const [i, s] of listed.entries()) {
    expect(badges[i]).toContain(expected[i]);
    expect(badges[i]).toContain(`${s.connectedUsers} user${s.connectedUsers === 1 ? '' : 's'} connected`);
  }
  const [inventory] = await Promise.all([context.waitForEvent('page', (p) => p.url().includes('inventory.html')), pressInShadow(context, page, badges[0]!)]);
  expect(new URL(inventory.url()).hash).toBe(`#/mcp/${encodeURIComponent(listed[0]!.id)}`);
});

test('Members: the People flags next to each person, nothing without People data', async ({ context, extensionUrl }) => {
  await routeClaude(context, { '/admin-settings/members': fixture('members.html') });
  const page = await context.newPage();
  await page.goto('https://claude.ai/admin-settings/members');
  await expect.poll(() => panelText(context, page)).toBe('');
  await page.waitForTimeout(800);
  expect(await shadowTexts(context, page)).toEqual([]);

  const options = await openOptions(context, extensionUrl);
  const today = new Date();
  const daysAgo = (d: number) => new Date(today.getTime() - d * 86_400_000).toISOString().slice(0, 10);
  await seed(options, {
    // What People knows: Analytics (last active), the Admin API (members, an owner-granting group), SCIM.
    kv: [
      { key: 'analytics.state', value: { completedAt: today.toISOString(), engagementFrom: daysAgo(120), engagementTo: daysAgo(0), dataRefreshedAt: null, months: [], costSource: 'usage-cost', costNote: null } },
      { key: 'scim.syncLog', value: [{ at: today.toISOString(), outcome: 'done', users: 1, groups: 0, members: 0, requests: 1, skipped: 0, message: null }] },
    ],
    anUsers: [
      { userId: 'user_ada', email: 'ada@example.com', from: daysAgo(120), to: daysAgo(0), lastActiveDate: daysAgo(2) },
      { userId: 'user_grace', email: 'grace@example.com', from: daysAgo(120), to: daysAgo(0), lastActiveDate: null },
      { userId: 'user_alan', email: 'alan@example.com', from: daysAgo(120), to: daysAgo(0), lastActiveDate: daysAgo(95) },
    ],
    adminUsers: ['ada', 'grace', 'alan'].map((n) => ({ id: `user_${n}`, email: `${n}@example.com`, name: n, role: 'user', addedAt: '2026-01-01T00:00:00Z' })),
    scimUsers: [{ id: 's1', userName: 'ada@example.com', email: 'ada@example.com', displayName: 'Ada', givenName: null, familyName: null, externalId: null, active: true, created: null }],
    adminGroups: [{ id: 'rbac_group_1', name: 'Owners', sourceType: 'direct', roleIds: ['r'], createdAt: '', updatedAt: '', memberCount: 1, ownerAccess: true }],
    adminMembers: [{ groupId: 'rbac_group_1', userId: 'user_ada', email: 'ada@example.com', addedAt: '' }],
  });
  await page.reload();
  await expect.poll(async () => (await shadowTexts(context, page)).length).toBe(3);
  const [ada, grace, alan] = await shadowTexts(context, page);
  expect(ada).toBe(`1 flag · Last active ${daysAgo(2)}`);
  expect(grace).toBe('1 flag · Last active unknown');
  expect(alan).toBe(`2 flags · Last active ${daysAgo(95)}`);
  const [person] = await Promise.all([context.waitForEvent('page', (p) => p.url().includes('inventory.html')), pressInShadow(context, page, alan!)]);
  expect(new URL(person.url()).hash).toBe('#/people/user_alan');
});

test('the popup shows the checks of the current claude.ai tab, and the next task elsewhere', async ({ context, extensionUrl }) => {
  await routeClaude(context, { '/admin-settings/members': fixture('members.html') });
  const claude = await context.newPage();
  await claude.goto('https://claude.ai/admin-settings/members');
  await claude.waitForTimeout(800); // the content script has reported this tab to the worker
  const popup = await context.newPage();
  await popup.goto(extensionUrl('popup.html'));
  // Elsewhere (the active tab is the popup's own page): the next task.
  await expect(popup.getByTestId('next-task').getByRole('button', { name: 'Create a Compliance key' })).toBeVisible();
  await claude.bringToFront();
  await popup.reload();
  await expect(popup.getByTestId('tab-checks')).toContainText('Members');
  await expect(popup.getByTestId('next-task')).toHaveCount(0);
});

test('nothing appears on non-matching or changed-shape pages, and in-app navigation tears down', async ({ context }) => {
  await routeClaude(context, { '/settings/profile': fixture('settings-profile.html'), '/admin-settings/api-access': fixture('api-access-list.html') });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  for (const path of ['/settings/profile', '/admin-settings/members', '/admin-settings/connectors', '/admin-settings/identity', '/analytics/api-keys', '/new']) {
    await page.goto(`https://claude.ai${path}`);
    await page.waitForTimeout(700);
    expect(await shadowTexts(context, page), path).toEqual([]);
  }
  // In-app navigation (the SPA swaps its content and pushes a URL) to the API page and away again.
  await page.goto('https://claude.ai/settings/profile');
  const listBody = fixture('api-access-list.html').match(/<body>([\s\S]*)<\/body>/)![1]!;
  await page.evaluate((html) => {
    document.body.replaceChildren(...Array.from(new DOMParser().parseFromString(html, 'text/html').body.childNodes));
    history.pushState({}, '', '/admin-settings/api-access');
  }, listBody);
  await expect.poll(() => panelText(context, page), { timeout: 5000 }).toContain('listed key carries');
  await page.evaluate(() => {
    const main = document.createElement('main');
    main.append(Object.assign(document.createElement('h1'), { textContent: 'Profile' }));
    document.body.replaceChildren(main);
    history.pushState({}, '', '/settings/profile');
  });
  await expect.poll(async () => (await shadowTexts(context, page)).length, { timeout: 5000 }).toBe(0);
  expect(errors).toEqual([]);
});

test('a page script cannot read the panel or the badges', async ({ context }) => {
  await routeClaude(context, { '/admin-settings/api-access': fixture('api-access-list.html') });
  const page = await context.newPage();
  await page.goto('https://claude.ai/admin-settings/api-access');
  await expect.poll(() => panelText(context, page)).toContain('listed key carries');
  const seen = await page.evaluate(() => {
    const host = document.getElementById('claude-admin-companion-panel')!;
    return { shadow: host.shadowRoot, attrs: host.getAttributeNames(), text: host.textContent, children: host.childNodes.length, body: document.body.innerText.includes('listed key carries') };
  });
  expect(seen).toEqual({ shadow: null, attrs: ['id'], text: '', children: 0, body: false });
});
