import { describe, expect, it } from 'vitest';
import { ScimStore, createScimApp, seedStore, stableUuid } from '../../../sandbox/scim/index.ts';
import { directoryFixture, newUser, startPeer, type ScimUserBody } from './fixture.ts';

describe('seeding from the directory view', () => {
  it('holds only SCIM-managed users and IdP groups, with members limited to SCIM users', () => {
    const view = directoryFixture();
    const store = new ScimStore();
    seedStore(store, view);

    expect(store.listUsers()).toHaveLength(25);
    expect(store.listUsers().map((u) => u.sourceUserId)).toEqual(view.users.filter((u) => u.scimManaged).map((u) => u.id));
    for (const invited of view.users.filter((u) => !u.scimManaged)) expect(store.findUserByUserName(invited.email)).toBeUndefined();

    const names = store.listGroups().map((g) => g.attributes.displayName);
    expect(names).toEqual(['Claude – Engineering', 'Claude – Finance']);
    const eng = store.listGroups()[0];
    const sourceIds = eng?.memberIds.map((id) => store.getUser(id)?.sourceUserId);
    expect(sourceIds).toEqual(['user_000', 'user_001', 'user_002']); // user_026 is not SCIM-managed

    const departed = store.listUsers().find((u) => u.sourceUserId === 'user_007');
    expect(departed?.attributes.active).toBe(false);
    expect(departed?.attributes.userName).toBe('hana.wei7@acme.example'); // lower-cased, as WorkOS stores it
  });

  it('gives seeded resources stable ids per seed', () => {
    const a = new ScimStore();
    const b = new ScimStore();
    seedStore(a, directoryFixture());
    seedStore(b, directoryFixture());
    expect(b.listUsers().map((u) => u.id)).toEqual(a.listUsers().map((u) => u.id));
    expect(b.listGroups().map((g) => g.id)).toEqual(a.listGroups().map((g) => g.id));

    const other = new ScimStore();
    seedStore(other, { ...directoryFixture(), seed: 8 });
    expect(other.listUsers()[0]?.id).not.toBe(a.listUsers()[0]?.id);
    expect(stableUuid('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('store rules', () => {
  it('compares userNames case-insensitively and cascades deletes into groups', () => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    const store = new ScimStore(() => new Date(t));
    const u = store.putUser(undefined, { userName: 'Jane@Acme.example' });
    const g = store.putGroup(undefined, { displayName: 'G' }, [u.id, u.id]);
    expect(g.memberIds).toEqual([u.id]);
    expect(store.userNameTaken('jane@ACME.example')?.id).toBe(u.id);
    expect(store.userNameTaken('jane@acme.example', u.id)).toBeUndefined();

    t += 60_000;
    expect(store.deleteUser(u.id)).toBe(true);
    expect(store.getGroup(g.id)?.memberIds).toEqual([]);
    expect(store.getGroup(g.id)?.lastModified).toBe('2026-01-01T00:01:00.000Z');
    expect(store.deleteUser(u.id)).toBe(false);
  });

  it('keeps lastModified when a write changes nothing', () => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    const store = new ScimStore(() => new Date(t));
    const u = store.putUser(undefined, { userName: 'a@b.example', active: true });
    t += 1_000;
    store.putUser(u.id, { userName: 'a@b.example', active: true });
    expect(store.getUser(u.id)?.lastModified).toBe('2026-01-01T00:00:00.000Z');
    store.putUser(u.id, { userName: 'a@b.example', active: false });
    expect(store.getUser(u.id)?.lastModified).toBe('2026-01-01T00:00:01.000Z');
  });
});

describe('several peers in one process', () => {
  it('re-points the global SCIMMY handlers on each createScimApp and keeps each peer on its own store', async () => {
    const first = await startPeer();
    try {
      const created = await first.call('POST', '/Users', newUser('only.first@acme.example'));
      expect(created.status).toBe(201);

      const second = await startPeer();
      try {
        // The newest peer serves its own, freshly seeded store.
        const found = await second.call('GET', `/Users?filter=${encodeURIComponent('userName eq "only.first@acme.example"')}`);
        expect((found.json as { totalResults: number }).totalResults).toBe(0);
        expect(second.store.listUsers()).toHaveLength(25);
        const made = (await second.call('POST', '/Users', newUser('only.second@acme.example'))).json as unknown as ScimUserBody;
        expect(second.store.getUser(made.id)).toBeDefined();
        expect(first.store.getUser(made.id)).toBeUndefined();

        // The older peer still answers from its own store (requests carry their peer's context).
        const id = (created.json as unknown as ScimUserBody).id;
        expect((await first.call('GET', `/Users/${id}`)).status).toBe(200);
        expect((await second.call('GET', `/Users/${id}`)).status).toBe(404);
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
    }
  });

  it('builds an app without listening (the shape server.ts mounts)', () => {
    const scim = createScimApp(directoryFixture(), { token: 't' });
    expect(typeof scim.app).toBe('function');
    expect(scim.quirks).toMatchObject({ workos: false, rateLimit: null, maxBodyBytes: null, totalResultsIsPageSize: false, caseInsensitiveUserNameFilter: false, queryParserFix: true });
    expect(scim.store.listUsers()).toHaveLength(25);
  });
});
