import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BETA_HEADERS, collect, makeView, startApi, type TestApi } from './helpers.ts';

let api: TestApi;
let clock = Date.UTC(2026, 8, 15, 10, 0, 0);
beforeAll(async () => {
  api = await startApi(makeView({ users: 60 }), { now: () => clock });
});
afterAll(async () => {
  await api.close();
});

const WEEK = 'starting_at=2026-09-01T00:00:00Z&ending_at=2026-09-08T00:00:00Z';
const key = (r: Record<string, unknown>, fields: string[]): string => JSON.stringify(fields.map((f) => r[f]));

describe('paging returns every row exactly once', () => {
  it.each([
    ['/users?starting_date=2026-08-01&ending_date=2026-09-01', (r: Record<string, unknown>) => (r.user as { id: string }).id],
    ['/skills?starting_date=2026-08-01&ending_date=2026-09-01&group_by[]=user_id', (r: Record<string, unknown>) => key(r, ['skill_name', 'user_id'])],
    ['/connectors?starting_date=2026-08-01&ending_date=2026-09-01&group_by[]=user_id', (r: Record<string, unknown>) => key(r, ['connector_name', 'user_id'])],
    ['/plugins?starting_date=2026-08-01&ending_date=2026-09-01&group_by[]=user_id', (r: Record<string, unknown>) => key(r, ['plugin_name', 'user_id'])],
    ['/apps/chat/projects?starting_date=2026-08-01&ending_date=2026-09-01&group_by[]=user_id', (r: Record<string, unknown>) => key(r, ['project_id', 'user_id'])],
    ['/artifacts?date=2026-09-10&group_by[]=user_id', (r: Record<string, unknown>) => key(r, ['artifact_type', 'is_shared', 'user_id'])],
  ])('%s', async (path, id) => {
    const whole = await collect(api, `${path}&limit=1000`);
    expect(whole.pages).toBe(1);
    const paged = await collect(api, `${path}&limit=7`);
    expect(paged.pages).toBe(Math.ceil(whole.rows.length / 7));
    expect(paged.rows.length).toBe(whole.rows.length);
    const ids = paged.rows.map(id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(paged.rows).toEqual(whole.rows);
  });

  it('an explicit limit is honoured and the default is 100', async () => {
    const res = await api.get('/users?starting_date=2026-08-01&ending_date=2026-09-01&limit=5');
    expect(res.body.data).toHaveLength(5);
    expect(res.body.next_page).toMatch(/^page_/);
    const big = makeView({ users: 400 });
    const api2 = await startApi(big, { now: () => clock });
    try {
      const res2 = await api2.get('/users?starting_date=2026-08-01&ending_date=2026-09-01');
      expect(res2.body.data).toHaveLength(100);
      expect(res2.body.next_page).not.toBeNull();
    } finally {
      await api2.close();
    }
  });

  it('report rows: has_more / next_page until the last page; fan-out rows stay with their base row', async () => {
    const whole = await collect(api, `/user_cost_report?${WEEK}&limit=1000`);
    expect(whole.last.has_more).toBe(false);
    const paged = await collect(api, `/user_cost_report?${WEEK}&limit=4`);
    expect(paged.rows).toEqual(whole.rows);
    // With cost_type the base rows fan out: a page holds `limit` actors but more rows.
    const first = await api.get(`/user_cost_report?${WEEK}&limit=4&group_by[]=cost_type`);
    expect(first.body.has_more).toBe(true);
    const actors = new Set((first.body.data as Array<{ actor: { user_id: string } }>).map((r) => r.actor.user_id));
    expect(actors.size).toBe(4);
    expect((first.body.data as unknown[]).length).toBeGreaterThan(4);
    const fanned = await collect(api, `/user_cost_report?${WEEK}&limit=3&group_by[]=cost_type`);
    const seen = fanned.rows.map((r) => `${(r.actor as { user_id: string }).user_id}/${String(r.cost_type)}`);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('usage_report pages by buckets with per-width limits', async () => {
    const res = await api.get('/usage_report?starting_at=2026-09-01T00:00:00Z&ending_at=2026-09-15T00:00:00Z');
    expect(res.body.data).toHaveLength(7); // 1d default limit
    expect(res.body.has_more).toBe(true);
    const all = await collect(api, '/usage_report?starting_at=2026-09-01T00:00:00Z&ending_at=2026-09-15T00:00:00Z&limit=3');
    expect(all.rows.map((b) => b.starting_at)).toEqual(Array.from({ length: 14 }, (_, i) => `2026-09-${String(i + 1).padStart(2, '0')}T00:00:00Z`));
    const hourly = await api.get('/usage_report?starting_at=2026-09-01T00:00:00Z&ending_at=2026-09-03T00:00:00Z&bucket_width=1h');
    expect(hourly.body.data).toHaveLength(24);
    const minutes = await api.get('/usage_report?starting_at=2026-09-01T00:00:00Z&ending_at=2026-09-01T06:00:00Z&bucket_width=1m');
    expect(minutes.body.data).toHaveLength(60);
  });

  it('/usage pages through every combination', async () => {
    const whole = await collect(api, `/usage?${WEEK}&group_by[]=actor&group_by[]=model&limit=1000`, { headers: BETA_HEADERS });
    const paged = await collect(api, `/usage?${WEEK}&group_by[]=actor&group_by[]=model&limit=9`, { headers: BETA_HEADERS });
    expect(paged.rows).toEqual(whole.rows);
    const combos = paged.rows.map((r) => {
      const g = r.group as { actor: { user_id: string }; model: string | null };
      return `${g.actor.user_id}/${g.model}`;
    });
    expect(new Set(combos).size).toBe(combos.length);
  });
});

describe('cursors', () => {
  it('are page_ + base64url(JSON) with an offset and a query hash', async () => {
    const res = await api.get('/users?date=2026-09-10&limit=2');
    const cursor = res.body.next_page as string;
    const decoded = JSON.parse(Buffer.from(cursor.slice(5), 'base64url').toString()) as { o: number; h: string };
    expect(decoded.o).toBe(2);
    expect(decoded.h).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('are bound to the query: any changed parameter → 400', async () => {
    const first = await api.get('/users?date=2026-09-10&limit=2');
    const cursor = encodeURIComponent(first.body.next_page as string);
    const ok = await api.get(`/users?date=2026-09-10&limit=2&page=${cursor}`);
    expect(ok.status).toBe(200);
    for (const changed of ['/users?date=2026-09-09&limit=2', '/users?date=2026-09-10&limit=3', '/users?date=2026-09-10&limit=2&filter[]=user_id:user_x']) {
      const res = await api.get(`${changed}&page=${cursor}`);
      expect(res.status, changed).toBe(400);
      expect((res.body.error as { message: string }).message).toMatch(/cursor does not match/);
    }
    const reportFirst = await api.get(`/user_usage_report?${WEEK}&limit=2`);
    const rc = encodeURIComponent(reportFirst.body.next_page as string);
    expect((await api.get(`/user_usage_report?${WEEK}&limit=2&page=${rc}`)).status).toBe(200);
    expect((await api.get(`/user_usage_report?${WEEK}&limit=2&order=asc&page=${rc}`)).status).toBe(400);
    // The SDK's beta marker does not bind.
    expect((await api.get(`/user_usage_report?${WEEK}&limit=2&beta=true&page=${rc}`)).status).toBe(200);
    // Nor does a cursor travel to another route with the same parameters.
    expect((await api.get(`/user_cost_report?${WEEK}&limit=2&page=${rc}`)).status).toBe(400);
    expect((await api.get(`/skills?date=2026-09-10&limit=2&page=${cursor}`)).status).toBe(400);
  });

  it('garbage cursors → 400', async () => {
    for (const bad of ['nope', 'page_', 'page_%21%21', `page_${Buffer.from('{"o":-1}').toString('base64url')}`]) {
      const res = await api.get(`/users?date=2026-09-10&limit=2&page=${bad}`);
      expect(res.status, bad).toBe(400);
    }
  });

  it('forced expiry → 410, then a fresh sequence works', async () => {
    const first = await api.get(`/user_cost_report?${WEEK}&limit=2`);
    const engagementFirst = await api.get('/skills?date=2026-09-10&limit=1');
    api.control.expireCursors();
    const res = await api.get(`/user_cost_report?${WEEK}&limit=2&page=${encodeURIComponent(first.body.next_page as string)}`);
    expect(res.status).toBe(410);
    expect((res.body.error as { message: string }).message).toMatch(/expired/);
    const eng = await api.get(`/skills?date=2026-09-10&limit=1&page=${encodeURIComponent(engagementFirst.body.next_page as string)}`);
    expect(eng.status).toBe(410);
    const again = await collect(api, `/user_cost_report?${WEEK}&limit=2`);
    expect(again.rows.length).toBeGreaterThan(2);
  });

  it('a report cursor expires (410) when the export refreshes mid-sequence', async () => {
    const first = await api.get(`/user_usage_report?${WEEK}&limit=2`);
    const before = api.control.dataRefreshedAt();
    clock += 4 * 3_600_000;
    try {
      expect(api.control.dataRefreshedAt()).not.toBe(before);
      const res = await api.get(`/user_usage_report?${WEEK}&limit=2&page=${encodeURIComponent(first.body.next_page as string)}`);
      expect(res.status).toBe(410);
    } finally {
      clock -= 4 * 3_600_000;
    }
  });

  it('an omitted ending_date is resolved on the first page and reused for the whole sequence', async () => {
    clock = Date.UTC(2026, 8, 15, 23, 0, 0);
    const first = await api.get('/users?starting_date=2026-09-01&limit=3');
    expect(first.status).toBe(200);
    clock = Date.UTC(2026, 8, 16, 1, 0, 0); // the latest available day moves on
    try {
      const rest = await collect(api, `/users?starting_date=2026-09-01&limit=3&page=${encodeURIComponent(first.body.next_page as string)}`);
      const fresh = await collect(api, '/users?starting_date=2026-09-01&ending_date=2026-09-15&limit=1000');
      expect([...(first.body.data as unknown[]), ...rest.rows]).toEqual(fresh.rows);
      const moved = await collect(api, '/users?starting_date=2026-09-01&limit=1000');
      expect(moved.rows).not.toEqual(fresh.rows);
    } finally {
      clock = Date.UTC(2026, 8, 15, 10, 0, 0);
    }
  });
});
