import { useLiveQuery } from 'dexie-react-hooks';
import { SPEND_LIMIT_EXPORT, type SpendLimitExportRow } from '../../lib/export/records.ts';
import { ADMIN_SPEND_LIMITS_STATUS, limitOrigin, limitShare, limitSourceLabel, limitThresholdReached, sortByShare, type SpendLimitsStatus } from '../../lib/sources/admin/limits-view.ts';
import type { AdminLimitRequestRow, AdminSpendLimitRow } from '../../lib/sources/admin/tables.ts';
import { formatMinor } from '../../lib/util/money.ts';
import { ApiText } from '../ApiText.tsx';
import { pageDb } from '../db.ts';
import { ExportMenu } from '../table/ExportMenu.tsx';
import './changes.css';

/** Effective limits with what the view shows, read live from the last Admin API sync. */
export interface LimitsData {
  rows: AdminSpendLimitRow[];
  requests: AdminLimitRequestRow[];
  status: SpendLimitsStatus | undefined;
  groupNames: Map<string, string>;
}

/** The published limits (optionally of one person), pending requests, availability and RBAC group names. */
export function useSpendLimits(userId?: string): LimitsData | undefined {
  return useLiveQuery(async () => {
    const db = pageDb();
    const [rows, requests, status, groups] = await Promise.all([
      userId === undefined ? db.adminSpendLimits.toArray() : db.adminSpendLimits.where('userId').equals(userId).toArray(),
      userId === undefined ? db.adminLimitRequests.toArray() : db.adminLimitRequests.where('userId').equals(userId).toArray(),
      ADMIN_SPEND_LIMITS_STATUS.read(db),
      db.adminGroups.toArray(),
    ]);
    return { rows: sortByShare(rows), requests, status, groupNames: new Map(groups.map((g) => [g.id, g.name])) };
  }, [userId]);
}

const PERIOD_WORDS: Record<string, string> = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' };
export const periodLabel = (p: string) => PERIOD_WORDS[p] ?? p;

export function exportRow(r: AdminSpendLimitRow, names: ReadonlyMap<string, string>): SpendLimitExportRow {
  const origin = limitOrigin(r);
  return {
    userId: r.userId,
    email: r.email,
    name: r.name,
    period: r.period,
    currency: r.currency,
    amount: r.amount,
    spent: r.spent,
    share: limitShare(r),
    origin: origin === 'override' ? 'User override' : origin === 'inherited' ? 'Inherited' : 'Not stated',
    source: limitSourceLabel(r.source, names),
  };
}

/** Share used as a meter (colour at 75/90/100 %) and its number; "No limit" without a cap. */
export function LimitMeter({ row, label }: { row: AdminSpendLimitRow; label: string }) {
  const share = limitShare(row);
  if (share === null) return <span className="muted">No limit</span>;
  const reached = limitThresholdReached(row);
  const text = `${share.toFixed(1)}%`;
  return (
    <span className="limit-share">
      <meter
        className={`limit-meter${reached === 100 ? ' over' : reached !== null ? ' warn' : ''}`}
        min={0}
        max={100}
        low={75}
        high={90}
        optimum={0}
        value={Math.min(100, share)}
        aria-label={`${label}: ${text} of the limit used`}
      />{' '}
      <span data-testid="limit-share">{text}</span>
      {reached !== null && <span className="sr-only"> (past {reached}%)</span>}
    </span>
  );
}

/** The header of an effective-limits table (the Budgets tab's has a Person column first). */
export function LimitsHead({ person = false }: { person?: boolean }) {
  return (
    <thead>
      <tr>
        {person && <th scope="col">Person</th>}
        <th scope="col">Period</th>
        <th scope="col">Limit</th>
        <th scope="col">Period to date</th>
        <th scope="col">Share used</th>
        <th scope="col">Limit from</th>
      </tr>
    </thead>
  );
}

/** One effective limit's cells, from its period to where it comes from. */
export function LimitCells({ row, names, meterLabel }: { row: AdminSpendLimitRow; names: ReadonlyMap<string, string>; meterLabel: string }) {
  return (
    <>
      <td>{periodLabel(row.period)}</td>
      <td className="num">{row.amount === null ? 'No limit' : formatMinor(row.amount, row.currency)}</td>
      <td className="num">{formatMinor(row.spent, row.currency)}</td>
      <td>
        <LimitMeter row={row} label={meterLabel} />
      </td>
      <td>
        <LimitFrom row={row} names={names} />
      </td>
    </>
  );
}

