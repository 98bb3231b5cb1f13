import { useEffect, useId, useState } from 'react';
import { DEFAULT_API_BASE_URL, type Settings } from '../../lib/settings/settings.ts';
import { readSettings, writeSettings } from '../../lib/settings/store.ts';
import { Status } from '../Status.tsx';
import { ConnectionCard } from './ConnectionCard.tsx';
import { ComplianceCard } from './ComplianceCard.tsx';
import { AnalyticsCard } from './AnalyticsCard.tsx';
import { ScimSync } from './ScimSync.tsx';
import { AdminCard } from './AdminCard.tsx';
import { UnlockCard } from './UnlockCard.tsx';
import { ensureHostAccess } from './hostAccess.ts';
import { AuditLog } from '../identity/AuditLog.tsx';
import { checkBaseUrl, MAX_URL_LENGTH, URL_FIELD_LABEL, type UrlField as UrlKind } from '../../lib/util/base-url.ts';

type Draft = { complianceBaseUrl: string; analyticsBaseUrl: string; adminBaseUrl: string; scimUrl: string };
const FIELD_KIND: Record<keyof Draft, UrlKind> = { complianceBaseUrl: 'compliance', analyticsBaseUrl: 'analytics', adminBaseUrl: 'admin', scimUrl: 'scim' };

function UrlField({ label, value, onChange, hint }: { label: string; value: string; onChange: (v: string) => void; hint?: string }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="url" spellCheck={false} maxLength={MAX_URL_LENGTH} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={hint ? `${id}-hint` : undefined} />
      {hint && (
        <span id={`${id}-hint`} className="hint" style={{ marginLeft: '0.5rem' }}>
          {hint}
        </span>
      )}
    </div>
  );
}

const AUTOLOCK_LABELS: Array<[number, string]> = [
  [0, 'Never (until the browser closes)'],
  [15, '15 minutes'],
  [60, '1 hour'],
  [240, '4 hours'],
  [480, '8 hours'],
];

/** Idle auto-lock of the keys kept "Encrypted on this device" (the worker times it with an alarm). */
function AutoLockField({ settings, onSettings }: { settings: Settings; onSettings: (s: Settings) => void }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id}>Lock encrypted keys when unused for</label>
      <select id={id} value={settings.autoLockMinutes} aria-describedby={`${id}-hint`} onChange={(e) => void writeSettings({ autoLockMinutes: Number(e.target.value) }).then(onSettings)}>
        {AUTOLOCK_LABELS.map(([minutes, text]) => (
          <option key={minutes} value={minutes}>
            {text}
          </option>
        ))}
      </select>
      <span id={`${id}-hint`} className="hint" style={{ marginLeft: '0.5rem' }}>
        Applies to keys saved with a passphrase; the passphrase is asked again afterwards.
      </span>
    </div>
  );
}

