import { browser } from 'wxt/browser';
import { loadSettings, saveSettings, SETTINGS_KEY, type Settings, type SettingsInput, type SettingsStore } from './settings.ts';

/**
 * The one way every extension context reads and writes settings: validated by ./settings.ts, kept in
 * `storage.local` (no secrets ever live there).
 */
const localStore: SettingsStore = {
  get: async (key) => (await browser.storage.local.get(key))[key],
  set: async (key, value) => browser.storage.local.set({ [key]: value }),
};

export const readSettings = (): Promise<Settings> => loadSettings(localStore);

/** Validates `patch` merged over the stored settings and saves it; throws a readable error when invalid. */
export const writeSettings = (patch: Partial<SettingsInput>): Promise<Settings> => saveSettings(localStore, patch);

/** Calls `onChange` whenever the stored settings change (from any context). Returns the unsubscribe function. */
export function watchSettings(onChange: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && SETTINGS_KEY in changes) onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
