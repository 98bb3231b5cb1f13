import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompliance, type Harness } from './helpers.ts';

const INVALID_KEY = 'The API key provided is invalid or has been revoked.';
const RATE_LIMITED =
  'Compliance API rate limit of 600 requests per minute per parent organization has been exceeded. Retry after the time indicated by the retry-after header. Quote the request-id response header when contacting Anthropic support.';

function expectEnvelope(body: unknown, type: string, message: string): void {
  expect(body).toEqual({ type: 'error', error: { type, message }, request_id: expect.stringMatching(/^req_/) });
}

describe('compliance sandbox: authentication, scopes and auth order', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCompliance({ size: 'tiny', rateLimitPerMinute: 600 });
  });
  afterAll(() => h.close());

  const remaining = (r: { headers: Headers }) => Number(r.headers.get('anthropic-ratelimit-requests-remaining'));

  it('401 for a missing, unknown, revoked or non-compliance key, with no quota consumed and no rate-limit headers', async () => {
    const before = await h.call('/activities', { query: { limit: 1 } });
    const start = remaining(before);
    const apiKey03 = 'sk-ant-api03-' + 'x'.repeat(90);
    for (const key of [null, '', 'sk-ant-api01-unknown', h.keys.compliance.revoked.secret, apiKey03, h.keys.analytics.full.secret]) {
      const r = await h.call('/activities', { key });
      expect(r.status).toBe(401);
      expectEnvelope(r.body, 'authentication_error', INVALID_KEY);
      expect(r.headers.get('request-id')).toBe(r.body.request_id);
      expect(r.headers.get('anthropic-ratelimit-requests-remaining')).toBeNull();
    }
    const after = await h.call('/activities', { query: { limit: 1 } });
    expect(remaining(after)).toBe(start - 1);
  });

  it('accepts x-api-key and Authorization: Bearer, with any anthropic-version', async () => {
    const a = await h.call('/organizations');
    const b = await h.call('/organizations', { bearer: true });
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body.data).toEqual(a.body.data);
    const res = await fetch(`${h.url}/v1/compliance/organizations`, { headers: { 'x-api-key': h.keys.compliance.full.secret, 'anthropic-version': '2026-10-21' } });
    expect(res.status).toBe(200);
  });

  it('sends request-id and anthropic-ratelimit-* headers on authenticated responses', async () => {
    const r = await h.call('/organizations');
    expect(r.headers.get('request-id')).toMatch(/^req_[A-Za-z0-9]{24}$/);
    expect(r.headers.get('anthropic-ratelimit-requests-limit')).toBe('600');
    expect(remaining(r)).toBeGreaterThan(0);
    expect(r.headers.get('anthropic-ratelimit-requests-reset')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('an Admin API key reaches the Activity Feed only (403 elsewhere, quoting its fixed scope)', async () => {
    const admin = h.keys.compliance.admin.secret;
    const ok = await h.call('/activities', { key: admin, query: { limit: 1 } });
    expect(ok.status).toBe(200);
    const cases: Array<[string, string]> = [
      ['/organizations', 'read:compliance_org_data'],
      [`/organizations/${h.org.organizations[0]!.uuid}/users`, 'read:compliance_user_data'],
      ['/apps/chats', 'read:compliance_user_data'],
      ['/groups', 'read:compliance_org_data'],
    ];
    for (const [path, needed] of cases) {
      const r = await h.call(path, { key: admin });
      expect(r.status).toBe(403);
      expectEnvelope(r.body, 'permission_error', `Missing required scopes. Got: ['read:compliance_activities'] Needed: ['${needed}']`);
    }
  });

  it('403 lists every scope the key has, in Python-list format; the retired settings scope authorizes nothing', async () => {
    const r = await h.call('/apps/chats', { key: h.keys.compliance.noUserData.secret });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toBe("Missing required scopes. Got: ['read:compliance_activities', 'read:compliance_org_data'] Needed: ['read:compliance_user_data']");
    expect(r.body.error.message).toMatch(/^Missing required scopes\. Got: \[(.*)\] Needed: \[(.*)\]$/);
    const settings = await h.call(`/organizations/${h.org.organizations[0]!.uuid}/settings`, { key: h.keys.compliance.retiredScope.secret });
    expect(settings.status).toBe(403);
    expect(settings.body.error.message).toBe("Missing required scopes. Got: ['read:compliance_org_settings'] Needed: ['read:compliance_org_data']");
  });

  it('a 403 costs one unit of quota', async () => {
    const a = await h.call('/organizations');
    const denied = await h.call('/organizations', { key: h.keys.compliance.admin.secret });
    expect(denied.status).toBe(403);
    expect(remaining(denied)).toBe(remaining(a) - 1);
  });

  it('auth order: scope (403) before validation (400) before lookup (404)', async () => {
    const unknownChat = 'claude_chat_01H5CWunD7RpVJ5bHa8RCkja';
    const noScope = await h.call(`/apps/chats/${unknownChat}/messages`, { key: h.keys.compliance.activitiesOnly.secret, query: { limit: 0 } });
    expect(noScope.status).toBe(403);
    const invalid = await h.call(`/apps/chats/${unknownChat}/messages`, { query: { limit: 0 } });
    expect(invalid.status).toBe(400);
    expectEnvelope(invalid.body, 'invalid_request_error', 'The limit parameter must be between 1 and 1000, inclusive. Got 0.');
    const missing = await h.call(`/apps/chats/${unknownChat}/messages`);
    expect(missing.status).toBe(404);
    expectEnvelope(missing.body, 'not_found_error', `Chat ${unknownChat} not found.`);
    const unauth = await h.call(`/apps/chats/${unknownChat}/messages`, { key: 'nope', query: { limit: 0 } });
    expect(unauth.status).toBe(401);
  });

  it('deletes need delete:compliance_user_data (read scopes are not enough); a non-existent id is a 404 with it', async () => {
    const chat = h.org.chats.id(7);
    const denied = await h.call(`/apps/chats/${chat}`, { method: 'DELETE' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      "Missing required scopes. Got: ['read:compliance_activities', 'read:compliance_user_data', 'read:compliance_org_data'] Needed: ['delete:compliance_user_data']",
    );
    const del = h.keys.compliance.withDelete.secret;
    const probe = await h.call('/apps/chats/claude_chat_01H5CWunD7RpVJ5bHa8RCkja', { method: 'DELETE', key: del });
    expect(probe.status).toBe(404);
    expect(h.org.chats.exists(7)).toBe(true);
    const ok = await h.call(`/apps/chats/${chat}`, { method: 'DELETE', key: del });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ id: chat, type: 'claude_chat_deleted' });
    expect((await h.call(`/apps/chats/${chat}/messages`)).status).toBe(404);
    expect((await h.call(`/apps/chats/${chat}`, { method: 'DELETE', key: del })).status).toBe(404);
  });

  it('unknown paths and methods answer a not_found_error envelope', async () => {
    const r = await h.call('/no/such/endpoint');
    expect(r.status).toBe(404);
    expect(r.body.type).toBe('error');
    expect(r.body.error.type).toBe('not_found_error');
    expect(r.headers.get('request-id')).toBe(r.body.request_id);
    const post = await h.call('/activities', { method: 'POST' });
    expect(post.status).toBe(404);
  });
});

