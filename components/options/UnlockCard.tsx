import { useId, useState } from 'react';
import { ask } from '../extension.ts';
import { Status } from '../Status.tsx';
import { useAsync } from '../useAsync.ts';
import { MAX_PASSPHRASE_LENGTH, SecretInput } from './SecretInput.tsx';
import { credentialsChanged, useCredentialsVersion } from './credentialEvents.ts';

/** Shown when a credential is kept encrypted and this browser session has not unlocked it yet. */
export function UnlockCard() {
  const id = useId();
  const credentialsVersion = useCredentialsVersion();
  const locked = useAsync(async () => {
    const all = await Promise.all((['compliance', 'analytics', 'scim', 'admin'] as const).map((connection) => ask({ type: 'credential/status', connection })));
    return all.some((s) => s.locked);
  }, [credentialsVersion]);
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!locked.data) return null;
  const unlock = async () => {
    setError(null);
    try {
      await ask({ type: 'vault/unlock', passphrase });
      setPassphrase('');
      // Every card shows its credential's status: all of them re-read it now.
      credentialsChanged();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Unlock your keys</h2>
      <p className="muted">Your keys are encrypted on this device. Enter the passphrase once per browser session.</p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void unlock();
        }}
      >
        <label htmlFor={id} className="sr-label">
          Passphrase
        </label>
        <SecretInput id={id} what="passphrase" maxLength={MAX_PASSPHRASE_LENGTH} autoComplete="current-password" value={passphrase} onValue={setPassphrase} />
        <button className="primary" type="submit" disabled={passphrase === ''}>
          Unlock
        </button>
      </form>
      {error && <Status kind="error">{error}</Status>}
    </section>
  );
}
