import type { ScimGroupRow, ScimMemberRow, ScimUserRow } from '../sources/scim/tables.ts';
import type { AdminGroupRow, AdminMemberRow, AdminRoleRow, AdminUserRow } from '../sources/admin/tables.ts';
import type { AnalyticsUserRow, SpendRow } from '../sources/analytics/tables.ts';
import { inactivity } from '../sources/analytics/views.ts';
import type { PendingChangeRow } from './rows.ts';
import type { Cents } from '../util/money.ts';
import Big from 'big.js';

// Said where the admin looks (the group page, the grant preview). Kept here rather than imported from
// ./messages.ts, which pulls the HTTP layer into the page.
const GROUPS_NOT_OVER_SCIM = 'Groups cannot be created or deleted over SCIM: they come from your identity provider (create or delete them there, then sync).';
const SCIM_GROUP_READ_ONLY = 'This group comes from your identity provider (SCIM): the Admin API cannot change its members while SCIM provisioning is on. Change the membership through the SCIM group, or in your identity provider.';
const OWNER_GROUP_REFUSED = 'This group grants owner access: the Admin API refuses to add or remove its members (rbac_group_grants_owner_access). Make the change in claude.ai → Organization settings → Groups.';
const ADMIN_WRITES_DISABLED = 'Changes through the Admin API are turned off: open Options → Admin API and turn on “Allow changes through the Admin API”. Nothing is sent until then.';

/**
 * People and groups for the People and Groups tabs and access reviews: one row per person, joined
 * from every directory the admin connected. Pure: the page reads the tables and calls `joinPeople`.
 *
 * Join rules
 * - Claude's own user id (`user_…`) is shared by the Admin API, the Compliance directory and Analytics
 *   (admin-api.md §3.5): records with the same id are one person. A person's key is that id.
 * - A record without a known id (SCIM users always; Analytics rows of deleted users) joins by email,
 *   normalised (trimmed, lower-cased): SCIM `userName` is unique case-insensitively and servers do not
 *   reliably case-fold (scim.md §3), so the client does it. A SCIM user's email is its primary email, else
 *   its `userName`. SCIM-only people are keyed `scim:<SCIM id>`; people known only from a pending create
 *   `pending:<email>`.
 * - Conflicts: ids win over emails. Two Claude records with different ids but the same email stay two
 *   people, each with a conflict note. Two SCIM users with the same normalised email: the first by id
 *   joins, the others stay separate rows with a note. When sources disagree on a field, the Admin API
 *   wins, then the Compliance directory, then SCIM, then Analytics (name, email), and the disagreement is
 *   listed on the person (`conflicts`), never silently dropped.
 * - Analytics spend counts `user_actor` rows only, matched by id, else by email; spend to date is the exact
 *   decimal sum over every stored month.
 *
 * Flags are only raised when the sources needed to know them are connected (an unconnected source is
 * "unknown", not "absent"): see `FLAG_LABELS` and the fact attached to each flag.
 */

export type PersonSource = 'scim' | 'admin' | 'compliance' | 'analytics' | 'pending';

export type FlagId =
  | 'not-scim'
  | 'not-in-claude'
  | 'inactive-30'
  | 'inactive-60'
  | 'inactive-90'
  | 'privileged'
  | 'owner-group'
  | 'pending';

export const FLAG_LABELS: Record<FlagId, string> = {
  'not-scim': 'Not managed by SCIM',
  'not-in-claude': 'In SCIM, not in Claude',
  'inactive-30': 'No activity in 30 days',
  'inactive-60': 'No activity in 60 days',
  'inactive-90': 'No activity in 90 days',
  privileged: 'Owner/admin role',
  'owner-group': 'In owner-granting group',
  pending: 'Pending sync',
};

export interface Flag {
  id: FlagId;
  /** The fact behind the flag, in the admin's words. */
  fact: string;
}

/** Roles that carry owner or admin powers (Admin API OrganizationRole and Compliance organization_role). */
export const PRIVILEGED_ROLES: ReadonlySet<string> = new Set(['primary_owner', 'owner', 'membership_admin', 'admin']);

