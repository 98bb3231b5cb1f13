/**
 * Retry policy: which failures are retried, and how long to wait before the next attempt.
 *
 * Retried (bounded by `maxRetries`):
 * - 429, 503, 529 for any method: the server says it did not do the work ("slow down", "overloaded");
 * - 408, 500, 502, 504, network errors (refused, reset, dropped connection) and timeouts, for
 *   idempotent requests only (GET, HEAD, OPTIONS, PUT, DELETE, or a request marked `idempotent`):
 *   the request may have been processed, so a POST is never re-sent blindly (SCIM spec §5);
 * - a 2xx whose body is not JSON at all (truncated or malformed), once, for idempotent requests:
 *   truncation is almost always a transport glitch and one re-read is cheap; a second bad body is
 *   reported. A body that is JSON but fails the caller's schema is never retried (it would fail
 *   again).
 * `x-should-retry: false` always wins (never retried); `x-should-retry: true` makes any status
 * retryable. Never retried: 400, 401, 403, 404, 409, 410 (Analytics: the cursor is gone, restart
 * the walk), 412, 413 (payload too large is deterministic, for SCIM too), 422, 501 and any status
 * not listed, plus caller aborts.
 */

export interface RetryPolicy {
  /** Retries after the first attempt. Default 4 (5 attempts in all). */
  maxRetries: number;
  /** First backoff ceiling; doubles per retry ("full jitter": the wait is uniform in [0, ceiling]). */
  baseDelayMs: number;
  /** Upper bound of one backoff wait. */
  maxDelayMs: number;
  /** Largest `retry-after` the client will sleep through; a longer one fails the request with `retryAfterSeconds` set. */
  maxRetryAfterMs: number;
  /** Random extra added on top of a server-given `retry-after` (keeps many waiters from waking together). */
  retryAfterJitterMs: number;
  /** How many times a 2xx with an unparseable (e.g. truncated) JSON body is retried. */
  invalidJsonRetries: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 60_000,
  retryAfterJitterMs: 100,
  invalidJsonRetries: 1,
};

/** Statuses retried whatever the method: the server did not act on the request. */
export const RETRYABLE_ANY_METHOD = new Set([429, 503, 529]);
/** Statuses retried only for idempotent requests. */
export const RETRYABLE_IDEMPOTENT = new Set([408, 500, 502, 504]);

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/** What went wrong in one attempt, as far as the retry decision cares. */
export interface AttemptFailure {
  kind: 'http' | 'network' | 'timeout' | 'aborted' | 'invalid_response' | 'credential' | 'origin_not_permitted';
  status?: number | undefined;
  /** Parsed `x-should-retry` header, when present. */
  shouldRetryHeader?: boolean | undefined;
  /** For invalid_response: true when the body was not JSON at all (as opposed to failing the schema). */
  unparseableBody?: boolean | undefined;
}

/** Whether this failure may be retried at all (attempt limits are checked separately). */
export function isRetryable(failure: AttemptFailure, idempotent: boolean): boolean {
  if (failure.kind === 'aborted' || failure.kind === 'credential' || failure.kind === 'origin_not_permitted') return false;
  if (failure.shouldRetryHeader === false) return false;
  if (failure.shouldRetryHeader === true) return true;
  switch (failure.kind) {
    case 'network':
    case 'timeout':
      return idempotent;
    case 'invalid_response':
      return idempotent && failure.unparseableBody === true;
    case 'http': {
      const s = failure.status ?? 0;
      return RETRYABLE_ANY_METHOD.has(s) || (idempotent && RETRYABLE_IDEMPOTENT.has(s));
    }
  }
}

/** `x-should-retry: true|false` → boolean; anything else → undefined. */
export function parseShouldRetry(headers: Headers): boolean | undefined {
  const v = headers.get('x-should-retry')?.trim().toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

/**
 * The server's requested wait in milliseconds, from `retry-after-ms`, or `retry-after` as
 * delay-seconds (decimals tolerated) or an HTTP-date. An HTTP-date is measured against the
 * response's `date` header when there is one (so client clock skew does not matter), else against
 * `nowMs`. Returns undefined when absent or unparseable; never negative.
 */
export function parseRetryAfterMs(headers: Headers, nowMs: number): number | undefined {
  const ms = headers.get('retry-after-ms')?.trim();
  if (ms !== undefined && /^\d+(?:\.\d+)?$/.test(ms)) return Math.max(0, Number(ms));
  const raw = headers.get('retry-after')?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(raw)) return Math.max(0, Number(raw) * 1000);
  // An HTTP-date names a month ("Tue, 21 Apr 2026 14:38:25 GMT"); V8 would also "parse" "-5" or "7".
  if (!/[A-Za-z]{3}/.test(raw)) return undefined;
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return undefined;
  const serverNow = Date.parse(headers.get('date') ?? '');
  const reference = Number.isNaN(serverNow) ? nowMs : serverNow;
  return Math.max(0, at - reference);
}

/**
 * Exponential backoff with full jitter: uniform in [0, min(maxDelayMs, baseDelayMs · 2^retryIndex)].
 * `retryIndex` is 0 for the first retry.
 */
export function backoffDelayMs(retryIndex: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retryIndex));
  return Math.floor(clamp01(random()) * ceiling);
}

/** The wait before the next attempt: the server's `retry-after` (plus small jitter) when given, else backoff. */
export function retryDelayMs(
  retryIndex: number,
  retryAfterMs: number | undefined,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'retryAfterJitterMs'>,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.ceil(retryAfterMs) + Math.floor(clamp01(random()) * policy.retryAfterJitterMs);
  return backoffDelayMs(retryIndex, policy, random);
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(Math.max(x, 0), 0.999_999_999) : 0;
}
