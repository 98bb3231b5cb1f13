import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeConnectorName } from '../../../sandbox/analytics/org.ts';
import { BETA_HEADERS, collect, makeView, microcents, startApi, type TestApi } from './helpers.ts';

const view = makeView({ users: 60 });
const MONTH = 'starting_at=2026-08-15T00:00:00Z&ending_at=2026-09-15T00:00:00Z';
let api: TestApi;
beforeAll(async () => {
  api = await startApi(view);
});
afterAll(async () => {
  await api.close();
});

interface Money {
  amount: bigint;
  list: bigint;
}
const sumMoney = (items: Array<{ amount: string; list_amount: string }>): Money =>
  items.reduce((s, c) => ({ amount: s.amount + microcents(c.amount), list: s.list + microcents(c.list_amount) }), { amount: 0n, list: 0n });

describe('cost and usage reconcile across reports', () => {
  it('per-user cost adds up to the org cost report, to the micro-cent', async () => {
    const perUser = await collect(api, `/user_cost_report?${MONTH}&limit=7`);
    const users = sumMoney(perUser.rows as Array<{ amount: string; list_amount: string }>);
    expect(users.amount).toBeGreaterThan(0n);
    expect(users.list).toBeGreaterThan(users.amount);

    const buckets = await collect(api, `/cost_report?${MONTH}&bucket_width=1d&limit=31`);
    expect(buckets.rows).toHaveLength(31);
    const org = sumMoney(buckets.rows.flatMap((b) => b.results as Array<{ amount: string; list_amount: string }>));
    expect(org).toEqual(users);

    const byModel = await collect(api, `/cost_report?${MONTH}&bucket_width=1d&limit=31&group_by[]=model&group_by[]=cost_type`);
    expect(sumMoney(byModel.rows.flatMap((b) => b.results as Array<{ amount: string; list_amount: string }>))).toEqual(users);

    const fanned = await collect(api, `/user_cost_report?${MONTH}&limit=10&group_by[]=token_type&group_by[]=product`);
    expect(sumMoney(fanned.rows as Array<{ amount: string; list_amount: string }>)).toEqual(users);

    const beta = await api.get(`/cost?${MONTH}`, { headers: BETA_HEADERS });
    expect(sumMoney((beta.body.data as Array<{ cost: { amount: string; list_amount: string } }>).map((r) => r.cost))).toEqual(users);
    const byActor = await collect(api, `/cost?${MONTH}&group_by[]=actor&limit=13`, { headers: BETA_HEADERS });
    expect(byActor.rows.length).toBe(perUser.rows.length);
    expect(sumMoney(byActor.rows.map((r) => r.cost as { amount: string; list_amount: string }))).toEqual(users);

    // Each member's own total matches between the legacy and the beta per-actor views.
    const legacyByUser = new Map(perUser.rows.map((r) => [(r.actor as { user_id: string }).user_id, r.amount]));
    for (const r of byActor.rows) expect((r.cost as { amount: string }).amount).toBe(legacyByUser.get((r.group as { actor: { user_id: string } }).actor.user_id));
  });

  it('per-user tokens add up to the org usage report', async () => {
    const perUser = await collect(api, `/user_usage_report?${MONTH}&limit=1000`);
    const buckets = await collect(api, `/usage_report?${MONTH}&limit=31`);
    const results = buckets.rows.flatMap((b) => b.results as Array<Record<string, number>>);
    for (const field of ['uncached_input_tokens', 'cache_read_input_tokens', 'output_tokens', 'requests']) {
      const a = perUser.rows.reduce((s, r) => s + (r[field] as number), 0);
      const b = results.reduce((s, r) => s + r[field]!, 0);
      expect(b, field).toBe(a);
    }
    const usage = await api.get(`/usage?${MONTH}`, { headers: BETA_HEADERS });
    const total = (usage.body.data as Array<{ usage: { total_tokens: number } }>)[0]!.usage.total_tokens;
    expect(total).toBe(perUser.rows.reduce((s, r) => s + (r.total_tokens as number), 0));
  });

  it('grouped rows partition the total (except any-membership RBAC groups, which overlap)', async () => {
    const total = (await api.get(`/usage?${MONTH}`, { headers: BETA_HEADERS })).body.data as Array<{ usage: { requests: number } }>;
    const byProduct = await collect(api, `/usage?${MONTH}&group_by[]=product&group_by[]=model&limit=1000`, { headers: BETA_HEADERS });
    expect(byProduct.rows.reduce((s, r) => s + (r.usage as { requests: number }).requests, 0)).toBe(total[0]!.usage.requests);
    const byGroup = await collect(api, `/usage?${MONTH}&group_by[]=rbac_group_id&limit=1000`, { headers: BETA_HEADERS });
    expect(byGroup.rows.reduce((s, r) => s + (r.usage as { requests: number }).requests, 0)).toBeGreaterThan(total[0]!.usage.requests);
    expect(byGroup.rows.some((r) => (r.group as { rbac_group_id: unknown }).rbac_group_id === null)).toBe(true);
  });

  it('per-model usage follows the view mix; no model before its release', async () => {
    const byModel = await collect(api, `/usage?${MONTH}&group_by[]=model&limit=100`, { headers: BETA_HEADERS });
    const requests = new Map(byModel.rows.map((r) => [(r.group as { model: string | null }).model, (r.usage as { requests: number }).requests]));
    // claude-opus-5-5 shipped on 2026-09-22, after this window: its share goes to the others.
    expect(requests.has('claude-opus-5-5')).toBe(false);
    const live = view.models.filter((m) => m.id !== 'claude-opus-5-5');
    const liveShare = live.reduce((s, m) => s + m.share, 0);
    const modelled = live.reduce((s, m) => s + (requests.get(m.id) ?? 0), 0);
    for (const m of live) expect(Math.abs((requests.get(m.id) ?? 0) / modelled - m.share / liveShare), m.id).toBeLessThan(0.08);
    // Prices follow the catalog: an Opus token costs more than a Haiku token.
    const cost = await collect(api, `/cost?${MONTH}&group_by[]=model&limit=100`, { headers: BETA_HEADERS });
    const tokens = new Map(byModel.rows.map((r) => [(r.group as { model: string | null }).model, (r.usage as { total_tokens: number }).total_tokens]));
    const perToken = (model: string): number => Number((cost.rows.find((r) => (r.group as { model: string }).model === model)!.cost as { list_amount: string }).list_amount) / tokens.get(model)!;
    expect(perToken('claude-opus-4-7')).toBeGreaterThan(3 * perToken('claude-haiku-4-5-20251001'));
  });

  it('spend is skewed: the top tenth of members account for a large share', async () => {
    const rows = (await collect(api, `/user_cost_report?${MONTH}&limit=1000`)).rows;
    const amounts = rows.map((r) => Number(r.amount as string));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    const total = amounts.reduce((a, b) => a + b, 0);
    const top = amounts.slice(0, Math.ceil(amounts.length / 10)).reduce((a, b) => a + b, 0);
    expect(top / total).toBeGreaterThan(0.25);
    expect(amounts[0]!).toBeGreaterThan(5 * amounts[Math.floor(amounts.length / 2)]!);
  });
});

