import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BETA_HEADERS, ORG_ID, makeView, startApi, type TestApi } from './helpers.ts';
import {
  ArtifactActivity,
  ConnectorActivity,
  CostBucket,
  CostItem,
  CostUsersItem,
  DaySummary,
  EngagementPage,
  ErrorBody,
  PluginActivity,
  ProjectActivity,
  ReportPage,
  SkillActivity,
  UsageBucket,
  UsageItem,
  UsageUsersItem,
  UserActivity,
} from './schemas.ts';
import type { z } from 'zod';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

const DAY = '2026-09-10';
const WEEK = 'starting_at=2026-09-01T00:00:00Z&ending_at=2026-09-08T00:00:00Z';

async function engagement(path: string, item: z.ZodType): Promise<Array<Record<string, unknown>>> {
  const res = await api.get(path);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.headers.get('request-id')).toMatch(/^req_/);
  EngagementPage.parse(res.body);
  expect(res.body).not.toHaveProperty('has_more');
  const rows = res.body.data as Array<Record<string, unknown>>;
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) item.parse(r);
  return rows;
}

async function report(path: string, item: z.ZodType, headers?: Record<string, string>): Promise<Array<Record<string, unknown>>> {
  const res = await api.get(path, { headers });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  ReportPage.parse(res.body);
  expect(res.body.organization_id).toBe(ORG_ID);
  expect(res.body.data_refreshed_at).toBe('2026-09-15T08:00:00Z');
  const rows = res.body.data as Array<Record<string, unknown>>;
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) item.parse(r);
  return rows;
}

describe('engagement routes answer with the SDK shapes', () => {
  it('/users: one row per active member, sorted by email, with every SDK block', async () => {
    const rows = await engagement(`/users?date=${DAY}&limit=1000`, UserActivity);
    const emails = rows.map((r) => (r.user as { email_address: string }).email_address);
    expect(emails).toEqual([...emails].sort());
    for (const r of rows) {
      expect(r.distinct_user_count).toBeNull();
      expect(r.last_activity_date).toBe(DAY);
    }
    // Every row belongs to an active member of the view.
    const view = makeView();
    const active = new Set(view.users.filter((u) => u.active).map((u) => u.id));
    for (const r of rows) expect(active.has((r.user as { id: string }).id)).toBe(true);
  });

  it('/users grouped by rbac_group_id: aggregated rows with null user and null distinct counts', async () => {
    const rows = await engagement(`/users?date=${DAY}&group_by[]=rbac_group_id`, UserActivity);
    for (const r of rows) {
      expect(r.user).toBeNull();
      expect(r.distinct_user_count).toBeGreaterThan(0);
      expect((r.chat_metrics as Record<string, unknown>).distinct_conversation_count).toBeNull();
      expect(r).toHaveProperty('rbac_group_name');
    }
    expect(rows.find((r) => r.rbac_group_id === 'rbac_group_01TestEngineering000000')?.rbac_group_name).toBe('Engineering');
  });

  it('/summaries: {data, summaries, next_page: null} by default, per-day rows', async () => {
    const res = await api.get('/summaries?starting_date=2026-09-01&ending_date=2026-09-11');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'next_page', 'summaries']);
    expect(res.body.next_page).toBeNull();
    expect(res.body.summaries).toEqual(res.body.data);
    const days = res.body.data as Array<Record<string, unknown>>;
    expect(days).toHaveLength(10);
    for (const d of days) DaySummary.parse(d);
    expect(days[0]!.starting_at).toBe('2026-09-01T00:00:00Z');
    expect(days[9]!.ending_at).toBe('2026-09-11T00:00:00Z');
  });

  it('/summaries legacy envelope mode returns {summaries} only', async () => {
    api.control.summariesEnvelope = 'legacy';
    try {
      const res = await api.get('/summaries?starting_date=2026-09-01&ending_date=2026-09-03');
      expect(Object.keys(res.body)).toEqual(['summaries']);
      expect(res.body.summaries).toHaveLength(2);
    } finally {
      api.control.summariesEnvelope = 'sdk';
    }
  });

  it('/apps/chat/projects: view projects with creator', async () => {
    const rows = await engagement(`/apps/chat/projects?starting_date=2026-09-01&ending_date=2026-09-11`, ProjectActivity);
    const view = makeView();
    for (const r of rows) {
      const p = view.projects.find((x) => x.id === r.project_id);
      expect(p).toBeDefined();
      expect(r.project_name).toBe(p!.name);
      expect(r.created_at).toBe(p!.createdAt);
      const creator = view.users.find((u) => u.id === p!.creatorUserId);
      expect(r.created_by).toEqual(creator ? { id: creator.id, email_address: creator.email, type: 'user' } : null);
    }
    const ids = rows.map((r) => r.project_id as string);
    expect(ids).toEqual([...ids].sort());
  });

  it('/skills, /connectors, /plugins over a week', async () => {
    const range = 'starting_date=2026-09-01&ending_date=2026-09-11';
    const skills = await engagement(`/skills?${range}`, SkillActivity);
    expect(skills.map((s) => s.skill_name)).toEqual(skills.map((s) => s.skill_name as string).sort());
    const connectors = await engagement(`/connectors?${range}`, ConnectorActivity);
    expect(connectors.map((c) => c.connector_name)).toEqual(connectors.map((c) => c.connector_name as string).sort());
    const plugins = await engagement(`/plugins?${range}`, PluginActivity);
    expect(plugins.length).toBeGreaterThan(0);
  });

  it('/skills, /connectors, /plugins grouped by product carry the product key', async () => {
    for (const [path, schema] of [
      ['/skills', SkillActivity],
      ['/connectors', ConnectorActivity],
      ['/plugins', PluginActivity],
    ] as const) {
      const rows = await engagement(`${path}?starting_date=2026-09-01&ending_date=2026-09-11&group_by[]=product&limit=1000`, schema);
      for (const r of rows) expect(['chat', 'claude_code', 'cowork', 'office_agent']).toContain(r.product);
    }
  });

  it('/artifacts: the ungrouped cube is returned whole', async () => {
    const rows = await engagement(`/artifacts?date=${DAY}&limit=1`, ArtifactActivity);
    const res = await api.get(`/artifacts?date=${DAY}&limit=1`);
    expect(res.body.next_page).toBeNull();
    expect(rows.length).toBeGreaterThan(1);
    for (const r of rows) expect(r.published_artifacts_created_count as number).toBeLessThanOrEqual(r.artifacts_created_count as number);
  });
});

