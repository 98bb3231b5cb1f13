import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { latestActiveUsers, monthOf, monthToDate, monthToDateOf } from '../../lib/sources/analytics/views.ts';
import { asRollups, ROLLUPS_KEY } from '../../lib/sources/analytics/rollups.ts';
import { formatUsd } from '../../lib/util/money.ts';
import { pageDb } from '../db.ts';
import { formatCount, formatDate, formatDateTime } from '../format.ts';
import { StatTile } from '../StatTile.tsx';
import { ANALYTICS_STATE_KEY, asAnalyticsState } from './data.ts';

/** The popup's Analytics tiles: month-to-date spend and active users, when a collection has been published. */
export function PopupUsage() {
  const data = useLiveQuery(async () => {
    const db = pageDb();
    const state = asAnalyticsState((await db.kv.get(ANALYTICS_STATE_KEY))?.value);
    if (!state) return null;
    const asOf = state.dataRefreshedAt ?? state.completedAt;
    const month = monthOf(new Date(asOf));
    // The month's total from the rollup written at publish; from the month's rows only for data published without one.
    const [rollups, lastDay] = await Promise.all([db.kv.get(ROLLUPS_KEY).then((r) => asRollups(r?.value)), db.anDays.orderBy('date').last()]);
    const spent = rollups?.months[month]?.totals.amount ?? null;
    const spend = spent === null ? await db.anSpend.where('month').equals(month).toArray() : [];
    return { state, asOf, spent, spend, lastDay };
  }, []);
  const view = useMemo(() => {
    if (!data) return null;
    const asOf = new Date(data.asOf);
    return { mtd: data.spent !== null ? monthToDateOf(data.spent, asOf) : monthToDate(data.spend, asOf), active: latestActiveUsers(data.lastDay ? [data.lastDay] : []) };
  }, [data]);
  if (!data || !view) return null;
  return (
    <section aria-labelledby="popup-usage-h" className="stack" style={{ marginTop: '0.75rem' }}>
      <h2 id="popup-usage-h" className="sr-label">
        Usage &amp; spend
      </h2>
      <div className="tiles" data-testid="popup-usage">
        {data.state.costSource !== 'none' && <StatTile label="Month-to-date spend" value={formatUsd(view.mtd.spent)} note={view.mtd.month} />}
        {view.active && <StatTile label="Active users" value={view.active.daily} note={`on ${formatDate(view.active.date)} · ${formatCount(view.active.monthly)} in 30 days`} />}
      </div>
      <p className="muted">Analytics data as of {formatDateTime(data.asOf)}</p>
    </section>
  );
}
