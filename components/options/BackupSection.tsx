import { useId, useRef, useState, type ChangeEvent } from 'react';
import { browser } from 'wxt/browser';
import { BackupError, MAX_BACKUP_BYTES } from '../../lib/backup/format.ts';
import { applyRestore, readBackupFile, type ParsedBackup } from '../../lib/backup/restore.ts';
import { settingsFromBackup } from '../../lib/backup/settings.ts';
import { deleteAllData } from '../../lib/backup/wipe.ts';
import { writeBackup } from '../../lib/backup/write.ts';
import { exportFileName, exportTable } from '../../lib/export/table.ts';
import { ACCESS_REVIEW_EXPORT, AUDIT_EXPORT, reviewDecisionRows } from '../../lib/export/records.ts';
import type { Settings } from '../../lib/settings/settings.ts';
import { readSettings, writeSettings } from '../../lib/settings/store.ts';
import { LATEST_VERSION } from '../../lib/sources/database.ts';
import { pageDb } from '../db.ts';
import { downloadParts } from '../download.ts';
import { formatCount, formatDateTime } from '../format.ts';
import { Status } from '../Status.tsx';

type Message = { kind: 'ok' | 'error' | 'warning'; text: string };
type Busy = { label: string; done: number | null; total: number | null } | null;

const TABLE_LABELS: Record<string, string> = {
  kv: 'Stored records (evaluations, connection state)',
  audit: 'Audit trail',
  pubModels: 'Models',
  pubModelOrgs: 'Model usage per organization',
  pubMcpServers: 'MCP servers',
  pubToolPolicies: 'Tool permissions',
  pubOrgs: 'Organizations',
  snapshots: 'Snapshot history',
  anDays: 'Analytics: days',
  anUsers: 'Analytics: people',
  anSpend: 'Analytics: spend and tokens',
  anTeamSpend: 'Analytics: cost per team',
  anDailySpend: 'Analytics: spend per day',
  anConnectors: 'Analytics: connectors',
  scimUsers: 'SCIM: users',
  scimGroups: 'SCIM: groups',
  scimMembers: 'SCIM: memberships',
  adminUsers: 'Admin API: members',
  adminGroups: 'Admin API: groups',
  adminMembers: 'Admin API: memberships',
  adminRoles: 'Admin API: roles',
  pendingChanges: 'Pending directory changes',
  accessReviews: 'Access reviews',
  reviewDecisions: 'Access review decisions',
};
const label = (table: string) => TABLE_LABELS[table] ?? table;

const message = (e: unknown): string => (e instanceof BackupError ? e.message : `Something went wrong: ${e instanceof Error ? e.message : String(e)}. Nothing was changed.`);

function Progress({ busy }: { busy: NonNullable<Busy> }) {
  const id = useId();
  return (
    <div className="stack" role="status">
      <label htmlFor={id}>{busy.label}…</label>
      {busy.total ? <progress id={id} max={busy.total} value={busy.done ?? 0} /> : <progress id={id} />}
    </div>
  );
}

/**
 * Options → "Backup and restore": Download backup (every durable table and the non-secret settings, never a
 * credential); Restore from file… (validated, previewed, confirmed, replaced in one transaction); Delete all
 * data (records only; keys are removed with their connection).
 */
