import { useEffect, useId, useState } from 'react';
import { DEFAULT_API_BASE_URL, type Settings } from '../../lib/settings/settings.ts';
import { readSettings, writeSettings } from '../../lib/settings/store.ts';
import { Status } from '../Status.tsx';
import { ConnectionCard } from './ConnectionCard.tsx';
import { ComplianceCard } from './ComplianceCard.tsx';
import { AnalyticsCard } from './AnalyticsCard.tsx';
import { UnlockCard } from './UnlockCard.tsx';
import { ensureHostAccess } from './hostAccess.ts';

function UrlField({ label, value, onChange, hint }: { label: string; value: string; onChange: (v: string) => void; hint?: string }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="url" spellCheck={false} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={hint ? `${id}-hint` : undefined} />
      {hint && (
        <span id={`${id}-hint`} className="hint" style={{ marginLeft: '0.5rem' }}>
          {hint}
        </span>
      )}
    </div>
  );
}

export function OptionsPage() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [draft, setDraft] = useState({ complianceBaseUrl: '', analyticsBaseUrl: '', scimUrl: '' });
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    void readSettings().then((s) => {
      setSettings(s);
      setDraft({ complianceBaseUrl: s.complianceBaseUrl, analyticsBaseUrl: s.analyticsBaseUrl, scimUrl: s.scimUrl });
    });
  }, []);

  const saveUrls = async (fields: Array<keyof typeof draft>): Promise<boolean> => {
    setMessage(null);
    try {
      const patch = Object.fromEntries(fields.map((f) => [f, draft[f].trim()]));
      for (const f of fields) if (patch[f]) await ensureHostAccess(patch[f]);
      const next = await writeSettings(patch);
      setSettings(next);
      setMessage({ kind: 'ok', text: 'Settings saved.' });
      return true;
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
      return false;
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
      <AnalyticsCard settings={settings} />
      <ConnectionCard
        connection="scim"
        title="SCIM"
        description="Users, groups and provisioning through your organization's SCIM endpoint."
        secretLabel="SCIM token"
        placeholder="Bearer token from claude.ai"
        beforeSave={() => saveUrls(['scimUrl'])}
      >
        <UrlField label="SCIM URL" value={draft.scimUrl} onChange={(v) => setDraft({ ...draft, scimUrl: v })} />
      </ConnectionCard>
      <section className="card" aria-labelledby="advanced-h">
        <h2 id="advanced-h">Advanced settings</h2>
        <div className="stack">
          <UrlField label="Compliance API base URL" hint={`Default: ${DEFAULT_API_BASE_URL}`} value={draft.complianceBaseUrl} onChange={(v) => setDraft({ ...draft, complianceBaseUrl: v })} />
          <UrlField label="Analytics API base URL" hint={`Default: ${DEFAULT_API_BASE_URL}`} value={draft.analyticsBaseUrl} onChange={(v) => setDraft({ ...draft, analyticsBaseUrl: v })} />
          <div className="row">
            <button onClick={() => void saveUrls(['complianceBaseUrl', 'analyticsBaseUrl'])}>Save advanced settings</button>
          </div>
          <p className="muted">
            Request budget: Compliance {settings.budgets.compliance}/min, Analytics {settings.budgets.analytics}/min, SCIM {settings.budgets.scim}/min — half of each API&apos;s
            organization-wide limit, so other integrations keep working.
          </p>
        </div>
      </section>
      {message && <Status kind={message.kind}>{message.text}</Status>}
    </main>
  );
}
