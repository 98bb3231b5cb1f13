/**
 * The Admin API's view of the generated organization (admin-api.md §2–3, SDK 1.16 shapes): the same
 * people (same `user_…` ids and emails) as the Compliance, Analytics and SCIM parts, plus a few people
 * created in the Claude UI who exist only here; the generator's RBAC groups (direct and scim) with their
 * members, plus one owner-granting group; the generator's roles plus built-in ones, with permissions.
 * Deterministic: everything derives from the org's seed.
 */
import { HOSTILE, type SandboxOrg } from '../generator/index.ts';
import { salt, taggedId } from '../generator/prng.ts';
import { buildSpendLimits, type SandboxIncreaseRequest, type SandboxSpendSummary } from './limits.ts';

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: string;
  added_at: string;
  type: 'user';
}

export interface AdminGroup {
  id: string;
  name: string;
  role_ids: string[];
  source_type: 'direct' | 'scim';
  created_at: string;
  updated_at: string;
  type: 'rbac_group';
  /** user id → added at. */
  members: Map<string, string>;
}

export interface AdminRolePermission {
  action: string;
  resource: Record<string, string>;
  type: 'rbac_role_permission';
}

export interface AdminRole {
  id: string;
  display_name: string;
  source: { type: 'built_in' | 'custom' };
  created_at: string;
  updated_at: string;
  type: 'rbac_role';
  permissions: AdminRolePermission[];
  /** Sandbox fact (not sent): a group with this role grants owner access. */
  grantsOwner: boolean;
}

/** People created in the Claude UI (invited by an admin), never provisioned through SCIM. */
const UI_ONLY_PEOPLE = [
  ['Noor', 'Haddad'],
  ['Tomás', 'Ortega'],
  ['Mei', 'Lin'],
] as const;