export type GroupKind = 'scim' | 'rbac-direct' | 'rbac-scim';

export const GROUP_KIND_LABELS: Record<GroupKind, string> = { scim: 'SCIM group', 'rbac-direct': 'RBAC direct', 'rbac-scim': 'RBAC scim' };

export interface PersonGroup {
  /** Group key (`scim:<id>` or `rbac:<id>`). */
  key: string;
  name: string;
  kind: GroupKind;
  ownerAccess: boolean | null;
}

export interface Person {
  key: string;
  name: string;
  /** As the winning source spelled it; null when no source has one. */
  email: string | null;
  sources: PersonSource[];
  /** Claude user id (`user_…`), from the Admin API, Compliance or Analytics. */
  userId: string | null;
  scimId: string | null;
  scimUserName: string | null;
  scimActive: boolean | null;
  /** Admin API role (OrganizationRole), else the Compliance organization role. */
  role: string | null;
  /** Where the role came from. */
  roleSource: 'admin' | 'compliance' | null;
  /** Compliance organizations (uuids) the person belongs to. */
  orgs: string[];
  /** Admin API added_at, else the Compliance created_at, else SCIM created. */
  addedAt: string | null;
  lastActiveDate: string | null;
  hasEngagement: boolean;
  /** Exact decimal cents over every stored month; null when Analytics is not connected. */
  spendToDate: Cents | null;
  groups: PersonGroup[];
  flags: Flag[];
  /** Unconfirmed writes that concern this person. */
  pending: PendingChangeRow[];
  conflicts: string[];
  /** Lower-cased name, email and ids, for search. */
  search: string;
}

export interface GroupView {
  key: string;
  id: string;
  name: string;
  kind: GroupKind;
  /** RBAC role ids (null = the API said role data is temporarily unavailable; [] for SCIM groups). */
  roleIds: string[] | null;
  /** Role display names where the role catalogue has them, else the id. */
  roles: string[];
  memberCount: number;
  ownerAccess: boolean | null;
  /** The counterpart matched by name: a SCIM group ↔ an RBAC `scim` group. [unverified] (admin-api.md §3.5). */
  linkedKey: string | null;
  createdAt: string | null;
}

/** A Compliance directory row (one per organization the person belongs to). */
export interface ComplianceUser {
  id: string;
  email: string;
  fullName: string;
  org: string;
  role: string;
  createdAt: string | null;
}

export type SpendInput = Pick<SpendRow, 'actorKey' | 'amount'> & { actor: Pick<SpendRow['actor'], 'type' | 'email' | 'name'> };
export type EngagementInput = Pick<AnalyticsUserRow, 'userId' | 'email' | 'lastActiveDate'>;

export interface PeopleInput {
  scimUsers: readonly ScimUserRow[];
  scimGroups: readonly ScimGroupRow[];
  scimMembers: readonly ScimMemberRow[];
  adminUsers: readonly AdminUserRow[];
  adminGroups: readonly AdminGroupRow[];
  adminMembers: readonly AdminMemberRow[];
  adminRoles: readonly AdminRoleRow[];
  complianceUsers: readonly ComplianceUser[];
  engagement: readonly EngagementInput[];
  spend: readonly SpendInput[];
  pending: readonly PendingChangeRow[];
  /** Which sources have published data (an unconnected source makes its flags unknown). */
  connected: { scim: boolean; admin: boolean; compliance: boolean; analytics: boolean };
  /** Last day covered by engagement (UTC date), and the engagement window [from, to). */
  asOf: string;
  window: { from: string | null; to: string | null };
}

export const normEmail = (email: string | null | undefined): string => (email ?? '').trim().toLowerCase();

export const scimGroupKey = (id: string) => `scim:${id}`;
export const rbacGroupKey = (id: string) => `rbac:${id}`;

interface Draft {
  key: string;
  userId: string | null;
  names: Array<[PersonSource, string]>;
  emails: Array<[PersonSource, string]>;
  sources: Set<PersonSource>;
  admin: AdminUserRow | null;
  compliance: ComplianceUser[];
  scim: ScimUserRow | null;
  engagement: EngagementInput | null;
  spend: Big | null;
  conflicts: string[];
}

