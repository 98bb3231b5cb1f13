import { passphraseStrength } from '../../lib/util/passphrase-strength.ts';

/** Live strength feedback under a new-passphrase field (the rule is in lib/util/passphrase-strength.ts). */
export function PassphraseStrengthHint({ id, passphrase }: { id: string; passphrase: string }) {
  if (passphrase === '') return null;
  const s = passphraseStrength(passphrase);
  return (
    <div id={id} className="hint passphrase-strength" data-score={s.score} aria-live="polite">
      <meter min={0} max={4} low={1.5} high={2.5} optimum={4} value={s.score} aria-label="Passphrase strength" /> Strength: {s.label}
      {s.advice && <> — {s.advice}</>}
    </div>
  );
}
