import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BETA_HEADERS, KEYS, makeView, startApi, type TestApi } from './helpers.ts';
import { ErrorBody } from './schemas.ts';

const RANGE = 'starting_at=2026-09-01T00:00:00Z&ending_at=2026-09-08T00:00:00Z';
const ENGAGEMENT = ['/users?date=2026-09-10', '/summaries?starting_date=2026-09-01', '/apps/chat/projects?date=2026-09-10', '/skills?date=2026-09-10', '/connectors?date=2026-09-10', '/plugins?date=2026-09-10', '/artifacts?date=2026-09-10'];
const LEGACY_REPORTS = [`/user_usage_report?${RANGE}`, `/user_cost_report?${RANGE}`, `/usage_report?${RANGE}`, `/cost_report?${RANGE}`];
const BETA = [`/usage?${RANGE}`, `/cost?${RANGE}`];

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

function errorType(body: Record<string, unknown>): string {
  return ErrorBody.parse(body).error.type;
}

describe('authentication', () => {
  it('accepts the key from x-api-key or Authorization: Bearer, with any anthropic-version', async () => {
    for (const path of [...ENGAGEMENT, ...LEGACY_REPORTS]) {
      expect((await api.get(path)).status, path).toBe(200);
      expect((await api.get(path, { bearer: true, headers: { 'anthropic-version': '2026-10-21' } })).status, path).toBe(200);
    }
    for (const path of BETA) expect((await api.get(path, { bearer: true, headers: BETA_HEADERS })).status, path).toBe(200);
  });

  it('missing, unknown or revoked key: 404 not_found_error on engagement routes', async () => {
    for (const path of ENGAGEMENT) {
      for (const key of [null, 'sk-ant-api01-unknown', KEYS.revoked.secret, KEYS.noScope.secret]) {
        const res = await api.get(path, { key });
        expect(res.status, `${path} ${key}`).toBe(404);
        expect(errorType(res.body)).toBe('not_found_error');
      }
    }
  });

  it('missing, unknown or revoked key: 401 authentication_error on usage & cost routes', async () => {
    for (const path of [...LEGACY_REPORTS, ...BETA]) {
      for (const key of [null, 'sk-ant-api01-unknown', KEYS.revoked.secret]) {
        const res = await api.get(path, { key, headers: BETA_HEADERS });
        expect(res.status, `${path} ${key}`).toBe(401);
        expect(errorType(res.body)).toBe('authentication_error');
      }
      const noScope = await api.get(path, { key: KEYS.noScope.secret, headers: BETA_HEADERS });
      expect(noScope.status).toBe(403);
      expect(errorType(noScope.body)).toBe('permission_error');
    }
  });

  it('Admin API keys reach /usage and /cost only', async () => {
    for (const path of BETA) expect((await api.get(path, { key: KEYS.admin.secret, headers: BETA_HEADERS })).status, path).toBe(200);
    for (const path of ENGAGEMENT) expect((await api.get(path, { key: KEYS.admin.secret })).status, path).toBe(404);
    for (const path of LEGACY_REPORTS) expect((await api.get(path, { key: KEYS.admin.secret })).status, path).toBe(401);
  });

  it('/usage and /cost require the analytics-usage-cost beta header', async () => {
    for (const path of BETA) {
      const res = await api.get(path);
      expect(res.status).toBe(400);
      const body = ErrorBody.parse(res.body);
      expect(body.error.type).toBe('invalid_request_error');
      expect(body.error.details).toEqual({ error_code: 'organization_not_enrolled_in_beta' });
      expect(body.error.message).toContain('analytics-usage-cost-2026-08-24');
      // Several betas in one header are fine.
      const multi = await api.get(path, { headers: { 'anthropic-beta': 'files-api-2025-04-14, analytics-usage-cost-2026-08-24' } });
      expect(multi.status).toBe(200);
    }
    // The legacy reports do not need it.
    expect((await api.get(LEGACY_REPORTS[0]!)).status).toBe(200);
  });

  it('the kill switch makes every request fail, whatever the key', async () => {
    api.control.accessEnabled = false;
    try {
      for (const path of ENGAGEMENT) {
        const res = await api.get(path);
        expect(res.status, path).toBe(404);
        expect(res.headers.get('request-id')).toMatch(/^req_/);
      }
      for (const path of [...LEGACY_REPORTS, ...BETA]) {
        const res = await api.get(path, { headers: BETA_HEADERS });
        expect(res.status, path).toBe(403);
        expect(errorType(res.body)).toBe('permission_error');
      }
      expect((await api.get(BETA[0]!, { key: KEYS.admin.secret, headers: BETA_HEADERS })).status).toBe(403);
    } finally {
      api.control.accessEnabled = true;
    }
    expect((await api.get(ENGAGEMENT[0]!)).status).toBe(200);
  });

  it('every response carries a request-id, equal to request_id on errors', async () => {
    const ok = await api.get(ENGAGEMENT[0]!);
    const bad = await api.get('/users?date=2024-01-01');
    const unknown = await api.get('/nowhere', { key: null });
    expect(ok.headers.get('request-id')).toMatch(/^req_[A-Za-z0-9]{24}$/);
    for (const res of [bad, unknown]) expect(res.body.request_id).toBe(res.headers.get('request-id'));
    expect(bad.headers.get('request-id')).not.toBe(unknown.headers.get('request-id'));
  });
});

describe('rate limit: 60 requests per rolling minute per organization', () => {
  it('answers 429 rate_limit_error with retry-after once the budget is spent, across keys and routes', async () => {
    let t = Date.UTC(2026, 8, 15, 10, 0, 0);
    const limited = await startApi(makeView(), { rateLimitPerMinute: 60, now: () => t });
    try {
      for (let i = 0; i < 60; i++) {
        const key = i % 2 === 0 ? KEYS.full.secret : KEYS.second.secret;
        const path = i % 3 === 0 ? ENGAGEMENT[0]! : LEGACY_REPORTS[0]!;
        const res = await limited.get(path, { key });
        expect(res.status, `request ${i}`).toBe(200);
        t += 500; // 60 requests over 30 seconds
      }
      const res = await limited.get(ENGAGEMENT[3]!, { key: KEYS.second.secret });
      expect(res.status).toBe(429);
      expect(errorType(res.body)).toBe('rate_limit_error');
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(res.body.request_id).toBe(res.headers.get('request-id'));
      // Unauthenticated requests are not attributed to the organization and do not count.
      expect((await limited.get(ENGAGEMENT[0]!, { key: null })).status).toBe(404);
      // Once the oldest request leaves the window, one more request fits.
      t += retryAfter * 1000;
      expect((await limited.get(ENGAGEMENT[0]!)).status).toBe(200);
      expect((await limited.get(ENGAGEMENT[0]!)).status).toBe(429);
      limited.control.limiter.reset();
      expect((await limited.get(ENGAGEMENT[0]!)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('optional anthropic-ratelimit-* headers', async () => {
    const limited = await startApi(makeView(), { rateLimitPerMinute: 60 });
    try {
      expect((await limited.get(ENGAGEMENT[0]!)).headers.get('anthropic-ratelimit-requests-remaining')).toBeNull();
      limited.control.rateLimitHeaders = true;
      const res = await limited.get(ENGAGEMENT[0]!);
      expect(res.headers.get('anthropic-ratelimit-requests-limit')).toBe('60');
      expect(res.headers.get('anthropic-ratelimit-requests-remaining')).toBe('58');
    } finally {
      await limited.close();
    }
  });
});
