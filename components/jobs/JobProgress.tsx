import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { JobRow } from '../../lib/db/schema.ts';
import { ask } from '../extension.ts';
import { pageDb } from '../db.ts';
import { Status } from '../Status.tsx';

/** A source's job row, live (undefined while loading or before the first run). */
export function useJob(jobId: string): JobRow | undefined {
  return useLiveQuery(() => pageDb().jobs.get(jobId), [jobId]);
}

function formatEta(seconds: number | null): string {
  if (seconds === null) return 'estimating time left…';
  if (seconds < 60) return 'less than a minute left';
  const m = Math.round(seconds / 60);
  return m < 60 ? `about ${m} min left` : `about ${Math.floor(m / 60)} h ${m % 60} min left`;
}

/** Time left from the phase's elapsed time and its fraction done; null until there is enough to go on. */
export function etaSeconds(fraction: number | null, phaseStartedAt: string, now: Date): number | null {
  const elapsed = (now.getTime() - Date.parse(phaseStartedAt)) / 1000;
  return fraction !== null && fraction > 0.02 && elapsed > 1 ? Math.round((elapsed / fraction) * (1 - fraction)) : null;
}

/**
 * Any source's job: phase, records, requests and time left of a running job, with Cancel; the error
 * and Resume of a stopped one. Reads only the job row's progress, so it knows nothing of the source.
 */
export function JobProgressView({ job, source, compact = false }: { job: JobRow; source: string; compact?: boolean }) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (job.status !== 'running') return;
    const t = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(t);
  }, [job.status]);
  const p = job.progress;
  if ((job.status === 'running' || job.status === 'queued') && p) {
    return (
      <div className="stack" data-testid="job-progress" aria-live="polite">
        <div className="row" style={{ justifyContent: 'space-between' }}>
          <strong>{p.label}…</strong>
          <button onClick={() => void ask({ type: 'job/cancel', source })}>Cancel</button>
        </div>
        <progress max={1} value={p.fraction ?? undefined} aria-label={`${p.label} progress`} />
        <span className="muted">
          {p.records.toLocaleString('en-US')} records · {p.requests.toLocaleString('en-US')} requests · {formatEta(etaSeconds(p.fraction, p.phaseStartedAt, now))}
          {!compact && p.detail ? ` · ${p.detail}` : ''}
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
            <button onClick={() => void ask({ type: 'job/start', source })}>Resume</button>
          </div>
        )}
      </div>
    );
  }
  if (job.status === 'cancelled' && !compact) return <p className="muted">The last run was cancelled; the previous data is still shown.</p>;
  return null;
}
