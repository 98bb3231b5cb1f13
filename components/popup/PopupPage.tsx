import { lazy, Suspense, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { JOB_ID } from '../../lib/sources/compliance/checkpoint.ts';
import type { PopupSummary } from '../../lib/summary/popup.ts';
import { ask } from '../extension.ts';
import { StatTile } from '../StatTile.tsx';
import { Status } from '../Status.tsx';
import { relativeTime, withoutModelNote } from '../format.ts';
import { ApiText } from '../ApiText.tsx';
import { useAsync } from '../useAsync.ts';
import { usePopupSummary } from './summary.ts';

// The job's live progress reads the database (Dexie): loaded only when there is a job to show.
const LiveJob = lazy(() => import('./LiveJob.tsx'));
// Month-to-date spend and active users read the Analytics tables: loaded after first paint.
const PopupUsage = lazy(() => import('../usage/PopupUsage.tsx').then((m) => ({ default: m.PopupUsage })));
// The current tab's claude.ai checks (or the next task): after first paint.
const CurrentTab = lazy(() => import('./CurrentTab.tsx').then((m) => ({ default: m.CurrentTab })));
const SHOWN_JOB_STATES = new Set(['running', 'queued', 'paused', 'failed']);

function KeyHealth({ check }: { check: PopupSummary['keyCheck'] }) {
  if (check === null) return <p className="muted">Key not checked yet.</p>;
  const kind = check.status === 'ok' ? (check.deleteScope === 'present' ? 'warning' : 'ok') : 'error';
  const text = check.status === 'ok' ? (check.deleteScope === 'present' ? 'Key works, but it can delete data' : 'Key healthy: all three scopes') : check.message;
  return (
    <Status kind={kind}>
      <span data-testid="key-health">
        <ApiText>{text}</ApiText>
      </span>
    </Status>
  );
}

/**
 * The toolbar popup: snapshot age and counts, key health, the running job, and the way into the inventory.
 * Renders from the worker's summary (no database on the critical path); a job's live progress loads lazily.
 */
export function PopupPage() {
  const summary = usePopupSummary();
  // undefined while loading, null when there is no snapshot yet (so nothing flashes the empty state).
  const latest = summary?.snapshot;
  const keyCheck = summary?.keyCheck ?? null;
  const job = summary?.job ?? null;
  // The worker's answer wins over the summary once it arrives (a key may have been locked since).
  const status = useAsync(() => ask({ type: 'credential/status', connection: 'compliance' }));
  const credential = status.data ?? summary?.credential;
  const worker = useAsync(() => ask({ type: 'ping' }));
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(t);
  }, []);

  const openInventory = async () => {
    await browser.tabs.create({ url: browser.runtime.getURL('/inventory.html') });
    window.close();
  };
  const ingest = async () => {
    setError(null);
    try {
      await ask({ type: 'job/start', source: 'compliance' });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const running = job?.status === 'running' || job?.status === 'queued';
  const canIngest = credential?.present === true && !credential.locked;

  return (
    <main style={{ width: 380, padding: '0.9rem' }}>
      <h1>Claude Enterprise admin</h1>
      <section aria-labelledby="snapshot-h" className="stack">
        <h2 id="snapshot-h" className="sr-label">
          Compliance snapshot
        </h2>
        {latest ? (
          <>
            <p className="muted" data-testid="popup-snapshot-age">
              Snapshot last ingested: {relativeTime(latest.completedAt, now)}
            </p>
            <div className="tiles" data-testid="popup-counts">
              <StatTile label="Models" value={latest.counts.models} note={withoutModelNote(latest.counts.chatsWithoutModel)} />
              <StatTile label="MCP servers" value={latest.counts.mcpServers} />
              <StatTile label="Users" value={latest.counts.users} />
              <StatTile label="Organizations" value={latest.counts.organizations} />
            </div>
          </>
        ) : latest === undefined ? null : (
          <p data-testid="popup-empty">No snapshot yet. Add a Compliance key in Options, then ingest a snapshot to build your inventory.</p>
        )}
        {credential?.present && <KeyHealth check={keyCheck} />}
        {credential?.locked && <Status kind="warning">The Compliance key is locked. Unlock it in Options with your passphrase.</Status>}
        {job && SHOWN_JOB_STATES.has(job.status) && (
          <Suspense fallback={null}>
            <LiveJob jobId={JOB_ID} source="compliance" />
          </Suspense>
        )}
        {error && <Status kind="error">{error}</Status>}
        <div className="row">
          <button className="primary" onClick={() => void openInventory()}>
            Open inventory
          </button>
          <button disabled={!canIngest || running} onClick={() => void ingest()} title={canIngest ? undefined : 'Add a Compliance key in Options first'}>
            Ingest new snapshot
          </button>
          <button onClick={() => void browser.runtime.openOptionsPage()}>Options</button>
        </div>
      </section>
      <Suspense fallback={null}>
        <CurrentTab />
      </Suspense>
      <Suspense fallback={null}>
        <PopupUsage />
      </Suspense>
      {worker.error ? (
        <Status kind="error">Background worker unavailable: {worker.error}</Status>
      ) : (
        <p className="muted" data-testid="worker-status" style={{ marginTop: '0.75rem' }}>
          {worker.data ? `Background worker running (v${worker.data.version})` : 'Checking background worker…'}
        </p>
      )}
    </main>
  );
}
