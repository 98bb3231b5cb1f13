import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { KvDefinition } from '../../lib/db/kv.ts';
import { ask } from '../extension.ts';
import { pageDb } from '../db.ts';
import { Status } from '../Status.tsx';
import { JobProgressView, useJob } from '../jobs/JobProgress.tsx';
import { formatDateTime } from '../format.ts';

/** The fields every sync log line has (SCIM's and the Admin API's add their own counts). */
export interface SyncLogLine {
  at: string;
  outcome: 'done' | 'failed' | 'paused' | 'cancelled';
  requests: number;
  skipped: number;
  message: string | null;
}

const OUTCOME: Record<SyncLogLine['outcome'], string> = { done: 'Synced', failed: 'Failed', paused: 'Paused', cancelled: 'Cancelled' };
const n = (v: number) => v.toLocaleString('en-US');

export interface SyncPanelProps<E extends SyncLogLine> {
  /** Source id for job/start and job/cancel ("scim", "admin"). */
  source: string;
  jobId: string;
  log: KvDefinition<E[]>;
  canSync: boolean;
  /** Why Sync now is disabled, as its tooltip. */
  cannotSyncHint: string;
  /** "45 users, 7 groups, 120 memberships" */
  countsText: (e: E) => string;
  /** The count columns of the sync log table. */
  columns: Array<{ header: string; value: (e: E) => number }>;
  /** "The last SCIM syncs, newest first" */
  caption: string;
}

/** Sync now, the running sync's progress (Syncing), the last sync (Connected · last sync · counts) and the sync log. */
export function SyncPanel<E extends SyncLogLine>({ source, jobId, log: logKv, canSync, cannotSyncHint, countsText, columns, caption }: SyncPanelProps<E>) {
  const job = useJob(jobId);
  const log = useLiveQuery(async () => logKv.parse((await pageDb().kv.get(logKv.key))?.value) ?? [], [logKv]);
  const [error, setError] = useState<string | null>(null);
  const running = job?.status === 'running' || job?.status === 'queued';
  const last = log?.[0];

  const sync = async () => {
    setError(null);
    try {
      await ask({ type: 'job/start', source });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <div className="stack" data-testid={`${source}-sync`}>
      <div className="row">
        <button disabled={!canSync || running} onClick={() => void sync()} title={canSync ? undefined : cannotSyncHint}>
          Sync now
        </button>
      </div>
      {running && job ? (
        <div className="stack">
          <strong>Syncing</strong>
          <JobProgressView job={job} source={source} />
        </div>
      ) : last ? (
        <p data-testid={`${source}-last-sync`}>
          <strong>{last.outcome === 'done' ? 'Connected' : OUTCOME[last.outcome]}</strong> · last sync {formatDateTime(last.at)}
          {last.outcome === 'done' ? ` · ${countsText(last)}` : ''}
        </p>
      ) : (
        <p className="muted" data-testid={`${source}-last-sync`}>
          Not synced yet.
        </p>
      )}
      {/* A run stopped outside a sync the log records (e.g. its key is gone or locked after a browser restart): its reason and Resume. */}
      {!running && job && (job.status === 'paused' || job.status === 'failed') && job.error && job.error !== last?.message && <JobProgressView job={job} source={source} />}
      {last && last.outcome !== 'done' && last.message && <Status kind="error">{last.message}</Status>}
      {last && last.outcome === 'done' && last.message && <Status kind="warning">{last.message}</Status>}
      {error && <Status kind="error">{error}</Status>}
      {log && log.length > 0 && (
        <details>
          <summary>Sync log</summary>
          <table>
            <caption className="sr-label">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Result</th>
                {columns.map((c) => (
                  <th scope="col" key={c.header}>
                    {c.header}
                  </th>
                ))}
                <th scope="col">Requests</th>
                <th scope="col">Skipped</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {log.slice(0, 20).map((e) => (
                <tr key={e.at}>
                  <td>{formatDateTime(e.at)}</td>
                  <td>{OUTCOME[e.outcome]}</td>
                  {columns.map((c) => (
                    <td key={c.header}>{n(c.value(e))}</td>
                  ))}
                  <td>{n(e.requests)}</td>
                  <td>{n(e.skipped)}</td>
                  <td>{e.message ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}
