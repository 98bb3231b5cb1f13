import { formatMinor } from '../../lib/util/money.ts';
import { LimitFrom, LimitMeter, periodLabel, UnavailableNote, useSpendLimits } from './SpendLimits.tsx';
import './changes.css';

/**
 * One person's effective spend limit(s) from the last Admin API sync (one per period), with the share
 * used and where each limit comes from, and a pending increase request if they have one. Self-contained:
 * give it the person's `user_…` id. Renders a short line when there is nothing to show.
 */
export function PersonSpendLimits({ userId }: { userId: string }) {
  const data = useSpendLimits(userId);
  if (data === undefined) return null;
  return (
    <section aria-labelledby={`person-limit-${userId}`} className="person-limits" data-testid="person-spend-limits">
      <h3 id={`person-limit-${userId}`}>Spend limits</h3>
      <UnavailableNote status={data.status} />
      {data.rows.length === 0 ? (
        data.status?.limits.available === false ? null : (
          <p className="muted">{data.status === undefined ? 'Connect the Admin API key in Options to see this person’s spend limits.' : 'No spend limit is in effect for this person.'}</p>
        )
      ) : (
        <table className="budgets-table" aria-label="Effective spend limits">
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Limit</th>
              <th scope="col">Period to date</th>
              <th scope="col">Share used</th>
              <th scope="col">Limit from</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.id}>
                <td>{periodLabel(r.period)}</td>
                <td className="num">{r.amount === null ? 'No limit' : formatMinor(r.amount, r.currency)}</td>
                <td className="num">{formatMinor(r.spent, r.currency)}</td>
                <td>
                  <LimitMeter row={r} label={`${periodLabel(r.period)} limit`} />
                </td>
                <td>
                  <LimitFrom row={r} names={data.groupNames} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.requests.map((q) => (
        <p key={q.id} className="note" role="note">
          Asked for a higher {q.period ? periodLabel(q.period).toLowerCase() : ''} limit{q.createdAt ? ` on ${q.createdAt.slice(0, 10)}` : ''} (pending).
        </p>
      ))}
    </section>
  );
}
