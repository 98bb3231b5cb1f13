import { LimitCells, LimitsHead, periodLabel, UnavailableNote, useSpendLimits } from './SpendLimits.tsx';
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
          <LimitsHead />
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.id}>
                <LimitCells row={r} names={data.groupNames} meterLabel={`${periodLabel(r.period)} limit`} />
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
