import { useMemo, useState } from 'react';
import type { AlertRow, ChangeRow, ChangeRunRow } from '../../lib/changes/tables.ts';
import { changeLabel, kindNoun, sourceLabel, SOURCE_LABELS } from '../../lib/changes/labels.ts';
import { ApiText } from '../ApiText.tsx';
import { ask } from '../extension.ts';
import { formatDateTime } from '../format.ts';
import { Status } from '../Status.tsx';
import { useAlerts, useChangeRuns, useChanges, useUnseenCount } from './data.ts';
import './changes.css';

/** An evidence link: a route of this page stays a hash link (no reload); other pages are linked as they are. */
export function evidenceHref(href: string): string {
  return href.startsWith('inventory.html#') ? href.slice('inventory.html'.length) : `/${href}`;
}

const LEVEL_BADGE: Record<AlertRow['level'], string> = { critical: 'badge-danger', warning: 'badge-warn', info: 'badge-info' };
const DELIVERY: Record<AlertRow['delivery'], string> = {
  notified: 'Notified',
  'no-permission': 'Not notified: allow notifications in Options → Alerts',
  'notifications-off': 'Not notified: notifications are off (Options → Alerts)',
  failed: 'The notification could not be shown',
};

function runTitle(run: ChangeRunRow): string {
  const what = run.source === 'compliance' ? 'snapshot' : run.source === 'analytics' ? 'collection' : 'sync';
  return `${sourceLabel(run.source)} ${what}, ${formatDateTime(run.at)}`;
}

