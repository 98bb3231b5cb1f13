import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  isIdempotentMethod,
  isRetryable,
  parseRetryAfterMs,
  parseShouldRetry,
  retryDelayMs,
} from '../../../../lib/api/http/retry.ts';

const policy = { baseDelayMs: 1_000, maxDelayMs: 60_000, retryAfterJitterMs: 100 };

describe('backoffDelayMs (exponential, full jitter)', () => {
  it('draws uniformly from [0, base·2^n]', () => {
    expect(backoffDelayMs(0, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(0, policy, () => 0.5)).toBe(500);
    expect(backoffDelayMs(1, policy, () => 0.5)).toBe(1_000);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(4_000);
    expect(backoffDelayMs(3, policy, () => 0.999_999)).toBe(7_999);
  });

  it('never exceeds the 60 s cap, even for large attempt numbers', () => {
    for (const n of [6, 7, 10, 50, 1_000]) {
      expect(backoffDelayMs(n, policy, () => 0.999_999)).toBeLessThan(60_000);
      expect(backoffDelayMs(n, policy, () => 0.5)).toBe(30_000);
    }
  });

  it('tolerates a broken random source', () => {
    expect(backoffDelayMs(2, policy, () => Number.NaN)).toBe(0);
    expect(backoffDelayMs(2, policy, () => 7)).toBeLessThan(4_000);
    expect(backoffDelayMs(2, policy, () => -1)).toBe(0);
  });

  it('spreads over the whole range with Math.random', () => {
    const draws = Array.from({ length: 2_000 }, () => backoffDelayMs(2, policy));
    expect(Math.min(...draws)).toBeLessThan(400);
    expect(Math.max(...draws)).toBeGreaterThan(3_600);
    expect(draws.every((d) => d >= 0 && d < 4_000)).toBe(true);
  });
});

describe('retryDelayMs', () => {
  it('uses retry-after exactly, plus at most the small jitter', () => {
    expect(retryDelayMs(0, 25_000, policy, () => 0)).toBe(25_000);
    expect(retryDelayMs(3, 25_000, policy, () => 0.999_999)).toBe(25_099);
    expect(retryDelayMs(0, 0, policy, () => 0.5)).toBe(50);
  });

  it('falls back to backoff without retry-after', () => {
    expect(retryDelayMs(2, undefined, policy, () => 0.5)).toBe(2_000);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.UTC(2026, 3, 21, 14, 38, 0);
  it('reads delay-seconds, including decimals', () => {
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '25' }), now)).toBe(25_000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': ' 1.5 ' }), now)).toBe(1_500);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '0' }), now)).toBe(0);
  });

  it('reads an HTTP-date against the server Date header when present, else against the local clock', () => {
    const at = 'Tue, 21 Apr 2026 14:38:25 GMT';
    expect(parseRetryAfterMs(new Headers({ 'retry-after': at }), now)).toBe(25_000);
    // Client clock 10 minutes fast: the server's Date keeps the wait right.
    expect(parseRetryAfterMs(new Headers({ 'retry-after': at, date: 'Tue, 21 Apr 2026 14:38:20 GMT' }), now + 600_000)).toBe(5_000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Tue, 21 Apr 2026 14:00:00 GMT' }), now)).toBe(0);
  });

  it('prefers retry-after-ms and ignores absent or invalid values', () => {
    expect(parseRetryAfterMs(new Headers({ 'retry-after-ms': '1234', 'retry-after': '9' }), now)).toBe(1_234);
    expect(parseRetryAfterMs(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '-5' }), now)).toBeUndefined();
  });
});

describe('isRetryable', () => {
  const http = (status: number, shouldRetryHeader?: boolean) => ({ kind: 'http' as const, status, shouldRetryHeader });

  it('retries 429/503/529 for any method and 408/500/502/504 for idempotent requests only', () => {
    for (const s of [429, 503, 529]) {
      expect(isRetryable(http(s), true)).toBe(true);
      expect(isRetryable(http(s), false)).toBe(true);
    }
    for (const s of [408, 500, 502, 504]) {
      expect(isRetryable(http(s), true)).toBe(true);
      expect(isRetryable(http(s), false)).toBe(false);
    }
  });

  it('never retries client errors, 501 or unknown statuses', () => {
    for (const s of [400, 401, 403, 404, 409, 410, 412, 413, 422, 501, 505]) expect(isRetryable(http(s), true)).toBe(false);
  });

  it('lets x-should-retry decide when present', () => {
    expect(isRetryable(http(500, false), true)).toBe(false);
    expect(isRetryable(http(429, false), true)).toBe(false);
    expect(isRetryable(http(400, true), true)).toBe(true);
    expect(isRetryable(http(500, true), false)).toBe(true);
  });

  it('retries network errors and timeouts for idempotent requests; never aborts or credential failures', () => {
    expect(isRetryable({ kind: 'network' }, true)).toBe(true);
    expect(isRetryable({ kind: 'timeout' }, true)).toBe(true);
    expect(isRetryable({ kind: 'network' }, false)).toBe(false);
    expect(isRetryable({ kind: 'timeout' }, false)).toBe(false);
    expect(isRetryable({ kind: 'aborted', shouldRetryHeader: true }, true)).toBe(false);
    expect(isRetryable({ kind: 'credential' }, true)).toBe(false);
  });

  it('retries unparseable bodies (idempotent only) but never schema mismatches', () => {
    expect(isRetryable({ kind: 'invalid_response', unparseableBody: true }, true)).toBe(true);
    expect(isRetryable({ kind: 'invalid_response', unparseableBody: true }, false)).toBe(false);
    expect(isRetryable({ kind: 'invalid_response', unparseableBody: false }, true)).toBe(false);
  });
});

describe('helpers', () => {
  it('classifies methods and x-should-retry values', () => {
    expect(['GET', 'get', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'].every(isIdempotentMethod)).toBe(true);
    expect(['POST', 'PATCH'].some(isIdempotentMethod)).toBe(false);
    expect(parseShouldRetry(new Headers({ 'x-should-retry': 'false' }))).toBe(false);
    expect(parseShouldRetry(new Headers({ 'x-should-retry': 'TRUE' }))).toBe(true);
    expect(parseShouldRetry(new Headers({ 'x-should-retry': 'maybe' }))).toBeUndefined();
  });

  it('defaults: 4 retries, 1 s base, 60 s cap, one retry of an unreadable body', () => {
    expect(DEFAULT_RETRY_POLICY).toMatchObject({ maxRetries: 4, baseDelayMs: 1_000, maxDelayMs: 60_000, maxRetryAfterMs: 60_000, invalidJsonRetries: 1 });
  });
});
