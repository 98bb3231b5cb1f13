import { badgeFlags, FLAG_LABELS, type FlagId, type Person } from '../../lib/identity/people.ts';

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

/** A person's flags as labelled badges; the fact behind each is its tooltip (and on the person page, in full). */
export function FlagBadges({ person }: { person: Person }) {
  const flags = badgeFlags(person);
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

export const SOURCE_LABELS: Record<Person['sources'][number], string> = { scim: 'SCIM', admin: 'Admin API', compliance: 'Compliance', analytics: 'Analytics', pending: 'Pending' };
