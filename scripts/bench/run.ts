/**
 * Shared pieces of the snapshot benchmarks (scripts/bench/memory.ts, scripts/bench/huge.ts): launch
 * the e2e build with a CDP port, connect it to a sandbox, run one snapshot while sampling the memory
 * of the extension process and of the worker's JS heap.
 */
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchWithExtension } from '../../tests/e2e/launch.ts';
import { readJob, readStore, waitForJob, type JobView } from '../../tests/e2e/idb.ts';
import { CDP_ARGS, CdpTarget } from './cdp.ts';

/**
 * Memory of this browser's extension renderer process(es) (flag --extension-process), from /proc. Only
 * processes descended from the browser started with `userDataDir` count: other Chromium instances on
 * the machine (other benchmarks, other people's tests) have extension processes too. RSS includes the
 * shared Chromium libraries (~85–100 MB that every renderer maps); private bytes are what the extension
 * itself costs.
 */
export function extensionProcessMemory(userDataDir: string): { rss: number; private: number; pss: number } | null {
  try {
    const rows = execSync('ps -eo pid=,ppid=,args=', { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
      .filter((m): m is RegExpMatchArray => m !== null)
      .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
    const root = rows.find((r) => r.args.includes(`--user-data-dir=${userDataDir}`) && !r.args.includes('--type='));
    if (!root) return null;
    const ours = new Set([root.pid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const r of rows)
        if (!ours.has(r.pid) && ours.has(r.ppid)) {
          ours.add(r.pid);
          grew = true;
        }
    }
    let rss = 0;
    let priv = 0;
    let pss = 0;
    for (const r of rows) {
      if (!ours.has(r.pid) || !r.args.includes('--extension-process')) continue;
      const kb = (k: string, text: string) => Number(text.match(new RegExp(`^${k}:\\s+(\\d+)`, 'm'))?.[1] ?? 0) * 1024;
      const text = readFileSync(`/proc/${r.pid}/smaps_rollup`, 'utf8');
      rss += kb('Rss', text);
      pss += kb('Pss', text);
      priv += kb('Private_Dirty', text) + kb('Private_Clean', text);
    }
    return rss > 0 ? { rss, private: priv, pss } : null;
  } catch {
    return null;
  }
}

export const MB = (b: number) => +(b / 1048576).toFixed(1);

export async function launchConnected(sandboxUrl: string, complianceSecret: string) {
  const launched = await launchWithExtension({ extraArgs: ['--js-flags=--expose-gc', ...CDP_ARGS] });
  const { context, extensionId, userDataDir } = launched;
  const url = (p: string) => `chrome-extension://${extensionId}/${p}`;
  const page = await context.newPage();
  await page.goto(url('options.html'));
  await page.evaluate(
    async ({ base }) => {
      const c = (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome;
      await c.storage.local.set({ settings: { complianceBaseUrl: base, analyticsBaseUrl: base, budgets: { compliance: 600, analytics: 30, scim: 240 } } });
    },
    { base: sandboxUrl },
  );
  const send = (m: object) => page.evaluate((msg) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome.runtime.sendMessage(msg), m);
  await send({ type: 'credential/set', connection: 'compliance', secret: complianceSecret, mode: 'session' });
  await page.waitForTimeout(1500);
  // Poll from a document that runs none of the product's code, so the memory sampled is the worker's.
  await page.goto(url('icon/128.png'));
  const cdp = await CdpTarget.serviceWorker(userDataDir, extensionId);
  return { ...launched, page, send, url, cdp };
}

export interface SnapshotSample {
  t: number;
  chats: number;
  rssMB: number | null;
  privateMB: number | null;
  heapUsedMB: number;
}

export interface SnapshotRun {
  job: JobView;
  wallSeconds: number;
  samples: SnapshotSample[];
  peakRssMB: number | null;
  peakPrivateMB: number | null;
  peakHeapUsedMB: number;
  heapSummary?: Array<{ name: string; count: number; selfMB: number }>;
}

/**
 * Starts a snapshot and waits for it, sampling every `everyMs`: RSS of the extension process and the
 * worker's JS heap after a full GC (what it retains, not when V8 chose to collect). Optionally takes
 * one heap snapshot once `summaryAtChats` chats were read. `stopAtChats` cancels the run there (for
 * partial runs that are extrapolated).
 */
export async function runSnapshot(
  env: { page: Page; send: (m: object) => Promise<unknown>; cdp: CdpTarget; userDataDir: string },
  opts: { everyMs?: number; summaryAtChats?: number; stopAtChats?: number; log?: (s: string) => void; timeoutMs?: number } = {},
): Promise<SnapshotRun> {
  const { page, send, cdp } = env;
  const samples: SnapshotSample[] = [];
  let heapSummary: SnapshotRun['heapSummary'];
  const started = performance.now();
  await send({ type: 'job/start', source: 'compliance' });
  let lastLog = 0;
  let lastSample = -Infinity;
  let stopped = false;
  for (;;) {
    const job = await readJob(page);
    const chats = job?.checkpoint.counts.chats ?? 0;
    if (performance.now() - lastSample >= (opts.everyMs ?? 5000)) {
      lastSample = performance.now();
      const heap = await cdp.heapAfterGc().catch(() => ({ usedSize: 0 }));
      const mem = extensionProcessMemory(env.userDataDir);
      samples.push({ t: +((performance.now() - started) / 1000).toFixed(1), chats, rssMB: mem ? MB(mem.rss) : null, privateMB: mem ? MB(mem.private) : null, heapUsedMB: MB(heap.usedSize) });
    }
    if (opts.summaryAtChats !== undefined && !heapSummary && chats >= opts.summaryAtChats) heapSummary = await cdp.heapSummary();
    if (job && job.status !== 'running') break;
    if (!stopped && opts.stopAtChats !== undefined && chats >= opts.stopAtChats) {
      stopped = true;
      await send({ type: 'job/cancel', source: 'compliance' });
    }
    if (performance.now() - lastLog > 15_000) {
      lastLog = performance.now();
      const s = samples[samples.length - 1];
      opts.log?.(`  … ${job?.checkpoint.phase}: ${chats.toLocaleString('en-US')} chats, ${job?.checkpoint.requests} requests, ${((performance.now() - started) / 1000).toFixed(0)} s, rss ${s?.rssMB} MB, private ${s?.privateMB} MB, heap ${s?.heapUsedMB} MB`);
    }
    if (opts.timeoutMs && performance.now() - started > opts.timeoutMs) throw new Error('snapshot timed out');
    await page.waitForTimeout(500);
  }
  const job = await waitForJob(page, ['done', 'failed', 'paused', 'cancelled'], 10_000);
  const wallSeconds = +((performance.now() - started) / 1000).toFixed(1);
  const rss = samples.map((s) => s.rssMB).filter((x): x is number => x !== null);
  const priv = samples.map((s) => s.privateMB).filter((x): x is number => x !== null);
  return { job, wallSeconds, samples, peakRssMB: rss.length ? Math.max(...rss) : null, peakPrivateMB: priv.length ? Math.max(...priv) : null, peakHeapUsedMB: Math.max(0, ...samples.map((s) => s.heapUsedMB)), heapSummary };
}

/**
 * Bytes the extension's IndexedDB holds, per object store (values sized in the page by a structural
 * estimate: strings by length, typed arrays by byteLength), plus the origin's usage estimate. The
 * in-page code is a plain string: tsx's keepNames would otherwise inject helpers the page lacks.
 */
export async function idbBytes(page: Page): Promise<{ total: number; usage: number | null; stores: Record<string, { rows: number; bytes: number }> }> {
  return page.evaluate(IDB_BYTES_SOURCE) as Promise<{ total: number; usage: number | null; stores: Record<string, { rows: number; bytes: number }> }>;
}

const IDB_BYTES_SOURCE = `(async () => {
  const est = await navigator.storage.estimate().catch(() => ({ usage: undefined }));
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('admin-companion');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  function size(v) {
    if (v === null || v === undefined) return 1;
    if (typeof v === 'string') return v.length + 2;
    if (typeof v === 'number') return 9;
    if (typeof v === 'boolean') return 1;
    if (ArrayBuffer.isView(v)) return v.byteLength + 4;
    if (Array.isArray(v)) { let s = 4; for (const x of v) s += size(x); return s; }
    if (typeof v === 'object') { let s = 4; for (const k of Object.keys(v)) s += k.length + 2 + size(v[k]); return s; }
    return 8;
  }
  const stores = {};
  let total = 0;
  for (const name of Array.from(db.objectStoreNames)) {
    await new Promise((resolve) => {
      let bytes = 0;
      let n = 0;
      const req = db.transaction(name).objectStore(name).openCursor();
      req.onsuccess = () => {
        const c = req.result;
        if (!c) { stores[name] = { rows: n, bytes }; total += bytes; return resolve(); }
        n++;
        bytes += size(c.value) + size(c.primaryKey);
        c.continue();
      };
      req.onerror = () => resolve();
    });
  }
  db.close();
  return { total, usage: est.usage ?? null, stores };
})()`;

export { readStore };
