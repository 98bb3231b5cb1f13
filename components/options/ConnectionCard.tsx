import { useId, useState } from 'react';
import type { Connection, RetentionMode } from '../../lib/keys/connections.ts';
import type { ConnectionTestResult } from '../../lib/jobs/source.ts';
import { ask } from '../extension.ts';
import { Status } from '../Status.tsx';
import { useAsync } from '../useAsync.ts';
import { RETENTION_LABELS } from './retention.ts';
import { SecretInput } from './SecretInput.tsx';
import { KeepKeyFields } from './KeepKeyFields.tsx';
import { credentialsChanged, useCredentialsVersion } from './credentialEvents.ts';


export interface ConnectionCardProps {
  connection: Connection;
  title: string;
  description: string;
  secretLabel: string;
  placeholder: string;
  /** Extra fields (e.g. the SCIM URL), rendered above the secret. */
  children?: React.ReactNode;
  /** Runs before the secret is saved (e.g. saving the SCIM URL); a returned message stops the save and is shown. */
  beforeSave?: () => Promise<true | string>;
}

export function ConnectionCard({ connection, title, description, secretLabel, placeholder, children, beforeSave }: ConnectionCardProps) {
  const ids = { secret: useId() };
  const credentialsVersion = useCredentialsVersion();
  const status = useAsync(() => ask({ type: 'credential/status', connection }), [connection, credentialsVersion]);
  const [secret, setSecret] = useState('');
  // The vault is the source of truth for how a stored credential is kept; the admin's choice overrides it.
  const [modeChoice, setMode] = useState<RetentionMode | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [test, setTest] = useState<ConnectionTestResult | null>(null);

  const save = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const ready = beforeSave ? await beforeSave() : true;
      if (ready !== true) {
        setMessage({ kind: 'error', text: ready });
        return;
      }
      await ask({ type: 'credential/set', connection, secret, mode, ...(mode === 'encrypted' ? { passphrase } : {}) });
      setSecret('');
      setPassphrase('');
      setMessage({ kind: 'ok', text: `${secretLabel} saved.` });
      credentialsChanged();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  const runTest = async () => {
    setBusy(true);
    setTest(null);
    setMessage(null);
    try {
      setTest(await ask({ type: 'connection/test', connection }));
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  const forget = async () => {
    await ask({ type: 'credential/forget', connection });
    setTest(null);
    setMessage({ kind: 'ok', text: `${secretLabel} forgotten.` });
    credentialsChanged();
  };

  const stored = status.data;
  const mode: RetentionMode = modeChoice ?? stored?.mode ?? 'session';
  return (
    <section className="card" aria-labelledby={`${connection}-h`} data-connection={connection}>
      <h2 id={`${connection}-h`}>{title}</h2>
      <p className="muted">{description}</p>
      <div className="stack">
        {children}
        <div>
          <label htmlFor={ids.secret}>{secretLabel}</label>
          <SecretInput
            id={ids.secret}
            what={secretLabel}
            autoComplete="off"
            spellCheck={false}
            placeholder={stored?.present ? 'Stored — paste a new one to replace it' : placeholder}
            value={secret}
            onValue={setSecret}
          />
        </div>
        <KeepKeyFields mode={mode} onMode={setMode} passphrase={passphrase} onPassphrase={setPassphrase} askPassphrase />
        <div className="row">
          <button className="primary" disabled={busy || secret.trim() === '' || (mode === 'encrypted' && passphrase === '')} onClick={() => void save()}>
            Save {secretLabel}
          </button>
          <button disabled={busy || !stored?.present} onClick={() => void runTest()}>
            Test connection
          </button>
          <button disabled={busy || !stored?.present} onClick={() => void forget()}>
            Forget
          </button>
        </div>
        <p className="muted" data-testid={`${connection}-stored`}>
          {stored === undefined ? '' : stored.present ? (stored.locked ? 'Stored, locked: unlock with your passphrase.' : `Stored (${RETENTION_LABELS[stored.mode]}).`) : 'Nothing stored.'}
        </p>
        {message && <Status kind={message.kind}>{message.text}</Status>}
        {test && (
          <Status kind={test.ok ? 'ok' : 'error'}>
            <span data-testid={`${connection}-test-result`}>{test.summary}</span>
            {test.requestId && <span className="muted"> (request {test.requestId})</span>}
          </Status>
        )}
      </div>
    </section>
  );
}
