import { abortReason, systemClock, type Clock } from './clock.ts';

/**
 * The extension's own request budget per API, shared by every caller of that API in the worker.
 *
 * The organization's limits are shared with other integrations (Compliance: 600/min per parent
 * organization, SIEM exports included; Analytics: 60/min), so the extension spends at most its
 * configured budget: a token bucket refilled at `perMinute / 60` tokens per second, holding at most
 * `burst` tokens, with FIFO waiters. On top of the bucket the limiter
 * - pauses everyone while a server-given `retry-after` runs;
 * - pauses until the budget resets when `anthropic-ratelimit-requests-remaining` falls below
 *   `lowRemainingRatio` of `anthropic-ratelimit-requests-limit` (other integrations need the rest);
 * - never runs faster than the observed organization limit;
 * - caps requests in flight (`maxInFlight`).
 */

export type ApiName = 'compliance' | 'analytics' | 'scim' | 'admin';

export interface BudgetOptions {
  /** Requests per minute the extension allows itself. */
  perMinute: number;
  /** Bucket capacity: how many requests may start back to back after a quiet period. Default ceil(perMinute / 10). */
  burst?: number;
  /** Requests in flight at once. Default unlimited. */
  maxInFlight?: number;
  /** Slow down (pause until reset) when remaining < ratio × limit. Default 0.1. */
  lowRemainingRatio?: number;
  /** Longest pause taken because of a low `remaining` (a bad reset header cannot stall the worker). Default 60 s. */
  maxLowRemainingPauseMs?: number;
}

export const DEFAULT_BUDGETS: Readonly<Record<ApiName, Readonly<Required<Pick<BudgetOptions, 'perMinute' | 'burst' | 'maxInFlight'>>>>> = {
  compliance: { perMinute: 300, burst: 30, maxInFlight: 4 },
  analytics: { perMinute: 30, burst: 3, maxInFlight: 2 },
  scim: { perMinute: 240, burst: 24, maxInFlight: 3 },
  // Not documented (admin-api.md §1.8): budgeted like the Analytics API until measured.
  admin: { perMinute: 30, burst: 3, maxInFlight: 2 },
};

/** What the last response said about the organization's budget (`anthropic-ratelimit-requests-*`). */
export interface ObservedRateLimit {
  limit: number | null;
  remaining: number | null;
  /** RFC 3339 time at which the budget refills, as sent. */
  resetAt: string | null;
  /** Client time (ms) when the headers were read. */
  observedAt: number;
}

export type PauseReason = 'retry_after' | 'throttled' | 'low_remaining';

/** A snapshot for the UI ("12 requests queued, paused until 14:38:25 because the organization's budget is nearly spent"). */
export interface RateLimitState {
  api: ApiName | null;
  /** Configured budget, and the effective rate (lower when the organization's observed limit is lower). */
  perMinute: number;
  effectivePerMinute: number;
  burst: number;
  maxInFlight: number | null;
  availableTokens: number;
  queued: number;
  inFlight: number;
  pausedUntil: number | null;
  pauseReason: PauseReason | null;
  observed: ObservedRateLimit | null;
  /** Client time of the last 429, if any. */
  lastThrottledAt: number | null;
}

export interface Permit {
  /** Frees the in-flight slot. Safe to call more than once. */
  release(): void;
}

interface Waiter {
  resolve(p: Permit): void;
  reject(e: unknown): void;
  detach(): void;
}

const FALLBACK_LOW_REMAINING_PAUSE_MS = 5_000;

function parseIntHeader(headers: Headers, name: string): number | null {
  const v = headers.get(name)?.trim();
  if (v === undefined || !/^\d+$/.test(v)) return null;
  return Number(v);
}

/** Reads `anthropic-ratelimit-requests-{limit,remaining,reset}`; null when none is present. */
export function parseRateLimitHeaders(headers: Headers, nowMs: number): ObservedRateLimit | null {
  const limit = parseIntHeader(headers, 'anthropic-ratelimit-requests-limit');
  const remaining = parseIntHeader(headers, 'anthropic-ratelimit-requests-remaining');
  const reset = headers.get('anthropic-ratelimit-requests-reset')?.trim() || null;
  if (limit === null && remaining === null && reset === null) return null;
  return { limit, remaining, resetAt: reset !== null && !Number.isNaN(Date.parse(reset)) ? reset : null, observedAt: nowMs };
}

