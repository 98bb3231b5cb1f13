import { useState } from 'react';

export type CardMessage = { kind: 'ok' | 'error'; text: string };

/**
 * A card's one action at a time: `run` marks the card busy, clears the last message, and turns a failure
 * into an error message in the admin's words (the worker's messages are already written for them).
 */
export function useCardAction() {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<CardMessage | null>(null);
  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setMessage(null);
    try {
      await what();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };
  return { busy, message, setMessage, run };
}
