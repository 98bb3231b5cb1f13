import { useMemo } from 'react';
import { lifecycleEntries } from '../../lib/findings/lifecycle.ts';
import type { ModelRow } from '../../lib/sources/compliance/tables.ts';
import { ApiText } from '../ApiText.tsx';
import { formatCount, formatDate } from '../format.ts';
import { Badge } from './bits.tsx';
import { modelHref } from './routes.ts';

const STATE: Record<string, { label: string; kind: 'danger' | 'warn' | 'muted' }> = {
  'retiring-soon': { label: 'Retiring soon', kind: 'danger' },
  deprecated: { label: 'Deprecated', kind: 'warn' },
  retired: { label: 'Retired', kind: 'muted' },
};

function when(days: number | null, retiresOn: string | null): string {
  if (retiresOn === null) return 'No date announced';
  if (days === null) return formatDate(retiresOn);
  if (days > 0) return `${formatDate(retiresOn)} (in ${days} day${days === 1 ? '' : 's'})`;
  if (days === 0) return `${formatDate(retiresOn)} (today)`;
  return `${formatDate(retiresOn)} (${-days} day${days === -1 ? '' : 's'} ago)`;
}

/** Models in use that are deprecated or retiring, most urgent first, with the people and chats that used them. */
export function LifecycleTab({ models, now, hasSnapshot }: { models: readonly ModelRow[] | undefined; now: Date; hasSnapshot: boolean }) {
  const day = now.toISOString().slice(0, 10);
  const entries = useMemo(() => (models ? lifecycleEntries(models, day) : undefined), [models, day]);
  if (entries === undefined) return <p className="muted">Loading…</p>;
  if (entries.length === 0) {
    return (
      <p className="empty">
        {hasSnapshot
          ? 'Nothing to plan for: no model in use is deprecated or retiring, by the bundled catalogue. Models retire with at least 60 days’ notice; they appear here when one you use is announced.'
          : 'No snapshot yet: paste a Compliance key in Options and click Ingest snapshot to see which models in use are retiring.'}
      </p>
    );
  }
  return (
    <div className="stack">
      <table className="compact lifecycle">
        <caption className="sr-only">Models in use that are deprecated or retiring</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Status</th>
            <th scope="col">Deprecated</th>
            <th scope="col">Retires</th>
            <th scope="col" className="num">Users</th>
            <th scope="col" className="num">Chats</th>
            <th scope="col">Successor</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.model} data-model={e.model}>
              <td>
                <a href={modelHref(e.model)}>
                  <ApiText>{e.name}</ApiText>
                </a>
                <div className="sub">
                  <code>
                    <ApiText>{e.model}</ApiText>
                  </code>
                </div>
              </td>
              <td>
                <Badge kind={STATE[e.state]!.kind} help={e.statusLabel}>
                  {STATE[e.state]!.label}
                </Badge>
              </td>
              <td>{e.deprecatedOn ? formatDate(e.deprecatedOn) : <span className="muted">—</span>}</td>
              <td>{when(e.daysLeft, e.retiresOn)}</td>
              <td className="num">{formatCount(e.users)}</td>
              <td className="num">{formatCount(e.chats)}</td>
              <td>
                {e.successor === null ? (
                  <span className="muted">None named</span>
                ) : (
                  <>
                    <ApiText>{e.successor.name}</ApiText>
                    {e.successor.inferred && (
                      <span className="hint" title={e.successor.basis}>
                        {' '}
                        (inferred: newest in family)
                      </span>
                    )}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="footnote muted">
        Dates and successors come from the bundled model catalogue (updated for SDK 1.16.0); users and chats from the last snapshot&apos;s chats, deleted chats
        included. A retired model still listed here was used before it retired.
      </p>
    </div>
  );
}