describe('engagement is consistent with the view and with usage', () => {
  it('only active members appear; departed members never have activity', async () => {
    const left = new Set(view.users.filter((u) => !u.active).map((u) => u.id));
    expect(left.size).toBeGreaterThan(0);
    const users = await collect(api, '/users?starting_date=2026-06-01&ending_date=2026-09-15&limit=1000');
    const costs = await collect(api, `/user_cost_report?${MONTH}&limit=1000`);
    for (const r of users.rows) expect(left.has((r.user as { id: string }).id)).toBe(false);
    for (const r of costs.rows) {
      expect(left.has((r.actor as { user_id: string }).user_id)).toBe(false);
      expect((r.actor as { deleted: boolean }).deleted).toBe(false);
    }
  });

  it('DAU ≤ WAU ≤ MAU ≤ seats; seats and adoption follow the view', async () => {
    const days = (await api.get('/summaries?starting_date=2026-03-01&ending_date=2026-09-15')).body.data as Array<Record<string, number>>;
    expect(days).toHaveLength(198);
    for (const d of days) {
      expect(d.daily_active_user_count!).toBeLessThanOrEqual(d.weekly_active_user_count!);
      expect(d.weekly_active_user_count!).toBeLessThanOrEqual(d.monthly_active_user_count!);
      expect(d.monthly_active_user_count!).toBeLessThanOrEqual(d.assigned_seat_count!);
      expect(d.cowork_daily_active_user_count!).toBeLessThanOrEqual(d.daily_active_user_count!);
      expect(d.daily_adoption_rate).toBeCloseTo((100 * d.daily_active_user_count!) / d.assigned_seat_count!, 1);
    }
    const last = days[days.length - 1]!;
    expect(last.assigned_seat_count).toBe(view.users.filter((u) => u.active && u.createdAt < '2026-09-15').length);
    // Weekdays are busier than weekends.
    const weekday = days.filter((_, i) => ![0, 6].includes(new Date(Date.UTC(2026, 2, 1 + i)).getUTCDay()));
    const weekend = days.filter((_, i) => [0, 6].includes(new Date(Date.UTC(2026, 2, 1 + i)).getUTCDay()));
    const avg = (xs: Array<Record<string, number>>): number => xs.reduce((s, d) => s + d.daily_active_user_count!, 0) / xs.length;
    expect(avg(weekday)).toBeGreaterThan(2 * avg(weekend));
  });

  it('one day: /users rows = DAU = members with usage; messages and searches match the usage records', async () => {
    const day = '2026-09-09';
    const summary = ((await api.get(`/summaries?starting_date=${day}&ending_date=2026-09-10`)).body.data as Array<Record<string, number>>)[0]!;
    const users = (await collect(api, `/users?date=${day}&limit=1000`)).rows;
    expect(users.length).toBe(summary.daily_active_user_count);
    const usageUsers = (await collect(api, `/user_usage_report?starting_at=${day}T00:00:00Z&ending_at=2026-09-10T00:00:00Z&limit=1000`)).rows;
    expect(new Set(usageUsers.map((r) => (r.actor as { user_id: string }).user_id))).toEqual(new Set(users.map((r) => (r.user as { id: string }).id)));
    const byProduct = ((await api.get(`/usage_report?starting_at=${day}T00:00:00Z&ending_at=2026-09-10T00:00:00Z&group_by[]=product`)).body.data as Array<{ results: Array<{ product: string | null; requests: number; server_tool_use: { web_search_requests: number } }> }>)[0]!.results;
    const chatMessages = users.reduce((s, r) => s + (r.chat_metrics as { message_count: number }).message_count, 0);
    expect(byProduct.find((r) => r.product === 'chat')?.requests).toBe(chatMessages);
    const searches = users.reduce((s, r) => s + (r.web_search_count as number), 0);
    expect(byProduct.reduce((s, r) => s + r.server_tool_use.web_search_requests, 0)).toBe(searches);
    const coworkUsers = users.filter((r) => (r.cowork_metrics as { distinct_session_count: number }).distinct_session_count > 0).length;
    expect(coworkUsers).toBe(summary.cowork_daily_active_user_count);
  });

  it('connectors are the view MCP servers (normalized names, or opaque ids with the display name)', async () => {
    const rows = (await collect(api, '/connectors?starting_date=2026-06-01&ending_date=2026-09-15&limit=1000')).rows;
    const names = new Set(view.mcpServers.map((s) => normalizeConnectorName(s.name)));
    expect(names.has('atlassian')).toBe(true); // "Atlassian MCP server" and "Atlassian" merge
    for (const r of rows) {
      const server = view.mcpServers.find((s) => s.id === r.connector_name);
      if (server) expect(r.connector_display_name).toBe(server.name);
      else {
        expect(names.has(r.connector_name as string)).toBe(true);
        expect(r.connector_display_name).toBeNull();
      }
    }
    expect(rows.filter((r) => r.connector_name === 'atlassian')).toHaveLength(rows.some((r) => r.connector_name === 'atlassian') ? 1 : 0);
  });

  it('range mode: distinct users are exact over the window, never a sum of days', async () => {
    const range = (await collect(api, '/skills?starting_date=2026-09-01&ending_date=2026-09-08&limit=1000')).rows;
    const perDay = await Promise.all(['01', '02', '03', '04', '05', '06', '07'].map(async (d) => (await collect(api, `/skills?date=2026-09-${d}&limit=1000`)).rows));
    const perUser = (await collect(api, '/skills?starting_date=2026-09-01&ending_date=2026-09-08&group_by[]=user_id&limit=1000')).rows;
    for (const r of range) {
      const users = perUser.filter((u) => u.skill_name === r.skill_name).length;
      expect(r.distinct_user_count).toBe(users);
      const invocations = perDay.flat().filter((d) => d.skill_name === r.skill_name).reduce((s, d) => s + (d.invocation_count as number), 0);
      expect(r.invocation_count).toBe(invocations);
      expect(r.enable_count).toBeNull();
    }
  });

  it('filters scope the rows', async () => {
    const group = view.groups[1]!;
    const users = (await collect(api, `/users?starting_date=2026-09-01&ending_date=2026-09-15&filter[]=rbac_group_id:${group.id}&limit=1000`)).rows;
    expect(users.length).toBeGreaterThan(0);
    for (const r of users) expect(group.memberIds).toContain((r.user as { id: string }).id);
    const bare = (await collect(api, `/users?starting_date=2026-09-01&ending_date=2026-09-15&filter[]=rbac_group_id:${group.id.replace('rbac_group_', '')}&limit=1000`)).rows;
    expect(bare).toEqual(users);
    const someone = (users[0]!.user as { id: string }).id;
    const costs = (await collect(api, `/user_cost_report?${MONTH}&user_ids[]=${someone}`)).rows;
    expect(costs).toHaveLength(1);
    expect((costs[0]!.actor as { user_id: string }).user_id).toBe(someone);
    const scoped = (await api.get(`/summaries?starting_date=2026-09-01&ending_date=2026-09-02&filter[]=rbac_group_id:${group.id}`)).body.data as Array<Record<string, unknown>>;
    expect(scoped[0]!.assigned_seat_count).toBeNull();
    expect(scoped[0]!.daily_adoption_rate).toBeNull();
  });
});

