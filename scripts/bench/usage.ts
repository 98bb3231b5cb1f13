/**
 * `npm run bench:usage [-- --users N]` — the Usage & spend tab at organization scale, in the real
 * extension in Debian's Chromium: first render of the tab and of a person page, absolute and as ratios to
 * a blank extension page in the same run (scripts/bench/pages.ts), and the memory of the extension's
 * renderer process with the tab open.
 *
 * The published Analytics tables are filled directly with a seeded organization of the shape a
 * collection publishes (default 10k people, 4 months of spend by person × model × product, 90 days of
 * engagement, 50 teams): the collection's own cost (requests vs the minimum, time at the rate-limit
 * floor) is `npm run bench:analytics`; collecting 10k people through the browser at the API's 60/min
 * would take 13 minutes and measure the rate limit, not the page.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { launchWithExtension } from '../../tests/e2e/launch.ts';
import { formatTiming, measurePages, publishDirectory, seedStores } from './pages.ts';
import { extensionProcessMemory, MB } from './run.ts';
import { buildRollups } from '../../lib/sources/analytics/rollups.ts';
import type { SpendRow } from '../../lib/sources/analytics/tables.ts';

const { values } = parseArgs({ options: { users: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '8' }, 'skip-build': { type: 'boolean', default: false } } });
const users = Number(values.users);
const rounds = Number(values.rounds);

if (!values['skip-build']) execSync('npm run build:e2e', { stdio: ['ignore', 'ignore', 'inherit'] });

/** A small deterministic generator (mulberry32), so every run seeds the same organization. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODELS = ['claude-opus-4-7', 'claude-sonnet-4-6', 'claude-haiku-4-5'];
const PRODUCTS = ['chat', 'claude_code', 'cowork'];
const TEAMS = 50;

function utcMonths(now: Date, n: number): string[] {
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)).toISOString().slice(0, 7));
  return out;
}
const day = (d: Date) => d.toISOString().slice(0, 10);

/** The rows a collection of `users` people publishes, per store. */
function seedOrganization(users: number, now: Date): Record<string, unknown[]> {
  const rand = rng(7);
  const months = utcMonths(now, 4);
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const from = new Date(to.getTime() - 90 * 86_400_000);
  const anUsers: unknown[] = [];
  const anSpend: unknown[] = [];
  for (let i = 0; i < users; i++) {
    const userId = `user_bench${String(i).padStart(6, '0')}`;
    const email = `person${i}@bench.example.com`;
    const lastActive = rand() < 0.08 ? null : day(new Date(to.getTime() - Math.floor(rand() * rand() * 120) * 86_400_000));
    anUsers.push({
      userId, email, from: day(from), to: day(to), lastActiveDate: lastActive,
      chatMessages: Math.floor(rand() * 400), chatConversations: Math.floor(rand() * 60), claudeCodeSessions: Math.floor(rand() * 20),
      claudeCodeCommits: Math.floor(rand() * 30), claudeCodePullRequests: Math.floor(rand() * 8), linesAdded: Math.floor(rand() * 5000), linesRemoved: Math.floor(rand() * 2000),
      coworkSessions: Math.floor(rand() * 5), coworkMessages: Math.floor(rand() * 40), officeMessages: 0, designMessages: 0, scienceMessages: 0, webSearches: Math.floor(rand() * 30),
      products: {},
    });
    const actor = { key: userId, type: 'user_actor', name: `Person ${i}`, email, deleted: false };
    for (const month of months) {
      for (const model of MODELS) {
        if (rand() < 0.55) continue;
        const product = PRODUCTS[Math.floor(rand() * PRODUCTS.length)]!;
        const cents = (rand() * 5000).toFixed(6);
        const tokens = Math.floor(rand() * 2_000_000);
        anSpend.push({
          month, actorKey: userId, actor, model, product, amount: cents, listAmount: cents, requests: Math.floor(rand() * 500),
          uncachedInputTokens: Math.floor(tokens * 0.5), cacheReadInputTokens: Math.floor(tokens * 0.2), cacheCreationInputTokens: 0,
          outputTokens: tokens - Math.floor(tokens * 0.5) - Math.floor(tokens * 0.2), totalTokens: tokens, webSearchRequests: 0,
        });
      }
    }
  }
  const anTeamSpend = months.flatMap((month) => Array.from({ length: TEAMS }, (_, t) => ({ month, groupId: `rbac_group_bench${t}`, amount: (rand() * 900_000).toFixed(6), listAmount: '0', totalTokens: Math.floor(rand() * 9e8) })));
  const anDays: unknown[] = [];
  const anDailySpend: unknown[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += 86_400_000) {
    const d = day(new Date(t));
    const dau = Math.floor(users * (0.3 + rand() * 0.2));
    const activity = {
      people: dau,
      messages: { chat_metrics: dau * 9, cowork_metrics: dau, office_metrics: Math.floor(dau / 4), design_metrics: 0, science_metrics: 0 },
      claudeCodeSessions: Math.floor(dau / 2), linesAdded: dau * 40, linesRemoved: dau * 12, commits: Math.floor(dau / 3), pullRequests: Math.floor(dau / 10),
    };
    anDays.push({ date: d, dailyActiveUsers: dau, weeklyActiveUsers: Math.floor(users * 0.6), monthlyActiveUsers: Math.floor(users * 0.85), assignedSeats: users, pendingInvites: 3, dailyAdoptionRate: 0.4, extra: {}, activity });
    anDailySpend.push({ date: d, amount: (rand() * 3_000_000).toFixed(6), listAmount: '0', totalTokens: Math.floor(rand() * 3e9), requests: null });
  }
  const state = { completedAt: now.toISOString(), engagementFrom: day(from), engagementTo: day(to), dataRefreshedAt: now.toISOString(), months, costSource: 'usage-cost', costNote: null };
  // The per-month rollups exactly as a publish writes them (the same function, over the same rows).
  const rollups = buildRollups(anSpend as SpendRow[], months, now.toISOString());
  return { anUsers, anSpend, anTeamSpend, anDays, anDailySpend, kv: [{ key: 'analytics.state', value: state }, { key: 'analytics.rollups', value: rollups }] };
}

