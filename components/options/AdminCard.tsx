import { useId, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { RetentionMode } from '../../lib/keys/connections.ts';
import type { ConnectionTestResult } from '../../lib/jobs/source.ts';
import type { Settings } from '../../lib/settings/settings.ts';
import { writeSettings } from '../../lib/settings/store.ts';
import { ADMIN_SCOPE_CHECK } from '../../lib/sources/admin/scope-status.ts';
import { ADMIN_SYNC_LOG } from '../../lib/sources/admin/state.ts';
import { JOB_ID as ADMIN_JOB_ID } from '../../lib/sources/admin/checkpoint.ts';
import { ApiText } from '../ApiText.tsx';
import { pageDb } from '../db.ts';
import { ask } from '../extension.ts';
import { useJob } from '../jobs/JobProgress.tsx';
import { Status } from '../Status.tsx';
import { useAsync } from '../useAsync.ts';
import { AdminScopeTable } from './AdminScopeTable.tsx';
import { deleteAdminData } from './adminConnection.ts';
import { credentialsChanged, useCredentialsVersion } from './credentialEvents.ts';
import { useCardAction } from './useCardAction.ts';
import { ensureHostAccess } from './hostAccess.ts';
import { KeepKeyFields } from './KeepKeyFields.tsx';
import { RETENTION_LABELS } from './retention.ts';
import { SecretInput } from './SecretInput.tsx';
import { SyncPanel } from './SyncPanel.tsx';

const SYNC_CHOICES = [
  { minutes: 60, label: 'Every hour (default)' },
  { minutes: 360, label: 'Every 6 hours' },
  { minutes: 1440, label: 'Once a day' },
  { minutes: 0, label: 'Only when I click Sync now' },
] as const;

const n = (v: number) => v.toLocaleString('en-US');

/**
 * Options → Admin API (optional): the Admin API key, its scope check (reads only), whether changes may
 * go through the Admin API (off by default), Sync now with the sync log, and Delete connection.
 */
export function AdminCard({ settings, onSettings }: { settings: Settings; onSettings: (s: Settings) => void }) {
  const ids = { secret: useId(), writes: useId(), sync: useId(), wipe: useId() };
  const credentialsVersion = useCredentialsVersion();
  const stored = useAsync(() => ask({ type: 'credential/status', connection: 'admin' }), [credentialsVersion]);
  const db = pageDb();
  const scopeCheck = useLiveQuery(async () => ADMIN_SCOPE_CHECK.parse((await db.kv.get(ADMIN_SCOPE_CHECK.key))?.value) ?? null, [db]);
  const job = useJob(ADMIN_JOB_ID);
  const [secret, setSecret] = useState('');
  const [modeChoice, setMode] = useState<RetentionMode | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const { busy, message, setMessage, run } = useCardAction();
  const [confirming, setConfirming] = useState(false);
  const [wipe, setWipe] = useState(false);
  const [test, setTest] = useState<ConnectionTestResult | null>(null);

  const present = stored.data?.present === true;
  const locked = stored.data?.locked === true;
  const mode: RetentionMode = modeChoice ?? stored.data?.mode ?? 'session';
  const running = job?.status === 'running' || job?.status === 'queued';

  const save = () =>
    run(async () => {
      setTest(null);
      const origin = new URL(settings.adminBaseUrl).origin;
      const access = await ensureHostAccess(origin, 'Admin API base URL');
      if (!access.granted) throw new Error(access.message);
      await ask({ type: 'credential/set', connection: 'admin', secret: secret.trim(), mode, ...(mode === 'encrypted' ? { passphrase } : {}) });
      setSecret('');
      setPassphrase('');
      credentialsChanged();
      setMessage({ kind: 'ok', text: 'Admin API key saved. Checking what it can read…' });
      await ask({ type: 'admin/check-scopes' });
      setMessage({ kind: 'ok', text: 'Admin API key saved.' });
    });

  const checkScopes = () => run(async () => void (await ask({ type: 'admin/check-scopes' })));

  const runTest = () =>
    run(async () => {
      setTest(null);
      setTest(await ask({ type: 'connection/test', connection: 'admin' }));
    });

  const deleteConnection = () =>
    run(async () => {
      if (running) await ask({ type: 'job/cancel', source: 'admin' });
      await ask({ type: 'credential/forget', connection: 'admin' });
      if (wipe) await deleteAdminData(db);
      setConfirming(false);
      setTest(null);
      credentialsChanged();
      setMessage({ kind: 'ok', text: wipe ? 'Connection deleted, with its data.' : 'Connection deleted. The synced members and groups are kept; delete them here at any time.' });
    });

  return (
    <section className="card" aria-labelledby="admin-h" data-connection="admin">
      <h2 id="admin-h">
        Admin API <span className="muted">(optional)</span>
      </h2>
      <p className="muted">
        Every member with their role — including people created in the Claude UI, whom SCIM cannot see — RBAC groups (direct and SCIM), and role permissions. Read-only unless you allow
        changes below.
      </p>
      <div className="stack">
        <div>
          <label htmlFor={ids.secret}>Admin API key</label>
          <SecretInput
            id={ids.secret}
            what="Admin API key"
            autoComplete="off"
            spellCheck={false}
            placeholder={present ? 'Stored — paste a new one to replace it' : 'sk-ant-admin01-…'}
            value={secret}
            onValue={setSecret}
          />
        </div>
        <KeepKeyFields mode={mode} onMode={setMode} passphrase={passphrase} onPassphrase={setPassphrase} askPassphrase={secret !== ''} />
        <div className="row">
          <button className="primary" disabled={busy || secret.trim() === '' || (mode === 'encrypted' && passphrase.length < 8)} onClick={() => void save()}>
            Save Admin API key
          </button>
          <button disabled={busy || !present || locked} onClick={() => void runTest()}>
            Test connection
          </button>
          <button disabled={busy || !present || locked} onClick={() => void checkScopes()}>
            Check scopes
          </button>
          {(present || scopeCheck) && !confirming && (
            <button disabled={busy} onClick={() => setConfirming(true)}>
              Delete connection
            </button>
          )}
        </div>
        {confirming && (
          <div className="stack" role="group" aria-label="Delete connection">
            <div className="row">
              <input id={ids.wipe} type="checkbox" checked={wipe} onChange={(e) => setWipe(e.target.checked)} />
              <label htmlFor={ids.wipe}>Also delete the synced members, groups and roles from this browser</label>
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
        <p className="muted" data-testid="admin-stored">
          {stored.data === undefined ? '' : present ? (locked ? 'Key stored, locked: unlock with your passphrase.' : `Key stored (${RETENTION_LABELS[stored.data!.mode]}).`) : 'No key stored.'}
        </p>
        {message && <Status kind={message.kind}>{message.text}</Status>}
        {test && (
          <Status kind={test.ok ? 'ok' : 'error'}>
            <span data-testid="admin-test-result">
              <ApiText>{test.summary}</ApiText>
            </span>
            {test.requestId && <span className="muted"> (request {test.requestId})</span>}
          </Status>
        )}
        {present && scopeCheck && <AdminScopeTable check={scopeCheck} />}
        <div className="row">
          <WritesSwitch id={ids.writes} on={settings.adminWritesEnabled} onSettings={onSettings} />
          <label htmlFor={ids.writes}>Allow changes through the Admin API</label>
        </div>
        <p id={`${ids.writes}-hint`} className="hint">
          {settings.adminWritesEnabled
            ? 'On: membership of direct RBAC groups and removing people can be changed from the People and Groups tabs, each after a preview and a confirmation, and every attempt is recorded in the audit log. The key needs write:rbac_groups or write:members for that.'
            : 'Off (the default): the extension only reads through the Admin API. Turn it on to change membership of direct RBAC groups or remove people from here.'}
        </p>
        <div>
          <label htmlFor={ids.sync}>Sync automatically</label>
          <select id={ids.sync} value={settings.adminSyncMinutes} onChange={(e) => void writeSettings({ adminSyncMinutes: Number(e.target.value) }).then(onSettings)}>
            {SYNC_CHOICES.some((c) => c.minutes === settings.adminSyncMinutes) ? null : <option value={settings.adminSyncMinutes}>Every {settings.adminSyncMinutes} minutes</option>}
            {SYNC_CHOICES.map((c) => (
              <option key={c.minutes} value={c.minutes}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <SyncPanel
          source="admin"
          jobId={ADMIN_JOB_ID}
          log={ADMIN_SYNC_LOG}
          canSync={present && !locked}
          cannotSyncHint="Save the Admin API key first"
          countsText={(e) => `${n(e.users)} members, ${n(e.groups)} groups, ${n(e.members)} memberships, ${n(e.roles)} roles`}
          columns={[
            { header: 'Members', value: (e) => e.users },
            { header: 'Groups', value: (e) => e.groups },
            { header: 'Memberships', value: (e) => e.members },
            { header: 'Roles', value: (e) => e.roles },
          ]}
          caption="The last Admin API syncs, newest first"
        />
      </div>
    </section>
  );
}

/**
 * "Allow changes through the Admin API": follows the click at once, then the stored setting (a failed save
 * puts it back).
 */
function WritesSwitch({ id, on, onSettings }: { id: string; on: boolean; onSettings: (s: Settings) => void }) {
  const [shown, setShown] = useState<{ from: boolean; value: boolean }>({ from: on, value: on });
  // A new stored value (this page's save or another page's) wins over the last click.
  const value = shown.from === on ? shown.value : on;
  return (
    <input
      id={id}
      type="checkbox"
      role="switch"
      aria-checked={value}
      checked={value}
      aria-describedby={`${id}-hint`}
      onChange={(e) => {
        const next = e.target.checked;
        setShown({ from: on, value: next });
        void writeSettings({ adminWritesEnabled: next }).then(onSettings, () => setShown({ from: on, value: on }));
      }}
    />
  );
}
