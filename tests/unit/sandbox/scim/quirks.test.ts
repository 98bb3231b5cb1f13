import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WORKOS_MAX_BODY_BYTES, resetQuirks } from '../../../sandbox/scim/index.ts';
import { ERROR_SCHEMA, GROUP_SCHEMA, list, newUser, patch, startPeer, type RunningPeer, type ScimGroupBody, type ScimUserBody } from './fixture.ts';

let peer: RunningPeer;

beforeAll(async () => {
  peer = await startPeer();
});
afterAll(async () => {
  await peer.close();
});
beforeEach(() => {
  resetQuirks(peer.quirks);
});

const filterQuery = (f: string) => `/Users?filter=${encodeURIComponent(f)}`;

describe('WorkOS mode: null-valued keys', () => {
  it('rejects a null in a POST body with 400 invalidSyntax', async () => {
    peer.quirks.workos = true;
    const r = await peer.call('POST', '/Users', newUser('nulls@acme.example', { externalId: null }));
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ schemas: [ERROR_SCHEMA], status: '400', scimType: 'invalidSyntax', detail: "'externalId' is expected string, received null" });
    expect(peer.store.findUserByUserName('nulls@acme.example')).toBeUndefined();

    const nested = await peer.call('POST', '/Users', newUser('nulls@acme.example', { name: { givenName: 'N', familyName: null } }));
    expect(nested.status).toBe(400);
    expect(nested.json).toMatchObject({ scimType: 'invalidSyntax', detail: "'name.familyName' is expected string, received null" });
  });

  it('rejects a null in a PUT body too', async () => {
    const u = (await peer.call('POST', '/Users', newUser('put-null@acme.example'))).json as unknown as ScimUserBody;
    peer.quirks.workos = true;
    const r = await peer.call('PUT', `/Users/${u.id}`, newUser('put-null@acme.example', { displayName: null }));
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ scimType: 'invalidSyntax', detail: "'displayName' is expected string, received null" });
  });

  it('lets scimmy ignore nulls when WorkOS mode is off', async () => {
    const r = await peer.call('POST', '/Users', newUser('tolerant@acme.example', { externalId: null }));
    expect(r.status).toBe(201);
    expect(r.json).not.toHaveProperty('externalId');
  });
});

describe('WorkOS mode: string booleans', () => {
  it('rejects "active": "false" in a POST body with 400 invalidSyntax', async () => {
    peer.quirks.workos = true;
    const r = await peer.call('POST', '/Users', newUser('strbool@acme.example', { active: 'false' }));
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ schemas: [ERROR_SCHEMA], status: '400', scimType: 'invalidSyntax', detail: "'active' is expected boolean, received string" });
  });

  it('rejects string active values in PATCH, with and without a path', async () => {
    const u = (await peer.call('POST', '/Users', newUser('patch-strbool@acme.example'))).json as unknown as ScimUserBody;
    peer.quirks.workos = true;
    const withPath = await peer.call('PATCH', `/Users/${u.id}`, patch({ op: 'replace', path: 'active', value: 'False' }));
    expect(withPath.status).toBe(400);
    expect(withPath.json).toMatchObject({ scimType: 'invalidSyntax' });
    const pathless = await peer.call('PATCH', `/Users/${u.id}`, patch({ op: 'replace', value: { active: 'false' } }));
    expect(pathless.status).toBe(400);
    expect(pathless.json).toMatchObject({ scimType: 'invalidSyntax' });
    const boolean = await peer.call('PATCH', `/Users/${u.id}`, patch({ op: 'replace', value: { active: false } }));
    expect(boolean.status).toBe(200);
    expect(boolean.json).toMatchObject({ active: false });
  });

  it('leaves string booleans to scimmy (400 invalidValue) when WorkOS mode is off', async () => {
    const r = await peer.call('POST', '/Users', newUser('strbool-off@acme.example', { active: 'false' }));
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '400', scimType: 'invalidValue' });
  });
});

