import { describe, expect, it } from 'vitest';
import { checkBaseUrl } from '../../../lib/util/base-url.ts';
import { parseSettings, saveSettings, SETTINGS_KEY, type SettingsStore } from '../../../lib/settings/settings.ts';

const memoryStore = (data: Record<string, unknown> = {}): SettingsStore & { data: Record<string, unknown> } => ({
  data,
  get: async (k) => data[k],
  set: async (k, v) => {
    data[k] = v;
  },
});

describe('the one URL validator (issue 6 §1.5)', () => {
  it('accepts and normalises ordinary addresses', () => {
    expect(checkBaseUrl(' https://api.anthropic.com/ ', 'compliance')).toEqual({ ok: true, url: 'https://api.anthropic.com', origin: 'https://api.anthropic.com' });
    expect(checkBaseUrl('https://api.workos.com/scim/v2.0/dir_1/', 'scim')).toMatchObject({ ok: true, url: 'https://api.workos.com/scim/v2.0/dir_1' });
    expect(checkBaseUrl('http://127.0.0.1:8787', 'analytics')).toMatchObject({ ok: true });
  });

  it.each([
    ['https://admin:hunter2@scim.example.com/scim/v2', 'scim', /user name or password/],
    ['https://api.anthropic.com/?key=1', 'compliance', /query string/],
    ['https://api.anthropic.com/#x', 'compliance', /fragment/],
    ['api.anthropic.com', 'compliance', /full URL .*https:\/\//],
    ['http://api.example.com', 'analytics', /https:\/\//],
    ['https://exa mple.com', 'analytics', /spaces/],
    ['https://[bad', 'analytics', /not a valid web address/],
    ['', 'scim', /Enter the SCIM URL/],
    [`https://a.example/${'x'.repeat(3000)}`, 'scim', /too long/],
  ] as const)('refuses %s with a plain message', (input, field, message) => {
    const r = checkBaseUrl(input, field);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(message);
      expect(r.message).not.toMatch(/Failed to construct|Invalid URL/);
      expect(r.message).not.toContain('hunter2');
    }
  });

  it('warns about paths the clients add themselves', () => {
    const v1 = checkBaseUrl('https://api.anthropic.com/v1', 'compliance');
    expect(v1).toMatchObject({ ok: true, url: 'https://api.anthropic.com/v1' });
    expect(v1.ok && v1.warning).toMatch(/You probably mean https:\/\/api\.anthropic\.com\.$/);
    const users = checkBaseUrl('https://api.workos.com/scim/v2.0/dir_1/Users', 'scim');
    expect(users.ok && users.warning).toMatch(/You probably mean https:\/\/api\.workos\.com\/scim\/v2\.0\/dir_1\./);
    expect(checkBaseUrl('https://api.anthropic.com', 'compliance')).not.toHaveProperty('warning');
  });

  it('settings never store a URL with a password in it (the schema uses the same validator)', async () => {
    const store = memoryStore();
    await expect(saveSettings(store, { scimUrl: 'https://admin:hunter2@scim.example.com/scim/v2' })).rejects.toThrow(/user name or password/);
    expect(JSON.stringify(store.data)).not.toContain('hunter2');
    expect(parseSettings({ [SETTINGS_KEY]: 1, complianceBaseUrl: 'https://u:p@evil.example' }).complianceBaseUrl).toBe('https://api.anthropic.com');
  });
});
