import { useId, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { AuditRow } from '../../lib/db/schema.ts';
import { ACTION_LABEL, auditCsv, auditFileName, CONNECTION_LABEL, label, matchesAudit, OUTCOME_LABEL, type AuditFilter } from '../../lib/identity/audit-view.ts';
import { ApiText } from '../ApiText.tsx';
import { downloadText } from '../download.ts';
import { formatDateTime } from '../format.ts';
import { pageDb } from '../db.ts';
import { Status } from '../Status.tsx';

/** How many of the newest matching records the table shows; the export has them all. */
const SHOWN = 200;

const OUTCOME_CLASS: Partial<Record<AuditRow['outcome'], string>> = { failed: 'audit-bad', refused: 'audit-bad', pending: 'audit-wait' };

/**
 * Options → "Changes made by this extension": every write the extension attempted (created and removed
 * people, granted and revoked group memberships), refused and failed ones included, newest first, with
 * filters and a CSV export. Read straight from the database; nothing here holds a credential.
 */
export function AuditLog() {
  const [filter, setFilter] = useState<AuditFilter>({ outcome: 'all', connection: 'all' });
  const [error, setError] = useState<string | null>(null);
  const outcomeId = useId();
  const connectionId = useId();
  const data = useLiveQuery(async () => {
    const table = pageDb().audit;
    const total = await table.count();
    const matching = table.orderBy('at').reverse().filter((r) => matchesAudit(r, filter));
    return { total, rows: await matching.clone().limit(SHOWN).toArray(), count: await matching.count() };
  }, [filter.outcome, filter.connection]);

  const exportCsv = async () => {
    setError(null);
    try {
      const rows = await pageDb().audit.orderBy('at').reverse().filter((r) => matchesAudit(r, filter)).toArray();
      downloadText(auditFileName(new Date()), auditCsv(rows));
    } catch (err) {
      setError(`The export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  return (
    <section className="card" aria-labelledby="audit-h" data-testid="audit-log">
      <h2 id="audit-h">Changes made by this extension</h2>
      <p className="muted">Every change the extension tried to make to your organization (creating and removing people, granting and revoking group membership), including refused and failed ones. Never contains a credential.</p>
      {data === undefined ? (
        <p className="muted">Loading…</p>
      ) : data.total === 0 ? (
        <p className="empty">No changes yet. When you create or remove people or change group membership from the People and Groups tabs, each attempt is recorded here.</p>
      ) : (
        <div className="stack">
          <div className="row">
            <div>
              <label htmlFor={outcomeId}>Outcome</label>
              <select id={outcomeId} value={filter.outcome} onChange={(e) => setFilter({ ...filter, outcome: e.target.value as AuditFilter['outcome'] })}>
                <option value="all">All outcomes</option>
                {(['done', 'pending', 'already', 'refused', 'failed'] as const).map((o) => (
                  <option key={o} value={o}>
                    {OUTCOME_LABEL[o]}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor={connectionId}>Connection</label>
              <select id={connectionId} value={filter.connection} onChange={(e) => setFilter({ ...filter, connection: e.target.value })}>
                <option value="all">All connections</option>
                <option value="scim">SCIM</option>
                <option value="admin">Admin API</option>
              </select>
            </div>
            <div style={{ alignSelf: 'flex-end' }}>
              <button onClick={() => void exportCsv()} disabled={data.count === 0}>
                Export CSV
              </button>
            </div>
          </div>
          <p className="muted" role="status">
            {data.count === data.total ? `${data.total.toLocaleString('en-US')} changes` : `${data.count.toLocaleString('en-US')} of ${data.total.toLocaleString('en-US')} changes match`}
            {data.count > SHOWN ? ` · showing the newest ${SHOWN}; the export has all of them` : ''}
          </p>
          {data.count === 0 ? (
            <p className="empty">No changes match these filters.</p>
          ) : (
            <div style={{ overflowX: 'auto' }}>
              <table>
                <caption className="sr-label">Changes made by this extension, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Connection</th>
                    <th scope="col">Action</th>
                    <th scope="col">Target</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Request ID</th>
                    <th scope="col">Detail</th>
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((r) => (
                    <tr key={r.id}>
                      <td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.at)}</td>
                      <td>{label(CONNECTION_LABEL, r.connection)}</td>
                      <td>{label(ACTION_LABEL, r.action)}</td>
                      <td>
                        <ApiText>{r.target}</ApiText>
                      </td>
                      <td className={OUTCOME_CLASS[r.outcome]}>{label(OUTCOME_LABEL, r.outcome)}</td>
                      <td>
                        <ApiText>{r.requestId ?? '—'}</ApiText>
                      </td>
                      <td style={{ minWidth: '20rem' }}>
                        <ApiText>{r.detail}</ApiText>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
      {error && <Status kind="error">{error}</Status>}
    </section>
  );
}
