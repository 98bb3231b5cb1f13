import type { AppDb } from '../sources/database.ts';
import { badgeFlags, FLAG_LABELS, normEmail, type FlagId, type Person } from '../identity/people.ts';
import { directoryIsCurrent, rebuildDirectory } from '../identity/directory.ts';
import type { Badge } from './types.ts';

/**
 * Access-review flags of the people listed on claude.ai's Members page: the published directory the People
 * tab shows (lib/identity/directory.ts, rebuilt first when it is not current), so a badge on claude.ai says exactly what
 * the person's People row says — inactive 30/60/90 days, not managed by SCIM, member of an owner-granting
 * group — and opens that row.
 *
 * Nothing is returned when no People data exists: the page then shows no badges at all rather than a row
 * of "unknown". A listed member the join does not know gets no badge either.
 */

export interface MemberFlags {
  email: string;
  /** Labels of the flags, as on the People tab. */
  flags: string[];
  /** Last day with activity (YYYY-MM-DD), or null when unknown. */
  lastActive: string | null;
  /** The People row to open (#/people/<key>). */
  personId: string;
}

/** The flags shown on claude.ai's Members page (the access-review flags). */
const MEMBER_PAGE_FLAGS: ReadonlySet<FlagId> = new Set(['inactive-30', 'inactive-60', 'inactive-90', 'not-scim', 'owner-group']);

export async function memberFlags(db: AppDb, emails: readonly string[], now: Date): Promise<MemberFlags[]> {
  const wanted = [...new Set(emails.map(normEmail).filter((e) => e !== ''))];
  if (wanted.length === 0) return [];
  if (!(await directoryIsCurrent(db, now))) await rebuildDirectory(db, now);
  const byEmail = new Map<string, Person>();
  // Sorted by key so two people with one email resolve the same way every time.
  const found = (await db.people.where('emailNorm').anyOf(wanted).toArray()).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const p of found) if (!byEmail.has(p.emailNorm)) byEmail.set(p.emailNorm, p);
  return wanted.flatMap((email) => {
    const p = byEmail.get(email);
    if (!p) return [];
    const flags = badgeFlags(p).filter((f) => MEMBER_PAGE_FLAGS.has(f.id));
    const owner = flags.find((f) => f.id === 'owner-group');
    const groups = owner ? p.groups.filter((g) => g.ownerAccess === true).map((g) => g.name) : [];
    return [
      {
        email,
        flags: flags.map((f) => (f.id === 'owner-group' && groups.length ? `${FLAG_LABELS[f.id]}: ${groups.join(', ')}` : FLAG_LABELS[f.id])),
        lastActive: p.lastActiveDate,
        personId: p.key,
      },
    ];
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
    open: `#/people/${encodeURIComponent(m.personId)}`,
  };
}