describe('compliance sandbox: rate limit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCompliance({ size: 'tiny', rateLimitPerMinute: 600 });
  });
  afterAll(() => h.close());

  it('429 with retry-after and the documented message past the per-tenant budget, shared by every key; recovers when the window passes', async () => {
    h.api.limiter.limit = 5;
    try {
      const keys = [h.keys.compliance.full.secret, h.keys.compliance.admin.secret, h.keys.compliance.activitiesOnly.secret];
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await h.call('/activities', { key: keys[i % keys.length]!, query: { limit: 1 } })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      const r = await h.call('/activities', { key: h.keys.compliance.activitiesOnly.secret, query: { limit: 1 } });
      expect(r.status).toBe(429);
      // The sandbox reports its configured limit in the message; with the default 600 it reads exactly as documented.
      expect(r.body.error.message).toBe(RATE_LIMITED.replace('600', '5'));
      expect(r.body.error.type).toBe('rate_limit_error');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(r.headers.get('anthropic-ratelimit-requests-remaining')).toBe('0');
      expect(r.headers.get('request-id')).toBe(r.body.request_id);
      // Auth failures are still 401 (checked before the limiter).
      expect((await h.call('/activities', { key: 'bad' })).status).toBe(401);
      h.api.advanceClock(61_000);
      expect((await h.call('/activities', { query: { limit: 1 } })).status).toBe(200);
    } finally {
      h.api.limiter.limit = 600;
      h.api.limiter.reset();
    }
  });

  it('the default limit message is the documented one', async () => {
    h.api.limiter.reset();
    const limit = h.api.limiter.limit;
    for (let i = 0; i < limit; i++) h.api.limiter.take();
    const r = await h.call('/organizations');
    expect(r.status).toBe(429);
    expect(r.body.error.message).toBe(RATE_LIMITED);
    h.api.limiter.reset();
  });
});
