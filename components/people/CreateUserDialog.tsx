import { useId, useState } from 'react';
import { createPreview } from '../../lib/identity/create-preview.ts';
import type { WriteResult } from '../../lib/identity/contract.ts';
import { ask } from '../extension.ts';
import { Dialog } from './Dialog.tsx';
import { failed, WriteResultView } from './WriteResult.tsx';

/**
 * Create user (SCIM): Display name and Email with live validation, a preview of exactly what is sent,
 * then the worker's result. The new row shows "Pending sync" until a sync confirms it.
 */
export function CreateUserDialog({ onClose, scimConnected }: { onClose: () => void; scimConnected: boolean }) {
  const nameId = useId();
  const emailId = useId();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [touched, setTouched] = useState({ name: false, email: false });
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<WriteResult | null>(null);
  const preview = createPreview(name, email);
  const nameError = touched.name ? preview.errors.displayName : null;
  const emailError = touched.email ? preview.errors.email : null;

  const create = async () => {
    setTouched({ name: true, email: true });
    if (!preview.body) return;
    setBusy(true);
    try {
      setResult(await ask({ type: 'identity/create-user', displayName: preview.body.displayName, email: preview.body.userName }));
    } catch (err) {
      setResult(failed(err));
    } finally {
      setBusy(false);
    }
  };
  const finished = result && (result.outcome === 'done' || result.outcome === 'pending' || result.outcome === 'already');

  return (
    <Dialog title="Create user" onClose={onClose} wide>
      <form
        className="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        {!scimConnected && <p className="status warning">Users are created through SCIM: add the SCIM URL and token in Options first.</p>}
        <div className="field">
          <label htmlFor={nameId}>Display name</label>
          <input
            id={nameId}
            required
            value={name}
            autoComplete="off"
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? `${nameId}-err` : undefined}
            onChange={(e) => setName(e.target.value)}
            onBlur={() => setTouched((t) => ({ ...t, name: true }))}
            disabled={busy || !!finished}
          />
          {nameError && (
            <p id={`${nameId}-err`} className="field-error" role="alert">
              {nameError}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={emailId}>Email</label>
          <input
            id={emailId}
            type="email"
            required
            value={email}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={emailError ? true : undefined}
            aria-describedby={emailError ? `${emailId}-err` : undefined}
            onChange={(e) => setEmail(e.target.value)}
            onBlur={() => setTouched((t) => ({ ...t, email: true }))}
            disabled={busy || !!finished}
          />
          {emailError && (
            <p id={`${emailId}-err`} className="field-error" role="alert">
              {emailError}
            </p>
          )}
        </div>
        <section aria-labelledby={`${nameId}-preview`} className="preview">
          <h3 id={`${nameId}-preview`}>What will be sent</h3>
          {preview.body ? (
            <>
              <dl className="facts" data-testid="create-preview">
                <div className="fact">
                  <dt>userName</dt>
                  <dd>{preview.body.userName}</dd>
                </div>
                <div className="fact">
                  <dt>emails</dt>
                  <dd>{preview.body.emails[0]!.value} (work, primary)</dd>
                </div>
                <div className="fact">
                  <dt>name.givenName</dt>
                  <dd>{preview.body.name.givenName}</dd>
                </div>
                <div className="fact">
                  <dt>name.familyName</dt>
                  <dd>{preview.body.name.familyName ?? '(not sent)'}</dd>
                </div>
                <div className="fact">
                  <dt>displayName</dt>
                  <dd>{preview.body.displayName}</dd>
                </div>
              </dl>
              <p className="muted">No password: people sign in with SSO.</p>
            </>
          ) : (
            <p className="muted">Fill in both fields to see the request.</p>
          )}
          {preview.notes.map((n) => (
            <p key={n} className="muted">
              {n}
            </p>
          ))}
        </section>
        {result && <WriteResultView result={result} />}
        {finished && <p className="muted">The new person shows “Pending sync” in People until the next SCIM sync confirms it.</p>}
        <div className="row">
          {!finished && (
            <button type="submit" disabled={busy || !scimConnected}>
              {busy ? 'Creating…' : 'Create'}
            </button>
          )}
          <button type="button" onClick={onClose}>
            {finished ? 'Close' : 'Cancel'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
