/**
 * `npm run bench:huge` — the Compliance snapshot beyond one browser's comfort: a 5M-chat, 50k-user
 * organization (`huge` preset). Reports, in bench-results/huge.json:
 *
 * - the full snapshot: requests against the minimum at maximum page sizes, the rate-limit floor (the
 *   documented 600 requests/minute per parent organization, spec §4.3; the extension's default budget
 *   is half of it), the measured wall time, and the memory of the extension process and worker heap;
 * - IndexedDB bytes per chat, per store (the chat store is what grows with chats; the aggregates grow
 *   with models × users × projects);
 * - the cost (requests, time) of an incremental refresh of the unchanged organization and of one
 *   after 1,000 chats changed.
 *
 * A full 5M walk takes tens of minutes on a shared 2-core machine, so `--stop-at N` (default 1,000,000)
 * cancels the full snapshot after N chats and extrapolates its wall time linearly in chats (the chats
 * phase is >95% of requests); the refresh costs are then measured on a completed snapshot of an
 * organization with the huge preset's directory and `--refresh-chats` chats. `--stop-at 0` runs all 5M.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startSandbox, type Sandbox } from '../../tests/sandbox/server.ts';
import { SIZE_PRESETS } from '../../tests/sandbox/shared/contracts.ts';
import { PAGE_SIZE } from '../../lib/sources/compliance/client.ts';
import { CHAT_DELETION_TYPES, DIRECTORY_ACTIVITY_TYPES, MCP_ACTIVITY_TYPES } from '../../lib/sources/compliance/schemas.ts';
import { idbBytes, launchConnected, runSnapshot, type SnapshotRun } from './run.ts';
import { waitForJob } from '../../tests/e2e/idb.ts';

process.env.PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK = '1'; // see scripts/bench.ts

const { values } = parseArgs({
  options: { seed: { type: 'string', default: '7' }, 'skip-build': { type: 'boolean', default: false }, 'stop-at': { type: 'string', default: '1000000' }, 'refresh-chats': { type: 'string', default: '200000' } },
});
const stopAt = Number(values['stop-at']);
const log = (s: string) => console.log(s);
const RATE_LIMIT_PER_MIN = 600; // spec §4.3, per parent organization
if (!values['skip-build']) execSync('npm run build:e2e', { stdio: ['ignore', 'ignore', 'inherit'] });
const load = () => execSync('cat /proc/loadavg', { encoding: 'utf8' }).trim();

function minimumRequests(sandbox: Sandbox): { total: number; chats: number } {
  const org = sandbox.org;
  const pages = (n: number, per: number) => Math.max(1, Math.ceil(n / per));
  const wanted = new Set<string>([...MCP_ACTIVITY_TYPES, ...DIRECTORY_ACTIVITY_TYPES, ...CHAT_DELETION_TYPES]);
  const codes = new Set([...wanted].map((t) => org.activities.findTypeCode(t)).filter((c) => c >= 0));
  let feed = 0;
  for (let seq = 0; seq < org.activities.count; seq++) if (codes.has(org.activities.type[seq]!)) feed++;
  const chats = pages(org.chatCount, PAGE_SIZE.chats);
  const total =
    pages(org.organizations.length, PAGE_SIZE.organizations) +
    pages(feed, PAGE_SIZE.activities) +
    chats +
    org.organizations.reduce((s, o) => s + pages((org.memberships[o.index] ?? []).length, PAGE_SIZE.users), 0) +
    org.organizations.reduce((s, o) => s + pages(org.roles.filter((r) => r.orgIndex === o.index).length, PAGE_SIZE.roles), 0) +
    pages(org.groups.length, PAGE_SIZE.groups) +
    org.groups.reduce((s, g) => s + pages(g.members.length, PAGE_SIZE.members), 0) +
    org.organizations.length +
    pages(org.projects.filter((p) => !p.hardDeleted).length, PAGE_SIZE.projects);
  return { total, chats };
}

const memory = (run: SnapshotRun) => ({ peakRssMB: run.peakRssMB, peakPrivateMB: run.peakPrivateMB, peakWorkerHeapAfterGcMB: run.peakHeapUsedMB });

const results: Record<string, unknown> = { preset: SIZE_PRESETS.huge, loadavgAtStart: load() };

// ---- Part 1: the 5M-chat full snapshot (measured, or measured in part and extrapolated).
{
  const t0 = performance.now();
  const sandbox = await startSandbox({ size: 'huge', seed: Number(values.seed), complianceRateLimit: 1_000_000 });
  log(`Sandbox (huge) ready in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${sandbox.org.users.length} users, ${sandbox.org.chatCount.toLocaleString('en-US')} chats`);
  const min = minimumRequests(sandbox);
  const env = await launchConnected(sandbox.url, sandbox.keys.compliance.full.secret);
  try {
    const run = await runSnapshot(env, { everyMs: 10_000, log, ...(stopAt > 0 ? { stopAtChats: stopAt } : {}) });
    const cp = run.job.checkpoint;
    const chats = cp.counts.chats;
    const idb = await idbBytes(env.page);
    const chatStore = (idb.stores.chatBatches?.bytes ?? 0) + (idb.stores.chatFilters?.bytes ?? 0);
    const complete = run.job.status === 'done';
    const scale = complete ? 1 : sandbox.org.chatCount / Math.max(1, chats);
    const waitS = (cp.timings?.waitMs ?? 0) / 1000;
    const stepsS = (cp.timings?.stepsMs ?? 0) / 1000;
    results.fullSnapshot = {
      status: run.job.status,
      measuredChats: chats,
      totalChats: sandbox.org.chatCount,
      measuredWallSeconds: run.wallSeconds,
      measuredRequests: cp.requests,
      chatsPerSecondWall: Math.round(chats / run.wallSeconds),
      chatsPerSecondProcessing: Math.round(chats / Math.max(0.001, stepsS - waitS)),
      waitSeconds: +waitS.toFixed(1),
      processingSeconds: +(stepsS - waitS).toFixed(1),
      minimumRequests: min.total,
      /** The documented rate limit's floor for the minimum requests; the extension's default budget is half the limit (twice the floor). */
      floorMinutesAt600PerMin: +(min.total / RATE_LIMIT_PER_MIN).toFixed(1),
      floorMinutesAtDefaultBudget300PerMin: +(min.total / (RATE_LIMIT_PER_MIN / 2)).toFixed(1),
      wallMinutes: complete ? +(run.wallSeconds / 60).toFixed(1) : null,
      extrapolatedWallMinutes: complete ? null : +((run.wallSeconds * scale) / 60).toFixed(1),
      ...memory(run),
      idbBytesTotal: idb.total,
      idbUsageEstimate: idb.usage,
      idbStores: idb.stores,
      chatStoreBytesPerChat: +(chatStore / Math.max(1, chats)).toFixed(1),
      idbBytesPerChat: +(idb.total / Math.max(1, chats)).toFixed(1),
      aggregateBytes: (idb.stores.models?.bytes ?? 0) + (idb.stores.modelUsage?.bytes ?? 0),
      loadavg: load(),
    };
    log(JSON.stringify(results.fullSnapshot, null, 2));
  } finally {
    env.cdp.close();
    await env.context.close();
    rmSync(env.userDataDir, { recursive: true, force: true });
    await sandbox.close();
  }
}