describe('usage & cost routes answer with the SDK shapes', () => {
  it('/user_usage_report: actors with email_address, total_tokens = sum of parts', async () => {
    const rows = await report(`/user_usage_report?${WEEK}&limit=1000`, UsageUsersItem);
    for (const r of rows) {
      const cc = r.cache_creation as Record<string, number>;
      expect(r.total_tokens).toBe((r.uncached_input_tokens as number) + (r.cache_read_input_tokens as number) + cc.ephemeral_1h_input_tokens! + cc.ephemeral_5m_input_tokens! + (r.output_tokens as number));
      expect(r.actor).not.toHaveProperty('email');
    }
    const totals = rows.map((r) => r.total_tokens as number);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
  });

  it('/user_cost_report grouped by cost_type and token_type fans out with null requests', async () => {
    const rows = await report(`/user_cost_report?${WEEK}&group_by[]=token_type&limit=3`, CostUsersItem);
    expect(rows.length).toBeGreaterThan(3);
    for (const r of rows) {
      expect(r.requests).toBeNull();
      if (r.token_type !== null) expect(r.cost_type).toBe('tokens');
    }
    const base = await report(`/user_cost_report?${WEEK}&limit=3`, CostUsersItem);
    expect(base).toHaveLength(3);
    for (const r of base) expect(r.requests).toBeGreaterThan(0);
  });

  it('/usage_report and /cost_report: day buckets, oldest first', async () => {
    const usage = await report('/usage_report?starting_at=2026-09-08T00:00:00Z&ending_at=2026-09-10T00:00:00Z&bucket_width=1d&group_by[]=product', UsageBucket);
    expect(usage.map((b) => b.starting_at)).toEqual(['2026-09-08T00:00:00Z', '2026-09-09T00:00:00Z']);
    const cost = await report('/cost_report?starting_at=2026-09-09T00:00:00Z&ending_at=2026-09-10T00:00:00Z&bucket_width=1d&group_by[]=model', CostBucket);
    const models = (cost[0]!.results as Array<{ model: string | null }>).map((r) => r.model);
    expect(models).toContain('claude-sonnet-4-6');
  });

  it('/usage and /cost: all 20 / 22 group keys, user actors', async () => {
    const usage = await report(`/usage?${WEEK}&group_by[]=actor&group_by[]=product&limit=50`, UsageItem, BETA_HEADERS);
    for (const r of usage) {
      expect(Object.keys(r.group as object)).toHaveLength(20);
      expect((r.group as { actor: { type: string } }).actor.type).toBe('user_actor');
      expect(r.starting_at).toBe('2026-09-01T00:00:00Z');
      expect(r.ending_at).toBe('2026-09-08T00:00:00Z');
    }
    const cost = await report(`/cost?${WEEK}&group_by[]=model&group_by[]=cost_type`, CostItem, BETA_HEADERS);
    for (const r of cost) {
      expect(Object.keys(r.group as object)).toHaveLength(22);
      expect((r.cost as { requests: unknown }).requests).toBeNull();
    }
    expect(cost.some((r) => (r.group as { cost_type: string }).cost_type === 'code_execution' && (r.group as { model: unknown }).model === null)).toBe(true);
  });

  it('empty intervals are returned as buckets with no results', async () => {
    // 2026-09-15 10:00 is the data clock; the export watermark is 08:00, so the last hours are empty.
    const res = await api.get('/usage_report?starting_at=2026-09-15T00:00:00Z&ending_at=2026-09-15T12:00:00Z&bucket_width=1h&limit=24');
    expect(res.status).toBe(200);
    const buckets = res.body.data as Array<{ starting_at: string; results: unknown[] }>;
    expect(buckets).toHaveLength(12);
    expect(buckets.slice(8).every((b) => b.results.length === 0)).toBe(true);
    expect(buckets.slice(0, 8).some((b) => b.results.length > 0)).toBe(true);
    // A range that starts after the export watermark: no export covers it.
    const future = await api.get('/usage_report?starting_at=2026-09-15T09:00:00Z&ending_at=2026-09-15T12:00:00Z&bucket_width=1h');
    expect(future.body.data_refreshed_at).toBeNull();
    expect((future.body.data as Array<{ results: unknown[] }>).every((b) => b.results.length === 0)).toBe(true);
  });

  it('money is a decimal string in cents with 6 fractional digits, currency USD', async () => {
    const rows = await report(`/cost?${WEEK}`, CostItem, BETA_HEADERS);
    expect(rows).toHaveLength(1);
    const c = rows[0]!.cost as { amount: string; list_amount: string; currency: string };
    expect(c.amount).toMatch(/^\d+\.\d{6}$/);
    expect(Number(c.amount)).toBeLessThan(Number(c.list_amount));
    expect(c.currency).toBe('USD');
  });
});

