import { useId, useState } from 'react';
import { KeepKeyFields } from './KeepKeyFields.tsx';
import { useCardAction } from './useCardAction.ts';
import { SecretInput } from './SecretInput.tsx';
import { credentialsChanged, useCredentialsVersion } from './credentialEvents.ts';
import { useLiveQuery } from 'dexie-react-hooks';
import type { RetentionMode } from '../../lib/keys/connections.ts';
import type { ConnectionTestResult } from '../../lib/jobs/source.ts';
import type { Settings } from '../../lib/settings/settings.ts';
import { writeSettings } from '../../lib/settings/store.ts';
import { pageDb } from '../db.ts';
import { ask } from '../extension.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { JobProgressView, useJob } from '../jobs/JobProgress.tsx';
import { Status } from '../Status.tsx';
import { useAsync } from '../useAsync.ts';
import { ANALYTICS_JOB_ID, ANALYTICS_STATE_KEY, asAnalyticsState } from '../usage/data.ts';
import { ANALYTICS_CONNECTOR_NAME, deleteAnalyticsData, pollSchedule } from './analyticsConnection.ts';
import { RETENTION_LABELS } from './retention.ts';

/**
 * Options → Analytics API: Connector name (optional), Analytics API key, Connect (stores the key, then
 * starts the collection). Status: Collecting (progress) → Connected · data as of … · next poll …, or
 * Reconnect with the reason. Delete connection removes the key and, if chosen, the collected data.
 */
const POLL_CHOICES = [
  { hours: 1, label: 'Every hour' },
  { hours: 6, label: 'Every 6 hours (default)' },
  { hours: 12, label: 'Every 12 hours' },
  { hours: 24, label: 'Once a day' },
  { hours: 0, label: 'Only when I click Connect' },
] as const;

