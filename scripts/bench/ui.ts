/**
 * UI timings for `npm run bench`: how long the popup and the inventory tab take to show something useful,
 * absolute and relative to a blank extension page (blank.html, e2e builds only) opened the same way in
 * the same run. Absolute times vary about 2× between machines; the ratios do much less.
 *
 * Each page is opened in a new tab (`goto` up to commit), and the time is the page's own clock
 * (performance.now(), from navigation start) when the wanted element first appears in the DOM, taken
 * by a MutationObserver in the page so no polling delay is added. The pages are loaded in interleaved
 * rounds (blank, popup, popup counts, inventory, …) so a busy machine slows them alike, and each ratio is
 * the median of the per-round ratios; the first round warms up (compiles the scripts) and is not counted.
 */
import type { BrowserContext } from 'playwright-core';
import { entrypointSizes, type EntrypointSizes } from '../bundle-sizes.ts';

export interface Timing {
  medianMs: number;
  p90Ms: number;
  maxMs: number;
  runs: number;
}

export interface UiTimes {
  blankPage: Timing;
  popupInteractive: Timing;
  popupCountsShown: Timing;
  inventoryFirstRender: Timing;
  /** Median of each round's time over that round's blank page (targets: popup ≤ 1.5, inventory ≤ 2). */
  ratios: { popupInteractive: number; popupCountsShown: number; inventoryFirstRender: number };
  /** gzip bytes of each page's scripts and styles before first paint, and loaded lazily. */
  bundleGzipKB: Record<string, { firstPaint: number; lazy: number }>;
}

export interface Target {
  path: string;
  /** CSS selector, and optionally text the element must contain. */
  css: string;
  text?: string;
  viewport?: { width: number; height: number };
}

const POPUP_VIEWPORT = { width: 380, height: 600 };
const TARGETS = {
  blankPage: { path: 'blank.html', css: '#blank-ready' },
  // Interactive: React has rendered the popup and its buttons work.
  popupInteractive: { path: 'popup.html', css: 'button', text: 'Open inventory', viewport: POPUP_VIEWPORT },
  // Counts: the snapshot's numbers are on screen.
  popupCountsShown: { path: 'popup.html', css: '[data-testid="popup-counts"]', viewport: POPUP_VIEWPORT },
  inventoryFirstRender: { path: 'inventory.html', css: 'tbody tr td' },
} satisfies Record<string, Target>;
type Name = keyof typeof TARGETS;

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
export async function timeOnce(context: BrowserContext, base: string, t: Target): Promise<number> {
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

export const stats = (runs: number[]): Timing => {
  const s = [...runs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { medianMs: Math.round(at(0.5)), p90Ms: Math.round(at(0.9)), maxMs: Math.round(s[s.length - 1]!), runs: s.length };
};

/**
 * Opens each page `rounds` times (the first round not counted) in `context`, whose extension is at
 * `chrome-extension://<extensionId>/`, with a snapshot already stored. `buildDir` is the loaded build, for the sizes.
 */
export async function measureUiTimes(context: BrowserContext, extensionId: string, options: { rounds?: number; buildDir?: string } = {}): Promise<UiTimes> {
  const base = `chrome-extension://${extensionId}/`;
  const rounds = options.rounds ?? 16;
  const runs = Object.fromEntries(Object.keys(TARGETS).map((k) => [k, [] as number[]])) as Record<Name, number[]>;
  for (let round = 0; round < rounds; round++) {
    for (const name of Object.keys(TARGETS) as Name[]) {
      const ms = await timeOnce(context, base, TARGETS[name]);
      if (round > 0) runs[name].push(ms);
    }
  }
  const t = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, stats(v)])) as Record<Name, Timing>;
  // Each round's page time over the same round's blank page (loaded moments apart), then the median of
  // those: a slow spell of a shared machine slows both and cancels out.
  const ratio = (n: Name) => {
    const paired = runs[n].map((ms, i) => ms / Math.max(1, runs.blankPage[i]!)).sort((a, b) => a - b);
    return +paired[Math.floor((paired.length - 1) / 2)]!.toFixed(2);
  };
  const sizes: EntrypointSizes[] = options.buildDir ? entrypointSizes(options.buildDir) : [];
  const kB = (b: number) => +(b / 1000).toFixed(1);
  return {
    ...t,
    ratios: { popupInteractive: ratio('popupInteractive'), popupCountsShown: ratio('popupCountsShown'), inventoryFirstRender: ratio('inventoryFirstRender') },
    bundleGzipKB: Object.fromEntries(sizes.map((s) => [s.entrypoint, { firstPaint: kB(s.firstPaint.gzipBytes), lazy: kB(s.lazy.gzipBytes) }])),
  };
}

/** One line per page for the console: absolute median and p90, and the ratio to the blank page. */
export function formatUiTimes(ui: UiTimes): string {
  const line = (label: string, t: Timing, r?: number, target?: number) =>
    `${label.padEnd(24)} median ${String(t.medianMs).padStart(4)} ms  p90 ${String(t.p90Ms).padStart(4)} ms${r === undefined ? '' : `  ${r.toFixed(2)}× blank (target ≤ ${target}×)`}`;
  return [
    line('blank page', ui.blankPage),
    line('popup interactive', ui.popupInteractive, ui.ratios.popupInteractive, 1.5),
    line('popup counts shown', ui.popupCountsShown, ui.ratios.popupCountsShown, 1.5),
    line('inventory first render', ui.inventoryFirstRender, ui.ratios.inventoryFirstRender, 2),
  ].join('\n');
}