function Alerts({ alerts, busy, onSeen }: { alerts: AlertRow[]; busy: boolean; onSeen: (keys: string[]) => void }) {
  if (alerts.length === 0) return <p className="muted">No alerts. Alert rules run after every snapshot and sync; switch them in Options → Alerts.</p>;
  return (
    <ul className="alert-list" aria-label="Alerts">
      {alerts.map((a) => (
        <li key={a.key} className={a.seen ? 'seen' : 'unseen'} data-testid="alert">
          <span className={`badge ${LEVEL_BADGE[a.level]}`}>{a.level === 'critical' ? 'Critical' : a.level === 'warning' ? 'Warning' : 'Info'}</span>{' '}
          <a href={evidenceHref(a.href)} className="alert-title">
            <ApiText>{a.title}</ApiText>
          </a>
          <div className="sub">
            <ApiText>{a.detail}</ApiText> · {formatDateTime(a.at)} · {DELIVERY[a.delivery]}
          </div>
          {!a.seen && (
            <button type="button" className="link-button" disabled={busy} onClick={() => onSeen([a.key])} aria-label={`Mark alert seen: ${a.title}`}>
              Mark seen
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

function ChangeTable({ rows, busy, onSeen }: { rows: ChangeRow[]; busy: boolean; onSeen: (ids: number[]) => void }) {
  return (
    <table className="changes-table">
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col">Change</th>
          <th scope="col">Subject</th>
          <th scope="col">Before → after</th>
          <th scope="col">Who</th>
          <th scope="col">When</th>
          <th scope="col">
            <span className="sr-only">Seen</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.id} className={c.seen ? 'seen' : 'unseen'} data-testid="change">
            <td>{kindNoun(c.kind)}</td>
            <td>{changeLabel(c.change)}</td>
            <td>
              <a href={evidenceHref(c.href)}>
                <ApiText>{c.label}</ApiText>
              </a>
            </td>
            <td>
              {c.old === null && c.new === null ? (
                <span className="muted">—</span>
              ) : (
                <>
                  <ApiText>{c.old ?? '—'}</ApiText> → <ApiText>{c.new ?? '—'}</ApiText>
                </>
              )}
            </td>
            <td>{c.who ? <ApiText>{c.who}</ApiText> : <span className="muted">—</span>}</td>
            <td>{c.when ? formatDateTime(c.when) : <span className="muted">—</span>}</td>
            <td>
              {c.seen ? (
                <span className="muted">Seen</span>
              ) : (
                <button type="button" className="link-button" disabled={busy} onClick={() => onSeen([c.id!])} aria-label={`Mark seen: ${kindNoun(c.kind)} ${c.label}`}>
                  Mark seen
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What changed between snapshots and syncs, grouped by run, with the alerts raised; unseen ones count on the toolbar icon. */
export function ChangesView() {
  const runs = useChangeRuns();
  const changes = useChanges();
  const alerts = useAlerts();
  const unseen = useUnseenCount();
  const [source, setSource] = useState('');
  const [kind, setKind] = useState('');
  const [unseenOnly, setUnseenOnly] = useState(false);
  const [busy, setBusy] = useState(false);
  const [allAlerts, setAllAlerts] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const kinds = useMemo(() => [...new Set((changes ?? []).filter((c) => !source || c.source === source).map((c) => c.kind))].sort(), [changes, source]);
  const filtered = useMemo(
    () => (changes ?? []).filter((c) => (!source || c.source === source) && (!kind || c.kind === kind) && (!unseenOnly || !c.seen)),
    [changes, source, kind, unseenOnly],
  );
  const byRun = useMemo(() => {
    const m = new Map<string, ChangeRow[]>();
    for (const c of filtered) {
      const list = m.get(c.run);
      if (list) list.push(c);
      else m.set(c.run, [c]);
    }
    for (const list of m.values()) list.sort((a, b) => a.id! - b.id!);
    return m;
  }, [filtered]);

  const mark = async (which: { changeIds?: number[]; alertKeys?: string[] }) => {
    setBusy(true);
    setError(null);
    try {
      await ask({ type: 'changes/mark-seen', ...which });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  if (runs === undefined || changes === undefined || alerts === undefined) return <p className="muted">Loading…</p>;
  const shownRuns = runs.filter((r) => byRun.has(r.id) || (!source && !kind && !unseenOnly && (r.baseline || r.count === 0)));
  const sources = Object.keys(SOURCE_LABELS).filter((s) => runs.some((r) => r.source === s));
  const shownAlerts = (unseenOnly ? alerts.filter((a) => !a.seen) : alerts).slice().sort((a, b) => a.seen - b.seen || b.at.localeCompare(a.at));

  return (
    <section className="changes" aria-labelledby="changes-heading">
      <div className="row changes-head">
        <h2 id="changes-heading">Changes</h2>
        <span data-testid="unseen-count" className="muted">
          {unseen === undefined ? '' : unseen === 0 ? 'Everything seen' : `${unseen} unseen`}
        </span>
        <button type="button" disabled={busy || !unseen} onClick={() => void mark({})}>
          Mark all seen
        </button>
      </div>
      {error && <Status kind="error">{error}</Status>}

      <h3>What changed</h3>
      <div className="row changes-filters">
        <label>
          Source{' '}
          <select
            value={source}
            onChange={(e) => {
              setSource(e.target.value);
              setKind('');
            }}
          >
            <option value="">All sources</option>
            {sources.map((s) => (
              <option key={s} value={s}>
                {sourceLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">All kinds</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {kindNoun(k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={unseenOnly} onChange={(e) => setUnseenOnly(e.target.checked)} /> Unseen only
        </label>
      </div>

      {runs.length === 0 ? (
        <p className="empty">No snapshot or sync yet. Changes appear from the second snapshot or sync of a source on: the first one is the baseline.</p>
      ) : shownRuns.length === 0 ? (
        <p className="empty">No changes match these filters.</p>
      ) : (
        shownRuns.map((run) => (
          <section key={run.id} className="change-run" aria-label={runTitle(run)} data-testid="change-run">
            <h4>{runTitle(run)}</h4>
            {byRun.has(run.id) ? (
              <ChangeTable rows={byRun.get(run.id)!} busy={busy} onSeen={(changeIds) => void mark({ changeIds })} />
            ) : (
              <p className="muted">{run.baseline ? 'First summary of this source: the baseline later runs are compared with.' : 'Nothing changed.'}</p>
            )}
          </section>
        ))
      )}

      <h3>Alerts</h3>
      <Alerts alerts={allAlerts ? shownAlerts : shownAlerts.slice(0, ALERTS_SHOWN)} busy={busy} onSeen={(alertKeys) => void mark({ alertKeys })} />
      {shownAlerts.length > ALERTS_SHOWN && (
        <button type="button" onClick={() => setAllAlerts(!allAlerts)} aria-expanded={allAlerts}>
          {allAlerts ? 'Show fewer alerts' : `Show all ${shownAlerts.length} alerts`}
        </button>
      )}
    </section>
  );
}

/** Alerts listed before "Show all" (unseen first, newest first). */
const ALERTS_SHOWN = 10;
