import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetQuirks } from '../../../sandbox/scim/index.ts';
import { ERROR_SCHEMA, GROUP_SCHEMA, LIST_SCHEMA, USER_SCHEMA, list, newUser, patch, startPeer, type RunningPeer, type ScimGroupBody, type ScimUserBody } from './fixture.ts';

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

/** The robust paging loop of spec §3: advance by Resources.length, stop on empty page or no new ids. */
async function pageAll(path: string, count: number): Promise<{ ids: string[]; requests: number }> {
  const ids: string[] = [];
  const seen = new Set<string>();
  let startIndex = 1;
  let requests = 0;
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await peer.call('GET', `${path}${sep}startIndex=${startIndex}&count=${count}`);
    requests++;
    expect(r.status).toBe(200);
    const resources = list<{ id: string }>(r).Resources ?? [];
    const fresh = resources.filter((x) => !seen.has(x.id));
    if (resources.length === 0 || fresh.length === 0) break;
    for (const x of resources) {
      ids.push(x.id);
      seen.add(x.id);
    }
    startIndex += resources.length;
    if (requests > 50) throw new Error('paging did not terminate');
  }
  return { ids, requests };
}

describe('discovery', () => {
  it('serves ServiceProviderConfig with bearer auth, PATCH, filter and no bulk or ETags', async () => {
    const r = await peer.call('GET', '/ServiceProviderConfig');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    const body = r.json as Record<string, { supported?: boolean }> & { schemas: string[]; authenticationSchemes: Array<{ type: string }> };
    expect(body.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig']);
    expect(body.patch?.supported).toBe(true);
    expect(body.filter?.supported).toBe(true);
    expect(body.bulk?.supported).toBe(false);
    expect(body.etag?.supported).toBe(false);
    expect(body.authenticationSchemes.map((s) => s.type)).toEqual(['oauthbearertoken']);
  });

  it('lists the User and Group resource types and their schemas', async () => {
    const types = await peer.call('GET', '/ResourceTypes');
    expect(types.status).toBe(200);
    const rt = list<{ id: string; endpoint: string; schema: string; schemaExtensions?: Array<{ schema: string; required: boolean }> }>(types);
    expect(rt.schemas).toEqual([LIST_SCHEMA]);
    const byId = new Map((rt.Resources ?? []).map((t) => [t.id, t]));
    expect(byId.get('User')?.endpoint).toBe('/Users');
    expect(byId.get('User')?.schema).toBe(USER_SCHEMA);
    expect(byId.get('User')?.schemaExtensions).toEqual([{ schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false }]);
    expect(byId.get('Group')?.endpoint).toBe('/Groups');

    const schemas = await peer.call('GET', '/Schemas');
    const ids = (list<{ id: string }>(schemas).Resources ?? []).map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining([USER_SCHEMA, GROUP_SCHEMA, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']));

    const one = await peer.call('GET', `/Schemas/${USER_SCHEMA}`);
    expect(one.status).toBe(200);
    expect((one.json as { attributes: Array<{ name: string }> }).attributes.map((a) => a.name)).toContain('userName');
  });

  it('answers unknown SCIM paths with a SCIM 404 and leaves other paths to the parent app', async () => {
    const r = await peer.call('GET', '/Widgets');
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '404' });
    const other = await fetch(`${peer.root}/v1/compliance/activities`);
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });
});

describe('authentication', () => {
  it('rejects a wrong token with 401 and a SCIM error body', async () => {
    const r = await peer.call('GET', '/Users', undefined, { authorization: 'Bearer not-the-token' });
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(r.json).toEqual({ schemas: [ERROR_SCHEMA], status: '401', detail: 'Invalid token' });
  });

  it('rejects a missing or non-bearer Authorization header', async () => {
    const missing = await fetch(`${peer.base}/Users`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ schemas: [ERROR_SCHEMA], status: '401', detail: 'Missing bearer token' });
    const basic = await peer.call('GET', '/Users', undefined, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(basic.status).toBe(401);
  });

  it('protects discovery endpoints too', async () => {
    const r = await fetch(`${peer.base}/ServiceProviderConfig`);
    expect(r.status).toBe(401);
  });
});

describe('listing users', () => {
  it('pages with startIndex/count and returns every SCIM user exactly once', async () => {
    const { ids, requests } = await pageAll('/Users', 7);
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
    expect(new Set(ids)).toEqual(new Set(peer.store.listUsers().map((u) => u.id)));
    expect(requests).toBe(5); // 7 + 7 + 7 + 4, then an empty page
  });

  it('reports totalResults for the whole set and echoes count as itemsPerPage (count Resources instead)', async () => {
    const r = list<ScimUserBody>(await peer.call('GET', '/Users?startIndex=22&count=10'));
    expect(r.totalResults).toBe(25);
    expect(r.startIndex).toBe(22);
    expect(r.Resources).toHaveLength(4);
    expect(r.itemsPerPage).toBe(10);
  });

  it('returns exactly the requested slice for any startIndex/count, with and without a filter', async () => {
    const order = peer.store.listUsers().map((u) => u.id);
    const activeOrder = peer.store.listUsers().filter((u) => u.attributes.active !== false).map((u) => u.id);
    const starts = [1, 2, 3, 5, 12, 13, 24, 25, 26, 30];
    const counts = [0, 1, 2, 5, 12, 13, 20, 24, 25, 26, 40];
    for (const [query, expected] of [
      ['', order],
      [`&filter=${encodeURIComponent('active eq true')}`, activeOrder],
    ] as const) {
      for (const s of starts) {
        for (const n of counts) {
          const r = list<ScimUserBody>(await peer.call('GET', `/Users?startIndex=${s}&count=${n}${query}`));
          const label = `startIndex=${s} count=${n}${query}`;
          expect(r.Resources?.map((u) => u.id) ?? [], label).toEqual(expected.slice(s - 1, s - 1 + n));
          expect(r.totalResults, label).toBe(expected.length);
          expect(r.startIndex, label).toBe(s);
        }
      }
    }
  });

  it('sorts with sortBy before paging', async () => {
    const sorted = peer.store
      .listUsers()
      .map((u) => u.attributes.userName)
      .sort((a, b) => a.localeCompare(b));
    const r = list<ScimUserBody>(await peer.call('GET', '/Users?sortBy=userName&startIndex=3&count=4'));
    expect(r.Resources?.map((u) => u.userName)).toEqual(sorted.slice(2, 6));
    const desc = list<ScimUserBody>(await peer.call('GET', '/Users?sortBy=userName&sortOrder=descending&count=2'));
    expect(desc.Resources?.map((u) => u.userName)).toEqual([...sorted].reverse().slice(0, 2));
  });

  it('lists groups with members, and without them when excludedAttributes=members', async () => {
    const full = list<ScimGroupBody>(await peer.call('GET', '/Groups'));
    const eng = full.Resources?.find((g) => g.displayName === 'Claude – Engineering');
    expect(eng?.members?.length).toBeGreaterThan(0);
    const bare = list<ScimGroupBody>(await peer.call('GET', '/Groups?excludedAttributes=members'));
    expect(bare.Resources?.map((g) => g.id)).toEqual(full.Resources?.map((g) => g.id));
    for (const g of bare.Resources ?? []) expect(g).not.toHaveProperty('members');
    const named = list<ScimGroupBody>(await peer.call('GET', '/Groups?attributes=displayName'));
    expect(named.Resources?.[0]).not.toHaveProperty('members');
    expect(named.Resources?.[0]?.displayName).toEqual(expect.any(String));
    // A member filter still matches on members that are then left out of the output.
    const memberId = eng?.members?.[0]?.value ?? '';
    const byMember = list<ScimGroupBody>(await peer.call('GET', `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`members[value eq "${memberId}"]`)}`));
    expect(byMember.Resources?.map((g) => g.id)).toContain(eng?.id);
    expect(byMember.Resources?.[0]).not.toHaveProperty('members');
  });

  it('uses a default page of 20', async () => {
    const r = list<ScimUserBody>(await peer.call('GET', '/Users'));
    expect(r.totalResults).toBe(25);
    expect(r.Resources).toHaveLength(20);
  });

  it('honours startIndex/count in POST /Users/.search', async () => {
    const r = await peer.call('POST', '/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], startIndex: 21, count: 3 });
    expect(r.status).toBe(200);
    expect(list(r).Resources).toHaveLength(3);
    expect(list(r).startIndex).toBe(21);
  });

  it('serves seeded users with name, emails, active flag and meta times', async () => {
    const jane = peer.store.findUserByUserName('ada.lovelace0@acme.example');
    expect(jane).toBeDefined();
    const r = await peer.call('GET', `/Users/${jane?.id}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      schemas: [USER_SCHEMA],
      id: jane?.id,
      userName: 'ada.lovelace0@acme.example',
      name: { givenName: 'Ada', familyName: 'Lovelace', formatted: 'Ada Lovelace' },
      displayName: 'Ada Lovelace',
      emails: [{ value: 'ada.lovelace0@acme.example', type: 'work', primary: true }],
      active: true,
      meta: { resourceType: 'User', created: '2025-01-01T00:00:00.000Z', lastModified: '2025-01-01T00:00:00.000Z', location: `/scim/v2/Users/${jane?.id}` },
    });
    expect((r.json as unknown as ScimUserBody).groups?.map((g) => g.display)).toEqual(['Claude – Engineering']);
    const departed = list<ScimUserBody>(await peer.call('GET', `/Users?filter=${encodeURIComponent('active eq false')}`));
    expect(departed.Resources?.map((u) => u.userName)).toEqual(['hana.wei7@acme.example']);
  });
});

describe('filters', () => {
  it('finds a user with userName eq', async () => {
    const r = list<ScimUserBody>(await peer.call('GET', `/Users?filter=${encodeURIComponent('userName eq "chen.lovelace2@acme.example"')}`));
    expect(r.totalResults).toBe(1);
    expect(r.Resources?.[0]?.userName).toBe('chen.lovelace2@acme.example');
  });

  it('matches userName case-sensitively by default, as scimmy does (spec §4.3)', async () => {
    const r = list<ScimUserBody>(await peer.call('GET', `/Users?filter=${encodeURIComponent('userName eq "Chen.Lovelace2@ACME.example"')}`));
    expect(r.totalResults).toBe(0);
    expect(r.Resources ?? []).toEqual([]);
  });

  it('finds a group with displayName eq', async () => {
    const r = list<ScimGroupBody>(await peer.call('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Claude – Finance"')}`));
    expect(r.Resources?.map((g) => g.displayName)).toEqual(['Claude – Finance']);
  });

  it('rejects an unparsable filter with 400 invalidFilter', async () => {
    const r = await peer.call('GET', `/Users?filter=${encodeURIComponent('(userName eq "a"')}`);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '400', scimType: 'invalidFilter' });
  });
});

