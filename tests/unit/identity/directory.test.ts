import { afterEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDb, type AppDb } from '../../../lib/sources/database.ts';
import { asDirectoryMeta, asDirectoryRows, buildDirectory, directoryIsCurrent, DIRECTORY_META_KEY, DIRECTORY_ROWS_KEY, rebuildDirectory } from '../../../lib/identity/directory.ts';
import { createDirectoryKeeper, type DirectoryKeeper } from '../../../lib/identity/directory-keeper.ts';
import { joinPeople, type PeopleInput } from '../../../lib/identity/people.ts';
import { readPeopleInput } from '../../../lib/identity/people-input.ts';
import { memberFlags } from '../../../lib/context/member-flags.ts';

const now = new Date('2026-12-07T12:00:00Z');
let n = 0;
const openDb = (): AppDb => createDb({ name: `directory-${n++}`, indexedDB: new IDBFactory(), IDBKeyRange });
const scimUser = (id: string, email: string) => ({ id, userName: email, email, displayName: null, givenName: null, familyName: null, externalId: null, active: true, created: '2026-01-02T00:00:00Z' });
const adminUser = (id: string, email: string, role = 'user', name = 'A Person') => ({ id, email, name, role, addedAt: '2026-02-03T00:00:00Z' });

async function seed(db: AppDb) {
  await db.adminUsers.bulkPut([adminUser('user_1', 'ann@x.io', 'owner', 'Ann Lee'), adminUser('user_2', 'Bob@X.io', 'user', 'Bob Ray')]);
  await db.adminGroups.put({ id: 'g1', name: 'Owners', sourceType: 'direct', roleIds: ['r1'], createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', memberCount: 1, ownerAccess: true });
  await db.adminMembers.put({ groupId: 'g1', userId: 'user_1', email: 'ann@x.io' } as never);
  await db.scimUsers.put(scimUser('s-2', 'bob@x.io'));
}

describe('buildDirectory', () => {
  it('stores every joined person with index fields, list rows without facts, and the facts pages need', () => {
    const input: PeopleInput = {
      scimUsers: [scimUser('s-2', 'bob@x.io')],
      scimGroups: [],
      scimMembers: [],
      adminUsers: [adminUser('user_1', 'Ann@X.io', 'owner', 'Ann Lee'), adminUser('user_2', 'bob@x.io', 'user', 'Bob Ray')],
      adminGroups: [],
      adminMembers: [],
      adminRoles: [],
      complianceUsers: [],
      engagement: [],
      spend: [],
      pending: [],
      connected: { scim: true, admin: true, compliance: false, analytics: false },
      asOf: '2026-12-06',
      window: { from: null, to: null },
    };
    const built = buildDirectory(input, now.toISOString(), 'sig');
    const joined = joinPeople(input);
    expect(built.people.map((p) => p.key)).toEqual(joined.map((p) => p.key));
    expect(built.people.find((p) => p.key === 'user_1')).toMatchObject({ emailNorm: 'ann@x.io', groupKeys: [] });
    const ann = built.rows.rows.find((r) => r.key === 'user_1')!;
    expect(ann.flagIds.sort()).toEqual(['not-scim', 'privileged']);
    expect(ann).not.toHaveProperty('flags');
    expect(ann).not.toHaveProperty('groups');
    expect(built.meta).toMatchObject({ total: 2, roles: ['owner', 'user'], signature: 'sig', connected: input.connected });
    expect(asDirectoryMeta(built.meta)).toBe(built.meta);
    expect(asDirectoryMeta({ ...built.meta, format: 0 })).toBeNull();
    expect(asDirectoryRows(built.rows)).toBe(built.rows);
    expect(asDirectoryRows(undefined)).toBeNull();
  });
});

describe('rebuildDirectory', () => {
  it('publishes the join of the tables as they are, and tells when the tables moved on', async () => {
    const db = openDb();
    await seed(db);
    expect(await directoryIsCurrent(db, now)).toBe(false);
    const meta = await rebuildDirectory(db, now);
    expect(await directoryIsCurrent(db, now)).toBe(true);
    expect(meta.total).toBe(2);
    const expected = joinPeople(await readPeopleInput(db, now));
    expect((await db.people.toArray()).map((p) => p.key).sort()).toEqual(expected.map((p) => p.key).sort());
    // The group page's members come from the multi-entry index.
    expect((await db.people.where('groupKeys').equals('rbac:g1').toArray()).map((p) => p.key)).toEqual(['user_1']);
    expect((await db.people.where('emailNorm').equals('bob@x.io').first())?.scimId).toBe('s-2');
    expect(asDirectoryRows((await db.kv.get(DIRECTORY_ROWS_KEY))?.value)?.rows).toHaveLength(2);
    expect(asDirectoryMeta((await db.kv.get(DIRECTORY_META_KEY))?.value)?.groups.map((g) => g.key)).toEqual(['rbac:g1']);

    await db.scimUsers.put(scimUser('s-3', 'cy@x.io'));
    expect(await directoryIsCurrent(db, now)).toBe(false);
    await rebuildDirectory(db, now);
    expect(await db.people.count()).toBe(3);
    db.close();
  });

  it('member flags on claude.ai read the published directory, rebuilding it first when stale', async () => {
    const db = openDb();
    await seed(db);
    const flags = await memberFlags(db, ['ANN@x.io', 'nobody@x.io'], now);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ email: 'ann@x.io', personId: 'user_1' });
    expect(flags[0]!.flags.join(' ')).toMatch(/Not managed by SCIM/);
    expect(flags[0]!.flags.join(' ')).toMatch(/owner-granting group: Owners/);
    expect(await directoryIsCurrent(db, now)).toBe(true);
    db.close();
  });
});

describe('createDirectoryKeeper', () => {
  let keeper: DirectoryKeeper | null = null;
  afterEach(() => keeper?.stop());

  it('rebuilds after writes to a joined table (a burst shows whole) and ignores other tables', async () => {
    const db = openDb();
    keeper = createDirectoryKeeper({ db, now: () => now, delayMs: 20 });
    await keeper.ensure();
    expect(await db.people.count()).toBe(0);
    expect(asDirectoryMeta((await db.kv.get(DIRECTORY_META_KEY))?.value)?.total).toBe(0);
    const first = asDirectoryMeta((await db.kv.get(DIRECTORY_META_KEY))?.value)!.builtAt;
    expect(first).toBe(now.toISOString());

    // A burst of writes to joined tables: one rebuild shows all of them.
    await seed(db);
    await keeper.idle();
    expect(await db.people.count()).toBe(2);
    expect(await directoryIsCurrent(db, now)).toBe(true);

    // A write to a table the join does not read leaves the directory alone.
    const before = (await db.kv.get(DIRECTORY_META_KEY))?.value;
    await db.audit.add({ at: now.toISOString(), connection: 'scim', action: 'x', target: null, outcome: 'ok', detail: '', requestId: null } as never);
    await new Promise((r) => setTimeout(r, 60));
    await keeper.idle();
    expect((await db.kv.get(DIRECTORY_META_KEY))?.value).toEqual(before);
    db.close();
  });

  it('ensure() does nothing when the stored copy is current', async () => {
    const db = openDb();
    await seed(db);
    await rebuildDirectory(db, new Date('2026-12-07T01:00:00Z'));
    keeper = createDirectoryKeeper({ db, now: () => now, delayMs: 20 });
    await keeper.ensure();
    expect(asDirectoryMeta((await db.kv.get(DIRECTORY_META_KEY))?.value)?.builtAt).toBe('2026-12-07T01:00:00.000Z');
    db.close();
  });
});
