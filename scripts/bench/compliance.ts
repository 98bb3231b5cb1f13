/**
 * `npm run bench:compliance` — performance of the Compliance snapshot in the real extension, in Debian's
 * Chromium, against the sandbox. Results are printed and written to bench-results/compliance.json (or
 * `--out <file>`); `npm run bench` runs it as part of the whole report (scripts/bench.ts).
 *
 * Default organization (`--size large`): 10k users, 1M chats, ~200k activity events, 50 MCP servers.
 * `--size demo` gives a quick run. The sandbox's per-tenant limit is lifted and the extension's budget
 * set to the organization's full 600/min, so the wall time shows the rate-limit floor; local
 * processing (parse, validate, store, derive) is measured separately from time spent waiting for
 * responses.
 *
 * Measured:
 * - requests for a full snapshot vs the minimum possible at maximum page sizes;
 * - local processing throughput in chats/s;
 * - requests for an incremental refresh of the unchanged organization;
 * - popup interactive time and inventory first render with the snapshot stored, absolute and as ratios to
 *   a blank extension page (scripts/bench/ui.ts), and the gzip sizes of each page's scripts;
 * - the size of the extension's IndexedDB with the snapshot stored (structural estimate per store);
 * - the resident memory of the extension's renderer process (the worker, plus the one options page the
 *   benchmark keeps open) during the run, sampled every second: bounded memory shows as a flat line.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startSandbox } from '../../tests/sandbox/server.ts';
import { SIZE_PRESETS, type SizePreset } from '../../tests/sandbox/shared/contracts.ts';
import { EXTENSION_PATH, launchWithExtension } from '../../tests/e2e/launch.ts';
import { formatUiTimes, measureUiTimes, type UiTimes } from './ui.ts';
import { readJob, readStore, waitForJob } from '../../tests/e2e/idb.ts';
import { PAGE_SIZE } from '../../lib/sources/compliance/client.ts';
import { extensionProcessMemory, idbBytes } from './run.ts';
import { CHAT_DELETION_TYPES, DIRECTORY_ACTIVITY_TYPES, MCP_ACTIVITY_TYPES } from '../../lib/sources/compliance/schemas.ts';

const { values } = parseArgs({ options: { size: { type: 'string', default: 'large' }, seed: { type: 'string', default: '7' }, 'skip-build': { type: 'boolean', default: false }, out: { type: 'string', default: 'bench-results/compliance.json' } } });
const size = values.size as SizePreset;
if (!(size in SIZE_PRESETS)) throw new Error(`Unknown --size ${size}`);
const log = (s: string) => console.log(s);

if (!values['skip-build']) execSync('npm run build:e2e', { stdio: ['ignore', 'ignore', 'inherit'] });

const t0 = performance.now();
const sandbox = await startSandbox({ size, seed: Number(values.seed), complianceRateLimit: 1_000_000 });
const org = sandbox.org;
log(`Sandbox (${size}) ready in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${org.users.length} users, ${org.chatCount.toLocaleString('en-US')} chats, ${org.activities.count.toLocaleString('en-US')} activity events, ${org.mcpServers.length} MCP servers`);

// The minimum number of requests for a full snapshot at maximum page sizes.
const pages = (n: number, per: number) => Math.max(1, Math.ceil(n / per));
const wanted = new Set<string>([...MCP_ACTIVITY_TYPES, ...DIRECTORY_ACTIVITY_TYPES, ...CHAT_DELETION_TYPES]);
const log_ = org.activities;
const wantedCodes = new Set([...wanted].map((t) => log_.findTypeCode(t)).filter((c) => c >= 0));
let feedEvents = 0;
for (let seq = 0; seq < log_.count; seq++) if (wantedCodes.has(log_.type[seq]!)) feedEvents++;
const usersPerOrg = org.organizations.map((o) => (org.memberships[o.index] ?? []).length);
const rolesPerOrg = org.organizations.map((o) => org.roles.filter((r) => r.orgIndex === o.index).length);
const liveProjects = org.projects.filter((p) => !p.hardDeleted).length;
const minimum =
  pages(org.organizations.length, PAGE_SIZE.organizations) +
  pages(feedEvents, PAGE_SIZE.activities) +
  pages(org.chatCount, PAGE_SIZE.chats) +
  usersPerOrg.reduce((s, n) => s + pages(n, PAGE_SIZE.users), 0) +
  rolesPerOrg.reduce((s, n) => s + pages(n, PAGE_SIZE.roles), 0) +
  pages(org.groups.length, PAGE_SIZE.groups) +
  org.groups.reduce((s, g) => s + pages(g.members.length, PAGE_SIZE.members), 0) +
  org.organizations.length +
  pages(liveProjects, PAGE_SIZE.projects);

// Playwright enables DevTools network inspection on service workers, and DevTools then keeps response
// bodies in the worker's process (~200 MB of chat pages): an artefact of the harness, not of the
// product. Memory is sampled without it, and only for this browser's extension process (see
// scripts/bench/run.ts: the old sum over every `--extension-process` on the machine counted other
// browsers too).
process.env.PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK = '1';

// --expose-gc lets the benchmark collect garbage in the worker before sampling, so the numbers show
// what the worker retains rather than when V8 chose to collect.
const { context, extensionId, worker, userDataDir } = await launchWithExtension({ extraArgs: ['--js-flags=--expose-gc'] });
const url = (p: string) => `chrome-extension://${extensionId}/${p}`;
// The documented limit is 600 requests/minute per parent organization (compliance-api.md §4.3).
const floorSeconds = +((minimum / 600) * 60).toFixed(1);
const results: Record<string, unknown> = { size, seed: Number(values.seed), chats: org.chatCount, users: org.users.length, feedEvents, minimumRequests: minimum, floorSeconds };
try {
  const page = await context.newPage();
  await page.goto(url('options.html'));
  await page.evaluate(
    async ({ base }) => {
      const c = (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome;
      await c.storage.local.set({ settings: { complianceBaseUrl: base, analyticsBaseUrl: base, budgets: { compliance: 600, analytics: 30, scim: 240 } } });
    },
    { base: sandbox.url },
  );
  const send = (m: object) => page.evaluate((msg) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome.runtime.sendMessage(msg), m);
  await send({ type: 'credential/set', connection: 'compliance', secret: sandbox.keys.compliance.full.secret, mode: 'session' });
  await page.waitForTimeout(1500); // the settings listener applies the budget; the key check settles
  // Poll the database from a document that runs none of the product's code (the icon, same origin), so
  // the memory sampled below is the worker's, not a page's.
  await page.goto(url('icon/128.png'));
  sandbox.stats.reset();

  // Full snapshot.
  const heap: number[] = [];
  const priv: number[] = [];
  const started = performance.now();
  await send({ type: 'job/start', source: 'compliance' });
  let last = 0;
  let tick = 0;
  for (;;) {
    const job = await readJob(page);
    if (tick++ % 10 === 0) {
      await worker.evaluate(() => (globalThis as unknown as { gc?: () => void }).gc?.()).catch(() => undefined);
      const m = extensionProcessMemory(userDataDir);
      if (m !== null) {
        heap.push(m.rss);
        priv.push(m.private);
      }
    }
    if (job && job.status !== 'running') break;
    if (job && performance.now() - last > 15_000) {
      last = performance.now();
      log(`  … ${job.checkpoint.phase}: ${job.checkpoint.counts.chats.toLocaleString('en-US')} chats, ${job.checkpoint.requests} requests, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    await page.waitForTimeout(1000);
  }
  const full = await waitForJob(page, ['done', 'failed', 'paused'], 10_000);
  if (full.status !== 'done') throw new Error(`Full snapshot ${full.status}: ${full.error}`);
  const wall = (performance.now() - started) / 1000;
  const cp = full.checkpoint;
  const processingS = ((cp.timings?.stepsMs ?? 0) - (cp.timings?.waitMs ?? 0)) / 1000;
  results.full = {
    /** Every request of the job, the beta Plugins API's included. */
    requests: cp.requests,
    /** Compliance API requests counted at the sandbox: what the minimum is computed for. */
    sandboxRequests: sandbox.stats.counts.compliance,
    /** Plugins API requests (list pages and latest-version reads, admin-api.md §6), outside the minimum. */
    pluginRequests: sandbox.stats.counts.plugins,
    ratioToMinimum: +(sandbox.stats.counts.compliance / minimum).toFixed(3),
    wallSeconds: +wall.toFixed(1),
    waitSeconds: +((cp.timings?.waitMs ?? 0) / 1000).toFixed(1),
    processingSeconds: +processingS.toFixed(1),
    chatsPerSecondProcessing: Math.round(cp.counts.chats / processingS),
    extensionProcessRssMaxMB: heap.length ? +(Math.max(...heap) / 1048576).toFixed(1) : null,
    extensionProcessRssFirstMB: heap.length ? +(heap[0]! / 1048576).toFixed(1) : null,
    extensionProcessRssLastMB: heap.length ? +(heap[heap.length - 1]! / 1048576).toFixed(1) : null,
    /** Private (unshared) bytes of the process: what the extension costs beyond Chromium's shared code. */
    extensionProcessPrivateMaxMB: priv.length ? +(Math.max(...priv) / 1048576).toFixed(1) : null,
    rssSamples: heap.length,
    /** RSS after a forced GC, every ~10 s of the run (MB). */
    rssAfterGcSeriesMB: heap.map((b) => Math.round(b / 1048576)),
  };

  // Incremental refresh of the unchanged organization.
  sandbox.stats.reset();
  await send({ type: 'job/start', source: 'compliance' });
  await page.waitForTimeout(200);
  const inc = await waitForJob(page, ['done', 'failed', 'paused'], 120_000);
  results.incremental = { status: inc.status, requests: sandbox.stats.counts.compliance };
  results.idb = await idbBytes(page);

  // Popup interactive and inventory first render with the snapshot stored, absolute and relative to a blank page.
  Object.assign(results, await measureUiTimes(context, extensionId, { buildDir: EXTENSION_PATH }));
  results.publishedModels = (await readStore<unknown[]>(page, 'pubModels')).length;
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
  await sandbox.close();
}

mkdirSync(path.dirname(values.out), { recursive: true });
writeFileSync(values.out, JSON.stringify(results, null, 2) + '\n');
log(JSON.stringify(results, null, 2));
if (results.ratios) log(formatUiTimes(results as unknown as UiTimes));
