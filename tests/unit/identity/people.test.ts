import { describe, expect, it } from 'vitest';
import { personRow } from '../../../lib/identity/directory.ts';
import { badgeFlags, filterPeople, joinGroups, joinPeople, membershipPlan, NO_FILTER, type PeopleInput, type Person } from '../../../lib/identity/people.ts';
import type { AdminGroupRow } from '../../../lib/sources/admin/tables.ts';

const base = (): PeopleInput => ({
  scimUsers: [],
  scimGroups: [],
  scimMembers: [],
  adminUsers: [],
  adminGroups: [],
  adminMembers: [],
  adminRoles: [],
  complianceUsers: [],
  engagement: [],
  spend: [],
  pending: [],
  connected: { scim: true, admin: true, compliance: true, analytics: true },
  asOf: '2026-12-06',
  window: { from: '2026-09-01', to: '2026-12-07' },
});
const scimUser = (id: string, email: string, extra: Partial<PeopleInput['scimUsers'][number]> = {}) => ({ id, userName: email, email, displayName: null, givenName: null, familyName: null, externalId: null, active: true, created: '2026-01-02T00:00:00Z', ...extra });
const adminUser = (id: string, email: string, role = 'user', name = 'A Person') => ({ id, email, name, role, addedAt: '2026-02-03T00:00:00Z' });
const rbac = (id: string, name: string, sourceType: string, extra: Partial<AdminGroupRow> = {}): AdminGroupRow => ({ id, name, sourceType, roleIds: [], createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', memberCount: 0, ownerAccess: false, ...extra });
const spend = (actorKey: string, amount: string, email: string | null = null, type = 'user_actor') => ({ actorKey, amount, actor: { type, email, name: null } });
const flags = (p: Person | undefined) => p?.flags.map((f) => f.id).sort() ?? [];
const byEmail = (people: Person[], email: string) => people.find((p) => p.email?.toLowerCase() === email);

describe('joinPeople: join rules', () => {
  it('joins the Admin API, Compliance and Analytics by user id and SCIM by email, case-insensitively', () => {
    const input = base();
    input.adminUsers = [adminUser('user_1', 'Ann@Example.com', 'user', 'Ann Lee')];
    input.complianceUsers = [
      { id: 'user_1', email: 'ann@example.com', fullName: 'Ann Lee', org: 'org-a', role: 'user', createdAt: '2025-01-01T00:00:00Z' },
      { id: 'user_1', email: 'ann@example.com', fullName: 'Ann Lee', org: 'org-b', role: 'user', createdAt: '2025-01-01T00:00:00Z' },
    ];
    input.scimUsers = [scimUser('s-1', ' ANN@example.COM ')];
    input.engagement = [{ userId: 'user_1', email: 'ann@example.com', lastActiveDate: '2026-12-01' }];
    input.spend = [spend('user_1', '1000.5'), spend('user_1', '0.25'), spend('apikey_9', '5000', null, 'api_actor')];
    const people = joinPeople(input);
    expect(people).toHaveLength(1);
    const p = people[0]!;
    expect(p.key).toBe('user_1');
    expect(p.sources).toEqual(['scim', 'admin', 'compliance', 'analytics']);
    expect(p.scimId).toBe('s-1');
    expect(p.orgs).toEqual(['org-a', 'org-b']);
    expect(p.addedAt).toBe('2026-02-03T00:00:00Z'); // the Admin API wins
    expect(p.spendToDate).toBe('1000.75'); // exact decimal; the API key's spend is not a person's
    expect(p.lastActiveDate).toBe('2026-12-01');
    expect(p.flags).toEqual([]);
    expect(p.conflicts).toEqual([]); // emails differ only in case and spaces
  });

  it('ids win over emails; sources that disagree are listed, the Admin API wins', () => {
    const input = base();
    input.adminUsers = [adminUser('user_1', 'a@x.io', 'user', 'Ann'), adminUser('user_2', 'dup@x.io')];
    input.complianceUsers = [
      { id: 'user_1', email: 'ann.old@x.io', fullName: 'Ann Old', org: 'o', role: 'owner', createdAt: null },
      { id: 'user_3', email: 'DUP@x.io', fullName: 'Other', org: 'o', role: 'user', createdAt: null },
    ];
    const people = joinPeople(input);
    expect(people.map((p) => p.key).sort()).toEqual(['user_1', 'user_2', 'user_3']);
    const ann = people.find((p) => p.key === 'user_1')!;
    expect(ann.email).toBe('a@x.io');
    expect(ann.name).toBe('Ann');
    expect(ann.role).toBe('user');
    expect(ann.conflicts.join(' ')).toMatch(/email.*Admin API says a@x.io; Compliance says ann.old@x.io/);
    expect(ann.conflicts.join(' ')).toMatch(/name/);
    expect(ann.conflicts.join(' ')).toMatch(/role owner/);
    expect(people.find((p) => p.key === 'user_3')!.conflicts[0]).toMatch(/different user id \(user_2\)/);
  });

  it('two SCIM users with one email: the first by id joins, the other is its own row with a note', () => {
    const input = base();
    input.adminUsers = [adminUser('user_1', 'a@x.io')];
    input.scimUsers = [scimUser('s-b', 'A@x.io'), scimUser('s-a', 'a@x.io')];
    const people = joinPeople(input);
    expect(people).toHaveLength(2);
    expect(people.find((p) => p.key === 'user_1')!.scimId).toBe('s-a');
    const other = people.find((p) => p.key === 'scim:s-b')!;
    expect(other.conflicts.join(' ')).toMatch(/same email/);
  });

  it('a pending create shows as its own row until a sync brings the user, then it is no longer pending', () => {
    const input = base();
    input.pending = [{ id: 1, kind: 'user-created', via: 'scim', userId: 's-new', email: 'New@x.io', groupId: null, at: '2026-12-06T10:00:00Z', auditId: 3 }];
    let people = joinPeople(input);
    expect(people).toHaveLength(1);
    expect(people[0]!.key).toBe('pending:new@x.io');
    expect(flags(people[0])).toEqual(['pending']);
    input.scimUsers = [scimUser('s-new', 'new@x.io')];
    people = joinPeople(input);
    expect(people).toHaveLength(1);
    expect(people[0]!.key).toBe('scim:s-new');
    expect(flags(people[0])).not.toContain('pending');
  });
});

describe('joinPeople: flags', () => {
  it('not managed by SCIM / in SCIM, not in Claude — only when the other side is connected', () => {
    const input = base();
    input.adminUsers = [adminUser('user_1', 'ui@x.io')];
    input.scimUsers = [scimUser('s-1', 'idp@x.io')];
    let people = joinPeople(input);
    expect(flags(byEmail(people, 'ui@x.io'))).toContain('not-scim');
    expect(byEmail(people, 'ui@x.io')!.flags.find((f) => f.id === 'not-scim')!.fact).toMatch(/no SCIM user has the email ui@x.io/);
    expect(flags(byEmail(people, 'idp@x.io'))).toContain('not-in-claude');
    input.connected = { scim: false, admin: false, compliance: false, analytics: false };
    people = joinPeople({ ...input, scimUsers: input.scimUsers });
    expect(flags(byEmail(people, 'ui@x.io'))).not.toContain('not-scim');
    expect(flags(byEmail(people, 'idp@x.io'))).not.toContain('not-in-claude');
  });

  it('no activity in 30/60/90 days from last active; a null last active is unknown, not inactive', () => {
    const input = base();
    input.adminUsers = [adminUser('user_a', 'a@x.io'), adminUser('user_b', 'b@x.io'), adminUser('user_c', 'c@x.io'), adminUser('user_d', 'd@x.io')];
    input.scimUsers = ['a', 'b', 'c', 'd'].map((x) => scimUser(`s-${x}`, `${x}@x.io`));
    input.engagement = [
      { userId: 'user_a', email: null, lastActiveDate: '2026-12-05' },
      { userId: 'user_b', email: null, lastActiveDate: '2026-10-20' }, // 47 days before asOf
      { userId: 'user_c', email: null, lastActiveDate: '2026-08-01' },
      { userId: 'user_d', email: null, lastActiveDate: null },
    ];
    const people = joinPeople(input);
    expect(flags(byEmail(people, 'a@x.io'))).toEqual([]);
    expect(flags(byEmail(people, 'b@x.io'))).toEqual(['inactive-30']);
    expect(flags(byEmail(people, 'c@x.io'))).toEqual(['inactive-30', 'inactive-60', 'inactive-90']);
    expect(badgeFlags(byEmail(people, 'c@x.io')!).map((f) => f.id)).toEqual(['inactive-90']);
    expect(flags(byEmail(people, 'd@x.io'))).toEqual([]);
    // No engagement row at all: inactive only for spans the collected window covers (the Usage & spend rule).
    input.adminUsers = [...input.adminUsers, adminUser('user_e', 'e@x.io')];
    input.scimUsers = [...input.scimUsers, scimUser('s-e', 'e@x.io')];
    expect(flags(joinPeople(input).find((p) => p.key === 'user_e'))).toEqual(['inactive-30', 'inactive-60', 'inactive-90']);
    expect(flags(joinPeople({ ...input, window: { from: '2026-11-01', to: '2026-12-07' } }).find((p) => p.key === 'user_e'))).toEqual(['inactive-30']);
    expect(joinPeople({ ...input, window: { from: null, to: null } }).find((p) => p.key === 'user_e')!.flags).toEqual([]);
    // Without Analytics nothing is known.
    expect(flags(joinPeople({ ...input, connected: { ...input.connected, analytics: false } }).find((p) => p.key === 'user_c'))).toEqual([]);
  });

  it('owner/admin roles and members of owner-granting groups', () => {
    const input = { ...base(), connected: { scim: true, admin: true, compliance: true, analytics: false } };
    input.adminUsers = [adminUser('user_o', 'o@x.io', 'primary_owner'), adminUser('user_m', 'm@x.io', 'membership_admin'), adminUser('user_u', 'u@x.io', 'user')];
    input.scimUsers = ['o', 'm', 'u'].map((x) => scimUser(`s-${x}`, `${x}@x.io`));
    input.adminGroups = [rbac('rbac_group_own', 'Owners', 'direct', { ownerAccess: true, memberCount: 1 }), rbac('rbac_group_x', 'Unknown', 'direct', { ownerAccess: null, memberCount: 1 })];
    input.adminMembers = [
      { groupId: 'rbac_group_own', userId: 'user_u', email: 'u@x.io', addedAt: '' },
      { groupId: 'rbac_group_x', userId: 'user_m', email: 'm@x.io', addedAt: '' },
    ];
    const people = joinPeople(input);
    expect(flags(byEmail(people, 'o@x.io'))).toEqual(['privileged']);
    expect(flags(byEmail(people, 'm@x.io'))).toEqual(['privileged']); // owner access unknown: not flagged
    expect(flags(byEmail(people, 'u@x.io'))).toEqual(['owner-group']);
    expect(byEmail(people, 'u@x.io')!.flags[0]!.fact).toMatch(/“Owners”/);
  });

  it('pending sync for an unconfirmed membership change, gone once the read shows it', () => {
    const input = { ...base(), connected: { scim: true, admin: true, compliance: true, analytics: false } };
    input.adminUsers = [adminUser('user_1', 'a@x.io')];
    input.scimUsers = [scimUser('s-1', 'a@x.io')];
    input.scimGroups = [{ id: 'g1', displayName: 'Eng', externalId: null, memberCount: 0 }];
    input.pending = [{ id: 1, kind: 'member-added', via: 'scim', userId: 's-1', email: 'a@x.io', groupId: 'g1', at: '2026-12-06T10:00:00Z', auditId: null }];
    expect(flags(joinPeople(input)[0])).toEqual(['pending']);
    input.scimMembers = [{ groupId: 'g1', userId: 's-1' }];
    const p = joinPeople(input)[0]!;
    expect(flags(p)).toEqual([]);
    expect(p.groups).toEqual([{ key: 'scim:g1', name: 'Eng', kind: 'scim', ownerAccess: null }]);
  });
});

describe('groups', () => {
  it('SCIM groups and RBAC groups (direct/scim) with role names, matched by name only when unambiguous', () => {
    const groups = joinGroups({
      scimGroups: [{ id: 'g1', displayName: 'Engineering', externalId: null, memberCount: 4 }, { id: 'g2', displayName: 'Sales', externalId: null, memberCount: 1 }],
      adminGroups: [rbac('rbac_group_e', 'engineering ', 'scim', { roleIds: ['r1', 'r9'], memberCount: 4 }), rbac('rbac_group_s1', 'Sales', 'scim'), rbac('rbac_group_s2', 'Sales', 'scim'), rbac('rbac_group_d', 'Contractors', 'direct')],
      adminRoles: [{ id: 'r1', displayName: 'Developer', sourceType: 'built_in', permissions: [] }],
    });
    const eng = groups.find((g) => g.key === 'scim:g1')!;
    expect(eng.linkedKey).toBe('rbac:rbac_group_e');
    expect(eng.roles).toEqual(['Developer', 'r9']);
    expect(groups.find((g) => g.key === 'rbac:rbac_group_e')!.linkedKey).toBe('scim:g1');
    expect(groups.find((g) => g.key === 'scim:g2')!.linkedKey).toBeNull(); // two RBAC "Sales": ambiguous
    expect(groups.find((g) => g.key === 'rbac:rbac_group_d')!.kind).toBe('rbac-direct');
  });

  it('says who can change a membership and why not', () => {
    const g = (kind: 'scim' | 'rbac-direct' | 'rbac-scim', ownerAccess: boolean | null = false) => ({ key: 'k', id: 'gid', name: 'G', kind, roleIds: [], roles: [], memberCount: 0, ownerAccess, linkedKey: null, createdAt: null });
    const person = { scimId: 's-1', userId: 'user_1', name: 'Ann' };
    expect(membershipPlan(g('scim'), person, false)).toEqual({ ok: true, via: 'scim', groupId: 'gid', userId: 's-1' });
    expect(membershipPlan(g('scim'), { ...person, scimId: null }, false)).toMatchObject({ ok: false, reason: expect.stringMatching(/no SCIM user/) });
    expect(membershipPlan(g('rbac-direct'), person, true)).toEqual({ ok: true, via: 'admin', groupId: 'gid', userId: 'user_1' });
    expect(membershipPlan(g('rbac-direct'), person, false)).toMatchObject({ ok: false, reason: expect.stringMatching(/Allow changes through the Admin API/) });
    expect(membershipPlan(g('rbac-scim'), person, true)).toMatchObject({ ok: false, reason: expect.stringMatching(/cannot change its members while SCIM provisioning is on/) });
    expect(membershipPlan(g('rbac-direct', true), person, true)).toMatchObject({ ok: false, reason: expect.stringMatching(/owner access/) });
  });
});

describe('filterPeople', () => {
  it('search, flags, role and source combine', () => {
    const input = base();
    input.adminUsers = [adminUser('user_1', 'ann@x.io', 'owner', 'Ann Lee'), adminUser('user_2', 'bob@x.io', 'user', 'Bob Ray')];
    input.scimUsers = [scimUser('s-2', 'bob@x.io')];
    const rows = joinPeople(input).map(personRow);
    expect(filterPeople(rows, NO_FILTER)).toHaveLength(2);
    expect(filterPeople(rows, { ...NO_FILTER, search: 'LEE ann' }).map((p) => p.key)).toEqual(['user_1']);
    expect(filterPeople(rows, { ...NO_FILTER, flags: ['not-scim'] }).map((p) => p.key)).toEqual(['user_1']);
    expect(filterPeople(rows, { ...NO_FILTER, role: 'user' }).map((p) => p.key)).toEqual(['user_2']);
    expect(filterPeople(rows, { ...NO_FILTER, source: 'scim' }).map((p) => p.key)).toEqual(['user_2']);
    expect(filterPeople(rows, { ...NO_FILTER, source: 'scim', flags: ['privileged'] })).toEqual([]);
  });
});
