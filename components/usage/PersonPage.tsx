import { useMemo, useState } from 'react';
import { personView } from '../../lib/sources/analytics/views.ts';
import { formatCount, formatDate } from '../format.ts';
import { DetailFrame } from '../inventory/DetailFrame.tsx';
import { modelHref } from '../inventory/routes.ts';
import { StatTile } from '../StatTile.tsx';
import { Api, DimensionTable, Freshness, usd, SpendHead } from './bits.tsx';
import { takePersonUsageFirstRead, useAnalyticsState, useEngagement, usePersonSpend } from './data.ts';
import './usage.css';

const metricValue = (v: number | string | boolean | null) => (v === null ? '—' : typeof v === 'number' ? formatCount(v) : String(v));

/**
 * One person's engagement by product, tokens and spend by model and product: the usage section of the
 * person page (route #/people/<key>, components/people/PersonDetail.tsx). `embedded` drops the page frame.
 */
export function PersonPage({ id, embedded = false }: { id: string; embedded?: boolean }) {
  const [first] = useState(() => takePersonUsageFirstRead(id));
  const state = useAnalyticsState(first?.state);
  const spend = usePersonSpend(id, first?.spend);
  const engagement = useEngagement(id, first?.engagement);
  const view = useMemo(() => (spend && engagement !== undefined ? personView(id, spend, engagement) : null), [id, spend, engagement]);
  if (!view || state === undefined) return <p className="muted detail-loading">Loading…</p>;
  const e = view.engagement;
  const body = (
      <div className="usage" data-testid="person-page">
        {state && <Freshness state={state} compact />}
        {!e && spend?.length === 0 && <p className="empty">No engagement or spend collected for this person.</p>}
        <div className="tiles detail-tiles">
          <StatTile label="Spend" value={usd(view.totals.amount)} note={state?.months.length ? `${state.months[0]} to ${state.months[state.months.length - 1]}` : null} />
          <StatTile label="Tokens" value={view.totals.totalTokens} />
          <StatTile label="Last active" value={e?.lastActiveDate ? formatDate(e.lastActiveDate) : '—'} note={e && !e.lastActiveDate ? 'Not reported by the API' : null} />
          {e && <StatTile label="Chat messages" value={e.chatMessages} note={`${formatDate(e.from)} to ${formatDate(e.to)}`} />}
        </div>
        <section className="section two-up" aria-label="Spend by model and by product">
          <DimensionTable caption="Spend by model" head="Model" rows={view.byModel} link={(k) => (k ? modelHref(k) : null)} />
          <DimensionTable caption="Spend by product" head="Product" rows={view.byProduct} />
        </section>
        {view.byMonth.length > 0 && (
          <section className="section" aria-labelledby="person-months-h">
            <h3 id="person-months-h">By month</h3>
            <table className="compact">
              <SpendHead first="Month (UTC)" />
              <tbody>
                {view.byMonth.map((m) => (
                  <tr key={m.month}>
                    <th scope="row">{m.month}</th>
                    <td className="num">{usd(m.amount)}</td>
                    <td className="num">{formatCount(m.totalTokens)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        <section className="section" aria-labelledby="engagement-h">
          <h3 id="engagement-h">Engagement by product</h3>
          {!e ? (
            <p className="empty">No engagement row for this person in the collected window.</p>
          ) : view.blocks.length === 0 ? (
            <p className="empty">The API sent no per-product blocks for this person.</p>
          ) : (
            <div className="blocks">
              {view.blocks.map((b) => (
                <div className="block" key={b.key} role="group" aria-labelledby={`block-${b.key}`}>
                  <h4 id={`block-${b.key}`}>
                    <Api>{b.label}</Api>
                    {!b.known && <span className="badge badge-muted"> not known to this extension</span>}
                  </h4>
                  {!b.active && <p className="muted">No use in this window.</p>}
                  <dl className="facts">
                    {b.metrics.map((m) => (
                      <div className="fact" key={m.key}>
                        <dt>
                          <Api>{m.label}</Api>
                        </dt>
                        <dd className="num">{metricValue(m.value)}</dd>
                      </div>
                    ))}
                  </dl>
                </div>
              ))}
            </div>
          )}
        </section>
      </div>
  );
  if (embedded) return body;
  return (
    <DetailFrame list="people" title={view.label} subtitle={view.email && view.email !== view.label ? <Api>{view.email}</Api> : <code>{id}</code>}>
      {body}
    </DetailFrame>
  );
}
