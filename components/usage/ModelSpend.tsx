import { useMemo } from 'react';
import { modelSpend } from '../../lib/sources/analytics/views.ts';
import { formatCount } from '../format.ts';
import { Api, Freshness, tokens, usd } from './bits.tsx';
import { useAnalyticsState, useModelSpendRows } from './data.ts';

/** "Spend and tokens" of one model on its detail page (nothing when Analytics is not connected). */
export function ModelSpend({ model }: { model: string }) {
  const state = useAnalyticsState();
  const rows = useModelSpendRows(model);
  const spend = useMemo(() => (rows ? modelSpend(rows, model, null) : undefined), [rows, model]);
  if (!state || state.costSource === 'none' || spend === undefined) return null;
  const period = state.months.length ? `${state.months[0]} to ${state.months[state.months.length - 1]} (UTC months)` : '';
  return (
    <section className="section usage" aria-labelledby="model-spend-h" data-testid="model-spend" style={{ marginBottom: '1rem' }}>
      <h3 id="model-spend-h">Spend and tokens</h3>
      <Freshness state={state} compact />
      {spend === null ? (
        <p className="empty">No spend recorded for this model in {period || 'the collected months'}.</p>
      ) : (
        <>
          <div className="tiles detail-tiles">
            <StatTileLite label="Spend" value={usd(spend.amount)} note={period} />
            <StatTileLite label="Tokens" value={tokens(spend.totalTokens)} note={`${formatCount(spend.inputTokens)} in · ${formatCount(spend.outputTokens)} out`} />
          </div>
          {spend.byProduct.length > 1 && (
            <p className="muted">
              By product:{' '}
              {spend.byProduct.map((p, i) => (
                <span key={p.key}>
                  {i > 0 && ' · '}
                  <Api>{p.label}</Api> {usd(p.amount)}
                </span>
              ))}
            </p>
          )}
        </>
      )}
    </section>
  );
}

function StatTileLite({ label, value, note }: { label: string; value: string; note: string }) {
  return (
    <div className="tile" role="group" aria-label={label}>
      <div className="value">{value}</div>
      <div className="label">{label}</div>
      {note && <div className="hint">{note}</div>}
    </div>
  );
}