const SOURCE_LABEL: Record<PersonSource, string> = { admin: 'Admin API', compliance: 'Compliance', scim: 'SCIM', analytics: 'Analytics', pending: 'a pending change' };

function scimEmail(u: ScimUserRow): string {
  return normEmail(u.email ?? u.userName);
}

/** Groups of every source, with role names and the SCIM ↔ RBAC `scim` name match. */
export function joinGroups(input: Pick<PeopleInput, 'scimGroups' | 'adminGroups' | 'adminRoles'>): GroupView[] {
  const roleName = new Map(input.adminRoles.map((r) => [r.id, r.displayName] as const));
  const rbacScimByName = new Map<string, AdminGroupRow[]>();
  for (const g of input.adminGroups) {
    if (g.sourceType !== 'scim') continue;
    const k = g.name.trim().toLowerCase();
    rbacScimByName.set(k, [...(rbacScimByName.get(k) ?? []), g]);
  }
  const scimByName = new Map<string, ScimGroupRow[]>();
  for (const g of input.scimGroups) {
    const k = g.displayName.trim().toLowerCase();
    scimByName.set(k, [...(scimByName.get(k) ?? []), g]);
  }
  // A name match counts only when it is unambiguous on both sides.
  const unique = <T>(list: T[] | undefined): T | null => (list && list.length === 1 ? list[0]! : null);
  const out: GroupView[] = [];
  for (const g of input.scimGroups) {
    const k = g.displayName.trim().toLowerCase();
    const linked = unique(scimByName.get(k)) ? unique(rbacScimByName.get(k)) : null;
    out.push({
      key: scimGroupKey(g.id),
      id: g.id,
      name: g.displayName,
      kind: 'scim',
      roleIds: linked?.roleIds ?? [],
      roles: (linked?.roleIds ?? []).map((id) => roleName.get(id) ?? id),
      memberCount: g.memberCount,
      ownerAccess: linked?.ownerAccess ?? null,
      linkedKey: linked ? rbacGroupKey(linked.id) : null,
      createdAt: null,
    });
  }
  for (const g of input.adminGroups) {
    const kind: GroupKind = g.sourceType === 'scim' ? 'rbac-scim' : 'rbac-direct';
    const k = g.name.trim().toLowerCase();
    const linked = kind === 'rbac-scim' && unique(rbacScimByName.get(k)) ? unique(scimByName.get(k)) : null;
    out.push({
      key: rbacGroupKey(g.id),
      id: g.id,
      name: g.name,
      kind,
      roleIds: g.roleIds,
      roles: (g.roleIds ?? []).map((id) => roleName.get(id) ?? id),
      memberCount: g.memberCount,
      ownerAccess: g.ownerAccess,
      linkedKey: linked ? scimGroupKey(linked.id) : null,
      createdAt: g.createdAt,
    });
  }
  return out;
}