// ---- Part 2: refresh cost on a completed snapshot (the huge directory; all 5M chats only with --stop-at 0).
{
  const chats = stopAt > 0 ? Number(values['refresh-chats']) : SIZE_PRESETS.huge.chats;
  const sandbox = await startSandbox({ size: { ...SIZE_PRESETS.huge, chats }, seed: Number(values.seed), complianceRateLimit: 1_000_000 });
  const env = await launchConnected(sandbox.url, sandbox.keys.compliance.full.secret);
  try {
    const full = await runSnapshot(env, { everyMs: 10_000, log });
    if (full.job.status !== 'done') throw new Error(`full snapshot ${full.job.status}`);
    const refresh = async (label: string) => {
      sandbox.stats.reset();
      const t = performance.now();
      await env.send({ type: 'job/start', source: 'compliance' });
      await env.page.waitForTimeout(200);
      const job = await waitForJob(env.page, ['done', 'failed', 'paused'], 600_000);
      return { label, status: job.status, requests: sandbox.stats.counts.compliance, seconds: +((performance.now() - t) / 1000).toFixed(1) };
    };
    const unchanged = await refresh('unchanged organization');
    // 1,000 chats changed since: new messages, some with a new model.
    for (let k = 0; k < 1_000; k++) sandbox.compliance.touchChat((k * 7919) % sandbox.org.chatCount, k % 10 === 0 ? { model: 'claude-opus-4-7' } : {});
    const changed = await refresh('1,000 chats changed');
    const idb = await idbBytes(env.page);
    results.refresh = {
      chats,
      users: sandbox.org.users.length,
      fullWallSeconds: full.wallSeconds,
      unchanged,
      changed,
      idbBytesPerChat: +(idb.total / chats).toFixed(1),
      chatStoreBytesPerChat: +(((idb.stores.chatBatches?.bytes ?? 0) + (idb.stores.chatFilters?.bytes ?? 0)) / chats).toFixed(1),
      idbStores: idb.stores,
      ...memory(full),
      loadavg: load(),
    };
    log(JSON.stringify(results.refresh, null, 2));
  } finally {
    env.cdp.close();
    await env.context.close();
    rmSync(env.userDataDir, { recursive: true, force: true });
    await sandbox.close();
  }
}

mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/huge.json', JSON.stringify(results, null, 2) + '\n');
