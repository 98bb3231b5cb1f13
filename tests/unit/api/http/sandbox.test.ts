/**
 * The HTTP layer against the local Claude Enterprise sandbox (tests/sandbox), with faults injected
 * through its FaultInjector: real sockets, real status codes and headers, real dropped connections.
 * Backoff waits use a virtual clock (except one test that waits a real retry-after of 1 s).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  ApiAbortedError,
  ApiError,
  ApiHttpError,
  ApiInvalidResponseError,
  ApiNetworkError,
  ApiTimeoutError,
  createHttpClient,
  createVirtualClock,
  getRateLimitState,
  RequestLimiter,
  resetRequestLimiters,
  systemClock,
  type Clock,
  type HttpClientOptions,
  type RetryInfo,
  type VirtualClock,
} from '../../../../lib/api/http/index.ts';
import { redactSecrets } from '../../../../lib/util/redact.ts';
import { startSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { ManualClock } from './manual-clock.ts';

const ORGS = '/v1/compliance/organizations';
const ORGS_RE = '^/v1/compliance/organizations$';
const OrgsPage = z
  .object({
    data: z.array(z.object({ uuid: z.string(), name: z.string(), created_at: z.string() }).loose()),
    has_more: z.boolean(),
    next_page: z.string().nullable().optional(),
  })
  .loose();

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ size: 'tiny', seed: 1 });
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(() => {
  sandbox.faults.clear();
  sandbox.stats.reset();
});
afterEach(() => resetRequestLimiters());

interface Exchange {
  url: string;
  startedAt: number;
  status?: number;
  requestId?: string | null;
  failed?: boolean;
}

/** Real fetch, recording each exchange (what the server saw and answered). */
function recordingFetch() {
  const log: Exchange[] = [];
  const f = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const entry: Exchange = { url: String(input), startedAt: Date.now() };
    log.push(entry);
    try {
      const res = await fetch(input, init);
      entry.status = res.status;
      entry.requestId = res.headers.get('request-id');
      return res;
    } catch (e) {
      entry.failed = true;
      throw e;
    }
  };
  return { fetch: f as typeof fetch, log };
}

function compliance<C extends Clock = VirtualClock>(overrides: Partial<HttpClientOptions> & { clock?: C } = {}) {
  const clock = (overrides.clock ?? createVirtualClock()) as C;
  const rec = recordingFetch();
  const retries: RetryInfo[] = [];
  const client = createHttpClient({
    api: 'compliance',
    baseUrl: `${sandbox.url}/`,
    credential: async () => sandbox.keys.compliance.full.secret,
    clock,
    random: () => 0.5,
    fetch: rec.fetch,
    limiter: new RequestLimiter({ perMinute: 300, clock }),
    onRetry: (i) => retries.push(i),
    ...overrides,
  });
  return { client, clock, log: rec.log, retries };
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected the request to fail');
}

