/**
 * Time, injectable. Backoff sleeps and the request budget use a `Clock`, so unit tests can run a
 * minute of throttling in microseconds. Per-request timeouts do not: they measure the network and
 * always use real timers.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason (or an AbortError) when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** An `AbortError` DOMException-like error, used when a signal aborts without a reason. */
export function abortReason(signal: AbortSignal | undefined): unknown {
  const reason: unknown = signal?.reason;
  if (reason !== undefined) return reason;
  const err = new Error('The operation was aborted.');
  err.name = 'AbortError';
  return err;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortReason(signal));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * A clock whose sleeps return at once and move its time forward by the slept amount. Good for a
 * single sequence of requests (retries, backoff) in tests; `sleeps` records every wait. For several
 * concurrent waiters use a manual clock that is advanced explicitly (see the unit tests).
 */
export interface VirtualClock extends Clock {
  readonly sleeps: number[];
}

export function createVirtualClock(start = Date.now()): VirtualClock {
  let t = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw abortReason(signal);
      sleeps.push(ms);
      t += Math.max(0, ms);
      await Promise.resolve();
      if (signal?.aborted) throw abortReason(signal);
    },
  };
}