const ENTERPRISE_ROLE_RANK = ['primary_owner', 'owner', 'membership_admin', 'managed', 'user'] as const;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class AdminOrgData {
  readonly organization: { id: string; name: string; type: 'organization' };
  readonly users: AdminUser[] = [];
  readonly groups: AdminGroup[] = [];
  readonly roles: AdminRole[] = [];
  /** Ids of the people who exist only in the Admin API. */
  readonly uiOnlyUserIds: string[] = [];
  /** The group whose role grants owner access. */
  readonly ownerGroupId: string;
  /** Effective spend limits, one per (member, period), in member order (§4; ground truth for tests). */
  readonly spendSummaries: SandboxSpendSummary[];
  /** Spend-limit increase requests, newest first (one pending, one approved). */
  readonly increaseRequests: SandboxIncreaseRequest[];
  /** The RBAC group whose members inherit its monthly limit (null when no group has members). */
  readonly limitGroupId: string | null;

  constructor(org: SandboxOrg) {
    const { seed } = org;
    this.organization = { id: org.parent.uuid, name: org.parent.name, type: 'organization' };

    // Members: every active person, with their highest Enterprise role across the organizations
    // (Console-only roles such as developer or billing read as `user` here).
    const rank = (r: string) => {
      const i = (ENTERPRISE_ROLE_RANK as readonly string[]).indexOf(r);
      return i < 0 ? ENTERPRISE_ROLE_RANK.length - 1 : i;
    };
    const best = new Map<number, number>();
    for (const list of org.memberships) for (const m of list) best.set(m.userIndex, Math.min(best.get(m.userIndex) ?? 99, rank(m.role)));
    for (const u of org.users) {
      if (!u.active) continue;
      this.users.push({ id: u.id, email: u.email, name: u.fullName, role: ENTERPRISE_ROLE_RANK[best.get(u.index) ?? 4]!, added_at: iso(u.createdAtMs), type: 'user' });
    }
    // At least one owner and one membership admin, whatever the size knobs.
    if (!this.users.some((u) => u.role === 'owner')) this.users.find((u, i) => i > 0 && u.role === 'user')!.role = 'owner';
    if (!this.users.some((u) => u.role === 'membership_admin')) {
      const candidate = this.users.find((u, i) => i > 0 && u.role === 'user');
      if (candidate) candidate.role = 'membership_admin';
    }
    UI_ONLY_PEOPLE.forEach(([given, family], k) => {
      const id = taggedId('user_', seed, salt('admin-ui-user'), k);
      const local = `${given.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()}.${family.toLowerCase()}`;
      this.users.push({ id, email: `${local}.ui@${org.company.domain}`, name: `${given} ${family}`, role: k === 2 ? 'managed' : 'user', added_at: iso(org.nowMs - (k + 2) * 86_400_000), type: 'user' });
      this.uiOnlyUserIds.push(id);
    });
    this.users.sort((a, b) => (a.added_at < b.added_at ? -1 : a.added_at > b.added_at ? 1 : a.id < b.id ? -1 : 1));

    // Roles: the generator's custom roles, plus two built-in ones (one of which grants owner access).
    // Permission actions other than those named in the SDK comments are illustrative [unverified].
    const server = org.mcpServers.find((s) => s.deletedAtMs === null);
    const orgResource = (uuid: string) => ({ type: 'organization', organization_id: uuid });
    const builtIn = (k: number, name: string, grantsOwner: boolean, permissions: AdminRolePermission[]): AdminRole => ({
      id: taggedId('rbac_role_', seed, salt('admin-builtin-role'), k),
      display_name: name,
      source: { type: 'built_in' },
      created_at: iso(org.parent.createdAtMs),
      updated_at: iso(org.parent.createdAtMs),
      type: 'rbac_role',
      permissions,
      grantsOwner,
    });
    const perm = (action: string, resource: Record<string, string>): AdminRolePermission => ({ action, resource, type: 'rbac_role_permission' });
    this.roles.push(
      builtIn(0, 'Owner', true, [perm('capability_access_all', orgResource(org.parent.uuid)), perm('permission_manage_members', orgResource(org.parent.uuid)), perm('permission_manage_billing', orgResource(org.parent.uuid))]),
      builtIn(1, 'Member', false, [perm('capability_access_all_ga', orgResource(org.parent.uuid)), perm('chat', orgResource(org.parent.uuid))]),
    );
    for (const r of org.roles) {
      const created = iso(r.createdAtMs ?? org.parent.createdAtMs);
      const permissions = r.permissions.map((p) => perm(p.action, orgResource(p.resource_id)));
      if (r.permissions.some((p) => p.action === 'connectors_manage') && server) {
        permissions.push(
          perm('always_allow', { type: 'connector_tool', connector_id: server.id, tool_name: server.tools[0] ?? 'search' }),
          perm('use', { type: 'connector_tool', connector_id: server.id, tool_name: 'export_all_records' }),
          perm('grant', { type: 'connector_scope', connector_id: server.id, scope: `repo_${'0123456789abcdef'.repeat(2)}` }),
          perm('managed', { type: 'connector', connector_id: server.id }),
          perm('use', { type: 'all_connectors' }),
        );
      }
      this.roles.push({ id: r.id, display_name: r.name, source: { type: 'custom' }, created_at: created, updated_at: iso(r.updatedAtMs ?? r.createdAtMs ?? org.parent.createdAtMs), type: 'rbac_role', permissions, grantsOwner: false });
    }

    // Groups: the generator's groups with their members, plus one owner-granting direct group.
    for (const g of org.groups) {
      const members = new Map<string, string>();
      for (const m of g.members) {
        const u = org.users[m.userIndex]!;
        if (u.active) members.set(u.id, iso(m.addedAtMs));
      }
      this.groups.push({ id: g.id, name: g.name, role_ids: [...(g.roleIds ?? [])], source_type: g.source, created_at: iso(g.createdAtMs), updated_at: iso(g.updatedAtMs), type: 'rbac_group', members });
    }
    // The people created in the Claude UI belong to the first direct group (or a new one).
    let direct = this.groups.find((g) => g.source_type === 'direct');
    if (!direct) {
      direct = { id: taggedId('rbac_group_', seed, salt('admin-direct-group'), 0), name: 'Contractors', role_ids: [], source_type: 'direct', created_at: iso(org.parent.createdAtMs), updated_at: iso(org.parent.createdAtMs), type: 'rbac_group', members: new Map() };
      this.groups.push(direct);
    }
    for (const id of this.uiOnlyUserIds.slice(0, 2)) direct.members.set(id, iso(org.nowMs - 86_400_000));
    this.ownerGroupId = taggedId('rbac_group_', seed, salt('admin-owner-group'), 0);
    const owners = new Map(this.users.filter((u) => u.role === 'owner' || u.role === 'primary_owner').map((u) => [u.id, u.added_at]));
    this.groups.push({ id: this.ownerGroupId, name: 'Organization Owners', role_ids: [this.roles[0]!.id], source_type: 'direct', created_at: iso(org.parent.createdAtMs), updated_at: iso(org.parent.createdAtMs), type: 'rbac_group', members: owners });
    this.groups.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1));
    // The hostile organization (generator/hostile.ts): a role and a group source no spec lists.
    if (org.hostile) {
      const plain = this.users.filter((u) => u.role === 'user');
      if (plain[0]) plain[0].role = HOSTILE.unknownRole;
      const g = this.groups.find((x) => x.id !== this.ownerGroupId && x.source_type === 'direct');
      if (g) g.source_type = 'future_source' as AdminGroup['source_type'];
    }

    const limits = buildSpendLimits(org, this.users, this.groups, this.ownerGroupId);
    this.spendSummaries = limits.summaries;
    this.increaseRequests = limits.requests;
    this.limitGroupId = limits.limitGroupId;
  }

  user(id: string): AdminUser | undefined {
    return this.users.find((u) => u.id === id);
  }

  group(id: string): AdminGroup | undefined {
    return this.groups.find((g) => g.id === id);
  }

  role(id: string): AdminRole | undefined {
    return this.roles.find((r) => r.id === id);
  }

  /** Whether a role attached to the group grants owner access (the refusal rule of admin-api.md §3.3). */
  grantsOwnerAccess(group: AdminGroup): boolean {
    return group.role_ids.some((id) => this.role(id)?.grantsOwner === true);
  }
}
