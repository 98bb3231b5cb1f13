import { ApiText } from '../ApiText.tsx';
import type { ReactNode } from 'react';
import type { AnalyticsState } from '../../lib/sources/analytics/state.ts';
import type { DimensionSpend, TeamSpendView } from '../../lib/sources/analytics/views.ts';
import { formatUsd } from '../../lib/util/money.ts';
import { formatCount, formatDate, formatDateTime } from '../format.ts';
import { ExportMenu } from '../table/ExportMenu.tsx';
import { dimensionExport, TEAM_SPEND_EXPORT } from './exports.ts';

/** An API string (a name, email, model or product): the product's one renderer for API text (components/ApiText.tsx). */
export function Api({ children }: { children: string }) {
  return <ApiText>{children}</ApiText>;
}

export const usd = (cents: string) => formatUsd(cents);
export const tokens = (n: number) => formatCount(n);

/** "Data as of …" and where the cost numbers come from (said wherever Analytics numbers are shown). */
export function Freshness({ state, compact = false }: { state: AnalyticsState; compact?: boolean }) {
  const engagement = state.engagementTo ? new Date(Date.parse(`${state.engagementTo}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10) : null;
  return (
    <div className="freshness" data-testid="analytics-freshness">
      <p className="muted">
        Data as of {formatDateTime(state.dataRefreshedAt ?? state.completedAt)}
        {engagement && <> · engagement through {formatDate(engagement)}</>} · collected {formatDateTime(state.completedAt)}
      </p>
      {!compact && (
        <>
          {state.costSource === 'legacy' && (
            <p className="muted" data-testid="cost-source-legacy">
              Spend and tokens come from the per-user reports (the Usage &amp; Cost endpoints were not available): they cover seat users only.
            </p>
          )}
          {state.costSource === 'none' && <p className="muted">No spend or token numbers: neither the Usage &amp; Cost endpoints nor the per-user reports answered.</p>}
          {state.costNote && <p className="muted">{state.costNote}</p>}
          <p className="muted">On seat-based plans, cost reflects only usage beyond the seats&apos; included quota. Amounts are after discounts, before credits.</p>
        </>
      )}
    </div>
  );
}

/** Spend and tokens per model or per product, as a real table. */
export function DimensionTable({ caption, rows, head, link }: { caption: string; rows: DimensionSpend[]; head: string; link?: (key: string) => string | null }) {
  if (rows.length === 0) return <p className="empty">No data for this period.</p>;
  return (
    <div>
      <div className="caption-row">
        <span />
        <ExportMenu label={caption} rows={() => rows} columns={dimensionExport(head)} />
      </div>
      <table className="compact">
        <caption>{caption}</caption>
        <SpendHead first={head} />
        <tbody>
          {rows.map((r) => {
            const href = link?.(r.key) ?? null;
            const name: ReactNode = <Api>{r.label}</Api>;
            return (
              <tr key={r.key}>
                <th scope="row">{href ? <a href={href}>{name}</a> : name}</th>
                <td className="num">{usd(r.amount)}</td>
                <td className="num">{tokens(r.totalTokens)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Cost per team; rows overlap, so there is deliberately no total row. */
export function TeamTable({ rows, label = 'Cost per team' }: { rows: TeamSpendView[]; label?: string }) {
  return (
    <>
      <p className="muted" data-testid="team-overlap-note">
        Teams overlap: a person in several groups counts in each of them, so these rows are not added up and have no total. &quot;No group&quot; is usage by people in no group that day.
      </p>
      {rows.length === 0 ? (
        <p className="empty">No cost per team for this period.</p>
      ) : (
        <>
          <div className="caption-row">
            <span />
            <ExportMenu label={label} rows={() => rows} columns={TEAM_SPEND_EXPORT} />
          </div>
          <table className="compact" data-testid="team-spend">
            <caption>Cost per team</caption>
            <SpendHead first="Team (RBAC group)" />
            <tbody>
              {rows.map((t) => (
                <tr key={t.groupId}>
                  <th scope="row">
                    <Api>{t.name}</Api>
                    {!t.named && <div className="sub">Not in the Compliance directory</div>}
                  </th>
                  <td className="num">{usd(t.amount)}</td>
                  <td className="num">{tokens(t.totalTokens)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

/** The header row of a "name · Spend · Tokens" table. */
export function SpendHead({ first }: { first: ReactNode }) {
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col" className="num">
          Spend
        </th>
        <th scope="col" className="num">
          Tokens
        </th>
      </tr>
    </thead>
  );
}
