import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';

/**
 * "The stored credentials changed" for the cards of the options page: after Unlock, a save, a
 * forget, or a lock by the worker (idle auto-lock), every card re-reads its credential's status, so
 * nothing waits for a reload.
 */
const listeners = new Set<() => void>();

export function credentialsChanged(): void {
  for (const listener of [...listeners]) listener();
}

/** Message the worker sends to extension pages when it locks the vault by itself. */
export const CREDENTIALS_CHANGED = 'credentials/changed';

/** A counter that moves whenever the credentials change; use it as a dependency of a status load. */
export function useCredentialsVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    const fromWorker = (message: unknown) => {
      if ((message as { type?: unknown } | null)?.type === CREDENTIALS_CHANGED) bump();
      return undefined;
    };
    listeners.add(bump);
    browser.runtime.onMessage.addListener(fromWorker);
    return () => {
      listeners.delete(bump);
      browser.runtime.onMessage.removeListener(fromWorker);
    };
  }, []);
  return version;
}