export function BackupSection({ onSettings }: { onSettings: (s: Settings) => void }) {
  const fileId = useId();
  const settingsId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [msg, setMsg] = useState<Message | null>(null);
  const [pending, setPending] = useState<{ name: string; parsed: ParsedBackup } | null>(null);
  const [withSettings, setWithSettings] = useState(true);
  const [confirmWipe, setConfirmWipe] = useState(false);

  const download = async () => {
    setMsg(null);
    setBusy({ label: 'Reading the data', done: 0, total: null });
    try {
      const now = new Date();
      const backup = await writeBackup(pageDb(), {
        schemaVersion: LATEST_VERSION,
        extensionVersion: browser.runtime.getManifest().version,
        settings: await readSettings(),
        now,
        onProgress: (p) => setBusy({ label: p.label, done: p.done, total: p.total }),
      });
      downloadParts(backup.parts, exportFileName('backup', 'json', now), 'application/json');
      const rows = Object.values(backup.counts).reduce((a, b) => a + b, 0);
      setMsg({ kind: 'ok', text: `Backup downloaded: ${formatCount(rows)} records, ${(backup.bytes / 1_048_576).toFixed(1)} MB. It holds no keys or tokens; keep it where you keep admin records.` });
    } catch (e) {
      setMsg({ kind: 'error', text: message(e) });
    } finally {
      setBusy(null);
    }
  };

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    setPending(null);
    setMsg(null);
    if (!file) return;
    if (file.size > MAX_BACKUP_BYTES) {
      setMsg({ kind: 'error', text: `This file is larger than a backup can be (${Math.round(MAX_BACKUP_BYTES / 1_048_576)} MB). Nothing was changed.` });
      return;
    }
    setBusy({ label: `Reading ${file.name}`, done: null, total: null });
    try {
      const text = await file.text();
      setBusy({ label: 'Checking the backup', done: null, total: null });
      const parsed = await readBackupFile(text, pageDb(), { schemaVersion: LATEST_VERSION });
      setWithSettings(parsed.preview.hasSettings);
      setPending({ name: file.name, parsed });
    } catch (err) {
      setMsg({ kind: 'error', text: message(err) });
    } finally {
      setBusy(null);
    }
  };

  const restore = async () => {
    if (!pending) return;
    setMsg(null);
    setBusy({ label: 'Restoring', done: 0, total: null });
    try {
      const { rows } = await applyRestore(pageDb(), pending.parsed, (p) => setBusy({ label: p.label, done: p.done, total: p.total }));
      let note = '';
      if (withSettings && pending.parsed.file.settings !== undefined) {
        const current = await readSettings();
        const { settings, notApplied } = await settingsFromBackup(pending.parsed.file.settings, current, (origin) => browser.permissions.contains({ origins: [`${origin}/*`] }));
        onSettings(await writeSettings(settings));
        if (notApplied.length) note = ` Not applied: ${notApplied.map((n) => n.url).join(', ')} (this browser has not allowed access to it; set it in Advanced settings).`;
      }
      setMsg({
        kind: note ? 'warning' : 'ok',
        text: `Restored ${formatCount(rows)} records from the backup of ${formatDateTime(pending.parsed.preview.createdAt)}. The next snapshot reads everything again from the Compliance API.${note}`,
      });
      setPending(null);
    } catch (e) {
      setMsg({ kind: 'error', text: message(e) });
    } finally {
      setBusy(null);
    }
  };

  const wipe = async () => {
    setMsg(null);
    setConfirmWipe(false);
    setBusy({ label: 'Deleting the data', done: null, total: null });
    try {
      await deleteAllData(pageDb());
      setMsg({ kind: 'ok', text: 'All data was deleted from this browser. Keys and settings are kept; ingest a snapshot or restore a backup to see the inventory again.' });
    } catch (e) {
      setMsg({ kind: 'error', text: message(e) });
    } finally {
      setBusy(null);
    }
  };

  /** The audit trail and access-review decisions as CSV, for auditors. */
  const records = async (which: 'audit' | 'reviews') => {
    setMsg(null);
    try {
      const db = pageDb();
      const now = new Date();
      if (which === 'audit') {
        const rows = await db.audit.orderBy('at').toArray();
        const { text, mime } = exportTable('csv', rows, AUDIT_EXPORT);
        downloadParts([text], exportFileName('audit-log', 'csv', now), mime);
        setMsg({ kind: 'ok', text: `Audit log downloaded: ${formatCount(rows.length)} records.` });
      } else {
        const rows = reviewDecisionRows(await db.accessReviews.toArray(), await db.reviewDecisions.toArray());
        const { text, mime } = exportTable('csv', rows, ACCESS_REVIEW_EXPORT);
        downloadParts([text], exportFileName('access-reviews', 'csv', now), mime);
        setMsg({ kind: 'ok', text: `Access reviews downloaded: ${formatCount(rows.length)} decisions.` });
      }
    } catch (e) {
      setMsg({ kind: 'error', text: message(e) });
    }
  };

  const p = pending?.parsed.preview;
  return (
    <section className="card" aria-labelledby="backup-h" data-testid="backup">
      <h2 id="backup-h">Backup and restore</h2>
      <p className="muted">
        A backup is one JSON file with the inventory, snapshot history, Analytics, directories, access reviews, the audit trail and the settings. It never holds keys or tokens; the
        file is refused if anything in it looks like one.
      </p>
      <div className="row">
        <button type="button" onClick={() => void download()} disabled={busy !== null}>
          Download backup
        </button>
        <button type="button" onClick={() => fileInput.current?.click()} disabled={busy !== null} aria-describedby={`${fileId}-hint`}>
          Restore from file…
        </button>
        <input ref={fileInput} id={fileId} type="file" accept=".json,application/json" aria-label="Backup file to restore" className="sr-only" tabIndex={-1} onChange={(e) => void choose(e)} />
        <span id={`${fileId}-hint`} className="hint">
          You see what it replaces before anything changes.
        </span>
      </div>
      <div className="row" style={{ marginTop: '0.5rem' }}>
        <button type="button" onClick={() => void records('audit')} disabled={busy !== null}>
          Download audit log (CSV)
        </button>
        <button type="button" onClick={() => void records('reviews')} disabled={busy !== null}>
          Download access reviews (CSV)
        </button>
      </div>
      {busy && <Progress busy={busy} />}
      {p && pending && (
        <div className="stack" role="region" aria-label="Restore preview" data-testid="restore-preview">
          <h3>Restore {pending.name}?</h3>
          <p>
            Backup of {formatDateTime(p.createdAt)}, made by version {p.extensionVersion} (database version {p.schemaVersion}
            {p.upgradedFrom !== null ? `, older than this version's ${LATEST_VERSION}: read and moved forward` : ''}). Restoring replaces these tables:
          </p>
          <table className="compact">
            <caption className="sr-only">What the restore replaces</caption>
            <thead>
              <tr>
                <th scope="col">Data</th>
                <th scope="col" className="num">
                  Now
                </th>
                <th scope="col" className="num">
                  In the backup
                </th>
              </tr>
            </thead>
            <tbody>
              {p.tables.map((t) => (
                <tr key={t.table}>
                  <th scope="row">{label(t.table)}</th>
                  <td className="num">{formatCount(t.now)}</td>
                  <td className="num">{formatCount(t.inFile)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {p.kept.length > 0 && <p className="muted">Not in this backup, kept as they are: {p.kept.map(label).join(', ')}.</p>}
          {p.ignored.length > 0 && <p className="muted">In the file but not restored by this version (ignored): {p.ignored.join(', ')}.</p>}
          {p.hasSettings && (
            <div className="row">
              <input id={settingsId} type="checkbox" checked={withSettings} onChange={(e) => setWithSettings(e.target.checked)} />
              <label htmlFor={settingsId}>Also restore the settings (addresses, schedules, budgets)</label>
            </div>
          )}
          <div className="row">
            <button type="button" className="primary" onClick={() => void restore()} disabled={busy !== null}>
              Replace the data with this backup
            </button>
            <button type="button" onClick={() => setPending(null)} disabled={busy !== null}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <div className="row" style={{ marginTop: '0.75rem' }}>
        {!confirmWipe ? (
          <button type="button" onClick={() => setConfirmWipe(true)} disabled={busy !== null}>
            Delete all data…
          </button>
        ) : (
          <div className="stack" role="group" aria-label="Delete all data">
            <p>Delete the inventory, snapshot history, Analytics, directories, access reviews and audit trail from this browser? Keys and settings are kept.</p>
            <div className="row">
              <button type="button" className="primary" onClick={() => void wipe()}>
                Delete all data
              </button>
              <button type="button" onClick={() => setConfirmWipe(false)}>
                Cancel
              </button>
            </div>
          </div>
        )}
      </div>
      {msg && <Status kind={msg.kind}>{msg.text}</Status>}
    </section>
  );
}
