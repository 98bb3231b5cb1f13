import { browser } from 'wxt/browser';
import { loadSettings, saveSettings, type Settings, type SettingsInput, type SettingsStore } from '../../lib/settings/settings.ts';

/** The options page's access to settings in storage.local (validated by lib/settings; no secrets). */
const localStore: SettingsStore = {
  get: async (key) => (await browser.storage.local.get(key))[key],
  set: async (key, value) => browser.storage.local.set({ [key]: value }),
};

export const readSettings = (): Promise<Settings> => loadSettings(localStore);
export const writeSettings = (patch: Partial<SettingsInput>): Promise<Settings> => saveSettings(localStore, patch);
