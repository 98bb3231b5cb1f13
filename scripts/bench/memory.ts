/**
 * `npm run bench:memory` — where the extension's memory goes during a full snapshot. Runs one full
 * snapshot against a sandbox organization (`--size large` by default) and samples, every few seconds,
 * the extension renderer's RSS and the service worker's JS heap after a forced GC (over CDP); takes
 * one heap snapshot midway through the chats and prints the largest object types. Results go to
 * bench-results/memory.json.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startSandbox } from '../../tests/sandbox/server.ts';
import { SIZE_PRESETS, type SizePreset } from '../../tests/sandbox/shared/contracts.ts';
import { launchConnected, runSnapshot } from './run.ts';

const { values } = parseArgs({ options: { size: { type: 'string', default: 'large' }, seed: { type: 'string', default: '7' }, 'skip-build': { type: 'boolean', default: false }, 'no-summary': { type: 'boolean', default: false }, 'stop-at': { type: 'string' } } });
const size = values.size as SizePreset;
if (!(size in SIZE_PRESETS)) throw new Error(`Unknown --size ${size}`);
if (!values['skip-build']) execSync('npm run build:e2e', { stdio: ['ignore', 'ignore', 'inherit'] });

const sandbox = await startSandbox({ size, seed: Number(values.seed), complianceRateLimit: 1_000_000 });
const env = await launchConnected(sandbox.url, sandbox.keys.compliance.full.secret);
try {
  const run = await runSnapshot(env, { summaryAtChats: !values['no-summary'] ? Math.floor(sandbox.org.chatCount / 2) : undefined, log: console.log, ...(values['stop-at'] ? { stopAtChats: Number(values['stop-at']) } : {}) });
  const result = {
    size,
    chats: sandbox.org.chatCount,
    status: run.job.status,
    wallSeconds: run.wallSeconds,
    peakRssMB: run.peakRssMB,
    peakPrivateMB: run.peakPrivateMB,
    peakHeapUsedAfterGcMB: run.peakHeapUsedMB,
    playwrightServiceWorkerNetwork: process.env.PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK ? 'disabled' : 'enabled (DevTools keeps response bodies in the worker)',
    loadavg: execSync('cat /proc/loadavg', { encoding: 'utf8' }).trim(),
    heapSummaryMidChats: run.heapSummary,
    samples: run.samples,
  };
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/memory.json', JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify({ ...result, samples: undefined }, null, 2));
} finally {
  env.cdp.close();
  await env.context.close();
  rmSync(env.userDataDir, { recursive: true, force: true });
  await sandbox.close();
}
