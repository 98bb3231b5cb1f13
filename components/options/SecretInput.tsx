import { useState, type InputHTMLAttributes } from 'react';

/** Longest secret the worker accepts (lib/messaging/protocol.ts, lib/keys/classify.ts). */
export const MAX_SECRET_LENGTH = 4096;
/** Longest passphrase the vault accepts. */
export const MAX_PASSPHRASE_LENGTH = 1024;

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'maxLength' | 'type'> & {
  id: string;
  value: string;
  onValue: (value: string) => void;
  /** What the field holds, for the too-long message ("Compliance key"). */
  what: string;
  maxLength?: number;
};

/**
 * A password-type field with a length limit that never truncates silently: a paste longer than the
 * limit is refused with a plain message (the browser's maxLength alone would cut a key in half).
 */
export function SecretInput({ id, value, onValue, what, maxLength = MAX_SECRET_LENGTH, ...rest }: Props) {
  const [tooLong, setTooLong] = useState<string | null>(null);
  const describedBy = [rest['aria-describedby'], tooLong ? `${id}-too-long` : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <input
        {...rest}
        id={id}
        type="password"
        maxLength={maxLength}
        value={value}
        aria-invalid={tooLong ? true : undefined}
        aria-describedby={describedBy}
        onPaste={(e) => {
          const text = e.clipboardData.getData('text');
          if (text.length > maxLength) {
            e.preventDefault();
            setTooLong(
              `That paste is ${text.length.toLocaleString('en-US')} characters, longer than any ${what} (at most ${maxLength.toLocaleString('en-US')}). Nothing was pasted: copy only the ${what} and paste again.`,
            );
          } else setTooLong(null);
        }}
        onChange={(e) => {
          setTooLong(null);
          onValue(e.target.value);
        }}
      />
      {tooLong && (
        <span id={`${id}-too-long`} className="status error" role="alert">
          {tooLong}
        </span>
      )}
    </>
  );
}