export function AnalyticsCard({ settings, onSettings }: { settings: Settings; onSettings: (s: Settings) => void }) {
  const ids = { name: useId(), secret: useId(), wipe: useId(), poll: useId() };
  // Re-read after Unlock, a save or forget on any card, or a lock by the worker (no reload needed).
  const credentialsVersion = useCredentialsVersion();
  const stored = useAsync(() => ask({ type: 'credential/status', connection: 'analytics' }), [credentialsVersion]);
  const job = useJob(ANALYTICS_JOB_ID);
  const db = pageDb();
  const state = useLiveQuery(async () => asAnalyticsState((await db.kv.get(ANALYTICS_STATE_KEY))?.value), [db]);
  const savedName = useLiveQuery(async () => (await ANALYTICS_CONNECTOR_NAME.read(db)) ?? '', [db]);
  const [name, setName] = useState<string | null>(null);
  const [secret, setSecret] = useState('');
  const [modeChoice, setMode] = useState<RetentionMode | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [wipe, setWipe] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const { busy, message, setMessage, run } = useCardAction();
  const [test, setTest] = useState<ConnectionTestResult | null>(null);

  const present = stored.data?.present === true;
  const mode: RetentionMode = modeChoice ?? stored.data?.mode ?? 'session';
  const connectorName = name ?? savedName ?? '';
  const running = job?.status === 'running' || job?.status === 'queued';
  const schedule = pollSchedule(settings);

  const runTest = () =>
    run(async () => {
      setTest(null);
      setTest(await ask({ type: 'connection/test', connection: 'analytics' }));
    });

  const connect = () =>
    run(async () => {
      setTest(null);
      const trimmed = connectorName.trim();
      if (trimmed) await ANALYTICS_CONNECTOR_NAME.write(db, trimmed);
      else await ANALYTICS_CONNECTOR_NAME.remove(db);
      if (secret.trim() !== '') {
        await ask({ type: 'credential/set', connection: 'analytics', secret: secret.trim(), mode, ...(mode === 'encrypted' ? { passphrase } : {}) });
        setSecret('');
        setPassphrase('');
        credentialsChanged();
      }
      await ask({ type: 'job/start', source: 'analytics' });
    });

  const deleteConnection = () =>
    run(async () => {
      if (running) await ask({ type: 'job/cancel', source: 'analytics' });
      await ask({ type: 'credential/forget', connection: 'analytics' });
      await ANALYTICS_CONNECTOR_NAME.remove(db);
      if (wipe) await deleteAnalyticsData(db);
      setConfirming(false);
      setName(null);
      credentialsChanged();
      setMessage({ kind: 'ok', text: wipe ? 'Connection deleted, with its data.' : 'Connection deleted. The collected data is kept; delete it here at any time.' });
    });

  let status: React.ReactNode = null;
  if (!present) {
    status = <p className="muted" data-testid="analytics-status">{state ? 'Not connected. The data of the last collection is still shown.' : 'Not connected.'}</p>;
  } else if (stored.data?.locked) {
    status = <Status kind="warning">The Analytics API key is locked: unlock it with your passphrase above.</Status>;
  } else if (running && job) {
    status = (
      <div className="stack" data-testid="analytics-status">
        <strong>Collecting</strong>
        <JobProgressView job={job} source="analytics" />
      </div>
    );
  } else if (job && (job.status === 'failed' || job.status === 'paused') && job.error) {
    status = (
      <div className="stack" data-testid="analytics-status">
        <Status kind="error">
          <strong>Reconnect</strong> needed: {job.error}
        </Status>
        <p className="muted">Paste a working Analytics API key (scope read:analytics) and click Connect.{state ? ' The data of the last collection is still shown.' : ''}</p>
      </div>
    );
  } else if (state) {
    const next = schedule.everyMs !== null ? new Date(Date.parse(state.completedAt) + schedule.everyMs) : null;
    status = (
      <p data-testid="analytics-status">
        <strong>Connected</strong> · data as of {formatDateTime(state.dataRefreshedAt ?? state.completedAt)}
        {state.engagementTo ? ` (engagement through ${formatDate(new Date(Date.parse(`${state.engagementTo}T00:00:00Z`) - 86_400_000).toISOString())})` : ''} ·{' '}
        {next ? `next poll ${formatDateTime(next.toISOString())} (${schedule.label})` : schedule.label}
      </p>
    );
  } else if (job?.status === 'cancelled') {
    status = <p className="muted" data-testid="analytics-status">The collection was cancelled before it completed. Click Connect to start it again.</p>;
  } else {
    status = <p className="muted" data-testid="analytics-status">Key stored. Click Connect to collect.</p>;
  }

  return (
    <section className="card" aria-labelledby="analytics-h" data-connection="analytics">
      <h2 id="analytics-h">Analytics API{savedName ? <span className="muted"> — <bdi>{savedName}</bdi></span> : null}</h2>
      <p className="muted">Per-user engagement, tokens and spend, polled in the background ({schedule.label}). Use an Analytics API key (read:analytics), made by the Primary Owner in claude.ai.</p>
      <div className="stack">
        <div>
          <label htmlFor={ids.name}>
            Connector name <span className="hint">(optional)</span>
          </label>
          <input id={ids.name} type="text" maxLength={100} value={connectorName} onChange={(e) => setName(e.target.value)} />
        </div>
        <div>
          <label htmlFor={ids.secret}>Analytics API key</label>
          <SecretInput
            id={ids.secret}
            what="Analytics API key"
            autoComplete="off"
            spellCheck={false}
            placeholder={present ? 'Stored — paste a new one to replace it' : 'sk-ant-api01-…'}
            value={secret}
            onValue={setSecret}
          />
        </div>
        <KeepKeyFields mode={mode} onMode={setMode} passphrase={passphrase} onPassphrase={setPassphrase} askPassphrase={secret !== ''} />
        <div>
          <label htmlFor={ids.poll}>Collect automatically</label>
          <select id={ids.poll} value={settings.analyticsPollHours} onChange={(e) => void writeSettings({ analyticsPollHours: Number(e.target.value) }).then(onSettings)}>
            {POLL_CHOICES.some((c) => c.hours === settings.analyticsPollHours) ? null : <option value={settings.analyticsPollHours}>Every {settings.analyticsPollHours} hours</option>}
            {POLL_CHOICES.map((c) => (
              <option key={c.hours} value={c.hours}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div className="row">
          <button
            className="primary"
            disabled={busy || running || (secret.trim() === '' && !present) || (secret !== '' && mode === 'encrypted' && passphrase.length < 8)}
            onClick={() => void connect()}
          >
            Connect
          </button>
          <button disabled={busy || !present} onClick={() => void runTest()}>
            Test connection
          </button>
          {(present || state) && !confirming && (
            <button disabled={busy} onClick={() => setConfirming(true)}>
              Delete connection
            </button>
          )}
        </div>
        {confirming && (
          <div className="stack" role="group" aria-label="Delete connection">
            <div className="row">
              <input id={ids.wipe} type="checkbox" checked={wipe} onChange={(e) => setWipe(e.target.checked)} />
              <label htmlFor={ids.wipe}>Also delete the collected Analytics data (engagement, spend and tokens) from this browser</label>
            </div>
            <div className="row">
              <button className="primary" disabled={busy} onClick={() => void deleteConnection()}>
                Delete connection
              </button>
              <button disabled={busy} onClick={() => setConfirming(false)}>
                Keep connection
              </button>
            </div>
          </div>
        )}
        <p className="muted" data-testid="analytics-stored">
          {stored.data === undefined ? '' : present ? (stored.data.locked ? 'Key stored, locked: unlock with your passphrase.' : `Key stored (${RETENTION_LABELS[stored.data.mode]}).`) : 'No key stored.'}
        </p>
        {status}
        {message && <Status kind={message.kind}>{message.text}</Status>}
        {test && (
          <Status kind={test.ok ? 'ok' : 'error'}>
            <span data-testid="analytics-test-result">{test.summary}</span>
            {test.requestId && <span className="muted"> (request {test.requestId})</span>}
          </Status>
        )}
      </div>
    </section>
  );
}
