import type { Finding } from '../../lib/context/checks.ts';

export interface ContextChecksOptions {
  /** Collects the findings for the page as it is now. */
  collect: () => Promise<Finding[]>;
  /** Shows them (the closed-shadow-root panel). */
  render: (findings: Finding[]) => void;
  /** Quiet time after the last location change before checks run again. */
  debounceMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * Runs the claude.ai page checks: once at start, then after location changes have settled (an SPA
 * fires several while it navigates), and only the newest run may render, so a slow answer for the
 * previous page never replaces the current page's findings. State lives in this closure, never in
 * the page's DOM.
 */
export function createContextChecks(options: ContextChecksOptions) {
  const delay = options.debounceMs ?? 400;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let timer: unknown;
  let latest = 0;

  const runNow = async (): Promise<void> => {
    const mine = ++latest;
    const findings = await options.collect();
    if (mine === latest) options.render(findings);
  };

  return {
    runNow,
    /** A location change: (re)starts the quiet period; the checks run once it ends. */
    locationChanged(): void {
      if (timer !== undefined) clearTimer(timer);
      latest++; // whatever is in flight is for a page the admin has left
      timer = setTimer(() => {
        timer = undefined;
        void runNow();
      }, delay);
    },
    stop(): void {
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
      latest++;
    },
  };
}