describe('determinism', () => {
  it('the same view gives the same data; another seed gives other data', async () => {
    const paths = ['/users?date=2026-09-10&limit=1000', '/summaries?starting_date=2026-08-01&ending_date=2026-09-01', `/user_cost_report?${MONTH}&limit=1000`, '/connectors?date=2026-09-10'];
    const twin = await startApi(makeView({ users: 60 }));
    const other = await startApi(makeView({ users: 60, seed: 8 }));
    try {
      for (const p of paths) {
        const [a, b, c] = await Promise.all([api.get(p), twin.get(p), other.get(p)]);
        expect(b.body, p).toEqual(a.body);
        expect(c.body, p).not.toEqual(a.body);
      }
    } finally {
      await twin.close();
      await other.close();
    }
  });
});

describe('a large organization', () => {
  it('10k members: a day of /users matches DAU and a week of per-user cost reconciles', async () => {
    const big = await startApi(makeView({ users: 10_000 }));
    try {
      const day = '2026-09-09';
      const dau = ((await big.get(`/summaries?starting_date=${day}&ending_date=2026-09-10`)).body.data as Array<Record<string, number>>)[0]!;
      const users = await collect(big, `/users?date=${day}&limit=1000`);
      expect(users.rows.length).toBe(dau.daily_active_user_count);
      expect(dau.daily_active_user_count!).toBeGreaterThan(2000);
      const week = 'starting_at=2026-09-01T00:00:00Z&ending_at=2026-09-08T00:00:00Z';
      const perUser = await collect(big, `/user_cost_report?${week}&limit=1000`);
      const orgBig = await big.get(`/cost?${week}`, { headers: BETA_HEADERS });
      expect(sumMoney(perUser.rows as Array<{ amount: string; list_amount: string }>)).toEqual(sumMoney((orgBig.body.data as Array<{ cost: { amount: string; list_amount: string } }>).map((r) => r.cost)));
    } finally {
      await big.close();
    }
  }, 120_000);
});