export class RequestLimiter {
  readonly api: ApiName | null;
  private readonly clock: Clock;
  private perMinute = 1;
  private burst = 1;
  private maxInFlight = Number.POSITIVE_INFINITY;
  private lowRemainingRatio = 0.1;
  private maxLowRemainingPauseMs = 60_000;

  private tokens: number;
  private lastRefill: number;
  private inFlight = 0;
  private readonly queue: Waiter[] = [];
  private pausedUntil = 0;
  private pauseReason: PauseReason | null = null;
  private observed: ObservedRateLimit | null = null;
  private lastThrottledAt: number | null = null;
  private timer: { at: number; cancel: AbortController } | null = null;
  private readonly listeners = new Set<(s: RateLimitState) => void>();

  constructor(options: BudgetOptions & { clock?: Clock; api?: ApiName }) {
    this.api = options.api ?? null;
    this.clock = options.clock ?? systemClock;
    this.apply(options);
    this.tokens = this.burst;
    this.lastRefill = this.clock.now();
  }

  /** Changes the budget (e.g. after the admin edits settings). Waiters keep their place. */
  configure(options: Partial<BudgetOptions>): void {
    this.refill();
    this.apply(options);
    this.tokens = Math.min(this.tokens, this.burst);
    this.pump();
  }

  private apply(o: Partial<BudgetOptions>): void {
    if (o.perMinute !== undefined) {
      if (!(o.perMinute > 0) || !Number.isFinite(o.perMinute)) throw new RangeError('perMinute must be a positive number');
      this.perMinute = o.perMinute;
      if (o.burst === undefined) this.burst = Math.max(1, Math.ceil(o.perMinute / 10));
    }
    if (o.burst !== undefined) {
      if (!(o.burst >= 1)) throw new RangeError('burst must be at least 1');
      this.burst = Math.floor(o.burst);
    }
    if (o.maxInFlight !== undefined) {
      if (!(o.maxInFlight >= 1)) throw new RangeError('maxInFlight must be at least 1');
      this.maxInFlight = o.maxInFlight;
    }
    if (o.lowRemainingRatio !== undefined) this.lowRemainingRatio = o.lowRemainingRatio;
    if (o.maxLowRemainingPauseMs !== undefined) this.maxLowRemainingPauseMs = o.maxLowRemainingPauseMs;
  }

