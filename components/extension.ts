import { browser } from 'wxt/browser';
import { send } from '../lib/messaging/client.ts';
import type { RequestOf, RequestType, ResponseOf } from '../lib/messaging/protocol.ts';
import { loadSettings, saveSettings, type Settings, type SettingsInput, type SettingsStore } from '../lib/settings/settings.ts';

/** The pages' only way to reach the background worker. */
export function ask<T extends RequestType>(request: RequestOf<T>): Promise<ResponseOf<T>> {
  return send((m) => browser.runtime.sendMessage(m), request);
}

export const localStore: SettingsStore = {
  get: async (key) => (await browser.storage.local.get(key))[key],
  set: async (key, value) => browser.storage.local.set({ [key]: value }),
};

export const readSettings = (): Promise<Settings> => loadSettings(localStore);
export const writeSettings = (patch: Partial<SettingsInput>): Promise<Settings> => saveSettings(localStore, patch);
