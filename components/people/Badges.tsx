import { badgeFlagIds, badgeFlags, FLAG_LABELS, GROUP_KIND_LABELS, type Flag, type FlagId, type GroupView, type Person } from '../../lib/identity/people.ts';
import { visibleText } from '../../lib/util/visible-text.ts';

const FLAG_CLASS: Record<FlagId, string> = {
  'not-scim': 'badge-warn',
  'not-in-claude': 'badge-warn',
  'inactive-30': 'badge-muted',
  'inactive-60': 'badge-muted',
  'inactive-90': 'badge-warn',
  privileged: 'badge-danger',
  'owner-group': 'badge-danger',
  pending: 'badge-info',
};

function BadgeList({ flags }: { flags: ReadonlyArray<Pick<Flag, 'id'> & { fact?: string }> }) {
  if (!flags.length) return null;
  return (
    <span className="flag-badges">
      {flags.map((f) => (
        <span key={f.id} className={`badge ${FLAG_CLASS[f.id]}`} title={f.fact} data-flag={f.id}>
          {FLAG_LABELS[f.id]}
        </span>
      ))}
    </span>
  );
}

/** A person's flags as labelled badges, the fact behind each as its tooltip (the person page lists them in full). */
export function FlagBadges({ person }: { person: Person }) {
  return <BadgeList flags={badgeFlags(person)} />;
}

/** A People row's flags as labelled badges (the row carries ids only; the facts are on the person page). */
export function FlagIdBadges({ ids }: { ids: readonly FlagId[] }) {
  return <BadgeList flags={badgeFlagIds(ids).map((id) => ({ id }))} />;
}

export const SOURCE_LABELS: Record<Person['sources'][number], string> = { scim: 'SCIM', admin: 'Admin API', compliance: 'Compliance', analytics: 'Analytics', pending: 'Pending' };

/** A group as an `<option>`'s text, which cannot hold ApiText: hidden characters shown as ⟪U+…⟫, then its kind. */
export const groupOptionLabel = (g: Pick<GroupView, 'name' | 'kind'>): string => `${visibleText(g.name)} (${GROUP_KIND_LABELS[g.kind]})`;
