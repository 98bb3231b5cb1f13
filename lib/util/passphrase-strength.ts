/**
 * Passphrase strength for the credential vault: a clear, documented rule rather than a dictionary
 * library (zxcvbn-style dictionaries weigh megabytes, which the options page would carry for one
 * field). The encrypted vault sits in storage.local; whoever copies it can guess offline at the
 * speed of PBKDF2-SHA-256 with 600,000 iterations, so the rule asks for enough guessing work:
 *
 * - estimated entropy = effective length × log2(size of the character classes used), where runs of
 *   one character, keyboard or alphabet sequences (abcd, 1234, qwerty) and the words of a short
 *   common-passwords list count as one character each;
 * - below 40 bits, or under 8 characters, the vault refuses it ("Too weak");
 * - 40–59 bits "Weak", 60–79 "Fair", 80–99 "Strong", 100+ "Very strong". Four random common words
 *   ("correct horse battery staple") reach "Very strong"; "Summer2026!" and "password1" are refused.
 */

export const MIN_PASSPHRASE_CHARS = 8;
export const MIN_PASSPHRASE_BITS = 40;

export type StrengthLabel = 'Too weak' | 'Weak' | 'Fair' | 'Strong' | 'Very strong';

export interface PassphraseStrength {
  /** 0 (too weak) … 4 (very strong). */
  score: 0 | 1 | 2 | 3 | 4;
  label: StrengthLabel;
  /** Estimated entropy in bits (rounded down). */
  bits: number;
  /** Whether the vault accepts it as a new passphrase. */
  acceptable: boolean;
  /** What would make it stronger; empty when it is strong. */
  advice: string;
}

const COMMON = [
  'password', 'passphrase', 'passwort', 'qwerty', 'azerty', 'letmein', 'welcome', 'admin', 'administrator', 'iloveyou', 'monkey', 'dragon',
  'football', 'baseball', 'sunshine', 'princess', 'master', 'secret', 'shadow', 'summer', 'winter', 'spring', 'autumn', 'login', 'changeme',
  'claude', 'anthropic', 'enterprise', 'compliance', 'default', 'trustno1', 'abc123', 'qwertyuiop', 'asdfgh', 'zxcvbn',
];
const SEQUENCES = ['abcdefghijklmnopqrstuvwxyz', '0123456789', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1qaz2wsx3edc'];

function poolSize(p: string): number {
  let pool = 0;
  if (/[a-z]/.test(p)) pool += 26;
  if (/[A-Z]/.test(p)) pool += 26;
  if (/[0-9]/.test(p)) pool += 10;
  if (/[ ]/.test(p)) pool += 1;
  if (/[^a-zA-Z0-9 ]/.test(p)) pool += /[^\x20-\x7e]/.test(p) ? 100 : 33;
  return Math.max(pool, 1);
}

/** Length after collapsing what a guesser tries first: runs, sequences and common words. */
function effectiveLength(p: string): number {
  let s = p.toLowerCase();
  for (const word of COMMON) s = s.split(word).join('\u0001');
  s = s.replace(/(.)\1+/g, '$1');
  let out = 0;
  for (let i = 0; i < s.length; ) {
    let run = 1;
    for (const seq of SEQUENCES) {
      for (const dir of [seq, [...seq].reverse().join('')]) {
        const at = dir.indexOf(s[i]!);
        if (at < 0) continue;
        let n = 1;
        while (i + n < s.length && dir[at + n] === s[i + n]) n++;
        if (n >= 3) run = Math.max(run, n);
      }
    }
    out++;
    i += run;
  }
  return out;
}

export function passphraseStrength(passphrase: string): PassphraseStrength {
  const p = String(passphrase).normalize('NFC');
  const bits = Math.floor(effectiveLength(p) * Math.log2(poolSize(p)));
  const chars = [...p].length;
  const tooShort = chars < MIN_PASSPHRASE_CHARS || p.trim() === '';
  const score: PassphraseStrength['score'] = tooShort || bits < MIN_PASSPHRASE_BITS ? 0 : bits < 60 ? 1 : bits < 80 ? 2 : bits < 100 ? 3 : 4;
  const label = (['Too weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const)[score];
  const advice = tooShort
    ? `Use at least ${MIN_PASSPHRASE_CHARS} characters; four or more unrelated words are easiest to remember.`
    : score <= 1
      ? 'Add more unrelated words (or length); avoid common passwords, names of this product, repeated characters and keyboard runs.'
      : score === 2
        ? 'Good enough; one more unrelated word would make it strong.'
        : '';
  return { score, label, bits, acceptable: score > 0, advice };
}
