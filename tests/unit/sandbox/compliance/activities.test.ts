import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompliance, walkCursor, type Harness } from './helpers.ts';

const MCP_TYPES = ['mcp_server_created', 'mcp_server_updated', 'mcp_server_deleted', 'mcp_tool_policy_updated'];

describe('compliance sandbox: A1 activity feed paging', () => {
  let h: Harness;
  /** Ids in the generated feed, oldest first. */
  let expectedAsc: string[];
  beforeAll(async () => {
    h = await startCompliance({ size: 'demo', seed: 3, recordAccessEvents: false });
    const log = h.org.activities;
    expectedAsc = log.order.map((seq) => log.idOf(seq));
  });
  afterAll(() => h.close());

  const ids = (pages: Array<{ body: { data: Array<{ id: string }> } }>) => pages.flatMap((p) => p.body.data.map((a) => a.id));

  it('default: newest first, limit 100, opaque first_id/last_id', async () => {
    const r = await h.call('/activities');
    expect(r.status).toBe(200);
    expect(r.body.data).toHaveLength(100);
    expect(r.body.data.map((a: { id: string }) => a.id)).toEqual(expectedAsc.slice(-100).reverse());
    expect(r.body.has_more).toBe(true);
    expect(typeof r.body.first_id).toBe('string');
    expect(r.body.first_id).not.toBe(r.body.data[0].id);
    expect(Object.keys(r.body).sort()).toEqual(['data', 'first_id', 'has_more', 'last_id']);
  });

  it('desc walk with after_id returns every event exactly once', async () => {
    const pages = await walkCursor(h, '/activities', { limit: 317 }, 'after_id');
    expect(ids(pages)).toEqual(expectedAsc.slice().reverse());
    expect(pages.at(-1)!.body.has_more).toBe(false);
  });

  it('asc walk with after_id returns every event exactly once', async () => {
    const pages = await walkCursor(h, '/activities', { limit: 500, order: 'asc' }, 'after_id');
    expect(ids(pages)).toEqual(expectedAsc);
  });

  it('limit 5000 is allowed; 0, 5001 and non-numbers are 400 with the documented text', async () => {
    const big = await h.call('/activities', { query: { limit: 5000 } });
    expect(big.status).toBe(200);
    expect(big.body.data).toHaveLength(Math.min(5000, expectedAsc.length));
    for (const bad of ['0', '5001', 'ten']) {
      const r = await h.call('/activities', { query: { limit: bad } });
      expect(r.status).toBe(400);
      expect(r.body.error).toEqual({ type: 'invalid_request_error', message: `The limit parameter must be between 1 and 5000, inclusive. Got ${bad}.` });
    }
  });

  it('before_id catch-up (desc) walks toward the present and picks up new events', async () => {
    const first = await h.call('/activities', { query: { limit: 50 } });
    const newest = first.body.first_id as string;
    const appended = [];
    for (let i = 0; i < 7; i++) appended.push(h.api.appendActivity({ type: 'mcp_tool_policy_updated', orgIndex: 0, payload: { mcp_server_id: 'mcpsrv_01CatchUpCatchUpCatchUp01', mcp_server_name: 'Catch-up', tool_name: `t${i}`, max_permission: 'ask' } }));
    const pages = await walkCursor(h, '/activities', { limit: 3 }, 'before_id', newest);
    // Each page is newest-first; pages go from older to newer.
    const seen = pages.flatMap((p) => p.body.data.map((a: { id: string }) => a.id).reverse());
    expect(seen).toEqual(appended.map((a) => a.id));
    expect(pages[0]!.body.data.map((a: { id: string }) => a.id)).toEqual([appended[2]!.id, appended[1]!.id, appended[0]!.id]);
    expect(pages.at(-1)!.body.has_more).toBe(false);
    expectedAsc.push(...appended.map((a) => a.id));
  });

  it('before_id in asc order returns the nearest older items, emitted oldest-first', async () => {
    const mid = expectedAsc[200]!;
    const r = await h.call('/activities', { query: { order: 'asc', limit: 5, before_id: mid } });
    expect(r.body.data.map((a: { id: string }) => a.id)).toEqual(expectedAsc.slice(195, 200));
    expect(r.body.has_more).toBe(true);
  });

  it('accepts raw activity ids as cursors too; the id cursor style returns raw ids', async () => {
    const raw = expectedAsc[expectedAsc.length - 11]!;
    const r = await h.call('/activities', { query: { after_id: raw, limit: 3 } });
    expect(r.body.data.map((a: { id: string }) => a.id)).toEqual(expectedAsc.slice(-14, -11).reverse());
    const h2 = await startCompliance({ size: 'tiny', recordAccessEvents: false, activityCursorStyle: 'id' });
    try {
      const p = await h2.call('/activities', { query: { limit: 2 } });
      expect(p.body.first_id).toBe(p.body.data[0].id);
      expect(p.body.last_id).toBe(p.body.data[1].id);
    } finally {
      await h2.close();
    }
  });

  it('bad cursors and both cursors at once are 400s', async () => {
    const r = await h.call('/activities', { query: { after_id: 'activity_invalid123' } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('Invalid `after_id`. No activity found for `after_id` "activity_invalid123"');
    const b = await h.call('/activities', { query: { before_id: 'eyJub3BlIjoxfQ' } });
    expect(b.body.error.message).toBe('Invalid `before_id`. No activity found for `before_id` "eyJub3BlIjoxfQ"');
    const both = await h.call('/activities', { query: { after_id: expectedAsc[1]!, before_id: expectedAsc[2]! } });
    expect(both.status).toBe(400);
    expect(both.body.error.type).toBe('invalid_request_error');
  });

  it('filters by activity_types[] and exclude_activity_types[] (not both)', async () => {
    const pages = await walkCursor(h, '/activities', { limit: 50, order: 'asc', 'activity_types[]': MCP_TYPES }, 'after_id');
    const all = pages.flatMap((p) => p.body.data as Array<{ type: string; id: string }>);
    expect(all.length).toBeGreaterThan(0);
    for (const a of all) expect(MCP_TYPES).toContain(a.type);
    const log = h.org.activities;
    const expected = log.order.filter((seq) => MCP_TYPES.includes(log.types[log.type[seq]!]!)).map((seq) => log.idOf(seq));
    expect(all.map((a) => a.id)).toEqual(expected);
    const excl = await h.call('/activities', { query: { limit: 1000, 'exclude_activity_types[]': ['sso_login_succeeded', 'claude_chat_created'] } });
    for (const a of excl.body.data) expect(['sso_login_succeeded', 'claude_chat_created']).not.toContain(a.type);
    const both = await h.call('/activities', { query: { 'activity_types[]': 'a', 'exclude_activity_types[]': 'b' } });
    expect(both.status).toBe(400);
    const none = await h.call('/activities', { query: { 'activity_types[]': 'type_that_does_not_exist' } });
    expect(none.body).toMatchObject({ data: [], has_more: false, first_id: null, last_id: null });
  });

  it('filters by actor (actor_ids[] and its alias user_ids[], merged) and by organization in either form', async () => {
    const u1 = h.org.users[1]!.id;
    const u2 = h.org.users[2]!.id;
    const merged = await h.call('/activities', { query: { limit: 5000, 'actor_ids[]': u1, 'user_ids[]': u2 } });
    expect(merged.body.data.length).toBeGreaterThan(0);
    for (const a of merged.body.data) expect([u1, u2]).toContain(a.actor.user_id);
    const nonUser = await h.call('/activities', { query: { 'actor_ids[]': 'apikey_01abc' } });
    expect(nonUser.status).toBe(400);
    const o = h.org.organizations[1]!;
    const byUuid = await h.call('/activities', { query: { limit: 5000, 'organization_ids[]': o.uuid } });
    const byId = await h.call('/activities', { query: { limit: 5000, 'organization_ids[]': o.id } });
    expect(byUuid.body.data.length).toBeGreaterThan(0);
    expect(byId.body.data).toEqual(byUuid.body.data);
    for (const a of byUuid.body.data) expect(a.organization_uuid).toBe(o.uuid);
  });

  it('created_at.* filters need full RFC 3339 and bound the window', async () => {
    const log = h.org.activities;
    const t = log.time[log.order[300]!]!;
    const gte = new Date(t).toISOString();
    const lt = new Date(t + 3 * 86_400_000).toISOString().replace('Z', '+00:00');
    const pages = await walkCursor(h, '/activities', { limit: 100, order: 'asc', 'created_at.gte': gte, 'created_at.lt': lt }, 'after_id');
    const got = pages.flatMap((p) => p.body.data as Array<{ created_at: string; id: string }>);
    expect(got.length).toBeGreaterThan(0);
    for (const a of got) {
      expect(Date.parse(a.created_at)).toBeGreaterThanOrEqual(t);
      expect(Date.parse(a.created_at)).toBeLessThan(t + 3 * 86_400_000);
    }
    const expected = log.order.filter((s) => log.time[s]! >= t && log.time[s]! < t + 3 * 86_400_000).map((s) => log.idOf(s));
    expect(got.map((a) => a.id)).toEqual(expected);
    for (const [param, value] of [['created_at.gte', '2024-01-01'], ['created_at.lt', '2026-04-01T00:00:00'], ['created_at.gt', 'yesterday']] as const) {
      const r = await h.call('/activities', { query: { [param]: value } });
      expect(r.status).toBe(400);
      expect(r.body.error.message).toBe(`The \`${param}\` parameter contains an invalid timestamp format. Timestamps must be provided in RFC 3339 format e.g., "2024-03-01T00:00:00Z". Got "${value}".`);
    }
  });

  it('an empty page has null cursors and has_more false', async () => {
    const r = await h.call('/activities', { query: { 'created_at.gte': '2000-01-01T00:00:00Z', 'created_at.lt': '2000-01-02T00:00:00Z' } });
    expect(r.body).toMatchObject({ data: [], has_more: false, first_id: null, last_id: null });
  });
});

describe('compliance sandbox: compliance_api_accessed events', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCompliance({ size: 'tiny' });
  });
  afterAll(() => h.close());

  it('each authenticated request appends one event (api_actor, null organization) newer than what it returned', async () => {
    const before = h.org.activities.count;
    const first = await h.call('/organizations');
    await h.call('/groups', { key: h.keys.compliance.admin.secret });
    await h.call('/organizations', { key: 'invalid' });
    expect(h.org.activities.count).toBe(before + 2);
    const r = await h.call('/activities', { query: { limit: 3, 'activity_types[]': 'compliance_api_accessed' } });
    const [adminCall, orgCall] = r.body.data;
    expect(orgCall).toMatchObject({ type: 'compliance_api_accessed', organization_id: null, organization_uuid: null, request_method: 'GET', status_code: 200, request_body: null });
    expect(orgCall.actor.type).toBe('api_actor');
    expect(orgCall.actor.api_key_id).toMatch(/^apikey_01/);
    expect(orgCall.request_id).toBe(first.headers.get('request-id'));
    expect(orgCall.url).toContain('/v1/compliance/organizations');
    expect(adminCall.status_code).toBe(403);
    // The api_key_id matches the settings endpoint's api_keys[] entry for that key.
    const settings = await h.call(`/organizations/${h.org.organizations[0]!.uuid}/settings`);
    const full = settings.body.api_keys.find((k: { name: string }) => k.name === h.keys.compliance.full.label);
    expect(full.id).toBe(orgCall.actor.api_key_id);
  });

  it('a desc backfill walk is not disturbed by the events its own requests add', async () => {
    const log = h.org.activities;
    const snapshot = log.order.map((s) => log.idOf(s)).reverse();
    const pages = await walkCursor(h, '/activities', { limit: 7 }, 'after_id');
    const got = pages.flatMap((p) => p.body.data.map((a: { id: string }) => a.id));
    expect(got).toEqual(snapshot);
    expect(log.count).toBeGreaterThan(snapshot.length);
  });
});
