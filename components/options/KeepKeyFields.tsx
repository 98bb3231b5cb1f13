import { useId } from 'react';
import type { RetentionMode } from '../../lib/keys/connections.ts';
import { RETENTION_LABELS } from './retention.ts';
import { MAX_PASSPHRASE_LENGTH, SecretInput } from './SecretInput.tsx';
import { PassphraseStrengthHint } from './PassphraseStrength.tsx';

/**
 * How a credential is kept (don't remember / this session / encrypted) and, for "encrypted", the
 * passphrase with its length guard and strength feedback: one block for every connection card.
 */
export function KeepKeyFields({
  mode,
  onMode,
  passphrase,
  onPassphrase,
  askPassphrase,
  label = 'Keep it',
}: {
  mode: RetentionMode;
  onMode: (mode: RetentionMode) => void;
  passphrase: string;
  onPassphrase: (passphrase: string) => void;
  /** Show the passphrase field (e.g. only while a new key is being entered). */
  askPassphrase: boolean;
  label?: string;
}) {
  const ids = { mode: useId(), pass: useId() };
  return (
    <>
      <div>
        <label htmlFor={ids.mode}>{label}</label>
        <select id={ids.mode} value={mode} onChange={(e) => onMode(e.target.value as RetentionMode)}>
          {Object.entries(RETENTION_LABELS).map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </div>
      {mode === 'encrypted' && askPassphrase && (
        <div>
          <label htmlFor={ids.pass}>Passphrase</label>
          <SecretInput
            id={ids.pass}
            what="passphrase"
            maxLength={MAX_PASSPHRASE_LENGTH}
            autoComplete="new-password"
            value={passphrase}
            onValue={onPassphrase}
            aria-describedby={`${ids.pass}-hint ${ids.pass}-strength`}
          />
          <span id={`${ids.pass}-hint`} className="hint">
            {' '}
            At least 8 characters (a new passphrase must not be easy to guess); asked once per browser session to unlock the key.
          </span>
          <PassphraseStrengthHint id={`${ids.pass}-strength`} passphrase={passphrase} />
        </div>
      )}
    </>
  );
}
