import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { JobRow } from '../../lib/db/schema.ts';
import { checkpointOf, JOB_ID, progressOf } from '../../lib/ingest/checkpoint.ts';
import { ask } from '../extension.ts';
import { pageDb } from '../db.ts';
import { Status } from '../Status.tsx';

/** The Compliance snapshot job row, live. */
export function useSnapshotJob(): JobRow | undefined {
  return useLiveQuery(() => pageDb().jobs.get(JOB_ID), []);
}

function formatEta(seconds: number | null): string {
  if (seconds === null) return 'estimating time left…';
  if (seconds < 60) return 'less than a minute left';
  const m = Math.round(seconds / 60);
  return m < 60 ? `about ${m} min left` : `about ${Math.round(m / 60)} h ${m % 60} min left`;
}

/** Phase, records, requests and time left of a running job, with Cancel; the error and Resume of a stopped one. */
export function JobProgressView({ job, compact = false }: { job: JobRow; compact?: boolean }) {
  const cp = checkpointOf(job);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (job.status !== 'running') return;
    const t = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(t);
  }, [job.status]);
  if (!cp) return null;
  if (job.status === 'running' || job.status === 'queued') {
    const p = progressOf(cp, now);
    const records = cp.counts.chats + cp.counts.activities + cp.counts.users + cp.counts.projects + cp.counts.groups;
    return (
      <div className="stack" data-testid="job-progress" aria-live="polite">
        <div className="row" style={{ justifyContent: 'space-between' }}>
          <strong>{p.label}…</strong>
          <button onClick={() => void ask({ type: 'snapshot/cancel' })}>Cancel</button>
        </div>
        <progress max={1} value={p.fraction ?? undefined} aria-label="Snapshot progress" />
        <span className="muted">
          {records.toLocaleString('en-US')} records · {cp.requests.toLocaleString('en-US')} requests · {formatEta(p.etaSeconds)}
          {!compact && cp.kind === 'incremental' ? ' · incremental refresh' : ''}
        </span>
      </div>
    );
  }
  if ((job.status === 'paused' || job.status === 'failed') && job.error) {
    return (
      <div className="stack" data-testid="job-error">
        <Status kind="error">{job.error}</Status>
        {job.status === 'paused' && (
          <div className="row">
            <button onClick={() => void ask({ type: 'snapshot/start' })}>Resume</button>
          </div>
        )}
      </div>
    );
  }
  if (job.status === 'cancelled' && !compact) return <p className="muted">The last run was cancelled; the previous snapshot is still shown.</p>;
  return null;
}
