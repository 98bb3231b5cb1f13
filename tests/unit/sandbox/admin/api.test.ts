import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { SIZE_PRESETS } from '../../../sandbox/shared/contracts.ts';
import { classifyCredential } from '../../../../lib/keys/classify.ts';

/** The sandbox's Admin API follows admin-api.md: auth forms, both paging schemes, the envelope, deterministic data joined to the other APIs. */
let sandbox: Sandbox;
const get = async (path: string, headers: Record<string, string> = { authorization: `Bearer ${sandbox.keys.admin.full.secret}` }) => {
  const res = await fetch(`${sandbox.url}/v1/organizations${path}`, { headers: { 'anthropic-version': '2026-10-21', ...headers } });
  return { status: res.status, requestId: res.headers.get('request-id'), body: (await res.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  sandbox = await startSandbox({ size: { ...SIZE_PRESETS.tiny, users: 20 }, seed: 3 });
});
afterAll(async () => sandbox?.close());

describe('sandbox Admin API', () => {
  it('accepts x-api-key and Bearer, refuses an unknown key with the envelope', async () => {
    expect((await get('/me', { 'x-api-key': sandbox.keys.admin.full.secret })).status).toBe(200);
    const bad = await get('/me', { 'x-api-key': 'nope' });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ type: 'error', error: { type: 'authentication_error' }, request_id: bad.requestId });
  });

  it('Page: after_id and before_id walk the same list; limit is checked', async () => {
    const first = await get('/users?limit=5');
    expect(first.body).toMatchObject({ has_more: true });
    const next = await get(`/users?limit=5&after_id=${String(first.body.last_id)}`);
    const back = await get(`/users?limit=5&before_id=${String(next.body.first_id)}`);
    expect(back.body.data).toEqual(first.body.data);
    expect((await get('/users?limit=1001')).status).toBe(400);
    expect((await get('/users?roles[]=owner')).body.data).not.toHaveLength(0);
  });

  it('PageCursor: next_page only, null at the end; a bad token is a 400', async () => {
    const one = await get('/rbac_groups?limit=2');
    expect(Object.keys(one.body).sort()).toEqual(['data', 'next_page']);
    let page = one.body.next_page as string | null;
    let seen = (one.body.data as unknown[]).length;
    while (page) {
      const r = await get(`/rbac_groups?limit=2&page=${page}`);
      seen += (r.body.data as unknown[]).length;
      page = r.body.next_page as string | null;
    }
    expect(seen).toBe(sandbox.admin.data.groups.length);
    expect((await get('/rbac_groups?page=garbage')).status).toBe(400);
  });

  it('named codes ride in error.details.error_code', async () => {
    const r = await get('/rbac_groups/rbac_group_01Missing/members');
    expect(r.body).toMatchObject({ error: { type: 'not_found_error', details: { error_code: 'rbac_group_not_found' } } });
  });

  it('the same people as the other APIs (same ids and emails), plus people only in the Admin API', () => {
    const data = sandbox.admin.data;
    const active = sandbox.org.users.filter((u) => u.active);
    for (const u of active) expect(data.user(u.id)?.email).toBe(u.email);
    expect(data.users).toHaveLength(active.length + data.uiOnlyUserIds.length);
    for (const id of data.uiOnlyUserIds) expect(sandbox.org.userIndex(id)).toBe(-1);
    expect(data.users.some((u) => u.role === 'owner')).toBe(true);
    expect(data.users.some((u) => u.role === 'membership_admin')).toBe(true);
    expect(data.grantsOwnerAccess(data.group(data.ownerGroupId)!)).toBe(true);
    expect(new Set(data.groups.map((g) => g.source_type))).toEqual(new Set(['direct', 'scim']));
    for (const k of Object.values(sandbox.keys.admin)) expect(classifyCredential('admin', k.secret).usable).toBe(true);
  });

  it('is deterministic for a seed', async () => {
    const again = await startSandbox({ size: { ...SIZE_PRESETS.tiny, users: 20 }, seed: 3 });
    try {
      expect(JSON.stringify(again.admin.data.users)).toBe(JSON.stringify(sandbox.admin.data.users));
      expect(again.admin.data.groups.map((g) => [g.id, [...g.members.keys()]])).toEqual(sandbox.admin.data.groups.map((g) => [g.id, [...g.members.keys()]]));
    } finally {
      await again.close();
    }
  });
});
