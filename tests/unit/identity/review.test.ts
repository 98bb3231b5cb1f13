import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createPreview, splitDisplayName } from '../../../lib/identity/create-preview.ts';
import { planReview, recordPlan, recordResult, reviewCsv } from '../../../lib/identity/review.ts';
import { joinPeople, type PeopleInput } from '../../../lib/identity/people.ts';
import { createDb } from '../../../lib/sources/database.ts';

describe('create user preview', () => {
  it('splits the display name: first word → given, the rest → family; one word has no family name', () => {
    expect(splitDisplayName('Jane Smith')).toEqual({ givenName: 'Jane', familyName: 'Smith' });
    expect(splitDisplayName('  Mary  Ann   de la Cruz ')).toEqual({ givenName: 'Mary', familyName: 'Ann de la Cruz' });
    expect(splitDisplayName('Madonna')).toEqual({ givenName: 'Madonna', familyName: null });
    expect(splitDisplayName('محمد عبد الله')).toEqual({ givenName: 'محمد', familyName: 'عبد الله' });
  });

  it('previews the exact SCIM body the worker sends and validates each field', () => {
    const ok = createPreview(' Jane  Smith ', 'Jane@Example.com ');
    expect(ok.errors).toEqual({ displayName: null, email: null });
    expect(ok.body).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'jane@example.com',
      displayName: 'Jane Smith',
      name: { givenName: 'Jane', familyName: 'Smith' },
      emails: [{ value: 'jane@example.com', type: 'work', primary: true }],
      active: true,
    });
    expect(ok.notes.join(' ')).toMatch(/lower-cased/);
    const one = createPreview('Cher', 'cher@example.com');
    expect(one.body!.name).toEqual({ givenName: 'Cher' });
    expect('familyName' in one.body!.name).toBe(false);
    expect(one.notes[0]).toMatch(/One-word name/);
    expect(createPreview('', 'x@y.io').errors.displayName).toMatch(/Enter a display name/);
    const both = createPreview('', 'nope');
    expect(both.errors.displayName).toBeTruthy();
    expect(both.errors.email).toMatch(/@/);
    expect(createPreview('A B', '').errors.email).toMatch(/Enter the email/);
    expect(createPreview('Bob \u202Eevil', 'b@y.io').errors.displayName).toMatch(/U\+202E/);
    expect(createPreview('<b>Bob</b> X', 'b@y.io').notes.join(' ')).toMatch(/as text/);
    expect(createPreview('x'.repeat(300), 'b@y.io').body).toBeNull();
  });
});

const input = (): PeopleInput => ({
  scimUsers: [
    { id: 's-1', userName: 'a@x.io', email: 'a@x.io', displayName: 'Ann', givenName: null, familyName: null, externalId: null, active: true, created: null },
    { id: 's-2', userName: 'b@x.io', email: 'b@x.io', displayName: 'Bob', givenName: null, familyName: null, externalId: null, active: true, created: null },
  ],
  scimGroups: [{ id: 'g1', displayName: 'Eng', externalId: null, memberCount: 1 }],
  scimMembers: [{ groupId: 'g1', userId: 's-1' }],
  adminUsers: [{ id: 'user_3', email: 'c@x.io', name: '=HYPERLINK("x")', role: 'user', addedAt: '2026-01-01T00:00:00Z' }],
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
});

describe('access review', () => {
  it('plans each person’s change, or says why it cannot be made', () => {
    const people = joinPeople(input());
    const groups = [{ key: 'scim:g1', id: 'g1', name: 'Eng', kind: 'scim' as const, roleIds: [], roles: [], memberCount: 1, ownerAccess: null, linkedKey: null, createdAt: null }];
    const revoke = planReview(people, 'revoke', { group: groups[0], adminWritesEnabled: false, reason: 'Q4 review' });
    expect(revoke.map((l) => [l.person.key, l.request?.type ?? null, l.blocked])).toEqual([
      ['user_3', null, 'Not a member of this group.'],
      ['scim:s-1', 'identity/membership', null],
      ['scim:s-2', null, 'Not a member of this group.'],
    ]);
    const deprovision = planReview(people, 'deprovision', { adminWritesEnabled: false, reason: 'Q4 review' });
    expect(deprovision.map((l) => l.request)).toEqual([null, { type: 'identity/delete-user', scimUserId: 's-1', reason: 'Q4 review' }, { type: 'identity/delete-user', scimUserId: 's-2', reason: 'Q4 review' }]);
    expect(deprovision[0]!.blocked).toMatch(/Admin API are off/);
    expect(planReview(people, 'deprovision', { adminWritesEnabled: true, reason: 'r' })[0]!.request).toEqual({ type: 'identity/delete-user', adminUserId: 'user_3', reason: 'r' });
  });

  it('records one decision per person with its result, and exports it as CSV (formula cells neutralised)', async () => {
    const db = createDb({ indexedDB: new IDBFactory(), IDBKeyRange });
    const people = joinPeople(input());
    const lines = [...planReview(people.slice(1), 'deprovision', { adminWritesEnabled: false, reason: 'r' }), ...planReview(people.slice(0, 1), 'keep', { adminWritesEnabled: false, reason: 'r' })];
    const { reviewId, ids } = await recordPlan(db, lines, 'Q4 review', new Date('2026-12-06T10:00:00Z'));
    await recordResult(db, ids[0]!, 'done', 'Deleted.', new Date('2026-12-06T10:01:00Z'));
    await recordResult(db, ids[1]!, 'failed', 'HTTP 500', new Date('2026-12-06T10:02:00Z'));
    const review = (await db.accessReviews.get(reviewId))!;
    const decisions = await db.reviewDecisions.where('reviewId').equals(reviewId).toArray();
    const rows = Papa.parse<string[]>(reviewCsv(review, decisions).trim()).data;
    expect(rows[0]).toEqual(['Review', 'Review started', 'Person', 'Email', 'Decision', 'Group', 'Result', 'Message', 'When']);
    expect(rows.slice(1).map((r) => [r[2], r[3], r[4], r[6], r[7], r[8]])).toEqual([
      ['scim:s-1', 'a@x.io', 'deprovision', 'done', 'done: Deleted.', '2026-12-06T10:01:00.000Z'],
      ['scim:s-2', 'b@x.io', 'deprovision', 'failed', 'failed: HTTP 500', '2026-12-06T10:02:00.000Z'],
      ['user_3', 'c@x.io', 'keep', 'done', 'Kept; nothing was changed.', '2026-12-06T10:00:00.000Z'],
    ]);
    expect(rows[1]![0]).toBe('Q4 review');
    db.close();
  });
});