describe('errors', () => {
  it('use the platform envelope with a request_id matching the request-id header', async () => {
    const res = await api.get('/users?date=not-a-date');
    expect(res.status).toBe(400);
    ErrorBody.parse(res.body);
    expect(res.body.request_id).toBe(res.headers.get('request-id'));
    expect((res.body.error as { type: string }).type).toBe('invalid_request_error');
  });

  it('unknown routes and methods → 404 not_found_error', async () => {
    for (const path of ['/nope', '/users/extra', '/apps/chat', '/']) {
      const res = await api.get(path);
      expect(res.status, path).toBe(404);
      expect((res.body.error as { type: string }).type).toBe('not_found_error');
    }
    const post = await fetch(`${api.url}/v1/organizations/analytics/users`, { method: 'POST' });
    expect(post.status).toBe(404);
    expect(post.headers.get('request-id')).toMatch(/^req_/);
  });

  it('?beta=true is tolerated and percent-encoded brackets work', async () => {
    const plain = await api.get(`/users?date=${DAY}&limit=3`);
    const beta = await api.get(`/users?date=${DAY}&limit=3&beta=true`);
    expect(beta.status).toBe(200);
    expect(beta.body.data).toEqual(plain.body.data);
    const encoded = await api.get(`/user_usage_report?${WEEK}&group_by%5B%5D=product&limit=5`);
    const bracket = await api.get(`/user_usage_report?${WEEK}&group_by[]=product&limit=5`);
    expect(encoded.status).toBe(200);
    expect(encoded.body.data).toEqual(bracket.body.data);
    expect((encoded.body.data as Array<{ product: unknown }>)[0]!.product).not.toBeNull();
  });
});
