import type { AppDb } from '../../sources/database.ts';
import { hrefs } from '../hrefs.ts';
import type { SummaryItem } from '../tables.ts';
import type { ChangeSource } from '../types.ts';

/**
 * The Admin API directory's summary (admin-api.md §2–3): members with their organization role, RBAC
 * groups with their roles, and group memberships (with when the person was added, as the API says).
 */
export async function summarizeAdmin(db: AppDb): Promise<SummaryItem[]> {
  const [users, groups, members, roles] = await Promise.all([db.adminUsers.toArray(), db.adminGroups.toArray(), db.adminMembers.toArray(), db.adminRoles.toArray()]);
  const roleName = new Map(roles.map((r) => [r.id, r.displayName]));
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const items: SummaryItem[] = [];
  for (const u of users) items.push({ kind: 'member', id: u.id, label: u.email, fields: { role: u.role, addedAt: u.addedAt } });
  for (const g of groups) {
    // null = role data temporarily unavailable: kept as null, so it never reads as "roles removed".
    const roleList = g.roleIds === null ? null : g.roleIds.map((id) => roleName.get(id) ?? id).sort().join(', ');
    items.push({ kind: 'rbacGroup', id: g.id, label: g.name, fields: { name: g.name, sourceType: g.sourceType, roles: roleList, updatedAt: g.updatedAt, createdAt: g.createdAt } });
  }
  for (const m of members) {
    items.push({ kind: 'rbacMember', id: `${m.groupId}\u0000${m.userId}`, label: `${m.email} in ${groupName.get(m.groupId) ?? m.groupId}`, fields: { groupId: m.groupId, addedAt: m.addedAt } });
  }
  return items;
}

export const adminChanges: ChangeSource = {
  source: 'admin',
  label: 'Admin API',
  summarize: summarizeAdmin,
  kinds: {
    member: { noun: 'Member', href: () => hrefs.people(), value: 'role', addedWhen: 'addedAt', track: { role: { change: 'role' } } },
    rbacGroup: {
      noun: 'RBAC group',
      href: () => hrefs.groups(),
      addedWhen: 'createdAt',
      track: { name: { change: 'renamed', when: 'updatedAt' }, roles: { change: 'roles', when: 'updatedAt' } },
    },
    rbacMember: { noun: 'Group membership', href: () => hrefs.groups(), addedWhen: 'addedAt' },
  },
};