/** Message, stack, JSON, String(), every own property and the cause chain, as one text. */
function everythingVisible(e: unknown): string {
  const parts: string[] = [String(e), JSON.stringify(e)];
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    if (cur instanceof Error) parts.push(cur.message, cur.stack ?? '');
    if (typeof cur === 'object') for (const k of Object.getOwnPropertyNames(cur)) parts.push(k, JSON.stringify((cur as Record<string, unknown>)[k]) ?? String((cur as Record<string, unknown>)[k]));
    cur = (cur as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

describe('HTTP layer against the sandbox', () => {
  it('reads a real endpoint: validated data, request-id, and the rate-limit headers it observed', async () => {
    const { client } = compliance();
    const res = await client.request(ORGS, { query: { limit: 1 }, schema: OrgsPage });
    expect(res.data.data).toHaveLength(1);
    expect(res.requestId).toMatch(/^req_/);
    expect(res.attempts).toBe(1);
    expect(res.rateLimit).toMatchObject({ limit: 600, remaining: expect.any(Number) });
    expect(client.rateLimitState().observed).toMatchObject({ limit: 600 });
  });

  it('429 with retry-after: waits exactly retry-after, then re-sends the identical request once', async () => {
    sandbox.faults.add({ path: ORGS_RE, status: 429, headers: { 'retry-after': '7' }, times: 1 });
    const { client, clock, log, retries } = compliance();
    const res = await client.request(ORGS, { query: { limit: 1 }, schema: OrgsPage });
    expect(res.attempts).toBe(2);
    expect(log.map((x) => x.status)).toEqual([429, 200]);
    // Same URL both times: nothing (cursor, page) moved on because of the failure.
    expect(log[1]!.url).toBe(log[0]!.url);
    expect(sandbox.stats.counts.compliance).toBe(2);
    expect(sandbox.faults.pending()).toBe(0);
    // 7 s from the header plus at most 100 ms of jitter (random() = 0.5 → 50 ms).
    expect(clock.sleeps).toEqual([7_050]);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, maxAttempts: 5, delayMs: 7_050 });
    expect(retries[0]!.error).toMatchObject({ status: 429, apiErrorType: 'rate_limit_error', retryAfterSeconds: 7 });
  });

  it('500 with x-should-retry: false is not retried and carries the request-id', async () => {
    sandbox.faults.add({ path: ORGS_RE, status: 500, headers: { 'x-should-retry': 'false' }, times: 0 });
    const { client, log, retries } = compliance();
    const e = await failure(client.request(ORGS, { query: { limit: 1 } }));
    expect(e).toBeInstanceOf(ApiHttpError);
    expect(e).toMatchObject({ kind: 'http', status: 500, apiErrorType: 'api_error', retryable: false, attempts: 1 });
    expect(e.requestId).toMatch(/^req_/);
    expect(e.requestId).toBe(log[0]!.requestId);
    expect(e.message).toMatch(/Compliance API had a problem on its side \(HTTP 500\)/);
    expect(log).toHaveLength(1);
    expect(retries).toHaveLength(0);
    expect(sandbox.stats.counts.compliance).toBe(1);
  });

  it('503 twice, then success: two backoffs with full jitter growing from 1 s', async () => {
    sandbox.faults.add({ path: ORGS_RE, status: 503, times: 2 });
    const { client, clock, log, retries } = compliance();
    const res = await client.request(ORGS, { query: { limit: 1 }, schema: OrgsPage });
    expect(res.attempts).toBe(3);
    expect(log.map((x) => x.status)).toEqual([503, 503, 200]);
    expect(clock.sleeps).toEqual([500, 1_000]); // random 0.5 × 1 s, 0.5 × 2 s
    expect(retries.map((r) => [r.attempt, r.error.status])).toEqual([
      [1, 503],
      [2, 503],
    ]);
  });

  it('a response slower than the timeout is retried, then reported as a typed timeout', async () => {
    sandbox.faults.add({ path: ORGS_RE, latencyMs: 1_500, times: 0 });
    const { client, log, retries } = compliance({ timeoutMs: 200, retry: { maxRetries: 2 } });
    const started = Date.now();
    const e = await failure(client.request(ORGS, { query: { limit: 1 } }));
    expect(e).toBeInstanceOf(ApiTimeoutError);
    expect(e).toMatchObject({ kind: 'timeout', status: null, retryable: true, attempts: 3 });
    expect(e.message).toMatch(/did not answer within 1 second/);
    expect(log).toHaveLength(3);
    expect(retries.map((r) => r.error.kind)).toEqual(['timeout', 'timeout']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    // Far less than three full 1.5 s latencies: each attempt was cut at 200 ms.
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('a single slow response is retried and the retry succeeds', async () => {
    sandbox.faults.add({ path: ORGS_RE, latencyMs: 1_000, times: 1 });
    const { client } = compliance({ timeoutMs: 250 });
    const res = await client.request(ORGS, { query: { limit: 1 }, schema: OrgsPage });
    expect(res.attempts).toBe(2);
  });

  it('a dropped connection is retried', async () => {
    sandbox.faults.add({ path: ORGS_RE, drop: true, times: 1 });
    const { client, log, retries } = compliance();
    const res = await client.request(ORGS, { query: { limit: 1 }, schema: OrgsPage });
    expect(res.attempts).toBe(2);
    expect(log[0]!.failed).toBe(true);
    expect(retries[0]!.error).toBeInstanceOf(ApiNetworkError);
  });

  it('a connection dropped every time ends in a typed network error after the retries', async () => {
    sandbox.faults.add({ path: ORGS_RE, drop: true, times: 0 });
    const { client, log } = compliance({ retry: { maxRetries: 2 } });
    const e = await failure(client.request(ORGS));
    expect(e).toBeInstanceOf(ApiNetworkError);
    expect(e).toMatchObject({ kind: 'network', status: null, retryable: true, attempts: 3 });
    expect(e.message).toMatch(/Could not reach the Compliance API at http:\/\/127\.0\.0\.1:\d+ \(the connection was dropped\)/);
    expect(log).toHaveLength(3);
  });

  it('truncated JSON is retried once (policy), then reported as invalid_response without any body content', async () => {
    sandbox.faults.add({ path: ORGS_RE, truncate: true, times: 1 });
    const once = compliance();
    expect((await once.client.request(ORGS, { schema: OrgsPage })).attempts).toBe(2);

    sandbox.faults.clear();
    sandbox.faults.add({ path: ORGS_RE, truncate: true, times: 0 });
    const always = compliance();
    const e = await failure(always.client.request(ORGS, { schema: OrgsPage }));
    expect(e).toBeInstanceOf(ApiInvalidResponseError);
    // Two attempts although four retries were allowed: an unreadable body gets one retry only.
    expect(e).toMatchObject({ kind: 'invalid_response', status: 200, attempts: 2 });
    expect(e.message).toMatch(/not valid JSON .* it may have been cut off/);
    expect(e.requestId).toMatch(/^req_/);
    for (const org of sandbox.org.organizations) expect(e.message).not.toContain(org.name);
    expect(always.log).toHaveLength(2);
  });

  it('401: an admin message without the key; message, stack and JSON survive redactSecrets unchanged', async () => {
    const revoked = sandbox.keys.compliance.revoked.secret;
    const { client } = compliance({ credential: async () => revoked });
    const e = await failure(client.request(ORGS, { query: { limit: 1 } }));
    expect(e).toBeInstanceOf(ApiHttpError);
    expect(e).toMatchObject({ status: 401, apiErrorType: 'authentication_error', retryable: false, attempts: 1 });
    expect(e.requestId).toMatch(/^req_/);
    expect(e.message).toBe('The Compliance key was rejected: it is invalid or has been revoked. Check it in claude.ai → Organization settings → API.');
    const json = JSON.stringify(e);
    for (const text of [e.message, e.stack ?? '', json]) {
      expect(text).not.toContain(revoked);
      expect(redactSecrets(text)).toBe(text);
    }
    expect(JSON.parse(json)).toMatchObject({ kind: 'http', status: 401, requestId: e.requestId });
    expect(everythingVisible(e)).not.toContain(revoked.slice('sk-ant-api01-'.length, 40));
    // And redactSecrets does catch this key wherever it would appear.
    expect(redactSecrets(`header x-api-key=${revoked}`)).not.toContain(revoked.slice(13, 40));
  });

  it('401 whose body echoes the key: the server message is kept, the key is not', async () => {
    const secret = sandbox.keys.compliance.full.secret;
    sandbox.faults.add({ path: ORGS_RE, status: 401, message: `The API key ${secret} is invalid or has been revoked.`, times: 1 });
    const { client } = compliance();
    const e = await failure(client.request(ORGS));
    // Known secrets are replaced whole, before the patterns run, so no fragment of an odd-shaped key survives.
    expect(e.serverMessage).toBe('The API key [REDACTED] is invalid or has been revoked.');
    expect(everythingVisible(e)).not.toContain(secret.slice(13, 40));
  });

  it('the token bucket holds a burst to the configured rate (fake clock, real requests)', async () => {
    const clock = new ManualClock();
    const limiter = new RequestLimiter({ perMinute: 60, burst: 2, clock });
    const { client } = compliance({ clock, limiter });
    const results = Array.from({ length: 5 }, () => client.request(ORGS, { query: { limit: 1 }, schema: OrgsPage }));
    await vi.waitFor(() => expect(sandbox.stats.counts.compliance).toBe(2));
    expect(limiter.state().queued).toBe(3);
    await clock.advance(999);
    await new Promise((r) => setTimeout(r, 50));
    expect(sandbox.stats.counts.compliance).toBe(2);
    await clock.advance(1);
    await vi.waitFor(() => expect(sandbox.stats.counts.compliance).toBe(3));
    await clock.advance(2_000);
    await vi.waitFor(() => expect(sandbox.stats.counts.compliance).toBe(5));
    const done = await Promise.all(results);
    expect(done.every((r) => r.status === 200)).toBe(true);
  });

  it('abort cancels a request waiting for budget before anything is sent', async () => {
    const clock = new ManualClock();
    const limiter = new RequestLimiter({ perMinute: 60, burst: 1, clock });
    const { client } = compliance({ clock, limiter });
    await client.request(ORGS, { query: { limit: 1 } });
    const controller = new AbortController();
    const waiting = client.request(ORGS, { query: { limit: 1 }, signal: controller.signal });
    await vi.waitFor(() => expect(limiter.state().queued).toBe(1));
    controller.abort();
    const e = await failure(waiting);
    expect(e).toBeInstanceOf(ApiAbortedError);
    expect(e).toMatchObject({ kind: 'aborted', retryable: false });
    expect(limiter.state().queued).toBe(0);
    expect(sandbox.stats.counts.compliance).toBe(1);
  });

  it('abort cancels a request in flight, without retrying', async () => {
    sandbox.faults.add({ path: ORGS_RE, latencyMs: 3_000, times: 1 });
    const { client, log } = compliance();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const e = await failure(client.request(ORGS, { signal: controller.signal }));
    expect(e).toBeInstanceOf(ApiAbortedError);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(log).toHaveLength(1);
  });

  it('honours a real retry-after of 1 s with the system clock', async () => {
    sandbox.faults.add({ path: ORGS_RE, status: 429, headers: { 'retry-after': '1' }, times: 1 });
    const { client, log } = compliance({ clock: systemClock, limiter: new RequestLimiter({ perMinute: 300 }), random: Math.random });
    const res = await client.request(ORGS, { query: { limit: 1 } });
    expect(res.attempts).toBe(2);
    const waited = log[1]!.startedAt - log[0]!.startedAt;
    expect(waited).toBeGreaterThanOrEqual(1_000);
    expect(waited).toBeLessThan(2_500);
  });

  it('clients of the same API share one budget and one observed rate-limit state', async () => {
    const make = () => createHttpClient({ api: 'compliance', baseUrl: sandbox.url, credential: async () => sandbox.keys.compliance.full.secret });
    const a = make();
    const b = make();
    await a.request(ORGS, { query: { limit: 1 } });
    const shared = getRateLimitState('compliance');
    expect(shared.observed).toMatchObject({ limit: 600 });
    expect(b.rateLimitState().observed).toEqual(shared.observed);
    expect(shared.perMinute).toBe(300);
  });

  it('Analytics: a key without access gets a 404 there; the caller supplies the wording, nothing is retried', async () => {
    const wrongKey = 'sk-ant-api01-NotAnAnalyticsKey0123456789abcdefghijklmnopqrstuvwxyz';
    const rec = recordingFetch();
    const analytics = createHttpClient({
      api: 'analytics',
      baseUrl: sandbox.url,
      credential: async () => wrongKey,
      fetch: rec.fetch,
      limiter: new RequestLimiter({ perMinute: 30 }),
      clock: createVirtualClock(),
      describeError: (ctx) =>
        ctx.status === 404 || ctx.status === 401 || ctx.status === 403
          ? `The ${ctx.credentialName} was not accepted, or the organization has no Analytics access. ${ctx.credentialHelp}`
          : undefined,
    });
    const e = await failure(analytics.request('/v1/organizations/analytics/users', { query: { date: '2026-01-05', limit: 1 } }));
    expect(e).toMatchObject({ status: 404, apiErrorType: 'not_found_error', retryable: false, attempts: 1 });
    expect(e.message).toMatch(/^The Analytics API key was not accepted/);
    expect(everythingVisible(e)).not.toContain(wrongKey.slice(13));
    expect(rec.log).toHaveLength(1);
    expect(rec.log[0]!.url).toBe(`${sandbox.url}/v1/organizations/analytics/users?date=2026-01-05&limit=1`);
  });

  it('SCIM: bearer token and SCIM media type against the scimmy peer; a wrong token is a 401 without the token', async () => {
    const scim = (token: string) =>
      createHttpClient({ api: 'scim', baseUrl: sandbox.scimUrl, credential: async () => token, limiter: new RequestLimiter({ perMinute: 240 }), clock: createVirtualClock() });
    const res = await scim(sandbox.keys.scimToken).request('/Users', { query: { startIndex: 1, count: 1 } });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ schemas: expect.arrayContaining(['urn:ietf:params:scim:api:messages:2.0:ListResponse']) });

    const wrong = 'WrongToken0123456789abcdefWrongToken012345';
    const e = await failure(scim(wrong).request('/Users'));
    expect(e).toMatchObject({ status: 401, retryable: false });
    expect(e.message).toMatch(/The SCIM token was rejected/);
    expect(everythingVisible(e)).not.toContain(wrong);
  });
});
