import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { browser } from 'wxt/browser';
import type { KeyCheck } from '../../lib/sources/compliance/key-status.ts';
import { JOB_ID } from '../../lib/sources/compliance/checkpoint.ts';
import { ask } from '../extension.ts';
import { pageDb } from '../db.ts';
import { StatTile } from '../StatTile.tsx';
import { Status } from '../Status.tsx';
import { JobProgressView, useJob } from '../jobs/JobProgress.tsx';
import { relativeTime, withoutModelNote } from '../format.ts';
import { useAsync } from '../useAsync.ts';
import { ApiText } from '../ApiText.tsx';
import { PopupUsage } from '../usage/PopupUsage.tsx';

function KeyHealth({ check }: { check: KeyCheck | undefined }) {
  if (!check) return <p className="muted">Key not checked yet.</p>;
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

/** The toolbar popup: snapshot age and counts, key health, the running job, and the way into the inventory. Reads only Dexie. */
export function PopupPage() {
  const db = pageDb();
  // undefined while loading, null when there is no snapshot yet (so nothing flashes the empty state).
  const latest = useLiveQuery(async () => (await db.snapshots.orderBy('completedAt').last()) ?? null, []);
  // The raw record (validated where it is written): the popup does not load zod on its critical path.
  const keyCheck = useLiveQuery(async () => (await db.kv.get('compliance.keyCheck'))?.value as KeyCheck | undefined, []);
  const job = useJob(JOB_ID);
  const stored = useAsync(() => ask({ type: 'credential/status', connection: 'compliance' }));
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
  const canIngest = stored.data?.present === true && !stored.data.locked;

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
              <StatTile label="Models" value={latest.counts.models} note={withoutModelNote(latest.counts.chatsWithoutModel ?? 0)} />
              <StatTile label="MCP servers" value={latest.counts.mcpServers} />
              <StatTile label="Users" value={latest.counts.users} />
              <StatTile label="Organizations" value={latest.counts.organizations} />
            </div>
          </>
        ) : latest === undefined ? null : (
          <p data-testid="popup-empty">No snapshot yet. Add a Compliance key in Options, then ingest a snapshot to build your inventory.</p>
        )}
        {stored.data?.present && <KeyHealth check={keyCheck} />}
        {stored.data?.locked && <Status kind="warning">The Compliance key is locked. Unlock it in Options with your passphrase.</Status>}
        {job && <JobProgressView job={job} source="compliance" compact />}
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
      <PopupUsage />
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
