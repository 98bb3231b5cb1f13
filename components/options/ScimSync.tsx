import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { SCIM_SYNC_LOG, type SyncLogEntry } from '../../lib/sources/scim/state.ts';
import { JOB_ID as SCIM_JOB_ID } from '../../lib/sources/scim/checkpoint.ts';
import { ask } from '../extension.ts';
import { pageDb } from '../db.ts';
import { Status } from '../Status.tsx';
import { JobProgressView, useJob } from '../jobs/JobProgress.tsx';
import { formatDateTime } from '../format.ts';

const OUTCOME: Record<SyncLogEntry['outcome'], string> = { done: 'Synced', failed: 'Failed', paused: 'Paused', cancelled: 'Cancelled' };

/** SCIM card: Sync now, the running sync's progress, the last sync and the sync log. */
export function ScimSync({ canSync }: { canSync: boolean }) {
  const job = useJob(SCIM_JOB_ID);
  const log = useLiveQuery(async () => SCIM_SYNC_LOG.parse((await pageDb().kv.get(SCIM_SYNC_LOG.key))?.value) ?? [], []);
  const [error, setError] = useState<string | null>(null);
  const running = job?.status === 'running' || job?.status === 'queued';
  const last = log?.[0];

  const sync = async () => {
    setError(null);
    try {
      await ask({ type: 'job/start', source: 'scim' });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <div className="stack" data-testid="scim-sync">
      <div className="row">
        <button disabled={!canSync || running} onClick={() => void sync()} title={canSync ? undefined : 'Save the SCIM URL and token first'}>
          Sync now
        </button>
      </div>
      {running && job ? (
        <div className="stack">
          <strong>Syncing</strong>
          <JobProgressView job={job} source="scim" />
        </div>
      ) : last ? (
        <p data-testid="scim-last-sync">
          <strong>{last.outcome === 'done' ? 'Connected' : OUTCOME[last.outcome]}</strong> · last sync {formatDateTime(last.at)}
          {last.outcome === 'done' ? ` · ${last.users.toLocaleString('en-US')} users, ${last.groups.toLocaleString('en-US')} groups, ${last.members.toLocaleString('en-US')} memberships` : ''}
        </p>
      ) : (
        <p className="muted" data-testid="scim-last-sync">
          Not synced yet.
        </p>
      )}
      {last && last.outcome !== 'done' && last.message && <Status kind="error">{last.message}</Status>}
      {error && <Status kind="error">{error}</Status>}
      {log && log.length > 0 && (
        <details>
          <summary>Sync log</summary>
          <table>
            <caption className="sr-label">The last SCIM syncs, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Result</th>
                <th scope="col">Users</th>
                <th scope="col">Groups</th>
                <th scope="col">Memberships</th>
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
                  <td>{e.users.toLocaleString('en-US')}</td>
                  <td>{e.groups.toLocaleString('en-US')}</td>
                  <td>{e.members.toLocaleString('en-US')}</td>
                  <td>{e.requests.toLocaleString('en-US')}</td>
                  <td>{e.skipped.toLocaleString('en-US')}</td>
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
