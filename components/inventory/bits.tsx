/** Small presentational pieces shared by the inventory tables and detail pages. */
import type { ReactNode } from 'react';
import { formatDate, formatDateTime, UNKNOWN } from '../format.ts';

/** "—" for a value the snapshot does not know, with the reason as tooltip and for screen readers. */
export function Unknown({ reason, short = 'Unknown' }: { reason: string; short?: string }) {
  return (
    <span className="unknown" title={reason}>
      <span aria-hidden="true">{UNKNOWN}</span>
      <span className="sr-only">{short}</span>
    </span>
  );
}

export type BadgeKind = 'warn' | 'danger' | 'info' | 'muted';

export function Badge({ kind, help, children }: { kind: BadgeKind; help?: string; children: ReactNode }) {
  return (
    <span className={`badge badge-${kind}`} title={help}>
      {children}
    </span>
  );
}

/** A date as text, with the full timestamp as tooltip and machine-readable value. */
export function DateText({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <>{UNKNOWN}</>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatDate(iso)}
    </time>
  );
}

/** A label/value list (detail pages). Values are React children: API strings are never HTML. */
export function Facts({ items, label }: { items: Array<{ term: string; value: ReactNode; key?: string }>; label?: string }) {
  return (
    <dl className="facts" aria-label={label}>
      {items.map((it) => (
        <div key={it.key ?? it.term} className="fact">
          <dt>{it.term}</dt>
          <dd>{it.value}</dd>
        </div>
      ))}
    </dl>
  );
}