export function LimitFrom({ row, names }: { row: AdminSpendLimitRow; names: ReadonlyMap<string, string> }) {
  const origin = limitOrigin(row);
  return (
    <span>
      <span className={`limit-origin ${origin}`}>{origin === 'override' ? 'User override' : origin === 'inherited' ? 'Inherited' : 'Not stated'}</span>
      {origin === 'inherited' && (
        <span className="sub">
          {' '}
          <ApiText>{limitSourceLabel(row.source, names).replace(/^Inherited from /, 'from ')}</ApiText>
        </span>
      )}
    </span>
  );
}

/** The note when the last sync could not read limits (the API's reason), or null. */
export function UnavailableNote({ status }: { status: SpendLimitsStatus | undefined }) {
  if (!status || status.limits.available) return null;
  return (
    <p className="note" role="note" data-testid="limits-unavailable">
      {status.limits.message}
    </p>
  );
}

const person = (r: { email: string | null; name: string | null; userId: string | null; apiKeyId?: string | null }) => r.email || r.name || r.userId || (r.apiKeyId ? `API key ${r.apiKeyId}` : 'Unknown');

/**
 * "Per-person spend limits": the Admin API's effective limit of every member and period, with period-to-date
 * spend and the share used (highest first), and where the limit comes from (the member's own override or
 * inherited from a wider scope, as the API says); pending increase requests; a note when the API does not
 * offer the feature to this key or organization; what to do when nothing is connected.
 */
export function SpendLimitsSection() {
  const data = useSpendLimits();
  return (
    <section aria-labelledby="person-limits-heading" className="person-limits" data-testid="person-limits">
      <h2 id="person-limits-heading">Per-person spend limits</h2>
      <p className="muted">
        The limits the Admin API says are in effect for each member and period, with their spend so far in the period. Members’ own overrides are set in claude.ai or
        through the API; other limits are inherited from a seat tier, an RBAC group or the organization default.
      </p>
      {data === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <UnavailableNote status={data.status} />
          {data.rows.length === 0 ? (
            data.status?.limits.available === false ? null : data.status === undefined ? (
              <p className="empty">
                No per-person spend limits yet. Connect the Admin API key in <a href="options.html">Options → Admin API</a> and sync: each member’s effective limit and spend
                appear here.
              </p>
            ) : (
              <p className="empty">The last Admin API sync found no per-person spend limits in effect.</p>
            )
          ) : (
            <>
              <div className="row">
                <ExportMenu label="Per-person spend limits" rows={() => data.rows.map((r) => exportRow(r, data.groupNames))} columns={SPEND_LIMIT_EXPORT} />
              </div>
              <table className="budgets-table" aria-label="Per-person spend limits, highest share first">
                <LimitsHead person />
                <tbody>
                  {data.rows.map((r) => (
                    <tr key={r.id} data-testid="person-limit-row" data-user={r.userId ?? ''} data-period={r.period}>
                      <td>
                        {r.userId ? (
                          <a href={`#/people/${encodeURIComponent(r.userId)}`}>
                            <ApiText>{person(r)}</ApiText>
                          </a>
                        ) : (
                          <ApiText>{person(r)}</ApiText>
                        )}
                        {r.deleted && <span className="sub"> left the organization</span>}
                      </td>
                      <LimitCells row={r} names={data.groupNames} meterLabel={`${person(r)}, ${periodLabel(r.period).toLowerCase()}`} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {data.requests.length > 0 && (
            <div className="card stack" data-testid="limit-requests">
              <h3>Pending increase requests</h3>
              <p className="muted">Members who asked for a higher limit. The extension only reads these requests; it does not approve or deny them.</p>
              <ul>
                {data.requests.map((q) => (
                  <li key={q.id}>
                    {q.userId ? (
                      <a href={`#/people/${encodeURIComponent(q.userId)}`}>
                        <ApiText>{person(q)}</ApiText>
                      </a>
                    ) : (
                      <ApiText>{person(q)}</ApiText>
                    )}{' '}
                    asked for a higher {q.period ? periodLabel(q.period).toLowerCase() : ''} limit
                    {q.createdAt ? ` on ${q.createdAt.slice(0, 10)}` : ''}
                    {q.amount !== null && q.spent !== null && q.currency ? ` (${formatMinor(q.spent, q.currency)} of ${formatMinor(q.amount, q.currency)} used)` : ''}.
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </section>
  );
}