export function OptionsPage() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [draft, setDraft] = useState<Draft>({ complianceBaseUrl: '', analyticsBaseUrl: '', adminBaseUrl: '', scimUrl: '' });
  const [message, setMessage] = useState<{ kind: 'ok' | 'error' | 'warning'; text: string } | null>(null);

  useEffect(() => {
    void readSettings().then((s) => {
      setSettings(s);
      setDraft({ complianceBaseUrl: s.complianceBaseUrl, analyticsBaseUrl: s.analyticsBaseUrl, adminBaseUrl: s.adminBaseUrl, scimUrl: s.scimUrl });
    });
  }, []);

  /**
   * Checks each address with the one URL validator, asks for host access where needed, then saves.
   * Nothing is saved unless every field passes and every prompt is allowed: a refused prompt keeps
   * the previous address (in storage and on screen).
   */
  const saveUrls = async (fields: Array<keyof Draft>, where: 'page' | 'card' = 'page'): Promise<true | string> => {
    setMessage(null);
    const failed = (text: string): string => {
      if (where === 'page') setMessage({ kind: 'error', text });
      return text;
    };
    const restore = () => settings && setDraft((d) => ({ ...d, ...Object.fromEntries(fields.map((f) => [f, settings[f]])) }));
    try {
      const patch: Partial<Draft> = {};
      const warnings: string[] = [];
      for (const f of fields) {
        const value = draft[f].trim();
        if (f === 'scimUrl' && value === '') {
          patch[f] = '';
          continue;
        }
        const check = checkBaseUrl(value, FIELD_KIND[f]);
        if (!check.ok) return failed(check.message);
        if (check.warning) warnings.push(check.warning);
        patch[f] = check.url;
      }
      for (const f of fields) {
        const value = patch[f];
        if (!value) continue;
        const access = await ensureHostAccess(new URL(value).origin, URL_FIELD_LABEL[FIELD_KIND[f]]);
        if (!access.granted) {
          restore();
          return failed(access.message);
        }
      }
      const next = await writeSettings(patch);
      setSettings(next);
      setDraft((d) => ({ ...d, ...Object.fromEntries(fields.map((f) => [f, next[f]])) }));
      if (warnings.length > 0) setMessage({ kind: 'warning', text: `Settings saved. ${warnings.join(' ')}` });
      else if (where === 'page') setMessage({ kind: 'ok', text: 'Settings saved.' });
      return true;
    } catch (err) {
      return failed(err instanceof Error ? err.message : String(err));
    }
  };

  if (!settings) return <main style={{ padding: '1.25rem' }}>Loading settings…</main>;
  return (
    <main style={{ maxWidth: 760, margin: '0 auto', padding: '1.25rem' }}>
      <header style={{ marginBottom: '1rem' }}>
        <h1>Connections</h1>
        <p className="muted">Credentials stay in this browser. Nothing is sent anywhere except the APIs you connect.</p>
      </header>
      <UnlockCard />
      <ComplianceCard settings={settings} onSettings={setSettings} />
      <AnalyticsCard settings={settings} onSettings={setSettings} />
      <ConnectionCard
        connection="scim"
        title="SCIM"
        description="Users, groups and provisioning through your organization's SCIM endpoint."
        secretLabel="SCIM token"
        placeholder="Bearer token from claude.ai"
        beforeSave={() => saveUrls(['scimUrl'], 'card')}
      >
        <UrlField label="SCIM URL" value={draft.scimUrl} onChange={(v) => setDraft({ ...draft, scimUrl: v })} />
        <ScimSync canSync={settings.scimUrl !== ''} />
      </ConnectionCard>
      <AdminCard settings={settings} onSettings={setSettings} />
      <section className="card" aria-labelledby="advanced-h">
        <h2 id="advanced-h">Advanced settings</h2>
        <div className="stack">
          <UrlField label="Compliance API base URL" hint={`Default: ${DEFAULT_API_BASE_URL}`} value={draft.complianceBaseUrl} onChange={(v) => setDraft({ ...draft, complianceBaseUrl: v })} />
          <UrlField label="Analytics API base URL" hint={`Default: ${DEFAULT_API_BASE_URL}`} value={draft.analyticsBaseUrl} onChange={(v) => setDraft({ ...draft, analyticsBaseUrl: v })} />
          <UrlField label="Admin API base URL" hint={`Default: ${DEFAULT_API_BASE_URL}`} value={draft.adminBaseUrl} onChange={(v) => setDraft({ ...draft, adminBaseUrl: v })} />
          <div className="row">
            <button onClick={() => void saveUrls(['complianceBaseUrl', 'analyticsBaseUrl', 'adminBaseUrl'])}>Save advanced settings</button>
          </div>
          <AutoLockField settings={settings} onSettings={setSettings} />
          <p className="muted">
            Request budget: Compliance {settings.budgets.compliance}/min, Analytics {settings.budgets.analytics}/min, SCIM {settings.budgets.scim}/min — half of each API&apos;s
            organization-wide limit, so other integrations keep working; Admin API {settings.budgets.admin}/min (its limit is not published).
          </p>
        </div>
      </section>
      <AuditLog />
      {message && <Status kind={message.kind}>{message.text}</Status>}
    </main>
  );
}
