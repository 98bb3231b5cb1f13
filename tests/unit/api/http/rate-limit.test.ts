import { afterEach, describe, expect, it } from 'vitest';
import {
  configureRequestBudget,
  DEFAULT_BUDGETS,
  getRateLimitState,
  getRequestLimiter,
  parseRateLimitHeaders,
  RequestLimiter,
  resetRequestLimiters,
  type Permit,
} from '../../../../lib/api/http/rate-limit.ts';
import { flush, ManualClock } from './manual-clock.ts';

/** Starts `n` acquisitions and records the clock time at which each is granted. */
function burst(limiter: RequestLimiter, clock: ManualClock, n: number, signal?: AbortSignal) {
  const grantedAt: number[] = [];
  const permits: Permit[] = [];
  const order: number[] = [];
  const settled = Array.from({ length: n }, (_, i) =>
    limiter.acquire(signal).then((p) => {
      grantedAt.push(clock.now());
      order.push(i);
      permits.push(p);
      p.release();
    }),
  );
  return { grantedAt, permits, order, settled };
}

describe('RequestLimiter token bucket', () => {
  it('throttles a burst to the configured rate: `burst` at once, then perMinute/60 per second', async () => {
    const clock = new ManualClock();
    const t0 = clock.now();
    const limiter = new RequestLimiter({ perMinute: 60, burst: 5, clock });
    const b = burst(limiter, clock, 20);
    await flush();
    expect(b.grantedAt).toHaveLength(5);
    expect(limiter.state().queued).toBe(15);

    await clock.advance(999);
    expect(b.grantedAt).toHaveLength(5);
    await clock.advance(1);
    expect(b.grantedAt).toHaveLength(6);
    await clock.advance(9_000);
    expect(b.grantedAt).toHaveLength(15);
    await clock.advance(5_000);
    expect(b.grantedAt).toHaveLength(20);
    await Promise.all(b.settled);

    // FIFO, and exactly one grant per second after the first five.
    expect(b.order).toEqual([...Array(20).keys()]);
    expect(b.grantedAt.map((t) => t - t0)).toEqual([0, 0, 0, 0, 0, ...Array.from({ length: 15 }, (_, i) => (i + 1) * 1_000)]);
    expect(clock.pending()).toBe(0);
  });

  it('over a simulated minute never grants more than burst + perMinute', async () => {
    const clock = new ManualClock();
    const limiter = new RequestLimiter({ perMinute: 300, clock });
    expect(limiter.state().burst).toBe(30);
    const b = burst(limiter, clock, 1_000);
    await clock.advance(60_000);
    expect(b.grantedAt.length).toBe(330);
    expect(limiter.state().queued).toBe(670);
    // Drain so no sleeps are left behind.
    limiter.configure({ perMinute: 1_000_000, burst: 1_000 });
    await clock.advance(1_000);
    await Promise.all(b.settled);
  });

  it('refills while idle, up to the burst capacity only', async () => {
    const clock = new ManualClock();
    const limiter = new RequestLimiter({ perMinute: 120, burst: 4, clock });
    await Promise.all(burst(limiter, clock, 4).settled);
    expect(limiter.state().availableTokens).toBe(0);
    await clock.advance(1_000);
    expect(limiter.state().availableTokens).toBe(2);
    await clock.advance(60_000);
    expect(limiter.state().availableTokens).toBe(4);
  });

  it('an aborted waiter leaves the queue, rejects with the reason, and the next waiter gets its turn', async () => {
    const clock = new ManualClock();
    const limiter = new RequestLimiter({ perMinute: 60, burst: 1, clock });
    await (await limiter.acquire()).release();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    const after = limiter.acquire();
    let afterAt = -1;
    void after.then(() => (afterAt = clock.now()));
    await flush();
    expect(limiter.state().queued).toBe(2);
    controller.abort(new Error('cancelled by the admin'));
    await expect(waiting).rejects.toThrow('cancelled by the admin');
    expect(limiter.state().queued).toBe(1);
    await clock.advance(1_000);
    expect(afterAt).toBe(clock.now());
    await expect(limiter.acquire(AbortSignal.abort())).rejects.toBeDefined();
  });

  it('caps requests in flight until permits are released', async () => {
    const clock = new ManualClock();
    const limiter = new RequestLimiter({ perMinute: 6_000, burst: 100, maxInFlight: 2, clock });
    const permits: Permit[] = [];
    for (let i = 0; i < 4; i++) void limiter.acquire().then((p) => permits.push(p));
    await flush();
    expect(permits).toHaveLength(2);
    expect(limiter.state()).toMatchObject({ inFlight: 2, queued: 2 });
    permits[0]!.release();
    permits[0]!.release(); // twice is harmless
    await flush();
    expect(permits).toHaveLength(3);
    expect(limiter.state().inFlight).toBe(2);
  });
});

