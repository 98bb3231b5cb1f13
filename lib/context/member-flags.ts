import type { AppDb } from '../sources/database.ts';
import type { Badge } from './types.ts';

/**
 * Access-review flags of the people listed on claude.ai's Members page, from the tables on hand: SCIM
 * users (managed by SCIM or not), Admin API groups and members (groups that grant owner access) and
 * Analytics users (last active). Small on purpose: once the People join (lib/identity/people.ts) is
 * available, this calls it instead of reading the tables.
 *
 * Nothing is returned when no People data exists (none of those tables has a row): the page then shows
 * no badges at all rather than a row of "unknown".
 */

export interface MemberFlags {
  email: string;
  flags: string[];
  /** Last day with activity (YYYY-MM-DD), or null when unknown. */
  lastActive: string | null;
  /** The People row to open (#/people/<id>), or null when the person has no row. */
  personId: string | null;
}

const DAY = 86_400_000;
export const INACTIVE_THRESHOLDS = [90, 60, 30] as const;

export async function memberFlags(db: AppDb, emails: readonly string[], now: Date): Promise<MemberFlags[]> {
  const [scimCount, adminCount, analyticsCount] = await Promise.all([db.scimUsers.count(), db.adminUsers.count(), db.anUsers.count()]);
  if (scimCount + adminCount + analyticsCount === 0) return [];
  const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => e !== ''))];
  if (wanted.length === 0) return [];

  // SCIM: email or userName (usually the email), compared case-insensitively.
  const scimEmails = new Set<string>();
  if (scimCount > 0) {
    await db.scimUsers.each((u) => {
      if (u.email) scimEmails.add(u.email.toLowerCase());
      scimEmails.add(u.userName.toLowerCase());
    });
  }
  // Admin API: groups granting owner access, and who is in them.
  const ownerGroups = new Map((await db.adminGroups.filter((g) => g.ownerAccess === true).toArray()).map((g) => [g.id, g.name]));
  const ownerGroupsOf = new Map<string, string[]>();
  if (ownerGroups.size > 0) {
    await db.adminMembers.each((m) => {
      const name = ownerGroups.get(m.groupId);
      if (name === undefined) return;
      const key = m.email.toLowerCase();
      ownerGroupsOf.set(key, [...(ownerGroupsOf.get(key) ?? []), name]);
    });
  }
  const adminIds = new Map<string, string>();
  if (adminCount > 0) await db.adminUsers.each((u) => void adminIds.set(u.email.toLowerCase(), u.id));
  // Analytics: the latest active day per email (several windows may hold a row for one person).
  const lastActive = new Map<string, { date: string | null; userId: string }>();
  if (analyticsCount > 0) {
    await db.anUsers.each((u) => {
      if (!u.email) return;
      const key = u.email.toLowerCase();
      const prev = lastActive.get(key);
      if (!prev || (u.lastActiveDate ?? '') > (prev.date ?? '')) lastActive.set(key, { date: u.lastActiveDate, userId: u.userId });
    });
  }

  return wanted.map((email) => {
    const flags: string[] = [];
    const active = lastActive.get(email);
    if (active?.date) {
      const days = Math.floor((now.getTime() - Date.parse(`${active.date}T00:00:00Z`)) / DAY);
      const over = INACTIVE_THRESHOLDS.find((t) => days >= t);
      if (over) flags.push(`Inactive ${over}+ days`);
    }
    if (scimCount > 0 && !scimEmails.has(email)) flags.push('Not managed by SCIM');
    const groups = ownerGroupsOf.get(email);
    if (groups) flags.push(`Owner-granting group${groups.length === 1 ? '' : 's'}: ${groups.join(', ')}`);
    return { email, flags, lastActive: active?.date ?? null, personId: active?.userId ?? adminIds.get(email) ?? null };
  });
}

/** The badge a member gets on claude.ai: flags first, then last active. */
export function memberBadge(m: MemberFlags): Badge {
  const last = m.lastActive ? `Last active ${m.lastActive}` : 'Last active unknown';
  return {
    target: m.email,
    label: m.flags.length > 0 ? `${m.flags.length} flag${m.flags.length === 1 ? '' : 's'} · ${last}` : last,
    detail: m.flags.length > 0 ? `${m.flags.join('; ')}. ${last}.` : `No access-review flags. ${last}.`,
    level: m.flags.length > 0 ? 'warning' : 'ok',
    open: m.personId ? `#/people/${encodeURIComponent(m.personId)}` : null,
  };
}
