import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BETA_HEADERS, makeView, startApi, type TestApi } from './helpers.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startApi(); // data clock 2026-09-15T10:00Z
});
afterAll(async () => {
  await api.close();
});

async function expect400(path: string, pattern?: RegExp, headers?: Record<string, string>): Promise<string> {
  const res = await api.get(path, { headers });
  expect(res.status, `${path} → ${JSON.stringify(res.body)}`).toBe(400);
  const error = res.body.error as { type: string; message: string };
  expect(error.type).toBe('invalid_request_error');
  if (pattern) expect(error.message).toMatch(pattern);
  return error.message;
}

async function expect200(path: string, headers?: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await api.get(path, { headers });
  expect(res.status, `${path} → ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

describe('engagement date rules', () => {
  it('YYYY-MM-DD only', async () => {
    await expect400('/users?date=2026-9-10');
    await expect400('/users?date=2026-02-30');
    await expect400('/skills?date=2026-09-10T00:00:00Z');
    await expect400('/summaries?starting_date=09/10/2026');
  });

  it('nothing before 2026-01-01', async () => {
    await expect400('/users?date=2025-12-31', /2026-01-01/);
    await expect400('/summaries?starting_date=2025-12-01&ending_date=2026-01-05', /2026-01-01/);
    await expect200('/users?date=2026-01-01');
  });

  it('a too-recent date names the latest available day (default today-1)', async () => {
    expect(api.control.latestAvailableDate()).toBe('2026-09-14');
    expect(await expect400('/users?date=2026-09-15')).toContain('2026-09-14');
    expect(await expect400('/connectors?date=2026-09-20')).toContain('2026-09-14');
    expect(await expect400('/summaries?starting_date=2026-09-10&ending_date=2026-09-16')).toContain('2026-09-14');
    await expect200('/users?date=2026-09-14');
    await expect200('/summaries?starting_date=2026-09-10&ending_date=2026-09-15');
  });

  it('today-3 mode', async () => {
    api.control.latestDayMode = 'lag3';
    try {
      expect(await expect400('/users?date=2026-09-13')).toContain('2026-09-12');
      await expect200('/users?date=2026-09-12');
      const s = await expect200('/summaries?starting_date=2026-09-10');
      expect((s.data as unknown[]).length).toBe(3);
    } finally {
      api.control.latestDayMode = 'lag1';
    }
  });

  it('date and starting_date together → 400; ending_date alone → 400; /artifacts needs date', async () => {
    await expect400('/users?date=2026-09-10&starting_date=2026-09-01', /either date or starting_date/);
    await expect400('/skills?ending_date=2026-09-10');
    await expect400('/artifacts', /date/);
    await expect400('/summaries', /starting_date/);
  });

  it('range rules: start before end, at most 366 days (summaries: 31 in the old mode)', async () => {
    await expect400('/users?starting_date=2026-09-10&ending_date=2026-09-10');
    await expect400('/users?starting_date=2026-09-10&ending_date=2026-09-01');
    await expect200('/summaries?starting_date=2026-01-01&ending_date=2026-09-01');
    api.control.summariesMaxRangeDays = 31;
    try {
      await expect400('/summaries?starting_date=2026-07-01&ending_date=2026-08-02', /31 days/);
      await expect200('/summaries?starting_date=2026-07-01&ending_date=2026-08-01');
    } finally {
      api.control.summariesMaxRangeDays = 366;
    }
  });
});

describe('engagement parameters', () => {
  it('limit is 1..1000', async () => {
    await expect400('/users?date=2026-09-10&limit=0');
    await expect400('/users?date=2026-09-10&limit=1001');
    await expect400('/skills?date=2026-09-10&limit=ten');
    await expect200('/users?date=2026-09-10&limit=1000');
    await expect200('/users?date=2026-09-10&limit=1');
  });

  it('unsupported filter[] and group_by[] dimensions → 400', async () => {
    await expect400('/users?date=2026-09-10&filter[]=product:chat', /unsupported dimension 'product'/);
    await expect400('/users?date=2026-09-10&group_by[]=user_id', /unsupported dimension 'user_id'/);
    await expect400('/skills?date=2026-09-10&filter[]=connector_name:github');
    await expect400('/connectors?date=2026-09-10&group_by[]=skill_name');
    await expect400('/plugins?date=2026-09-10&filter[]=product:chat');
    await expect400('/apps/chat/projects?date=2026-09-10&group_by[]=product', /product/);
    await expect400('/apps/chat/projects?date=2026-09-10&filter[]=product:chat', /product/);
    await expect400('/summaries?starting_date=2026-09-01&filter[]=user_id:user_x');
    await expect400('/users?date=2026-09-10&filter[]=nocolon');
    await expect400('/artifacts?date=2026-09-10&filter[]=is_shared:maybe');
    await expect400('/skills?date=2026-09-10&filter[]=share_status:secret');
  });

  it('project_id cannot be combined with grouping or an rbac filter on /users', async () => {
    await expect400('/users?date=2026-09-10&filter[]=project_id:claude_proj_01Test0AbCdEf&group_by[]=rbac_group_id');
    await expect400('/users?date=2026-09-10&filter[]=project_id:claude_proj_01Test0AbCdEf&filter[]=rbac_group_id:rbac_group_01TestSales00000000000');
  });

  it('order and order_by', async () => {
    await expect400('/users?date=2026-09-10&order=sideways');
    await expect400('/skills?date=2026-09-10&order_by=popularity');
    const byMetric = await expect200('/skills?starting_date=2026-09-01&ending_date=2026-09-11&order_by=distinct_user_count');
    const counts = (byMetric.data as Array<{ distinct_user_count: number }>).map((r) => r.distinct_user_count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const desc = await expect200('/users?date=2026-09-10&order=desc&limit=1000');
    const emails = (desc.data as Array<{ user: { email_address: string } }>).map((r) => r.user.email_address);
    expect(emails).toEqual([...emails].sort().reverse());
  });
});

describe('usage & cost date rules', () => {
  const RANGE = 'starting_at=2026-09-01T00:00:00Z&ending_at=2026-09-08T00:00:00Z';

  it('RFC 3339 with a zone only', async () => {
    await expect400('/user_usage_report?starting_at=2026-09-01', /RFC 3339/);
    await expect400('/cost_report?starting_at=2026-09-01T00:00:00', /RFC 3339/);
    await expect400('/usage_report?starting_at=2026-09-01T00:00:00Z&ending_at=tomorrow');
    await expect200('/user_usage_report?starting_at=2026-09-01T02:00:00%2B02:00&ending_at=2026-09-08T00:00:00Z');
  });

  it('starting_at is required, not before 2026-01-01, within 365 days, before ending_at', async () => {
    await expect400('/user_cost_report', /starting_at/);
    await expect400('/usage_report?starting_at=2025-12-31T23:00:00Z&ending_at=2026-01-02T00:00:00Z', /2026-01-01/);
    await expect400('/user_usage_report?starting_at=2026-09-08T00:00:00Z&ending_at=2026-09-01T00:00:00Z', /before ending_at/);
    await expect400('/user_usage_report?starting_at=2026-09-08T00:00:00Z&ending_at=2026-09-08T00:00:00Z', /before ending_at/);
    const late = await startApi(makeView({ now: '2027-02-01T00:00:00Z' }));
    try {
      const res = await late.get('/user_usage_report?starting_at=2026-01-15T00:00:00Z&ending_at=2026-01-20T00:00:00Z');
      expect(res.status).toBe(400);
      expect((res.body.error as { message: string }).message).toMatch(/365 days/);
    } finally {
      await late.close();
    }
  });

  it('ranges span at most 31 days; 1m buckets at most 24 hours on user reports and /usage', async () => {
    await expect400('/user_usage_report?starting_at=2026-08-01T00:00:00Z&ending_at=2026-09-02T00:00:00Z', /31 days/);
    await expect400('/cost?starting_at=2026-08-01T00:00:00Z&ending_at=2026-09-02T00:00:00Z', /31 days/, BETA_HEADERS);
    await expect200('/user_usage_report?starting_at=2026-08-01T00:00:00Z&ending_at=2026-09-01T00:00:00Z');
    await expect400('/user_usage_report?starting_at=2026-09-01T00:00:00Z&ending_at=2026-09-02T01:00:00Z&bucket_width=1m', /24 hours/);
    await expect400('/usage?starting_at=2026-09-01T00:00:00Z&ending_at=2026-09-02T01:00:00Z&time_bucket_width=1m', /24 hours/, BETA_HEADERS);
    await expect200('/user_usage_report?starting_at=2026-09-01T00:00:00Z&ending_at=2026-09-02T00:00:00Z&bucket_width=1m');
  });

  it('bucket widths: values, ending_at required on user reports and /usage, per-width limit maxima', async () => {
    await expect400(`/usage_report?${RANGE}&bucket_width=1w`);
    await expect400('/user_usage_report?starting_at=2026-09-01T00:00:00Z&bucket_width=1d', /ending_at/);
    await expect400('/usage?starting_at=2026-09-01T00:00:00Z&time_bucket_width=1h', /ending_at/, BETA_HEADERS);
    await expect400(`/usage_report?${RANGE}&bucket_width=1d&limit=32`);
    await expect400(`/usage_report?${RANGE}&bucket_width=1h&limit=169`);
    await expect400('/usage_report?starting_at=2026-09-01T00:00:00Z&ending_at=2026-09-01T12:00:00Z&bucket_width=1m&limit=257');
    await expect200(`/usage_report?${RANGE}&bucket_width=1h&limit=168`);
    // bucket_width without ending_at is fine on the bucketed org reports (default end).
    const body = await expect200('/usage_report?starting_at=2026-09-10T00:00:00Z&bucket_width=1d');
    expect((body.data as unknown[]).length).toBe(6); // 10th … 15th (now is the 15th, 10:00)
  });

  it('user reports: limit 1..1000, default 20; group_by and filters validated', async () => {
    await expect400(`/user_usage_report?${RANGE}&limit=1001`);
    await expect400(`/user_usage_report?${RANGE}&group_by[]=actor`, /unsupported dimension 'actor'/);
    await expect400(`/user_usage_report?${RANGE}&group_by[]=cost_type`);
    await expect400(`/usage_report?${RANGE}&group_by[]=token_type`, /token_type/);
    await expect400(`/cost_report?${RANGE}&group_by[]=actor`, /user_cost_report/);
    await expect400(`/user_cost_report?${RANGE}&order_by=total_tokens`);
    await expect400(`/user_usage_report?${RANGE}&products[]=minesweeper`);
    await expect400(`/user_usage_report?${RANGE}&context_windows[]=2M`);
    await expect400(`/user_usage_report?${RANGE}&group_by[]=claude_tag_user_id&rbac_group_ids[]=rbac_group_01TestSales00000000000`, /claude_tag_user_id/);
    const body = await expect200(`/user_cost_report?${RANGE}&group_by[]=cost_type&group_by[]=token_type`);
    expect((body.data as unknown[]).length).toBeGreaterThan(20);
  });

  it('/usage and /cost: at most 5 dimensions besides cost_type/token_type, exclude_deleted_users needs actor', async () => {
    await expect400(`/usage?${RANGE}&group_by[]=actor&group_by[]=model&group_by[]=product&group_by[]=speed&group_by[]=context_window&group_by[]=inference_geo`, /at most 5/, BETA_HEADERS);
    await expect200(`/cost?${RANGE}&group_by[]=actor&group_by[]=model&group_by[]=product&group_by[]=speed&group_by[]=context_window&group_by[]=cost_type&group_by[]=token_type`, BETA_HEADERS);
    await expect400(`/usage?${RANGE}&group_by[]=token_type`, /unsupported dimension/, BETA_HEADERS);
    await expect400(`/usage?${RANGE}&group_by[]=user_id`, /unsupported dimension/, BETA_HEADERS);
    await expect400(`/usage?${RANGE}&exclude_deleted_users=true`, /actor/, BETA_HEADERS);
    await expect200(`/usage?${RANGE}&exclude_deleted_users=true&group_by[]=actor`, BETA_HEADERS);
    await expect400(`/cost?${RANGE}&order_by=total_tokens`, undefined, BETA_HEADERS);
    await expect400(`/usage?${RANGE}&products[]=claude-tag`, undefined, BETA_HEADERS);
    await expect200(`/usage?${RANGE}&products[]=claude_tag`, BETA_HEADERS);
  });

  it('filters that cannot match a Claude Enterprise org return no rows', async () => {
    for (const f of ['workspace_ids[]=wrkspc_01X', 'service_tiers[]=batch', 'actor_types[]=api_actor', 'api_key_ids[]=apikey_01X', 'actor_ids[]=svac_01X']) {
      const body = await expect200(`/usage?${RANGE}&${f}`, BETA_HEADERS);
      expect(body.data, f).toEqual([]);
    }
    const noKey = await expect200(`/usage?${RANGE}&api_key_ids[]=`, BETA_HEADERS);
    expect((noKey.data as unknown[]).length).toBe(1);
  });
});
