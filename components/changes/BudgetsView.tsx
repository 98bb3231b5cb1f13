import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState, type FormEvent } from 'react';
import { readBudgetStatuses, type BudgetStatus } from '../../lib/budgets/status.ts';
import { DEFAULT_THRESHOLDS } from '../../lib/budgets/forecast.ts';
import { formatUsd } from '../../lib/util/money.ts';
import { visibleText } from '../../lib/util/visible-text.ts';
import { ApiText } from '../ApiText.tsx';
import { pageDb } from '../db.ts';
import { ask } from '../extension.ts';
import { Status } from '../Status.tsx';
import { SpendLimitsSection } from './SpendLimits.tsx';
import './changes.css';

interface Team {
  kind: 'rbac' | 'scim';
  groupId: string;
  name: string;
}

/** Teams a budget can be set for: RBAC groups (with spend from Analytics, named from the Admin API or Compliance directory) and SCIM groups. */
function useTeams(): Team[] | undefined {
  return useLiveQuery(async () => {
    const db = pageDb();
    const [teamSpend, adminGroups, complianceGroups, scimGroups] = await Promise.all([db.anTeamSpend.toArray(), db.adminGroups.toArray(), db.groups.toArray(), db.scimGroups.toArray()]);
    const names = new Map<string, string>();
    for (const g of complianceGroups) names.set(g.id, g.name);
    for (const g of adminGroups) names.set(g.id, g.name);
    const rbac = new Set<string>([...names.keys()].filter((id) => id.startsWith('rbac_group_')));
    for (const r of teamSpend) if (r.groupId) rbac.add(r.groupId);
    const teams: Team[] = [...rbac].map((id) => ({ kind: 'rbac' as const, groupId: id, name: names.get(id) ?? id }));
    teams.push(...scimGroups.map((g) => ({ kind: 'scim' as const, groupId: g.id, name: g.displayName })));
    return teams.sort((a, b) => a.name.localeCompare(b.name));
  }, []);
}

function Bar({ share }: { share: number | null }) {
  const pct = share === null ? 0 : Math.min(100, share);
  return (
    <span className={`budget-bar${share !== null && share >= 100 ? ' over' : share !== null && share >= 75 ? ' warn' : ''}`} aria-hidden="true">
      <span style={{ width: `${pct}%` }} />
    </span>
  );
}

function statusText(b: BudgetStatus): string {
  if (!b.hasData) return 'No spend data yet: connect Analytics in Options.';
  if (b.reached !== null) return `Past ${b.reached}%`;
  if (b.forecastReached !== null) return `Forecast past ${b.forecastReached}%`;
  return 'Within budget';
}

/** Monthly budgets per team: month-to-date spend (exact), a linear forecast to month end, and warnings at chosen shares. */
export function BudgetsView() {
  const teams = useTeams();
  const statuses = useLiveQuery(() => readBudgetStatuses(pageDb(), new Date()), []);
  const [team, setTeam] = useState('');
  const [amount, setAmount] = useState('');
  const [thresholds, setThresholds] = useState(DEFAULT_THRESHOLDS.join(', '));
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = useId();

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const chosen = teams?.find((t) => `${t.kind}:${t.groupId}` === team);
    if (!chosen) return setMessage({ kind: 'error', text: 'Choose a team first.' });
    const shares = thresholds
      .split(/[,\s]+/)
      .filter(Boolean)
      .map(Number);
    if (shares.length === 0 || shares.some((n) => !Number.isInteger(n) || n < 1 || n > 1000)) {
      return setMessage({ kind: 'error', text: 'Warn at: whole percentages between 1 and 1000, separated by commas (for example 75, 90, 100).' });
    }
    setBusy(true);
    try {
      const res = await ask({ type: 'budget/set', kind: chosen.kind, groupId: chosen.groupId, name: chosen.name, monthlyUsd: amount, thresholds: shares });
      setMessage({ kind: 'ok', text: `Budget saved for ${chosen.name}: ${formatUsd(res.monthly)} a month.` });
      setAmount('');
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (b: BudgetStatus) => {
    setBusy(true);
    try {
      await ask({ type: 'budget/remove', teamKey: b.teamKey });
      setMessage({ kind: 'ok', text: `Budget removed for ${b.name}.` });
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="budgets-heading" className="budgets">
      <h2 id="budgets-heading">Team budgets</h2>
      <p className="muted">
        The API limits only individuals; team totals are kept here. Month-to-date spend is the Analytics cost of the team (RBAC groups: the cost report per group; SCIM
        groups: the sum of the members’ spend, matched by email). Forecast: month-to-date spend × days in the month ÷ days the data covers.
      </p>
      {statuses === undefined ? (
        <p className="muted">Loading…</p>
      ) : statuses.length === 0 ? (
        <p className="empty">No budgets yet. Choose a team below and enter its monthly budget.</p>
      ) : (
        <table className="budgets-table">
          <thead>
            <tr>
              <th scope="col">Team</th>
              <th scope="col">Monthly budget</th>
              <th scope="col">Month to date</th>
              <th scope="col">Share</th>
              <th scope="col">Forecast to month end</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {statuses.map((b) => (
              <tr key={b.teamKey} data-testid="budget-row">
                <td>
                  <ApiText>{b.name}</ApiText> <span className="sub">{b.kind === 'rbac' ? 'RBAC group' : 'SCIM group'}</span>
                </td>
                <td className="num">{formatUsd(b.monthly)}</td>
                <td className="num">{formatUsd(b.spent)}</td>
                <td>
                  <Bar share={b.share} /> {b.share === null ? '—' : `${b.share.toFixed(1)}%`}
                </td>
                <td className="num" title={`Based on ${b.daysCovered.toFixed(1)} of ${b.daysInMonth} days`}>
                  {b.forecast === null ? '—' : formatUsd(b.forecast)}
                </td>
                <td>{statusText(b)}</td>
                <td>
                  <button type="button" className="link-button" disabled={busy} onClick={() => void remove(b)} aria-label={`Remove the budget of ${b.name}`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <form className="card stack" onSubmit={(e) => void save(e)} aria-label="Set a team budget">
        <h3>Set a budget</h3>
        <label htmlFor={`${ids}-team`}>Team</label>
        <select id={`${ids}-team`} value={team} onChange={(e) => setTeam(e.target.value)} required>
            <option value="">{teams === undefined ? 'Loading…' : teams.length === 0 ? 'No teams yet: connect Analytics, SCIM or the Admin API' : 'Choose a team'}</option>
            {(teams ?? []).map((t) => (
              <option key={`${t.kind}:${t.groupId}`} value={`${t.kind}:${t.groupId}`}>
                {/* An <option> holds text only (no <bdi>): invisible and direction characters shown as tokens. */}
                {visibleText(t.name)} ({t.kind === 'rbac' ? 'RBAC' : 'SCIM'})
              </option>
            ))}
        </select>
        <label htmlFor={`${ids}-amount`}>Monthly budget (US$)</label>
        <input id={`${ids}-amount`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="1,500" required />
        <label htmlFor={`${ids}-shares`}>Warn at (% of budget)</label>
        <input id={`${ids}-shares`} value={thresholds} onChange={(e) => setThresholds(e.target.value)} />
        <div>
          <button type="submit" disabled={busy || !team || amount.trim() === ''}>
            Save budget
          </button>
        </div>
        {message && <Status kind={message.kind}>{message.text}</Status>}
      </form>
      <SpendLimitsSection />
    </section>
  );
}
