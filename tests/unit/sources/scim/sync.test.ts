import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { startSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { SIZE_PRESETS } from '../../../sandbox/shared/contracts.ts';
import { resetQuirks } from '../../../sandbox/scim/index.ts';
import { createDb, type AppDb } from '../../../../lib/sources/database.ts';
import { createHttpClient, RequestLimiter } from '../../../../lib/api/http/index.ts';
import { ScimClient } from '../../../../lib/sources/scim/client.ts';
import { SYNC_JOB } from '../../../../lib/sources/scim/job.ts';
import { SCIM_SYNC_LOG } from '../../../../lib/sources/scim/state.ts';
import { Job } from '../../../../lib/jobs/job.ts';
import { logUnfinishedSync } from '../../../../lib/sources/scim/state.ts';

/**
 * The SCIM sync against the real SCIMMY peer (with and without its WorkOS-like quirks): every user and
 * group with members, paging by what came back, deduped by id, never trusting totalResults alone.
 */
let sandbox: Sandbox;
let db: AppDb;
let n = 0;

const client = (pageSize?: number) =>
  new ScimClient(createHttpClient({ api: 'scim', baseUrl: sandbox.scimUrl, credential: async () => sandbox.keys.scimToken, limiter: new RequestLimiter({ perMinute: 100_000, burst: 1000 }), retry: { baseDelayMs: 5, maxDelayMs: 20 } }), pageSize);
const sync = (pageSize?: number) => new Job(db, SYNC_JOB, client(pageSize), {}).run();

async function expectMatchesPeer() {
  const users = sandbox.scim.store.listUsers();
  const groups = sandbox.scim.store.listGroups();
  expect((await db.scimUsers.toCollection().primaryKeys()).sort()).toEqual(users.map((u) => u.id).sort());
  expect((await db.scimGroups.toCollection().primaryKeys()).sort()).toEqual(groups.map((g) => g.id).sort());
  const members = groups.flatMap((g) => [...new Set(g.memberIds)].map((u) => `${g.id}:${u}`)).sort();
  expect((await db.scimMembers.toArray()).map((m) => `${m.groupId}:${m.userId}`).sort()).toEqual(members);
}

beforeAll(async () => {
  sandbox = await startSandbox({ size: { ...SIZE_PRESETS.tiny, users: 45, groups: 7 }, seed: 9 });
});
afterAll(async () => sandbox?.close());
beforeEach(() => {
  db = createDb({ name: `scim-${n++}`, indexedDB: new IDBFactory(), IDBKeyRange });
  resetQuirks(sandbox.scim.quirks);
});

describe('SCIM sync', () => {
  it('reads every user and group with members at the page floor, and logs the sync', async () => {
    sandbox.stats.reset();
    expect((await sync()).status).toBe('done');
    await expectMatchesPeer();
    // One page each, and totalResults (believed) ends each list without an extra empty page.
    expect(sandbox.stats.counts.scim).toBe(2);
    const log = (await SCIM_SYNC_LOG.read(db))!;
    expect(log[0]).toMatchObject({ outcome: 'done', users: sandbox.scim.store.listUsers().length, groups: sandbox.scim.store.listGroups().length });
  });

  it('pages by what came back, and is not fooled by a server that reports the page size as totalResults', async () => {
    sandbox.scim.quirks.totalResultsIsPageSize = true;
    expect((await sync(10)).status).toBe('done');
    await expectMatchesPeer();
  });

  it('a sync refused by the service leaves the previous directory and logs why', async () => {
    await sync();
    const before = await db.scimUsers.count();
    const bad = new ScimClient(createHttpClient({ api: 'scim', baseUrl: sandbox.scimUrl, credential: async () => 'not-the-token', retry: { baseDelayMs: 5, maxDelayMs: 20 } }));
    const outcome = await new Job(db, SYNC_JOB, bad, {}).run();
    expect(outcome.status).toBe('failed');
    await logUnfinishedSync(db, outcome, new Date());
    expect(await db.scimUsers.count()).toBe(before);
    const [latest, previous] = (await SCIM_SYNC_LOG.read(db))!;
    expect(latest).toMatchObject({ outcome: 'failed', users: 0 });
    expect(latest!.message).toMatch(/401|rejected|token/i);
    expect(latest!.message).not.toContain('not-the-token');
    expect(previous).toMatchObject({ outcome: 'done' });
  });

  it('a second sync replaces the directory: removed people leave, new ones appear', async () => {
    await sync();
    const gone = sandbox.scim.store.listUsers()[3]!;
    sandbox.scim.store.deleteUser(gone.id);
    const added = sandbox.scim.store.putUser(undefined, { userName: 'new.person@example.com', name: { givenName: 'New', familyName: 'Person' }, emails: [{ value: 'new.person@example.com', primary: true }], active: true });
    expect((await sync(10)).status).toBe('done');
    await expectMatchesPeer();
    expect(await db.scimUsers.get(gone.id)).toBeUndefined();
    expect((await db.scimUsers.get(added.id))?.email).toBe('new.person@example.com');
  });
});
