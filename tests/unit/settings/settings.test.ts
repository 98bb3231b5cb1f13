import { describe, expect, it } from 'vitest';
import { loadSettings, parseSettings, saveSettings, SETTINGS_KEY } from '../../../lib/settings/settings.ts';

function memoryStore(initial: Record<string, unknown> = {}) {
  const data = { ...initial };
  return { data, get: async (k: string) => data[k], set: async (k: string, v: unknown) => void (data[k] = v) };
}

describe('settings', () => {
  it('defaults to the public API and half the documented rate limits', () => {
    const s = parseSettings(undefined);
    expect(s.complianceBaseUrl).toBe('https://api.anthropic.com');
    expect(s.analyticsBaseUrl).toBe('https://api.anthropic.com');
    expect(s.budgets).toEqual({ compliance: 300, analytics: 30, scim: 240, admin: 30 });
    expect(s.adminWritesEnabled).toBe(false);
  });

  it('keeps valid fields and drops invalid ones from corrupted storage', () => {
    const s = parseSettings({ complianceBaseUrl: 'http://127.0.0.1:8787/', analyticsBaseUrl: 'not a url', schedule: 'weekly' });
    expect(s.complianceBaseUrl).toBe('http://127.0.0.1:8787');
    expect(s.analyticsBaseUrl).toBe('https://api.anthropic.com');
    expect(s.schedule).toBe('off');
  });

  it('rejects an invalid patch with a readable message and keeps the stored value', async () => {
    const store = memoryStore({ [SETTINGS_KEY]: { complianceBaseUrl: 'https://a.example' } });
    await expect(saveSettings(store, { complianceBaseUrl: 'ftp://x' })).rejects.toThrow(/full URL/);
    expect((await loadSettings(store)).complianceBaseUrl).toBe('https://a.example');
    await saveSettings(store, { complianceBaseUrl: ' https://b.example/ ' });
    expect((await loadSettings(store)).complianceBaseUrl).toBe('https://b.example');
  });
});