const now = new Date();
const t0 = performance.now();
const data = seedOrganization(users, now);
const { context, extensionId, userDataDir } = await launchWithExtension();
const results: Record<string, unknown> = { users, spendRows: data.anSpend!.length, machine: { cores: (await import('node:os')).cpus().length, load1: (await import('node:os')).loadavg()[0] } };
try {
  // Opening the inventory once creates the database at the current schema version.
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/inventory.html#/models`);
  await page.waitForSelector('main, [role="tablist"]');
  await seedStores(page, data);
  // The person page reads the People directory the worker publishes after a collection.
  results.directoryPublishMs = await publishDirectory(page);
  results.seedSeconds = +((performance.now() - t0) / 1000).toFixed(1);
  await page.close();
  console.log(`Seeded ${users.toLocaleString('en-US')} people, ${data.anSpend!.length.toLocaleString('en-US')} spend rows in ${results.seedSeconds as number} s`);

  const person = 'user_bench000042';
  const times = await measurePages(
    context,
    extensionId,
    {
      // The inventory page's own shell (its tab list), to tell the page's cost from the tab's.
      inventoryShell: { path: 'inventory.html#/models', css: '[role="tablist"]' },
      usageFirstRender: { path: 'inventory.html#/usage', css: '[data-testid="usage-tiles"]' },
      usageTopPeople: { path: 'inventory.html#/usage', css: '[aria-label="Top people"] tbody tr td' },
      personPage: { path: `inventory.html#/people/${person}`, css: '[data-testid="person-page"] tbody tr td' },
    },
    rounds,
  );
  // Memory with the tab open and settled.
  const open = await context.newPage();
  await open.goto(`chrome-extension://${extensionId}/inventory.html#/usage`);
  await open.waitForSelector('[aria-label="Top people"] tbody tr td', { timeout: 120_000 });
  await open.waitForTimeout(1500);
  const mem = extensionProcessMemory(userDataDir);
  results.times = times;
  results.memoryMB = mem ? { rss: MB(mem.rss), private: MB(mem.private), pss: MB(mem.pss) } : null;
  console.log(formatTiming('blank page', times.blankPage));
  console.log(formatTiming('inventory shell', times.pages.inventoryShell, times.ratios.inventoryShell));
  console.log(formatTiming('usage tab: tiles', times.pages.usageFirstRender, times.ratios.usageFirstRender, 2));
  console.log(formatTiming('usage tab: top people', times.pages.usageTopPeople, times.ratios.usageTopPeople));
  console.log(formatTiming('person page', times.pages.personPage, times.ratios.personPage, 2));
  if (mem) console.log(`extension renderer with the tab open: RSS ${MB(mem.rss)} MB, private ${MB(mem.private)} MB`);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/usage.json', JSON.stringify(results, null, 2));
} finally {
  await context.close();
}
