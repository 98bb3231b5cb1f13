import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  ApiAbortedError,
  ApiCredentialError,
  ApiError,
  ApiHttpError,
  ApiInvalidResponseError,
  ApiNetworkError,
  createHttpClient,
  createVirtualClock,
  RequestLimiter,
  type HttpClientOptions,
  type RetryInfo,
} from '../../../../lib/api/http/index.ts';
import { redactSecrets } from '../../../../lib/util/redact.ts';

const KEY = 'sk-ant-api01-Q2xhdWRlQWRtaW5Db21wYW5pb25UZXN0S2V5MDEyMzQ1Njc4OWFiY2RlZg-sbx4AA';
const SCIM_TOKEN = 'Vq3M8bYt2LwZ0pRk7sXe4NcH9aJfU1gD6hTo5iKm';

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A fetch that answers from a script and records what it was sent. */
function scriptedFetch(...steps: Array<Response | Error | ((seen: Seen) => Response | Promise<Response>)>) {
  const calls: Seen[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const seen: Seen = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: typeof init?.body === 'string' ? init.body : undefined,
    };
    calls.push(seen);
    const step = steps[Math.min(calls.length - 1, steps.length - 1)];
    if (step === undefined) throw new Error('no scripted response');
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step(seen);
    return step.clone();
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const anthropicError = (status: number, type: string, message: string, requestId = 'req_test') =>
  json(status, { type: 'error', error: { type, message }, request_id: requestId }, { 'request-id': requestId });

function client(fetchFn: typeof fetch, overrides: Partial<HttpClientOptions> = {}) {
  const clock = createVirtualClock();
  const credential = vi.fn(async () => KEY);
  const c = createHttpClient({
    api: 'compliance',
    baseUrl: 'https://api.anthropic.com/',
    credential,
    fetch: fetchFn,
    clock,
    random: () => 0.5,
    limiter: new RequestLimiter({ perMinute: 1_000_000, burst: 1_000, clock }),
    ...overrides,
  });
  return { c, clock, credential };
}

/** Everything an error exposes, as text: message, stack, JSON, String(), enumerable props, cause chain. */
function everythingVisible(e: unknown): string {
  const parts: string[] = [String(e), JSON.stringify(e)];
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    if (cur instanceof Error) parts.push(cur.message, cur.stack ?? '');
    if (typeof cur === 'object') parts.push(JSON.stringify(Object.entries(cur as object)), JSON.stringify(Object.getOwnPropertyNames(cur).map((k) => String((cur as Record<string, unknown>)[k]))));
    cur = (cur as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

async function caught(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected the request to fail');
}

describe('createHttpClient: requests', () => {
  it('sends x-api-key, anthropic-version and JSON accept for Compliance, with bracketed array params', async () => {
    const f = scriptedFetch(json(200, { data: [], has_more: false }, { 'request-id': 'req_1' }));
    const { c } = client(f.fetch);
    const res = await c.request('/v1/compliance/activities', { query: { activity_types: ['a', 'b'], limit: 10 } });
    expect(f.calls[0]!.url).toBe('https://api.anthropic.com/v1/compliance/activities?activity_types[]=a&activity_types[]=b&limit=10');
    expect(f.calls[0]!.headers).toMatchObject({ 'x-api-key': KEY, 'anthropic-version': '2023-06-01', accept: 'application/json' });
    expect(f.calls[0]!.headers.authorization).toBeUndefined();
    expect(res).toMatchObject({ data: { data: [], has_more: false }, status: 200, requestId: 'req_1', attempts: 1, rateLimit: null });
  });

  it('sends Authorization: Bearer and the SCIM media type for SCIM, keeping the base path', async () => {
    const f = scriptedFetch(json(201, { id: 'u1' }));
    const c = createHttpClient({ api: 'scim', baseUrl: 'https://api.workos.com/scim/v2.0/key123/', credential: async () => SCIM_TOKEN, fetch: f.fetch, limiter: new RequestLimiter({ perMinute: 60 }) });
    await c.request('/Users', { method: 'POST', body: { userName: 'ada@example.com', active: true } });
    const sent = f.calls[0]!;
    expect(sent.url).toBe('https://api.workos.com/scim/v2.0/key123/Users');
    expect(sent.method).toBe('POST');
    expect(sent.headers).toMatchObject({ authorization: `Bearer ${SCIM_TOKEN}`, accept: 'application/scim+json', 'content-type': 'application/scim+json' });
    expect(sent.headers['x-api-key']).toBeUndefined();
    expect(sent.headers['anthropic-version']).toBeUndefined();
    expect(JSON.parse(sent.body!)).toEqual({ userName: 'ada@example.com', active: true });
  });

  it('merges default and per-request headers but refuses credential headers from either', async () => {
    const f = scriptedFetch(json(200, {}));
    const { c } = client(f.fetch, { defaultHeaders: { 'anthropic-beta': 'analytics-usage-cost-2026-08-24' } });
    await c.request('/x', { headers: { 'x-trace': '1' } });
    expect(f.calls[0]!.headers).toMatchObject({ 'anthropic-beta': 'analytics-usage-cost-2026-08-24', 'x-trace': '1', 'x-api-key': KEY });
    expect(() => client(f.fetch, { defaultHeaders: { Authorization: 'Bearer x' } })).toThrow(/credential callback/);
    await expect(c.request('/x', { headers: { 'X-Api-Key': 'other' } })).rejects.toThrow(/credential callback/);
  });

  it('validates with the caller’s schema and returns typed data', async () => {
    const f = scriptedFetch(json(200, { data: [{ uuid: 'o1', name: 'Acme', extra: 1 }], has_more: false }));
    const { c } = client(f.fetch);
    const schema = z.object({ data: z.array(z.object({ uuid: z.string(), name: z.string() }).loose()), has_more: z.boolean() });
    const res = await c.request('/v1/compliance/organizations', { schema });
    const name: string = res.data.data[0]!.name;
    expect(name).toBe('Acme');
  });

  it('handles 204 and empty bodies without reading twice', async () => {
    const f = scriptedFetch(new Response(null, { status: 204, headers: { 'request-id': 'req_del' } }));
    const { c } = client(f.fetch);
    const res = await c.request('/v1/compliance/apps/chats/c1', { method: 'DELETE' });
    expect(res).toMatchObject({ status: 204, data: undefined, requestId: 'req_del' });
    const withSchema = await c.request('/x', { schema: z.undefined() });
    expect(withSchema.data).toBeUndefined();
  });

  it('a schema mismatch is an invalid_response naming the path, never the data, and is not retried', async () => {
    const secretish = 'ada.lovelace@example.com';
    const f = scriptedFetch(json(200, { data: [{ id: 'a', email: secretish }, { id: 7, email: secretish }] }, { 'request-id': 'req_bad' }));
    const { c } = client(f.fetch);
    const schema = z.object({ data: z.array(z.object({ id: z.string(), email: z.string() })) });
    const e = await caught(c.request('/v1/compliance/organizations/o/users', { schema }));
    expect(e).toBeInstanceOf(ApiInvalidResponseError);
    expect(e.kind).toBe('invalid_response');
    expect(e.issues).toEqual([expect.objectContaining({ path: 'data[1].id', code: 'invalid_type' })]);
    expect(e.message).toContain('data[1].id');
    expect(e.message).not.toContain(secretish);
    expect(e.requestId).toBe('req_bad');
    expect(e.retryable).toBe(false);
    expect(f.calls).toHaveLength(1);
  });

  it('does not follow redirects (the key header would travel with them)', async () => {
    const f = scriptedFetch(new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/' } }));
    const { c } = client(f.fetch);
    const e = await caught(c.request('/v1/compliance/organizations'));
    expect(e).toMatchObject({ kind: 'http', status: 302, retryable: false });
    expect(f.fetch).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ redirect: 'manual', credentials: 'omit' }));
  });
});

describe('createHttpClient: retries', () => {
  it('fetches the credential per attempt and never keeps it on the client', async () => {
    const f = scriptedFetch(anthropicError(503, 'overloaded_error', 'busy'), json(200, { ok: true }));
    const { c, credential } = client(f.fetch);
    const res = await c.request('/v1/compliance/organizations');
    expect(res.attempts).toBe(2);
    expect(credential).toHaveBeenCalledTimes(2);
    expect(JSON.stringify(c)).not.toContain(KEY);
    expect(Object.values(c).map(String).join('\n')).not.toContain(KEY);
  });

  it('reports each retry through onRetry with the wait and attempt numbers', async () => {
    const f = scriptedFetch(anthropicError(529, 'overloaded_error', 'Overloaded'), anthropicError(500, 'api_error', 'oops'), json(200, {}));
    const seen: RetryInfo[] = [];
    const { c, clock } = client(f.fetch, { onRetry: (i) => seen.push(i) });
    await c.request('/v1/compliance/organizations');
    expect(seen.map((s) => [s.attempt, s.maxAttempts, s.delayMs, s.error.status])).toEqual([
      [1, 5, 500, 529],
      [2, 5, 1_000, 500],
    ]);
    expect(clock.sleeps).toEqual([500, 1_000]);
  });

  it('gives up after maxRetries and says how many attempts were made', async () => {
    const f = scriptedFetch(anthropicError(502, 'api_error', 'bad gateway'));
    const { c, clock } = client(f.fetch, { retry: { maxRetries: 2 } });
    const e = await caught(c.request('/v1/compliance/organizations'));
    expect(e).toMatchObject({ kind: 'http', status: 502, attempts: 3, retryable: true });
    expect(e.message).toMatch(/3 attempts/);
    expect(clock.sleeps).toEqual([500, 1_000]);
  });

  it('backoff is capped at 60 s', async () => {
    const f = scriptedFetch(anthropicError(503, 'overloaded_error', 'busy'));
    const { c, clock } = client(f.fetch, { retry: { maxRetries: 9 }, random: () => 0.999_999 });
    await caught(c.request('/x'));
    expect(Math.max(...clock.sleeps)).toBeLessThan(60_000);
    expect(clock.sleeps.slice(-3).every((s) => s >= 59_000)).toBe(true);
  });

  it('does not retry a POST after a 500, a network error or a timeout, but does after a 429', async () => {
    const f1 = scriptedFetch(anthropicError(500, 'api_error', 'x'));
    await caught(client(f1.fetch).c.request('/Users', { method: 'POST', body: {} }));
    expect(f1.calls).toHaveLength(1);

    const f2 = scriptedFetch(new TypeError('fetch failed'));
    const e2 = await caught(client(f2.fetch).c.request('/Users', { method: 'POST', body: {} }));
    expect(e2).toBeInstanceOf(ApiNetworkError);
    expect(e2.retryable).toBe(false);
    expect(f2.calls).toHaveLength(1);

    const f3 = scriptedFetch(anthropicError(429, 'rate_limit_error', 'slow down'), json(201, {}));
    expect((await client(f3.fetch).c.request('/Users', { method: 'POST', body: {} })).attempts).toBe(2);

    const f4 = scriptedFetch(anthropicError(500, 'api_error', 'x'), json(200, {}));
    expect((await client(f4.fetch).c.request('/Groups/g1', { method: 'PATCH', body: {}, idempotent: true })).attempts).toBe(2);
  });

  it('x-should-retry: true makes even a 400 retryable; a plain 400 is never retried', async () => {
    const marked = scriptedFetch(json(400, { type: 'error', error: { type: 'invalid_request_error', message: 'm' } }, { 'x-should-retry': 'true' }), json(200, {}));
    expect((await client(marked.fetch).c.request('/x')).attempts).toBe(2);
    const plain = scriptedFetch(anthropicError(400, 'invalid_request_error', 'The limit parameter must be between 1 and 1000, inclusive. Got 1500.'));
    const e = await caught(client(plain.fetch).c.request('/x'));
    expect(e).toMatchObject({ status: 400, apiErrorType: 'invalid_request_error', retryable: false, attempts: 1 });
    expect(e.message).toContain('Got 1500.');
    expect(plain.calls).toHaveLength(1);
  });

  it('a retry-after longer than maxRetryAfterMs fails at once with retryAfterSeconds, and pauses the shared budget', async () => {
    const clock = createVirtualClock();
    const limiter = new RequestLimiter({ perMinute: 300, clock });
    const f = scriptedFetch(json(429, { type: 'error', error: { type: 'rate_limit_error', message: 'Rate limit exceeded' } }, { 'retry-after': '300' }));
    const c = createHttpClient({ api: 'analytics', baseUrl: 'https://api.anthropic.com', credential: async () => KEY, fetch: f.fetch, clock, limiter });
    const e = await caught(c.request('/v1/organizations/analytics/users'));
    expect(e).toMatchObject({ status: 429, retryable: true, retryAfterSeconds: 300, attempts: 1, apiErrorType: 'rate_limit_error' });
    expect(e.message).toMatch(/Analytics API rate limit was reached.*300 seconds/);
    expect(f.calls).toHaveLength(1);
    expect(limiter.state()).toMatchObject({ pauseReason: 'retry_after', pausedUntil: clock.now() + 300_000 });
  });

  it('a 429 without retry-after backs off and slows every caller of the API', async () => {
    const clock = createVirtualClock();
    const limiter = new RequestLimiter({ perMinute: 300, clock });
    const pause = vi.spyOn(limiter, 'pause');
    const f = scriptedFetch(anthropicError(429, 'rate_limit_error', 'Rate limit exceeded'), json(200, {}));
    const c = createHttpClient({ api: 'compliance', baseUrl: 'https://api.anthropic.com', credential: async () => KEY, fetch: f.fetch, clock, limiter, random: () => 0.5 });
    await c.request('/x');
    expect(pause).toHaveBeenCalledWith(500, 'throttled');
  });

  it('abort during the backoff wait ends the request with an aborted error and no further attempt', async () => {
    const f = scriptedFetch(anthropicError(503, 'overloaded_error', 'busy'));
    const controller = new AbortController();
    const { c } = client(f.fetch, {
      onRetry: () => controller.abort(),
    });
    const e = await caught(c.request('/x', { signal: controller.signal }));
    expect(e).toBeInstanceOf(ApiAbortedError);
    expect(e).toMatchObject({ kind: 'aborted', retryable: false, status: null });
    expect(f.calls).toHaveLength(1);
  });
});

describe('createHttpClient: errors and secrets', () => {
  afterEach(() => vi.restoreAllMocks());

  it('parses the SCIM error envelope', async () => {
    const f = scriptedFetch(
      new Response(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409', scimType: 'uniqueness', detail: 'Another user already exists with this username' }), {
        status: 409,
        headers: { 'content-type': 'application/scim+json' },
      }),
    );
    const c = createHttpClient({ api: 'scim', baseUrl: 'http://127.0.0.1:9/scim/v2', credential: async () => SCIM_TOKEN, fetch: f.fetch, limiter: new RequestLimiter({ perMinute: 60 }) });
    const e = await caught(c.request('/Users', { method: 'POST', body: {} }));
    expect(e).toBeInstanceOf(ApiHttpError);
    expect(e).toMatchObject({ kind: 'http', status: 409, apiErrorType: 'uniqueness', serverMessage: 'Another user already exists with this username', retryable: false });
  });

  it('survives non-JSON error bodies (bare 413, proxy HTML)', async () => {
    const f = scriptedFetch(new Response('<html>Payload Too Large</html>', { status: 413, headers: { 'content-type': 'text/html' } }));
    const { c } = client(f.fetch);
    const e = await caught(c.request('/x', { method: 'PUT', body: {} }));
    expect(e).toMatchObject({ status: 413, apiErrorType: null, serverMessage: null, retryable: false });
    expect(e.message).toMatch(/too large/);
  });

  it('redacts a credential echoed by the server, by shape and verbatim (opaque SCIM token)', async () => {
    const f1 = scriptedFetch(anthropicError(401, 'authentication_error', `invalid x-api-key ${KEY}`));
    const e1 = await caught(client(f1.fetch).c.request('/x'));
    expect(everythingVisible(e1)).not.toContain(KEY.slice(14, 40));
    expect(e1.serverMessage).toContain('[REDACTED]');

    const f2 = scriptedFetch(json(401, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: 401, detail: `token ${SCIM_TOKEN} is not valid` }));
    const c2 = createHttpClient({ api: 'scim', baseUrl: 'http://127.0.0.1:9/scim/v2', credential: async () => SCIM_TOKEN, fetch: f2.fetch, limiter: new RequestLimiter({ perMinute: 60 }) });
    const e2 = await caught(c2.request('/Users'));
    expect(everythingVisible(e2)).not.toContain(SCIM_TOKEN);
    expect(e2.message).toMatch(/SCIM token was rejected/);
  });

  it('keeps the key out of network errors even when the underlying error quotes it', async () => {
    const boom = new TypeError('fetch failed', { cause: Object.assign(new Error(`socket closed while sending x-api-key ${KEY}`), { code: 'UND_ERR_SOCKET' }) });
    const f = scriptedFetch(boom);
    const { c } = client(f.fetch, { retry: { maxRetries: 1 } });
    const e = await caught(c.request('/x'));
    expect(e).toBeInstanceOf(ApiNetworkError);
    expect(e.message).toMatch(/connection was dropped/);
    expect(everythingVisible(e)).not.toContain(KEY);
    expect((e.cause as { code?: string }).code).toBe('UND_ERR_SOCKET');
  });

  it('credential problems are typed, not retried, and never reach the network', async () => {
    const f = scriptedFetch(json(200, {}));
    const locked = createHttpClient({ api: 'compliance', baseUrl: 'https://api.anthropic.com', credential: async () => Promise.reject(new Error('vault is locked')), fetch: f.fetch });
    const e1 = await caught(locked.request('/x'));
    expect(e1).toBeInstanceOf(ApiCredentialError);
    expect(e1.message).toMatch(/No Compliance key is available \(it could not be read\)/);
    expect((e1.cause as Error).message).toBe('vault is locked');

    const empty = createHttpClient({ api: 'analytics', baseUrl: 'https://api.anthropic.com', credential: async () => '  ', fetch: f.fetch });
    expect((await caught(empty.request('/x'))).message).toMatch(/No Analytics API key is available \(none has been entered\)/);

    const pasted = `${KEY.slice(0, 30)} \n${KEY.slice(30)}`;
    const broken = createHttpClient({ api: 'compliance', baseUrl: 'https://api.anthropic.com', credential: async () => pasted, fetch: f.fetch });
    const e3 = await caught(broken.request('/x'));
    expect(e3.kind).toBe('credential');
    expect(everythingVisible(e3)).not.toContain(KEY.slice(14, 30));
    expect(f.calls).toHaveLength(0);
  });

  it('API-specific wording can replace the generic message (Analytics answers 404 for a key without access)', async () => {
    const f = scriptedFetch(anthropicError(404, 'not_found_error', 'Not found', 'req_nf'));
    const c = createHttpClient({
      api: 'analytics',
      baseUrl: 'https://api.anthropic.com',
      credential: async () => KEY,
      fetch: f.fetch,
      limiter: new RequestLimiter({ perMinute: 60 }),
      describeError: (ctx) => (ctx.status === 404 ? `The ${ctx.credentialName} was not accepted (${KEY}).` : undefined),
    });
    const e = await caught(c.request('/v1/organizations/analytics/users'));
    expect(e.message).toBe('The Analytics API key was not accepted (sk-ant-api01-[REDACTED]).');
    expect(e.requestId).toBe('req_nf');
  });

  it('every generic message is free of the key and redactSecrets leaves it unchanged', async () => {
    for (const status of [400, 401, 403, 404, 409, 410, 413, 429, 500, 501, 529]) {
      const f = scriptedFetch(anthropicError(status, 'x_error', `detail with ${KEY}`));
      const e = await caught(client(f.fetch, { retry: { maxRetries: 0 } }).c.request('/p'));
      expect(e.message.length).toBeGreaterThan(20);
      expect(redactSecrets(e.message)).toBe(e.message);
      expect(everythingVisible(e)).not.toContain(KEY);
    }
  });
});