describe('RequestLimiter and the server’s rate-limit headers', () => {
  const rl = (remaining: number, reset: string, extra: Record<string, string> = {}) =>
    new Headers({ 'anthropic-ratelimit-requests-limit': '600', 'anthropic-ratelimit-requests-remaining': String(remaining), 'anthropic-ratelimit-requests-reset': reset, ...extra });

  it('parses the headers (null when absent)', () => {
    expect(parseRateLimitHeaders(new Headers(), 1)).toBeNull();
    expect(parseRateLimitHeaders(rl(42, '2026-04-21T14:38:25Z'), 7)).toEqual({ limit: 600, remaining: 42, resetAt: '2026-04-21T14:38:25Z', observedAt: 7 });
    expect(parseRateLimitHeaders(new Headers({ 'anthropic-ratelimit-requests-remaining': 'x', 'anthropic-ratelimit-requests-reset': 'bad' }), 1)).toEqual({
      limit: null,
      remaining: null,
      resetAt: null,
      observedAt: 1,
    });
  });

  it('pauses until reset when remaining drops below 10% of the limit, measured against the server Date', async () => {
    const clock = new ManualClock(Date.UTC(2026, 3, 21, 14, 38, 0) + 3_000); // client 3 s ahead of the server
    const limiter = new RequestLimiter({ perMinute: 300, clock });
    limiter.observe(rl(120, '2026-04-21T14:38:30Z', { date: 'Tue, 21 Apr 2026 14:38:00 GMT' }));
    expect(limiter.state().pausedUntil).toBeNull();
    limiter.observe(rl(59, '2026-04-21T14:38:30Z', { date: 'Tue, 21 Apr 2026 14:38:00 GMT' }));
    const s = limiter.state();
    expect(s.pauseReason).toBe('low_remaining');
    expect(s.pausedUntil).toBe(clock.now() + 30_000);
    expect(s.observed).toMatchObject({ limit: 600, remaining: 59, resetAt: '2026-04-21T14:38:30Z' });

    let grantedAt = -1;
    void limiter.acquire().then(() => (grantedAt = clock.now()));
    await clock.advance(29_999);
    expect(grantedAt).toBe(-1);
    await clock.advance(1);
    expect(grantedAt).toBe(clock.now());
    expect(limiter.state().pauseReason).toBeNull();
  });

  it('a low-remaining pause is capped (a wrong reset header cannot stall the worker)', () => {
    const clock = new ManualClock(Date.UTC(2026, 3, 21, 14, 0, 0));
    const limiter = new RequestLimiter({ perMinute: 300, clock });
    limiter.observe(rl(0, '2026-04-22T14:00:00Z'));
    expect(limiter.state().pausedUntil).toBe(clock.now() + 60_000);
  });

  it('a retry-after pauses every caller for exactly that long', async () => {
    const clock = new ManualClock();
    const limiter = new RequestLimiter({ perMinute: 300, clock });
    limiter.observe(new Headers({ 'retry-after': '25' }), { status: 429, retryAfterMs: 25_000 });
    expect(limiter.state()).toMatchObject({ pauseReason: 'retry_after', pausedUntil: clock.now() + 25_000, lastThrottledAt: clock.now() });
    const b = burst(limiter, clock, 3);
    await clock.advance(24_999);
    expect(b.grantedAt).toHaveLength(0);
    await clock.advance(1);
    expect(b.grantedAt).toHaveLength(3);
  });

  it('never runs faster than the organization limit it observed', async () => {
    const clock = new ManualClock();
    const limiter = new RequestLimiter({ perMinute: 300, burst: 1, clock });
    limiter.observe(new Headers({ 'anthropic-ratelimit-requests-limit': '60', 'anthropic-ratelimit-requests-remaining': '59' }));
    expect(limiter.state().effectivePerMinute).toBe(60);
    const b = burst(limiter, clock, 3);
    await clock.advance(999);
    expect(b.grantedAt).toHaveLength(1);
    await clock.advance(1);
    expect(b.grantedAt).toHaveLength(2);
  });

  it('configure() changes the rate for waiters already queued', async () => {
    const clock = new ManualClock();
    const limiter = new RequestLimiter({ perMinute: 6, burst: 1, clock });
    const b = burst(limiter, clock, 3);
    await flush();
    expect(b.grantedAt).toHaveLength(1);
    limiter.configure({ perMinute: 60 });
    await clock.advance(2_000);
    expect(b.grantedAt).toHaveLength(3);
    expect(() => limiter.configure({ perMinute: 0 })).toThrow(RangeError);
  });

  it('notifies subscribers and isolates a throwing listener', async () => {
    const clock = new ManualClock();
    const limiter = new RequestLimiter({ perMinute: 60, clock });
    const seen: number[] = [];
    limiter.subscribe(() => {
      throw new Error('ui bug');
    });
    const off = limiter.subscribe((s) => seen.push(s.inFlight));
    const p = await limiter.acquire();
    p.release();
    off();
    await limiter.acquire();
    expect(seen).toEqual([1, 0]);
  });
});

describe('shared limiters', () => {
  afterEach(() => resetRequestLimiters());

  it('one limiter per API in the worker, with the documented default budgets', () => {
    expect(getRequestLimiter('compliance')).toBe(getRequestLimiter('compliance'));
    expect(getRequestLimiter('compliance')).not.toBe(getRequestLimiter('analytics'));
    expect(getRateLimitState('compliance')).toMatchObject({ api: 'compliance', perMinute: 300, burst: 30, maxInFlight: 4, observed: null });
    expect(getRateLimitState('analytics')).toMatchObject({ perMinute: 30, burst: 3, maxInFlight: 2 });
    expect(getRateLimitState('scim')).toMatchObject({ perMinute: 240, burst: 24, maxInFlight: 3 });
    expect(DEFAULT_BUDGETS.compliance.perMinute).toBe(300);
  });

  it('configureRequestBudget applies the settings budget', () => {
    configureRequestBudget('analytics', { perMinute: 12 });
    expect(getRateLimitState('analytics')).toMatchObject({ perMinute: 12, burst: 2 });
  });
});