  private effectivePerMinute(): number {
    const orgLimit = this.observed?.limit;
    return orgLimit !== null && orgLimit !== undefined && orgLimit > 0 ? Math.min(this.perMinute, orgLimit) : this.perMinute;
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = now - this.lastRefill;
    if (elapsed > 0) {
      this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.effectivePerMinute()) / 60_000);
      this.lastRefill = now;
    }
  }

  /**
   * Waits for a token and an in-flight slot. Rejects with the signal's reason when `signal` aborts
   * first (the place in the queue is given up). Call `release()` on the permit when the HTTP
   * exchange is over.
   */
  acquire(signal?: AbortSignal): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<Permit>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        reject(abortReason(signal));
        this.pump();
      };
      const waiter: Waiter = { resolve, reject, detach: () => signal?.removeEventListener('abort', onAbort) };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.pump();
    });
  }

  private grant(): Permit {
    this.tokens -= 1;
    this.inFlight += 1;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.inFlight -= 1;
        this.pump();
      },
    };
  }

  private pump(): void {
    this.refill();
    const now = this.clock.now();
    if (now >= this.pausedUntil && this.pauseReason !== null) {
      this.pauseReason = null;
      this.pausedUntil = 0;
    }
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight && now >= this.pausedUntil && this.tokens >= 1 - 1e-9) {
      const w = this.queue.shift()!;
      w.detach();
      w.resolve(this.grant());
    }
    if (this.queue.length === 0 || this.inFlight >= this.maxInFlight) {
      this.cancelTimer();
    } else {
      const tokenWait = this.tokens >= 1 - 1e-9 ? 0 : Math.ceil(((1 - this.tokens) * 60_000) / this.effectivePerMinute());
      this.schedule(Math.max(this.pausedUntil, now + tokenWait));
    }
    this.emit();
  }

  private schedule(at: number): void {
    if (this.timer && this.timer.at === at) return;
    this.cancelTimer();
    const cancel = new AbortController();
    const timer = { at, cancel };
    this.timer = timer;
    this.clock.sleep(Math.max(0, at - this.clock.now()), cancel.signal).then(
      () => {
        if (this.timer !== timer) return;
        this.timer = null;
        this.pump();
      },
      () => undefined,
    );
  }

  private cancelTimer(): void {
    if (!this.timer) return;
    this.timer.cancel.abort();
    this.timer = null;
  }

  /** Stops granting permits for `ms` (from now). A later call replaces an earlier `retry_after` pause. */
  pause(ms: number, reason: PauseReason): void {
    const until = this.clock.now() + Math.max(0, ms);
    if (reason === 'retry_after' || until > this.pausedUntil) {
      this.pausedUntil = until;
      this.pauseReason = reason;
    }
    this.pump();
  }

  /**
   * Feeds the limiter one response's headers. `retryAfterMs` (a 429 or 503 with `retry-after`)
   * pauses everyone for exactly that long; otherwise a low `remaining` pauses until `reset`.
   */
  observe(headers: Headers, options: { status?: number; retryAfterMs?: number | undefined } = {}): void {
    const now = this.clock.now();
    const seen = parseRateLimitHeaders(headers, now);
    if (seen) this.observed = seen;
    if (options.status === 429) this.lastThrottledAt = now;
    if (options.retryAfterMs !== undefined) {
      this.pause(options.retryAfterMs, 'retry_after');
      return;
    }
    if (seen && seen.limit !== null && seen.remaining !== null && seen.remaining < seen.limit * this.lowRemainingRatio) {
      let wait = FALLBACK_LOW_REMAINING_PAUSE_MS;
      if (seen.resetAt !== null) {
        const serverNow = Date.parse(headers.get('date') ?? '');
        wait = Date.parse(seen.resetAt) - (Number.isNaN(serverNow) ? now : serverNow);
      }
      if (wait > 0) this.pause(Math.min(wait, this.maxLowRemainingPauseMs), 'low_remaining');
      return;
    }
    this.pump();
  }

  state(): RateLimitState {
    this.refill();
    const now = this.clock.now();
    const paused = now < this.pausedUntil;
    return {
      api: this.api,
      perMinute: this.perMinute,
      effectivePerMinute: this.effectivePerMinute(),
      burst: this.burst,
      maxInFlight: Number.isFinite(this.maxInFlight) ? this.maxInFlight : null,
      availableTokens: Math.floor(this.tokens + 1e-9),
      queued: this.queue.length,
      inFlight: this.inFlight,
      pausedUntil: paused ? this.pausedUntil : null,
      pauseReason: paused ? this.pauseReason : null,
      observed: this.observed ? { ...this.observed } : null,
      lastThrottledAt: this.lastThrottledAt,
    };
  }

  /** Called with a fresh state whenever it may have changed. Returns an unsubscribe function. */
  subscribe(listener: (s: RateLimitState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    if (this.listeners.size === 0) return;
    const s = this.state();
    for (const l of this.listeners) {
      try {
        l(s);
      } catch {
        // A UI listener must not break the request path.
      }
    }
  }
}

const shared = new Map<ApiName, RequestLimiter>();

/** The worker-wide limiter of an API (created on first use with `DEFAULT_BUDGETS`). */
export function getRequestLimiter(api: ApiName): RequestLimiter {
  let limiter = shared.get(api);
  if (!limiter) {
    limiter = new RequestLimiter({ api, ...DEFAULT_BUDGETS[api] });
    shared.set(api, limiter);
  }
  return limiter;
}

/** Applies the admin's budget (settings `budgets.*`) to the shared limiter of an API. */
export function configureRequestBudget(api: ApiName, options: Partial<BudgetOptions>): void {
  getRequestLimiter(api).configure(options);
}

/** The last observed rate-limit state of an API, for the UI. */
export function getRateLimitState(api: ApiName): RateLimitState {
  return getRequestLimiter(api).state();
}

/** Forgets the shared limiters (tests only: pending waiters are left alone). */
export function resetRequestLimiters(): void {
  shared.clear();
}