describe('creating and replacing users', () => {
  it('creates a user (201, id in body, no Location header) and refuses a case-variant duplicate with 409', async () => {
    const created = await peer.call('POST', '/Users', newUser('Jane.Smith@Acme.example'));
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBeNull();
    expect(created.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    const body = created.json as unknown as ScimUserBody;
    expect(body.id).toEqual(expect.any(String));
    expect(body.userName).toBe('Jane.Smith@Acme.example'); // stored as sent outside WorkOS mode
    expect(Date.parse(body.meta.created)).not.toBeNaN();
    expect(body.meta.lastModified).toBe(body.meta.created);
    expect(body.meta.location).toBe(`/scim/v2/Users/${body.id}`);

    const dup = await peer.call('POST', '/Users', newUser('jane.smith@acme.EXAMPLE'));
    expect(dup.status).toBe(409);
    expect(dup.json).toEqual({
      schemas: [ERROR_SCHEMA],
      status: '409',
      scimType: 'uniqueness',
      detail: "Another user already exists with this username 'jane.smith@acme.EXAMPLE'",
    });
    expect(peer.store.listUsers().filter((u) => u.attributes.userName.toLowerCase() === 'jane.smith@acme.example')).toHaveLength(1);

    const fetched = await peer.call('GET', `/Users/${body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.json).toMatchObject({ id: body.id, userName: 'Jane.Smith@Acme.example' });
  });

  it('replaces with PUT, bumping lastModified, and 404s on a missing id', async () => {
    const created = (await peer.call('POST', '/Users', newUser('put.me@acme.example'))).json as unknown as ScimUserBody;
    await new Promise((r) => setTimeout(r, 5));
    const put = await peer.call('PUT', `/Users/${created.id}`, newUser('put.me@acme.example', { displayName: 'Put Me', active: false }));
    expect(put.status).toBe(200);
    const replaced = put.json as unknown as ScimUserBody & { displayName: string };
    expect(replaced.displayName).toBe('Put Me');
    expect(replaced.active).toBe(false);
    expect(replaced.meta.created).toBe(created.meta.created);
    expect(Date.parse(replaced.meta.lastModified)).toBeGreaterThan(Date.parse(created.meta.created));

    const missing = await peer.call('PUT', '/Users/does-not-exist', newUser('ghost@acme.example'));
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '404' });
    expect(peer.store.findUserByUserName('ghost@acme.example')).toBeUndefined();
  });

  it('refuses a PUT that would take another user’s userName', async () => {
    const a = (await peer.call('POST', '/Users', newUser('first@acme.example'))).json as unknown as ScimUserBody;
    await peer.call('POST', '/Users', newUser('second@acme.example'));
    const r = await peer.call('PUT', `/Users/${a.id}`, newUser('SECOND@acme.example'));
    expect(r.status).toBe(409);
    expect(r.json).toMatchObject({ scimType: 'uniqueness' });
  });

  it('deactivates with PATCH replace active=false', async () => {
    const u = (await peer.call('POST', '/Users', newUser('leaver@acme.example'))).json as unknown as ScimUserBody;
    const r = await peer.call('PATCH', `/Users/${u.id}`, patch({ op: 'replace', path: 'active', value: false }));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: u.id, active: false });
    expect(peer.store.getUser(u.id)?.attributes.active).toBe(false);
  });

  it('answers malformed JSON with 400 invalidSyntax in a SCIM envelope', async () => {
    const r = await peer.call('POST', '/Users', '{"userName": ');
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(r.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '400', scimType: 'invalidSyntax' });
  });

  it('refuses a user without userName', async () => {
    const r = await peer.call('POST', '/Users', { schemas: [USER_SCHEMA], displayName: 'Nobody' });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '400' });
  });
});

describe('group membership', () => {
  async function freshGroup(name: string): Promise<ScimGroupBody> {
    const r = await peer.call('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: name });
    expect(r.status).toBe(201);
    return r.json as unknown as ScimGroupBody;
  }

  it('adds a member (200 with the group), reads it back, removes it by path filter, and answers 204 when nothing matches', async () => {
    const g = await freshGroup('Claude – Sales');
    const u = (await peer.call('POST', '/Users', newUser('member@acme.example'))).json as unknown as ScimUserBody;

    const add = await peer.call('PATCH', `/Groups/${g.id}`, patch({ op: 'add', path: 'members', value: [{ value: u.id }] }));
    expect(add.status).toBe(200);
    expect((add.json as unknown as ScimGroupBody).members).toEqual([{ value: u.id, display: 'Jane Smith', type: 'User' }]);

    const back = (await peer.call('GET', `/Groups/${g.id}`)).json as unknown as ScimGroupBody;
    expect(back.members?.map((m) => m.value)).toEqual([u.id]);
    const user = (await peer.call('GET', `/Users/${u.id}`)).json as unknown as ScimUserBody;
    expect(user.groups?.map((x) => x.value)).toEqual([g.id]);

    const again = await peer.call('PATCH', `/Groups/${g.id}`, patch({ op: 'add', path: 'members', value: [{ value: u.id }] }));
    expect(again.status).toBe(204); // already a member: nothing changed
    expect(peer.store.getGroup(g.id)?.memberIds).toEqual([u.id]);

    const remove = await peer.call('PATCH', `/Groups/${g.id}`, patch({ op: 'remove', path: `members[value eq "${u.id}"]` }));
    expect(remove.status).toBe(200);
    expect((remove.json as unknown as ScimGroupBody).members ?? []).toEqual([]);
    expect(peer.store.getGroup(g.id)?.memberIds).toEqual([]);

    const noTarget = await peer.call('PATCH', `/Groups/${g.id}`, patch({ op: 'remove', path: `members[value eq "${u.id}"]` }));
    expect(noTarget.status).toBe(204);
    expect(noTarget.text).toBe('');
  });

  it('accepts the value-array remove fallback', async () => {
    const g = await freshGroup('Claude – Legal');
    const u = (await peer.call('POST', '/Users', newUser('counsel@acme.example'))).json as unknown as ScimUserBody;
    const keep = peer.store.findUserByUserName('brian.lovelace1@acme.example');
    await peer.call('PATCH', `/Groups/${g.id}`, patch({ op: 'add', path: 'members', value: [{ value: u.id }, { value: keep?.id }] }));
    const r = await peer.call('PATCH', `/Groups/${g.id}`, patch({ op: 'remove', path: 'members', value: [{ value: u.id }] }));
    expect(r.status).toBe(200);
    expect((r.json as unknown as ScimGroupBody).members?.map((m) => m.value)).toEqual([keep?.id]);
  });

  it('refuses an unknown member id with 400 invalidValue outside WorkOS mode', async () => {
    const g = await freshGroup('Claude – Ops');
    const r = await peer.call('PATCH', `/Groups/${g.id}`, patch({ op: 'add', path: 'members', value: [{ value: 'no-such-user' }] }));
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '400', scimType: 'invalidValue' });
    expect(peer.store.getGroup(g.id)?.memberIds).toEqual([]);
  });

  it('answers PATCH on a missing group with 404', async () => {
    const r = await peer.call('PATCH', '/Groups/missing', patch({ op: 'add', path: 'members', value: [{ value: 'x' }] }));
    expect(r.status).toBe(404);
  });
});

describe('deleting users', () => {
  it('answers 204, then 404, and removes the user from every group', async () => {
    const target = peer.store.findUserByUserName('dana.kernighan3@acme.example');
    expect(target).toBeDefined();
    const id = target?.id ?? '';
    const finance = peer.store.listGroups().find((g) => g.attributes.displayName === 'Claude – Finance');
    expect(finance?.memberIds).toContain(id);

    const del = await peer.call('DELETE', `/Users/${id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');

    const again = await peer.call('DELETE', `/Users/${id}`);
    expect(again.status).toBe(404);
    expect(again.json).toEqual({ schemas: [ERROR_SCHEMA], status: '404', detail: `Resource ${id} not found` });

    expect((await peer.call('GET', `/Users/${id}`)).status).toBe(404);
    const group = (await peer.call('GET', `/Groups/${finance?.id}`)).json as unknown as ScimGroupBody;
    expect(group.members?.map((m) => m.value)).not.toContain(id);
    expect(peer.store.groupsOfUser(id)).toEqual([]);
    expect(Date.parse(group.meta.lastModified)).toBeGreaterThan(Date.parse('2026-03-01T12:00:00.000Z'));
  });
});
