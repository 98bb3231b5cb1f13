/**
 * `npm run bench:identity [-- --size demo|large]` — a full SCIM sync and a full Admin API sync in the real
 * extension, in Debian's Chromium, against the sandbox (issue 8 §4). `large` is the sandbox's `identity`
 * organization: 20k users and 500 groups of 40 members on average (SCIM sees the IdP-managed part of it);
 * `demo` is the sandbox's demo organization.
 *
 * For each sync:
 * - requests, counted at the sandbox, against the page floor: the fewest requests that read the same
 *   data at the largest page size the server honours (Admin API, admin-api.md §2–3: 1 for `/me` + user
 *   pages + group pages + each group's member pages, at least one per group + role pages + each role's
 *   permission pages, at least one per role; SCIM, scim.md: user pages + group pages, members inline);
 * - wall time against the rate-limit floor: the page floor at the API's limit. Neither limit is
 *   published [unverified]: SCIM at the spec's inferred 5 requests/s (300/min), the Admin API at the
 *   Analytics API's 60/min as the spec advises. The sandbox imposes no limit on either; the extension's
 *   budgets are set to those limits, so the wall time shows the floor plus the local work;
 * - local processing (wall time of the job's steps minus the time spent waiting for responses and for
 *   the budget), and the peak memory of the extension's renderer process, sampled every second.
 * Writes bench-results/identity.json (or `--out FILE`), which `npm run bench` reads.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../tests/sandbox/server.ts';
import { launchWithExtension } from '../../tests/e2e/launch.ts';
import { readStore } from '../../tests/e2e/idb.ts';
import { SCIM_PAGE_SIZE } from '../../lib/sources/scim/client.ts';
import { extensionProcessMemory, idbBytes, MB } from './run.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'large' },
    seed: { type: 'string', default: '7' },
    'skip-build': { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-results/identity.json' },
    'scim-per-minute': { type: 'string', default: '300' },
    'admin-per-minute': { type: 'string', default: '60' },
  },
});
const PRESET = { demo: 'demo', large: 'identity' } as const;
if (!(values.size in PRESET)) throw new Error(`Unknown --size ${values.size}: use demo or large`);
const preset = PRESET[values.size as keyof typeof PRESET];
const scimPerMinute = Number(values['scim-per-minute']);
const adminPerMinute = Number(values['admin-per-minute']);
const log = (s: string) => console.log(s);

if (!values['skip-build']) execSync('npm run build:e2e', { stdio: ['ignore', 'ignore', 'inherit'] });

const pages = (n: number, per: number) => Math.max(1, Math.ceil(n / per));

/** The Admin API's page floor, from the sandbox's data at the largest page size it honours. */
function adminFloor(sandbox: Sandbox): { floor: number; parts: Record<string, number>; pageSize: number } {
  const d = sandbox.admin.data;
  const per = sandbox.admin.control.maxPageSize;
  const parts = {
    me: 1,
    users: pages(d.users.length, per),
    groups: pages(d.groups.length, per),
    members: d.groups.reduce((s, g) => s + pages(g.members.size, per), 0),
    roles: pages(d.roles.length, per),
    permissions: d.roles.reduce((s, r) => s + pages(r.permissions.length, per), 0),
  };
  return { floor: Object.values(parts).reduce((a, b) => a + b, 0), parts, pageSize: per };
}

/** SCIM's page floor: the spec sets no maximum `count`; the floor is at the 1,000 the client asks for, which the sandbox honours in full. */
function scimFloor(sandbox: Sandbox): { floor: number; parts: Record<string, number>; pageSize: number } {
  const parts = { users: pages(sandbox.scim.store.listUsers().length, SCIM_PAGE_SIZE), groups: pages(sandbox.scim.store.listGroups().length, SCIM_PAGE_SIZE) };
  return { floor: parts.users + parts.groups, parts, pageSize: SCIM_PAGE_SIZE };
}

interface JobRow {
  status: string;
  error: string | null;
  checkpoint: { requests: number; counts: Record<string, number>; timings?: { stepsMs: number; waitMs: number } };
}

