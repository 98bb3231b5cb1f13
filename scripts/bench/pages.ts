/**
 * Page timings for the benchmarks: how long an extension page takes to show a wanted element, absolute
 * and as a ratio to a blank extension page (blank.html, e2e builds only) opened the same way in the same
 * run. Absolute times vary about 2× between machines; the ratios much less.
 *
 * Each page is opened in a new tab (`goto` up to commit), and the time is the page's own clock
 * (performance.now(), from navigation start) when the wanted element first appears in the DOM, taken by
 * a MutationObserver in the page so no polling delay is added. Pages load in interleaved rounds (blank,
 * then each target) so a busy machine slows them alike; each ratio is the median of the per-round
 * ratios; the first round warms up (compiles the scripts) and is not counted.
 */
import type { BrowserContext, Page } from 'playwright-core';

export interface Timing {
  medianMs: number;
  p90Ms: number;
  maxMs: number;
  runs: number;
}

export interface PageTarget {
  /** Path inside the extension, e.g. "inventory.html#/usage". */
  path: string;
  /** CSS selector, and optionally text the element must contain. */
  css: string;
  text?: string;
  viewport?: { width: number; height: number };
}

export const BLANK_PAGE: PageTarget = { path: 'blank.html', css: '#blank-ready' };

export interface PageTimes<Name extends string> {
  blankPage: Timing;
  pages: Record<Name, Timing>;
  /** Median of each round's time over that round's blank page. */
  ratios: Record<Name, number>;
}

/**
 * Runs in the page: resolves with performance.now() when an element matching `css` (containing `text`)
 * first appears. Kept as source text: tsx would otherwise add helpers the page does not have.
 */
const WAIT_FOR_ELEMENT = `(css, text) => new Promise((resolve) => {
  const found = () => [...document.querySelectorAll(css)].some((el) => text === null || (el.textContent || '').includes(text));
  if (found()) return resolve(performance.now());
  const obs = new MutationObserver(() => {
    if (!found()) return;
    obs.disconnect();
    resolve(performance.now());
  });
  obs.observe(document, { childList: true, subtree: true, characterData: true });
})`;

/** Time (ms since navigation start) when the target first appears in the page. */
export async function timeOnce(context: BrowserContext, base: string, t: PageTarget): Promise<number> {
  const page = await context.newPage();
  try {
    if (t.viewport) await page.setViewportSize(t.viewport);
    await page.goto(base + t.path, { waitUntil: 'commit' });
    const wait = () => page.evaluate<number>(`(${WAIT_FOR_ELEMENT})(${JSON.stringify(t.css)}, ${JSON.stringify(t.text ?? null)})`);
    try {
      return await wait();
    } catch {
      // The evaluation ran in the document being replaced; once the page has loaded, try again.
      await page.waitForLoadState('domcontentloaded');
      return await wait();
    }
  } finally {
    await page.close();
  }
}

export const timingOf = (runs: number[]): Timing => {
  const s = [...runs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { medianMs: Math.round(at(0.5)), p90Ms: Math.round(at(0.9)), maxMs: Math.round(s[s.length - 1]!), runs: s.length };
};

/** Opens the blank page and each target `rounds` times (the first round not counted) in `context`. */
export async function measurePages<Name extends string>(context: BrowserContext, extensionId: string, targets: Record<Name, PageTarget>, rounds = 16): Promise<PageTimes<Name>> {
  const base = `chrome-extension://${extensionId}/`;
  const names = Object.keys(targets) as Name[];
  const blank: number[] = [];
  const runs = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<Name, number[]>;
  for (let round = 0; round < rounds; round++) {
    const b = await timeOnce(context, base, BLANK_PAGE);
    if (round > 0) blank.push(b);
    for (const name of names) {
      const ms = await timeOnce(context, base, targets[name]);
      if (round > 0) runs[name].push(ms);
    }
  }
  // Each round's page time over the same round's blank page (loaded moments apart), then the median of
  // those: a slow spell of a shared machine slows both and cancels out.
  const ratio = (n: Name) => {
    const paired = runs[n].map((ms, i) => ms / Math.max(1, blank[i]!)).sort((a, b) => a - b);
    return +paired[Math.floor((paired.length - 1) / 2)]!.toFixed(2);
  };
  return {
    blankPage: timingOf(blank),
    pages: Object.fromEntries(names.map((n) => [n, timingOf(runs[n])])) as Record<Name, Timing>,
    ratios: Object.fromEntries(names.map((n) => [n, ratio(n)])) as Record<Name, number>,
  };
}

/** One console line: absolute median and p90, and the ratio to the blank page with its target. */
export function formatTiming(label: string, t: Timing, ratio?: number, target?: number): string {
  return `${label.padEnd(28)} median ${String(t.medianMs).padStart(4)} ms  p90 ${String(t.p90Ms).padStart(4)} ms${ratio === undefined ? '' : `  ${ratio.toFixed(2)}× blank${target === undefined ? '' : ` (target ≤ ${target}×)`}`}`;
}

/** Writes rows into the extension's database from one of its pages (the database exists once the worker started), 5,000 per transaction. */
export async function seedStores(page: Page, rows: Record<string, readonly unknown[]>): Promise<void> {
  for (const [store, list] of Object.entries(rows)) {
    for (let i = 0; i < list.length; i += 5000) {
      await page.evaluate(
        ({ store, chunk }) =>
          new Promise<void>((resolve, reject) => {
            const open = indexedDB.open('admin-companion');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
              const tx = db.transaction(store, 'readwrite');
              for (const row of chunk) tx.objectStore(store).put(row);
              tx.oncomplete = () => (db.close(), resolve());
              tx.onerror = () => (db.close(), reject(tx.error));
            };
          }),
        { store, chunk: list.slice(i, i + 5000) },
      );
    }
  }
}

/**
 * After seeding: has the worker publish the People directory of the seeded tables (lib/identity/directory.ts;
 * raw IndexedDB writes do not notify it) and returns how long the join and its write took, in ms.
 */
export async function publishDirectory(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const t0 = performance.now();
    const r = (await (globalThis as unknown as { chrome: { runtime: { sendMessage: (m: unknown) => Promise<{ ok: boolean; error?: { message: string } }> } } }).chrome.runtime.sendMessage({ type: 'identity/directory' })) ?? { ok: false };
    if (!r.ok) throw new Error(`The directory was not published: ${r.error?.message ?? 'no answer'}`);
    return Math.round(performance.now() - t0);
  });
}
