/**
 * UI timings for `npm run bench`: how long the popup and the inventory tab take to show something useful,
 * absolute and relative to a blank extension page (blank.html, e2e builds only) opened the same way in
 * the same run. Absolute times vary about 2× between machines; the ratios do much less.
 *
 * The timing method (new tab, MutationObserver, interleaved rounds, median of per-round ratios) is
 * scripts/bench/pages.ts.
 */
import type { BrowserContext } from 'playwright-core';
import { formatTiming, measurePages, type PageTarget, type Timing } from './pages.ts';
import { entrypointSizes, type EntrypointSizes } from '../bundle-sizes.ts';

export type { Timing };

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

const POPUP_VIEWPORT = { width: 380, height: 600 };
const TARGETS = {
  // Interactive: React has rendered the popup and its buttons work.
  popupInteractive: { path: 'popup.html', css: 'button', text: 'Open inventory', viewport: POPUP_VIEWPORT },
  // Counts: the snapshot's numbers are on screen.
  popupCountsShown: { path: 'popup.html', css: '[data-testid="popup-counts"]', viewport: POPUP_VIEWPORT },
  inventoryFirstRender: { path: 'inventory.html', css: 'tbody tr td' },
} satisfies Record<string, PageTarget>;

/**
 * Opens each page `rounds` times (the first round not counted) in `context`, whose extension is at
 * `chrome-extension://<extensionId>/`, with a snapshot already stored. `buildDir` is the loaded build, for the sizes.
 */
export async function measureUiTimes(context: BrowserContext, extensionId: string, options: { rounds?: number; buildDir?: string } = {}): Promise<UiTimes> {
  const t = await measurePages(context, extensionId, TARGETS, options.rounds ?? 16);
  const sizes: EntrypointSizes[] = options.buildDir ? entrypointSizes(options.buildDir) : [];
  const kB = (b: number) => +(b / 1000).toFixed(1);
  return {
    blankPage: t.blankPage,
    ...t.pages,
    ratios: t.ratios,
    bundleGzipKB: Object.fromEntries(sizes.map((s) => [s.entrypoint, { firstPaint: kB(s.firstPaint.gzipBytes), lazy: kB(s.lazy.gzipBytes) }])),
  };
}

/** One line per page for the console: absolute median and p90, and the ratio to the blank page. */
export function formatUiTimes(ui: UiTimes): string {
  return [
    formatTiming('blank page', ui.blankPage),
    formatTiming('popup interactive', ui.popupInteractive, ui.ratios.popupInteractive, 1.5),
    formatTiming('popup counts shown', ui.popupCountsShown, ui.ratios.popupCountsShown, 1.5),
    formatTiming('inventory first render', ui.inventoryFirstRender, ui.ratios.inventoryFirstRender, 2),
  ].join('\n');
}
