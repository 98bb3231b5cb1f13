import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { resetQuirks } from '../../sandbox/scim/index.ts';
import { createDb } from '../../../lib/sources/database.ts';
import { ScimClient } from '../../../lib/sources/scim/client.ts';
import { SYNC_JOB } from '../../../lib/sources/scim/job.ts';
import { Job } from '../../../lib/jobs/job.ts';
import { createUser } from '../../../lib/identity/create-user.ts';
import { changeMembership } from '../../../lib/identity/membership.ts';
import { describePending, listPending, overduePending, PENDING_OVERDUE_HOURS, settlePending } from '../../../lib/identity/pending.ts';
import type { PendingChangeRow } from '../../../lib/identity/tables.ts';
import { answer, harness, startTestPeer, type Harness, type TestPeer } from './peer.ts';

/**
 * Pending sync: a write the provider has not applied yet is recorded, shown as "Pending sync", reported
 * as "Not confirmed after N h" past the threshold, and removed by the next SCIM sync that sees it.
 */
let peer: TestPeer;
let h: Harness;

beforeAll(async () => {
  peer = await startTestPeer();
});
afterAll(async () => peer?.close());
beforeEach(() => {
  resetQuirks(peer.quirks);
  peer.faults.length = 0;
  h = harness(peer);
});

const sync = () => new Job(h.db, SYNC_JOB, new ScimClient(h.http), {}).run();

describe('pending → settled by the next sync', () => {
  it('a membership the service had not applied yet is pending until a sync lists it, then settled', async () => {
    const g = peer.store.listGroups().find((x) => x.attributes.displayName === 'Claude – Finance')!.id;
    const user = peer.store.listUsers().find((u) => !peer.store.getGroup(g)!.memberIds.includes(u.id))!;
    // The service accepts the PATCH but applies it only later.
    peer.faults.push({ method: 'PATCH', path: /^\/Groups\//, act: (_req, res) => void res.status(204).end() });
    const r = await changeMembership(h.deps, { op: 'add', via: 'scim', groupId: g, userId: user.id });
    expect(r.outcome).toBe('pending');
    expect(await h.db.pendingChanges.count()).toBe(1);

    // A sync before the service applied it: still pending.
    expect((await sync()).status).toBe('done');
    expect(await h.db.pendingChanges.count()).toBe(1);

    // The service applies it; the next sync sees it and settles the row in its publish.
    peer.store.putGroup(g, peer.store.getGroup(g)!.attributes, [...peer.store.getGroup(g)!.memberIds, user.id]);
    expect((await sync()).status).toBe('done');
    expect(await h.db.pendingChanges.count()).toBe(0);
  });

  it('a created user the service did not return yet is settled once a sync lists it (by id or email)', async () => {
    peer.faults.push({ method: 'GET', path: /^\/Users\/[^/]+$/, act: answer(404, { detail: 'Resource not found' }) });
    const r = await createUser(h.deps, { displayName: 'Later Listed', email: 'later.listed@acme.example' });
    expect(r.outcome).toBe('pending');
    expect((await sync()).status).toBe('done');
    expect(await h.db.pendingChanges.count()).toBe(0);
  });
});

describe('settlePending rules', () => {
  const row = (over: Partial<PendingChangeRow>): PendingChangeRow => ({ kind: 'member-added', via: 'scim', userId: 'u1', email: null, groupId: 'g1', at: '2026-12-07T10:00:00.000Z', auditId: 1, ...over });

  it('confirms each kind against the directory it was written to, and leaves the other directory alone', async () => {
    const db = createDb({ name: 'settle-rules', indexedDB: new IDBFactory(), IDBKeyRange });
    await db.pendingChanges.bulkAdd([
      row({ kind: 'member-added' }), // confirmed: member present
      row({ kind: 'member-removed', groupId: 'g2' }), // confirmed: absent
      row({ kind: 'member-removed', groupId: 'g1' }), // not: still present
      row({ kind: 'user-created', userId: 'u9', email: 'NEW@acme.example' }), // confirmed by email (case-insensitive)
      row({ kind: 'user-deleted', userId: 'u1' }), // not: still listed
      row({ kind: 'user-deleted', userId: 'u7' }), // confirmed: gone
      row({ via: 'admin', kind: 'user-deleted', userId: 'user_x' }), // another directory: untouched by a SCIM settle
    ]);
    await db.scimUsers.bulkPut([
      { id: 'u1', userName: 'u1@acme.example', email: 'u1@acme.example', displayName: null, givenName: null, familyName: null, externalId: null, active: true, created: null },
      { id: 'u-new', userName: 'new@acme.example', email: 'new@acme.example', displayName: null, givenName: null, familyName: null, externalId: null, active: true, created: null },
    ]);
    await db.scimMembers.put({ groupId: 'g1', userId: 'u1' });
    expect(await settlePending(db, 'scim')).toBe(4);
    expect((await db.pendingChanges.toArray()).map((r) => `${r.via}:${r.kind}:${r.kind.startsWith('member') ? r.groupId : r.userId}`).sort()).toEqual(['admin:user-deleted:user_x', 'scim:member-removed:g1', 'scim:user-deleted:u1']);
    expect(await settlePending(db, 'admin')).toBe(1);
  });

  it('labels: pending sync, then "Not confirmed after N h" past the threshold', async () => {
    const now = new Date('2026-12-08T12:00:00.000Z');
    expect(describePending(row({ at: '2026-12-08T01:00:00.000Z' }), now)).toMatchObject({ overdue: false, label: 'Pending sync', ageHours: 11 });
    expect(describePending(row({ at: '2026-12-07T10:00:00.000Z' }), now)).toMatchObject({ overdue: true, label: 'Not confirmed after 26 h' });
    expect(PENDING_OVERDUE_HOURS).toBe(24);
    const db = createDb({ name: 'pending-labels', indexedDB: new IDBFactory(), IDBKeyRange });
    await db.pendingChanges.bulkAdd([row({ at: '2026-12-07T10:00:00.000Z' }), row({ at: '2026-12-08T11:00:00.000Z', userId: 'u2' })]);
    expect((await listPending(db, now)).map((p) => p.label)).toEqual(['Pending sync', 'Not confirmed after 26 h']);
    expect((await overduePending(db, now)).map((p) => p.userId)).toEqual(['u1']);
  });
});