describe('WorkOS mode: userName and group rules', () => {
  it('stores userName lower-cased', async () => {
    peer.quirks.workos = true;
    const r = await peer.call('POST', '/Users', newUser('Mixed.Case@Acme.EXAMPLE'));
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ userName: 'mixed.case@acme.example' });
    expect(peer.store.findUserByUserName('MIXED.case@acme.example')?.attributes.userName).toBe('mixed.case@acme.example');
  });

  it('silently drops unknown member ids in group PATCH', async () => {
    peer.quirks.workos = true;
    const g = (await peer.call('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Claude – Design', externalId: 'okta-design' })).json as unknown as ScimGroupBody;
    const known = peer.store.findUserByUserName('ada.lovelace0@acme.example');

    const mixed = await peer.call('PATCH', `/Groups/${g.id}`, patch({ op: 'add', path: 'members', value: [{ value: 'unknown-1' }, { value: known?.id }] }));
    expect(mixed.status).toBe(200);
    expect((mixed.json as unknown as ScimGroupBody).members?.map((m) => m.value)).toEqual([known?.id]);

    const onlyUnknown = await peer.call('PATCH', `/Groups/${g.id}`, patch({ op: 'add', path: 'members', value: [{ value: 'unknown-2' }] }));
    expect(onlyUnknown.status).toBe(204); // nothing changed once the unknown id is dropped
    const back = (await peer.call('GET', `/Groups/${g.id}`)).json as unknown as ScimGroupBody;
    expect(back.members?.map((m) => m.value)).toEqual([known?.id]);
    expect(peer.store.getGroup(g.id)?.memberIds).toEqual([known?.id]);
  });

  it('drops unknown members when a group is created', async () => {
    peer.quirks.workos = true;
    const r = await peer.call('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Claude – Ghosts', externalId: 'okta-ghosts', members: [{ value: 'nobody' }] });
    expect(r.status).toBe(201);
    expect((r.json as unknown as ScimGroupBody).members ?? []).toEqual([]);
  });

  it('refuses a second group with the same identity with 409', async () => {
    peer.quirks.workos = true;
    expect((await peer.call('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Claude – Twins' })).status).toBe(201);
    const clash = await peer.call('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Claude – Twins' });
    expect(clash.status).toBe(409);
    expect(clash.json).toEqual({ schemas: [ERROR_SCHEMA], status: '409', scimType: 'uniqueness', detail: 'Another group already exists with this ID' });
    peer.quirks.workos = false;
    expect((await peer.call('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Claude – Twins' })).status).toBe(201);
  });
});

