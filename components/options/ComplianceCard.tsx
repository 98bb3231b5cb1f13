import { useEffect, useId, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { RetentionMode } from '../../lib/keys/connections.ts';
import { KEY_CHECK, type KeyCheck } from '../../lib/sources/compliance/key-status.ts';
import { JOB_ID } from '../../lib/sources/compliance/checkpoint.ts';
import type { Settings } from '../../lib/settings/settings.ts';
import { ask } from '../extension.ts';
import { writeSettings } from '../../lib/settings/store.ts';
import { pageDb } from '../db.ts';
import { Status } from '../Status.tsx';
import { useAsync } from '../useAsync.ts';
import { KeyChecklist } from './KeyChecklist.tsx';
import { JobProgressView, useJob } from '../jobs/JobProgress.tsx';
import { relativeTime } from '../format.ts';
import { SecretInput } from './SecretInput.tsx';
import { KeepKeyFields } from './KeepKeyFields.tsx';
import { credentialsChanged, useCredentialsVersion } from './credentialEvents.ts';

/** Options → Compliance API: the key, its scope check, and snapshot ingestion with progress and schedule. */
export function ComplianceCard({ settings, onSettings }: { settings: Settings; onSettings: (s: Settings) => void }) {
  const ids = { key: useId(), schedule: useId(), deep: useId(), days: useId() };
  const credentialsVersion = useCredentialsVersion();
  const stored = useAsync(() => ask({ type: 'credential/status', connection: 'compliance' }), [credentialsVersion]);
  const [secret, setSecret] = useState('');
  // The vault is the source of truth for how a stored credential is kept; the admin's choice overrides it.
  const [modeChoice, setMode] = useState<RetentionMode | null>(null);
  const [passphrase, setPassphrase] = useState('');
  /** The last check of a pasted key, with the value it was made for (a stale result is never shown). */
  const [pasted, setPasted] = useState<{ secret: string; check: KeyCheck } | null>(null);
  const [checking, setChecking] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const mode: RetentionMode = modeChoice ?? stored.data?.mode ?? 'session';
  const job = useJob(JOB_ID);
  const latest = useLiveQuery(() => pageDb().snapshots.orderBy('completedAt').last(), []);
  const savedKeyCheck = useLiveQuery(() => KEY_CHECK.read(pageDb()), []);
  const [now, setNow] = useState(() => new Date());
  const wasRunning = useRef(false);

  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(t);
  }, []);

  // Check a pasted key as soon as the admin stops typing.
  useEffect(() => {
    const trimmed = secret.trim();
    if (trimmed === '') return;
    let live = true;
    const t = setTimeout(() => {
      setChecking(true);
      ask({ type: 'compliance/check-key', secret: trimmed })
        .then((c) => live && setPasted({ secret: trimmed, check: c }))
        .catch((err: unknown) => live && setMessage({ kind: 'error', text: err instanceof Error ? err.message : String(err) }))
        .finally(() => live && setChecking(false));
    }, 500);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [secret]);

  // Announce the end of a run that this page watched.
  useEffect(() => {
    const status = job?.status;
    if (status === 'running' || status === 'queued') wasRunning.current = true;
    else if (wasRunning.current && status === 'done') {
      wasRunning.current = false;
      setMessage({ kind: 'ok', text: 'Snapshot ingested' });
      stored.reload();
    } else if (wasRunning.current && status && status !== 'paused') wasRunning.current = false;
  }, [job?.status, stored]);


  const running = job?.status === 'running' || job?.status === 'queued';
  const hasKey = secret.trim() !== '' || stored.data?.present === true;
  const check = pasted && pasted.secret === secret.trim() ? pasted.check : null;
  // A snapshot needs all three scopes; a key that cannot work is not saved or used.
  const blockedByCheck = check !== null && check.status !== 'ok' && check.status !== 'unreachable';

  const ingest = async () => {
    setMessage(null);
    try {
      if (secret.trim() !== '') {
        await ask({ type: 'credential/set', connection: 'compliance', secret, mode, ...(mode === 'encrypted' ? { passphrase } : {}) });
        setSecret('');
        setPassphrase('');
        credentialsChanged();
      }
      wasRunning.current = true;
      await ask({ type: 'job/start', source: 'compliance' });
    } catch (err) {
      wasRunning.current = false;
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    }
  };

  const reconcile = async () => {
    setMessage(null);
    try {
      wasRunning.current = true;
      await ask({ type: 'job/start', source: 'compliance', fullWalk: true });
    } catch (err) {
      wasRunning.current = false;
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    }
  };

  const forget = async () => {
    await ask({ type: 'credential/forget', connection: 'compliance' });
    setPasted(null);
    setMessage({ kind: 'ok', text: 'Compliance key forgotten.' });
    credentialsChanged();
  };

  const recheck = async () => {
    setChecking(true);
    try {
      await ask({ type: 'compliance/check-key' });
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setChecking(false);
    }
  };

  const saveSchedule = async (patch: Partial<Pick<Settings, 'schedule' | 'deepScan'>>) => onSettings(await writeSettings(patch));

  const shownCheck = secret.trim() === '' ? (savedKeyCheck ?? null) : check;
  return (
    <section className="card" aria-labelledby="compliance-h" data-connection="compliance">
      <h2 id="compliance-h">Compliance API</h2>
      <p className="muted">
        Inventory of Claude models and MCP servers. Use a Compliance Access Key with read:compliance_activities, read:compliance_user_data and
        read:compliance_org_data, created by the Primary Owner in claude.ai → Organization settings → API.
      </p>
      <div className="stack">
        <div>
          <label htmlFor={ids.key}>Compliance key</label>
          <SecretInput
            id={ids.key}
            what="Compliance key"
            autoComplete="off"
            spellCheck={false}
            placeholder={stored.data?.present ? 'A key is stored — paste a new one to replace it' : 'sk-ant-api01-…'}
            value={secret}
            onValue={setSecret}
          />
        </div>
        <KeepKeyFields label="Keep the key" mode={mode} onMode={setMode} passphrase={passphrase} onPassphrase={setPassphrase} askPassphrase={secret.trim() !== ''} />
        {checking && <p className="muted">Checking the key…</p>}
        {shownCheck && <KeyChecklist check={shownCheck} />}
        <div className="row">
          <button className="primary" disabled={!hasKey || running || blockedByCheck || (mode === 'encrypted' && secret.trim() !== '' && passphrase.length < 8)} onClick={() => void ingest()}>
            {latest ? 'Ingest new snapshot' : 'Ingest snapshot'}
          </button>
          <button disabled={!stored.data?.present || checking} onClick={() => void recheck()}>
            Check stored key
          </button>
          <button disabled={!stored.data?.present || running} onClick={() => void forget()}>
            Forget key
          </button>
          {latest && (
            <button
              disabled={!stored.data?.present || running}
              title="Re-reads every chat id so chats deleted for good leave the inventory (done weekly on its own)"
              onClick={() => void reconcile()}
            >
              Reconcile deleted chats
            </button>
          )}
        </div>
        <p className="muted" data-testid="snapshot-status">
          {latest ? `Snapshot last ingested: ${relativeTime(latest.completedAt, now)}` : 'No snapshot yet.'}
        </p>
        {job && <JobProgressView job={job} source="compliance" />}
        {message && <Status kind={message.kind}>{message.text}</Status>}
        <fieldset className="stack" style={{ border: 'none', padding: 0, margin: 0 }}>
          <legend className="sr-label">Refresh</legend>
          <div>
            <label htmlFor={ids.schedule}>Refresh automatically</label>
            <select id={ids.schedule} value={settings.schedule} onChange={(e) => void saveSchedule({ schedule: e.target.value as Settings['schedule'] })}>
              <option value="off">Off</option>
              <option value="hourly">Hourly</option>
              <option value="daily">Daily</option>
            </select>
          </div>
          <div className="row">
            <input
              id={ids.deep}
              type="checkbox"
              checked={settings.deepScan.enabled}
              onChange={(e) => void saveSchedule({ deepScan: { ...settings.deepScan, enabled: e.target.checked } })}
            />
            <label htmlFor={ids.deep} style={{ display: 'inline', fontWeight: 400 }}>
              Deep scan of recent chats for MCP tool use (one request per chat, at most a {Math.round(settings.deepScan.budgetShare * 100)}% share of the request budget)
            </label>
          </div>
          {settings.deepScan.enabled && (
            <div>
              <label htmlFor={ids.days}>Scan chats updated in the last (days)</label>
              <input
                id={ids.days}
                type="number"
                min={1}
                max={90}
                value={settings.deepScan.days}
                onChange={(e) => void saveSchedule({ deepScan: { ...settings.deepScan, days: Math.min(90, Math.max(1, Number(e.target.value) || 7)) } })}
              />
            </div>
          )}
        </fieldset>
      </div>
    </section>
  );
}