/** Every person, joined (rules at the top of this file). */
export function joinPeople(input: PeopleInput): Person[] {
  const drafts: Draft[] = [];
  const byId = new Map<string, Draft>();
  const byEmail = new Map<string, Draft>();
  const newDraft = (key: string, userId: string | null): Draft => {
    const d: Draft = { key, userId, names: [], emails: [], sources: new Set(), admin: null, compliance: [], scim: null, engagement: null, spend: null, conflicts: [] };
    drafts.push(d);
    if (userId) byId.set(userId, d);
    return d;
  };
  const noteEmail = (d: Draft, source: PersonSource, email: string | null | undefined) => {
    const n = normEmail(email);
    if (!n) return;
    d.emails.push([source, email!.trim()]);
    const other = byEmail.get(n);
    if (!other) byEmail.set(n, d);
    else if (other !== d && other.userId && d.userId && other.userId !== d.userId) {
      d.conflicts.push(`Same email as another member with a different user id (${other.userId}); kept apart because ids win over emails.`);
      other.conflicts.push(`Same email as another member with a different user id (${d.userId}); kept apart because ids win over emails.`);
    }
  };
  /** A Claude record: by id, else by email, else new. */
  const claude = (id: string | null, email: string | null | undefined): Draft => {
    if (id) {
      const hit = byId.get(id);
      if (hit) return hit;
      const viaEmail = byEmail.get(normEmail(email));
      if (viaEmail && !viaEmail.userId) {
        viaEmail.userId = id;
        byId.set(id, viaEmail);
        return viaEmail;
      }
      return newDraft(id, id);
    }
    const viaEmail = normEmail(email) ? byEmail.get(normEmail(email)) : undefined;
    return viaEmail ?? newDraft(`email:${normEmail(email) || drafts.length}`, null);
  };

  for (const u of input.adminUsers) {
    const d = claude(u.id, u.email);
    d.admin = u;
    d.sources.add('admin');
    if (u.name) d.names.push(['admin', u.name]);
    noteEmail(d, 'admin', u.email);
  }
  for (const u of input.complianceUsers) {
    const d = claude(u.id, u.email);
    d.compliance.push(u);
    d.sources.add('compliance');
    if (u.fullName) d.names.push(['compliance', u.fullName]);
    if (!d.emails.some(([s]) => s === 'compliance')) noteEmail(d, 'compliance', u.email);
  }
  // Analytics: engagement rows and user spend create people only when the id is new (e.g. a deleted member).
  for (const e of input.engagement) {
    const d = claude(e.userId || null, e.email);
    d.engagement = e;
    d.sources.add('analytics');
    if (!d.emails.length) noteEmail(d, 'analytics', e.email);
  }
  if (input.connected.analytics) {
    for (const r of input.spend) {
      if (r.actor.type !== 'user_actor' || (!r.actorKey && !r.actor.email)) continue;
      const d = claude(r.actorKey || null, r.actor.email);
      d.sources.add('analytics');
      d.spend = (d.spend ?? new Big(0)).plus(r.amount || '0');
      if (r.actor.name && !d.names.length) d.names.push(['analytics', r.actor.name]);
      if (!d.emails.length) noteEmail(d, 'analytics', r.actor.email);
    }
  }
  // SCIM users join by email; sorted by id so duplicates resolve the same way every time.
  const scimSorted = [...input.scimUsers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const scimById = new Map<string, Draft>();
  for (const u of scimSorted) {
    const email = scimEmail(u);
    let d = email ? byEmail.get(email) : undefined;
    if (d?.scim) {
      d.conflicts.push(`Another SCIM user (${u.id}) has the same email; it is listed separately.`);
      d = undefined;
    }
    if (!d) {
      d = newDraft(`scim:${u.id}`, null);
      if (email && !byEmail.has(email)) byEmail.set(email, d);
      else if (email) d.conflicts.push(`Another SCIM user has the same email (${email}); this one is listed separately.`);
    }
    d.scim = u;
    d.sources.add('scim');
    scimById.set(u.id, d);
    const scimName = u.displayName || [u.givenName, u.familyName].filter(Boolean).join(' ');
    if (scimName) d.names.push(['scim', scimName]);
    d.emails.push(['scim', (u.email ?? u.userName).trim()]);
  }

  // Pending creates that no sync has shown yet become rows of their own.
  const pendingCreates = input.pending.filter((p) => p.kind === 'user-created');
  for (const p of pendingCreates) {
    const email = normEmail(p.email);
    const known = (p.via === 'scim' ? scimById.get(p.userId) : byId.get(p.userId)) ?? (email ? byEmail.get(email) : undefined);
    if (known) continue;
    const d = newDraft(`pending:${email || p.userId}`, null);
    d.sources.add('pending');
    if (email) {
      byEmail.set(email, d);
      d.emails.push(['pending', p.email!.trim()]);
    }
  }

  // Memberships.
  const groups = joinGroups(input);
  const groupByKey = new Map(groups.map((g) => [g.key, g] as const));
  const groupsOf = new Map<Draft, PersonGroup[]>();
  const addGroup = (d: Draft | undefined, key: string) => {
    const g = groupByKey.get(key);
    if (!d || !g) return;
    const list = groupsOf.get(d) ?? [];
    list.push({ key, name: g.name, kind: g.kind, ownerAccess: g.ownerAccess });
    groupsOf.set(d, list);
  };
  for (const m of input.scimMembers) addGroup(scimById.get(m.userId), scimGroupKey(m.groupId));
  for (const m of input.adminMembers) addGroup(byId.get(m.userId) ?? byEmail.get(normEmail(m.email)), rbacGroupKey(m.groupId));

  // Pending changes per person.
  const pendingOf = new Map<Draft, PendingChangeRow[]>();
  for (const p of input.pending) {
    const d = (p.via === 'scim' ? scimById.get(p.userId) : byId.get(p.userId)) ?? byEmail.get(normEmail(p.email));
    if (!d || isConfirmed(p, d, input)) continue;
    pendingOf.set(d, [...(pendingOf.get(d) ?? []), p]);
  }

  return drafts.map((d) => finish(d, groupsOf.get(d) ?? [], pendingOf.get(d) ?? [], input));
}

/** Whether a read already shows what a pending write did (then it is no longer pending). */
function isConfirmed(p: PendingChangeRow, d: Draft, input: PeopleInput): boolean {
  const scimId = d.scim?.id ?? null;
  const isMember = (via: 'scim' | 'admin') =>
    via === 'scim'
      ? input.scimMembers.some((m) => m.groupId === p.groupId && m.userId === p.userId)
      : input.adminMembers.some((m) => m.groupId === p.groupId && m.userId === p.userId);
  switch (p.kind) {
    case 'user-created':
      return p.via === 'scim' ? scimId !== null : d.admin !== null;
    case 'user-deleted':
      return p.via === 'scim' ? scimId !== p.userId : d.admin === null;
    case 'member-added':
      return isMember(p.via);
    case 'member-removed':
      return !isMember(p.via);
  }
}

const PENDING_WORDS: Record<PendingChangeRow['kind'], string> = {
  'user-created': 'Created',
  'user-deleted': 'Deprovisioned',
  'member-added': 'Added to a group',
  'member-removed': 'Removed from a group',
};

function pick(list: Array<[PersonSource, string]>): string | null {
  const order: PersonSource[] = ['admin', 'compliance', 'scim', 'analytics', 'pending'];
  for (const s of order) {
    const hit = list.find(([src, v]) => src === s && v.trim() !== '');
    if (hit) return hit[1];
  }
  return null;
}

function finish(d: Draft, groups: PersonGroup[], pending: PendingChangeRow[], input: PeopleInput): Person {
  const email = pick(d.emails);
  const name = pick(d.names) ?? email ?? d.userId ?? d.key;
  const conflicts = [...d.conflicts];
  const distinct = (list: Array<[PersonSource, string]>, norm: (s: string) => string) => {
    const seen = new Map<string, PersonSource>();
    for (const [s, v] of list) if (!seen.has(norm(v))) seen.set(norm(v), s);
    return seen;
  };
  const emails = distinct(d.emails, normEmail);
  if (emails.size > 1) conflicts.push(`Sources disagree on the email: ${[...emails].map(([v, s]) => `${SOURCE_LABEL[s]} says ${v}`).join('; ')}. Shown: ${email}.`);
  const names = distinct(d.names, (s) => s.trim().replace(/\s+/g, ' '));
  if (names.size > 1) conflicts.push(`Sources disagree on the name: ${[...names].map(([v, s]) => `${SOURCE_LABEL[s]} says “${v}”`).join('; ')}. Shown: “${name}”.`);

  const c0 = d.compliance[0] ?? null;
  const role = d.admin?.role ?? c0?.role ?? null;
  const roleSource = d.admin ? 'admin' : c0 ? 'compliance' : null;
  if (d.admin && c0 && d.compliance.some((c) => c.role && c.role !== d.admin!.role)) {
    conflicts.push(`The Compliance directory gives the role ${d.compliance.map((c) => c.role).join(', ')}; the Admin API says ${d.admin.role} (shown).`);
  }
  const inClaude = d.admin !== null || d.compliance.length > 0;
  const flags: Flag[] = [];

  if (inClaude && !d.scim && input.connected.scim) {
    const where = [d.admin ? 'the Admin API' : null, c0 ? 'the Compliance directory' : null].filter(Boolean).join(' and ');
    flags.push({ id: 'not-scim', fact: `A member in ${where}, but no SCIM user has the email ${email ?? '(none)'}: created in the Claude UI or by invite, so the identity provider does not manage this account.` });
  }
  if (d.scim && !inClaude && (input.connected.admin || input.connected.compliance)) {
    const where = [input.connected.admin ? 'the Admin API' : null, input.connected.compliance ? 'the Compliance directory' : null].filter(Boolean).join(' or ');
    flags.push({ id: 'not-in-claude', fact: `SCIM user ${d.scim.userName} has no member with this email in ${where}${d.scim.active ? '' : ' (the SCIM user is inactive)'}.` });
  }
  if (input.connected.analytics && (inClaude || d.engagement || d.spend)) {
    for (const days of [30, 60, 90] as const) {
      const v = inactivity({ lastActiveDate: d.engagement?.lastActiveDate ?? null, hasEngagement: d.engagement !== null }, days, input.asOf, input.window);
      if (v.status === 'inactive') flags.push({ id: `inactive-${days}`, fact: `${v.reason} (no activity between ${sinceDay(input.asOf, days)} and ${input.asOf}).` });
    }
  }
  const privileged = [d.admin?.role, ...d.compliance.map((c) => c.role)].filter((r): r is string => !!r && PRIVILEGED_ROLES.has(r));
  if (privileged.length) flags.push({ id: 'privileged', fact: `Role ${[...new Set(privileged)].join(', ')} (${d.admin && PRIVILEGED_ROLES.has(d.admin.role) ? 'Admin API' : 'Compliance directory'}).` });
  const ownerGroups = groups.filter((g) => g.ownerAccess === true);
  if (ownerGroups.length) flags.push({ id: 'owner-group', fact: `Member of ${ownerGroups.map((g) => `“${g.name}”`).join(', ')}, whose role grants owner access.` });
  if (pending.length) {
    flags.push({ id: 'pending', fact: pending.map((p) => `${PENDING_WORDS[p.kind]} through ${p.via === 'scim' ? 'SCIM' : 'the Admin API'} at ${p.at}; waiting for a sync to confirm.`).join(' ') });
  }

  const sources = (['scim', 'admin', 'compliance', 'analytics', 'pending'] as const).filter((s) => d.sources.has(s));
  const orgs = [...new Set(d.compliance.map((c) => c.org))];
  return {
    key: d.userId ?? d.key,
    name,
    email,
    sources,
    userId: d.userId,
    scimId: d.scim?.id ?? null,
    scimUserName: d.scim?.userName ?? null,
    scimActive: d.scim ? d.scim.active : null,
    role,
    roleSource,
    orgs,
    addedAt: d.admin?.addedAt ?? c0?.createdAt ?? d.scim?.created ?? null,
    lastActiveDate: d.engagement?.lastActiveDate ?? null,
    hasEngagement: d.engagement !== null,
    spendToDate: input.connected.analytics ? (d.spend ?? new Big(0)).toFixed() : null,
    groups,
    flags,
    pending,
    conflicts,
    search: [name, email, d.userId, d.scim?.id, d.scim?.userName].filter(Boolean).join(' ').toLowerCase(),
  };
}

function sinceDay(asOf: string, days: number): string {
  return new Date(Date.parse(`${asOf}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
}

export const hasFlag = (p: Person, id: FlagId) => p.flags.some((f) => f.id === id);

/** The flags a badge row shows: every flag, but only the longest inactivity span. */
export function badgeFlagIds(ids: readonly FlagId[]): FlagId[] {
  const longest = (['inactive-90', 'inactive-60', 'inactive-30'] as const).find((id) => ids.includes(id));
  return ids.filter((id) => !id.startsWith('inactive-') || id === longest);
}

/** A person's badge flags with their facts (see {@link badgeFlagIds}). */
export function badgeFlags(p: Person): Flag[] {
  const keep = new Set(badgeFlagIds(p.flags.map((f) => f.id)));
  return p.flags.filter((f) => keep.has(f.id));
}

export interface PeopleFilter {
  search: string;
  flags: FlagId[];
  /** A role value, or '' for any. */
  role: string;
  /** A source, or '' for any. */
  source: PersonSource | '';
}

export const NO_FILTER: PeopleFilter = { search: '', flags: [], role: '', source: '' };

/** What the People filters look at (a list row of the published directory, lib/identity/directory.ts). */
export interface Filterable {
  role: string | null;
  sources: readonly PersonSource[];
  flagIds: readonly FlagId[];
  /** Lower-cased name, email and ids. */
  search: string;
}

/** The test a person must pass for the filter (search terms, flags, role, source), or null when it lets everyone through. */
export function peopleMatcher(f: PeopleFilter): ((p: Filterable) => boolean) | null {
  const terms = f.search.toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length && !f.flags.length && !f.role && !f.source) return null;
  return (p) =>
    (!f.role || p.role === f.role) &&
    (!f.source || p.sources.includes(f.source)) &&
    f.flags.every((id) => p.flagIds.includes(id)) &&
    terms.every((t) => p.search.includes(t));
}

/** People matching every search term (name, email, ids), every selected flag, the role and the source. */
export function filterPeople<T extends Filterable>(people: readonly T[], f: PeopleFilter): T[] {
  const match = peopleMatcher(f);
  return match ? people.filter(match) : (people as T[]);
}

/**
 * Who can change one membership, and how. `scim` groups through SCIM (the person needs a SCIM id);
 * `direct` RBAC groups through the Admin API, with "Allow changes through the Admin API" on; `scim` RBAC
 * groups are read-only in the Admin API while SCIM is on (the linked SCIM group is the place);
 * owner-granting groups refuse every membership change.
 */
export type MembershipPlan = { ok: true; via: 'scim' | 'admin'; groupId: string; userId: string } | { ok: false; reason: string };

export function membershipPlan(group: GroupView, person: Pick<Person, 'scimId' | 'userId' | 'name'>, adminWritesEnabled: boolean): MembershipPlan {
  if (group.ownerAccess === true) {
    return { ok: false, reason: OWNER_GROUP_REFUSED };
  }
  if (group.kind === 'scim') {
    if (!person.scimId) return { ok: false, reason: `${person.name} has no SCIM user, so SCIM cannot change their groups. Provision them through SCIM (or your identity provider) first.` };
    return { ok: true, via: 'scim', groupId: group.id, userId: person.scimId };
  }
  if (group.kind === 'rbac-scim') {
    return { ok: false, reason: group.linkedKey ? `${SCIM_GROUP_READ_ONLY} The SCIM group of the same name is linked on this page.` : SCIM_GROUP_READ_ONLY };
  }
  if (!adminWritesEnabled) return { ok: false, reason: ADMIN_WRITES_DISABLED };
  if (!person.userId) return { ok: false, reason: `${person.name} is not a member in the Admin API yet (no user id), so the Admin API cannot add them to a group.` };
  return { ok: true, via: 'admin', groupId: group.id, userId: person.userId };
}

/** What cannot be done on a group at all, said where the admin looks for it. */
export function groupLimits(group: GroupView, adminWritesEnabled: boolean): string[] {
  const out: string[] = [];
  if (group.kind === 'scim') out.push(`${GROUPS_NOT_OVER_SCIM} Membership can be granted and revoked here.`);
  if (group.kind === 'rbac-scim') out.push(SCIM_GROUP_READ_ONLY);
  if (group.ownerAccess === true) out.push(OWNER_GROUP_REFUSED);
  if (group.kind === 'rbac-direct' && !adminWritesEnabled && group.ownerAccess !== true) out.push(ADMIN_WRITES_DISABLED);
  if (group.roleIds === null) out.push('The Admin API said the roles of this group are temporarily unavailable; they show after the next sync.');
  return out.filter(Boolean);
}