describe('429 with Retry-After', () => {
  it('answers the N-th call with 429, Retry-After and a SCIM body, then recovers', async () => {
    peer.quirks.rateLimit = { onCall: 2, retryAfterSeconds: 3 };
    expect((await peer.call('GET', '/Users?count=1')).status).toBe(200);
    const limited = await peer.call('GET', '/Users?count=1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(limited.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '429' });
    expect((await peer.call('GET', '/Users?count=1')).status).toBe(200);
  });

  it('can limit several calls in a row, and limits writes before they happen', async () => {
    peer.quirks.rateLimit = { onCall: 1, times: 2 };
    const first = await peer.call('POST', '/Users', newUser('limited@acme.example'));
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    expect((await peer.call('GET', '/Users')).status).toBe(429);
    expect(peer.store.findUserByUserName('limited@acme.example')).toBeUndefined();
    expect((await peer.call('POST', '/Users', newUser('limited@acme.example'))).status).toBe(201);
  });

  it('limits every call from the N-th on with times: 0; a new object restarts the count', async () => {
    peer.quirks.rateLimit = { onCall: 1, times: 0 };
    for (let i = 0; i < 3; i++) expect((await peer.call('GET', '/ServiceProviderConfig')).status).toBe(429);
    peer.quirks.rateLimit = { onCall: 2 };
    expect((await peer.call('GET', '/ServiceProviderConfig')).status).toBe(200);
    expect((await peer.call('GET', '/ServiceProviderConfig')).status).toBe(429);
  });
});

describe('bare 413', () => {
  it('answers an oversize body with a bare 413 (no SCIM body) and lets small bodies through', async () => {
    peer.quirks.maxBodyBytes = 512;
    const big = await peer.call('POST', '/Users', newUser('big@acme.example', { displayName: 'x'.repeat(1_000) }));
    expect(big.status).toBe(413);
    expect(big.text).toBe('');
    expect(big.headers.get('content-type')).toBeNull();
    expect(peer.store.findUserByUserName('big@acme.example')).toBeUndefined();

    const small = await peer.call('POST', '/Users', newUser('small@acme.example'));
    expect(small.status).toBe(201);
  });

  it('uses the WorkOS limit of 2,000 KB per body', async () => {
    peer.quirks.maxBodyBytes = WORKOS_MAX_BODY_BYTES;
    const big = await peer.call('POST', '/Users', newUser('huge@acme.example', { displayName: 'y'.repeat(WORKOS_MAX_BODY_BYTES) }));
    expect(big.status).toBe(413);
    expect(big.text).toBe('');
    // The connection survives: the next request on the same peer is answered normally.
    expect((await peer.call('GET', '/Users?count=1')).status).toBe(200);
  });
});

describe('totalResults equal to the page size (misbehaving server)', () => {
  it('reports the page size as totalResults while the switch is on', async () => {
    const honest = list<ScimUserBody>(await peer.call('GET', '/Users?startIndex=1&count=5'));
    expect(honest.totalResults).toBeGreaterThanOrEqual(25);
    peer.quirks.totalResultsIsPageSize = true;
    const lying = list<ScimUserBody>(await peer.call('GET', '/Users?startIndex=1&count=5'));
    expect(lying.Resources).toHaveLength(5);
    expect(lying.totalResults).toBe(5);
    const groups = list<ScimGroupBody>(await peer.call('GET', '/Groups?count=1'));
    expect(groups.totalResults).toBe(1);
    // Single resources are untouched.
    const one = await peer.call('GET', `/Users/${honest.Resources?.[0]?.id}`);
    expect(one.json).not.toHaveProperty('totalResults');
  });
});

describe('case-folding userName filters', () => {
  it('finds differently-cased userNames only while the switch is on', async () => {
    const query = filterQuery('userName eq "Chen.Lovelace2@ACME.example"');
    expect(list(await peer.call('GET', query)).totalResults).toBe(0);
    peer.quirks.caseInsensitiveUserNameFilter = true;
    const hit = list<ScimUserBody>(await peer.call('GET', query));
    expect(hit.Resources?.map((u) => u.userName)).toEqual(['chen.lovelace2@acme.example']);
  });

  it('keeps the rest of the filter and the original casing of results', async () => {
    const mixed = (await peer.call('POST', '/Users', newUser('Case.Kept@Acme.example'))).json as unknown as ScimUserBody;
    peer.quirks.caseInsensitiveUserNameFilter = true;
    const sw = list<ScimUserBody>(await peer.call('GET', filterQuery('userName sw "CASE.KEPT" and active eq true')));
    expect(sw.Resources?.map((u) => u.id)).toEqual([mixed.id]);
    expect(sw.Resources?.[0]?.userName).toBe('Case.Kept@Acme.example');
    const inactive = list(await peer.call('GET', filterQuery('userName eq "case.kept@acme.example" and active eq false')));
    expect(inactive.totalResults).toBe(0);
  });
});

describe('query-parser fix', () => {
  it('with the fix off, startIndex and count are ignored and paging is stuck on the first page', async () => {
    peer.quirks.queryParserFix = false;
    const first = list<ScimUserBody>(await peer.call('GET', '/Users?startIndex=1&count=5'));
    const second = list<ScimUserBody>(await peer.call('GET', '/Users?startIndex=21&count=5'));
    expect(first.Resources).toHaveLength(20);
    expect(second.startIndex).toBe(1);
    expect(second.Resources?.map((u) => u.id)).toEqual(first.Resources?.map((u) => u.id));

    // A client loop that stops when a page adds no new ids terminates with only the first page.
    const seen = new Set<string>();
    let startIndex = 1;
    let requests = 0;
    for (;;) {
      const page = list<ScimUserBody>(await peer.call('GET', `/Users?startIndex=${startIndex}&count=20`)).Resources ?? [];
      requests++;
      const fresh = page.filter((u) => !seen.has(u.id));
      if (page.length === 0 || fresh.length === 0) break;
      for (const u of page) seen.add(u.id);
      startIndex += page.length;
    }
    expect(requests).toBe(2);
    expect(seen.size).toBe(20);
  });

  it('with the fix on (default), the same request returns the requested page', async () => {
    const page = list<ScimUserBody>(await peer.call('GET', '/Users?startIndex=21&count=5'));
    expect(page.startIndex).toBe(21);
    expect(page.Resources).toHaveLength(5);
  });
});