async function runSync(page: Page, send: (m: object) => Promise<unknown>, sandbox: Sandbox, userDataDir: string, source: 'scim' | 'admin', jobId: string) {
  sandbox.stats.reset();
  const rss: number[] = [];
  const priv: number[] = [];
  const started = performance.now();
  let lastLog = started;
  await send({ type: 'job/start', source });
  let job: JobRow | undefined;
  for (;;) {
    const m = extensionProcessMemory(userDataDir);
    if (m) {
      rss.push(m.rss);
      priv.push(m.private);
    }
    job = await readStore<JobRow | undefined>(page, 'jobs', jobId);
    if (job && job.status !== 'running' && performance.now() - started > 500) break;
    if (performance.now() - lastLog > 15_000) {
      lastLog = performance.now();
      log(`  … ${source}: ${job?.checkpoint.requests ?? 0} requests, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    await page.waitForTimeout(1000);
  }
  const wallSeconds = +((performance.now() - started) / 1000).toFixed(1);
  if (job.status !== 'done') throw new Error(`${source} sync ${job.status}: ${job.error}`);
  const t = job.checkpoint.timings;
  return {
    status: job.status,
    counts: job.checkpoint.counts,
    requests: source === 'scim' ? sandbox.stats.counts.scim : sandbox.stats.counts.admin,
    requestsByJob: job.checkpoint.requests,
    byPath: Object.fromEntries(sandbox.stats.byPath),
    wallSeconds,
    localSeconds: t ? +((t.stepsMs - t.waitMs) / 1000).toFixed(1) : null,
    waitSeconds: t ? +(t.waitMs / 1000).toFixed(1) : null,
    peakRssMB: rss.length ? MB(Math.max(...rss)) : null,
    peakPrivateMB: priv.length ? MB(Math.max(...priv)) : null,
  };
}

const load = () => os.loadavg().map((l) => +l.toFixed(2));
const results: Record<string, unknown> = { size: values.size, preset, seed: Number(values.seed), loadAtStart: load() };
const t0 = performance.now();
const sandbox = await startSandbox({ size: preset, seed: Number(values.seed) });
const scim = scimFloor(sandbox);
const admin = adminFloor(sandbox);
results.directory = {
  users: sandbox.org.users.length,
  groups: sandbox.org.groups.length,
  averageGroupMembers: +(sandbox.org.groups.reduce((s, g) => s + g.members.length, 0) / Math.max(1, sandbox.org.groups.length)).toFixed(1),
  scimUsers: sandbox.scim.store.listUsers().length,
  scimGroups: sandbox.scim.store.listGroups().length,
  adminUsers: sandbox.admin.data.users.length,
  adminGroups: sandbox.admin.data.groups.length,
  adminRoles: sandbox.admin.data.roles.length,
};
log(`Sandbox (${preset}) ready in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(results.directory)}`);

process.env.PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK = '1'; // see scripts/bench/compliance.ts
const { context, extensionId, userDataDir } = await launchWithExtension();
const url = (p: string) => `chrome-extension://${extensionId}/${p}`;
try {
  const page = await context.newPage();
  await page.goto(url('options.html'));
  await page.evaluate(
    async ({ base, scimUrl, scimPerMinute, adminPerMinute }) => {
      const c = (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome;
      await c.storage.local.set({
        settings: { complianceBaseUrl: base, analyticsBaseUrl: base, adminBaseUrl: base, scimUrl, scimSyncMinutes: 0, adminSyncMinutes: 0, budgets: { compliance: 300, analytics: 30, scim: scimPerMinute, admin: adminPerMinute } },
      });
    },
    { base: sandbox.url, scimUrl: sandbox.scimUrl, scimPerMinute, adminPerMinute },
  );
  const send = (m: object) => page.evaluate((msg) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome.runtime.sendMessage(msg), m);
  await send({ type: 'credential/set', connection: 'scim', secret: sandbox.keys.scimToken, mode: 'session' });
  await send({ type: 'credential/set', connection: 'admin', secret: sandbox.keys.admin.full.secret, mode: 'session' });
  await page.waitForTimeout(2000); // the settings listener applies the budgets; the key checks settle
  // Poll the database from a document that runs none of the product's code, so the memory is the worker's.
  await page.goto(url('icon/128.png'));

  const scimRun = await runSync(page, send, sandbox, userDataDir, 'scim', 'scim-sync');
  results.scim = {
    ...scimRun,
    pageFloor: scim.floor,
    pageFloorParts: scim.parts,
    pageFloorRule: `user pages + group pages (members inline) at count=${scim.pageSize}; the spec sets no maximum page size`,
    perMinute: scimPerMinute,
    floorSeconds: +((scim.floor / scimPerMinute) * 60).toFixed(1),
    floorRule: `page floor at ${scimPerMinute}/min (no published SCIM limit [unverified]; the spec infers ≤ 5 requests/s)`,
  };
  log(`SCIM: ${scimRun.requests} requests (floor ${scim.floor}), ${scimRun.wallSeconds} s (floor ${(results.scim as { floorSeconds: number }).floorSeconds} s), local ${scimRun.localSeconds} s, peak RSS ${scimRun.peakRssMB} MB`);

  const adminRun = await runSync(page, send, sandbox, userDataDir, 'admin', 'admin-sync');
  results.admin = {
    ...adminRun,
    pageFloor: admin.floor,
    pageFloorParts: admin.parts,
    pageFloorRule: `1 (/me) + user pages + group pages + member pages per group (≥ 1 each) + role pages + permission pages per role (≥ 1 each) at limit=${admin.pageSize}, the largest the server honours`,
    perMinute: adminPerMinute,
    floorSeconds: +((admin.floor / adminPerMinute) * 60).toFixed(1),
    floorRule: `page floor at ${adminPerMinute}/min (no published Admin API limit [unverified]; the spec advises budgeting like the Analytics API's 60/min)`,
  };
  log(`Admin API: ${adminRun.requests} requests (floor ${admin.floor}), ${adminRun.wallSeconds} s (floor ${(results.admin as { floorSeconds: number }).floorSeconds} s), local ${adminRun.localSeconds} s, peak RSS ${adminRun.peakRssMB} MB`);
  results.idb = await idbBytes(page);
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
  await sandbox.close();
}
results.loadAtEnd = load();
mkdirSync(path.dirname(values.out), { recursive: true });
writeFileSync(values.out, JSON.stringify(results, null, 2) + '\n');
