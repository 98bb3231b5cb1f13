export interface ContextChecksOptions<V> {
  /** Collects what to show for the page as it is now. */
  collect: () => Promise<V>;
  /** Shows it (the closed-shadow-root panel and badges). */
  render: (view: V) => void;
  /** Quiet time after the last location change before checks run again. */
  debounceMs?: number;
  /** Quiet time after the last change inside the page (a ticked box, a list rendered) before checks run again. */
  changeDebounceMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * Runs the claude.ai page checks: once at start, then after location changes have settled (an SPA
 * fires several while it navigates) or the page changed (a box ticked, a list rendered), and only the
 * newest run may render, so a slow answer for the previous page never replaces the current page's
 * findings. State lives in this closure, never in the page's DOM.
 */
export function createContextChecks<V>(options: ContextChecksOptions<V>) {
  const delay = options.debounceMs ?? 400;
  const changeDelay = options.changeDebounceMs ?? 120;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let timer: unknown;
  let navigating = false;
  let latest = 0;
  let stopped = false;

  const runNow = async (): Promise<void> => {
    if (stopped) return;
    const mine = ++latest;
    let view: V;
    try {
      view = await options.collect();
    } catch {
      return; // a broken check never breaks the page
    }
    if (mine === latest && !stopped) options.render(view);
  };

  const schedule = (ms: number) => {
    if (timer !== undefined) clearTimer(timer);
    timer = setTimer(() => {
      timer = undefined;
      navigating = false;
      void runNow();
    }, ms);
  };

  return {
    runNow,
    /** A location change: (re)starts the quiet period; the checks run once it ends. */
    locationChanged(): void {
      if (stopped) return;
      latest++; // whatever is in flight is for a page the admin has left
      navigating = true;
      schedule(delay);
    },
    /** A change inside the page: runs again soon (but never cuts short a navigation's quiet period). */
    pageChanged(): void {
      if (stopped || navigating) return;
      schedule(changeDelay);
    },
    stop(): void {
      stopped = true;
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
      latest++;
    },
  };
}
