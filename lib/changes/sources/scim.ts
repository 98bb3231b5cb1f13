import type { AppDb } from '../../sources/database.ts';
import { hrefs } from '../hrefs.ts';
import type { SummaryItem } from '../tables.ts';
import type { ChangeSource } from '../types.ts';

const activeText = (v: unknown) => (v === true ? 'active' : v === false ? 'inactive' : null);

/**
 * The SCIM directory's summary: people (userName, active), groups (name) and memberships. One item per
 * membership keeps the diff simple and exact ("ana@… joined Engineering").
 */
export async function summarizeScim(db: AppDb): Promise<SummaryItem[]> {
  const [users, groups, members] = await Promise.all([db.scimUsers.toArray(), db.scimGroups.toArray(), db.scimMembers.toArray()]);
  const userName = new Map(users.map((u) => [u.id, u.userName]));
  const groupName = new Map(groups.map((g) => [g.id, g.displayName]));
  const items: SummaryItem[] = [];
  for (const u of users) items.push({ kind: 'scimUser', id: u.id, label: u.userName, fields: { active: u.active, created: u.created } });
  for (const g of groups) items.push({ kind: 'scimGroup', id: g.id, label: g.displayName, fields: { name: g.displayName } });
  for (const m of members) {
    items.push({
      kind: 'scimMember',
      id: `${m.groupId}\u0000${m.userId}`,
      label: `${userName.get(m.userId) ?? m.userId} in ${groupName.get(m.groupId) ?? m.groupId}`,
      fields: { groupId: m.groupId, userId: m.userId },
    });
  }
  return items;
}

export const scimChanges: ChangeSource = {
  source: 'scim',
  label: 'SCIM',
  summarize: summarizeScim,
  kinds: {
    scimUser: { noun: 'Person', href: () => hrefs.people(), addedWhen: 'created', track: { active: { change: 'status', show: activeText } } },
    scimGroup: { noun: 'Group', href: () => hrefs.groups(), track: { name: { change: 'renamed' } } },
    scimMember: { noun: 'Group membership', href: () => hrefs.groups() },
  },
};
