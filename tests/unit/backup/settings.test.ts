import { describe, expect, it } from 'vitest';
import { settingsFromBackup } from '../../../lib/backup/settings.ts';
import { parseSettings } from '../../../lib/settings/settings.ts';

describe('settings from a backup', () => {
  const current = parseSettings({});
  it('applies valid fields, keeps current values for invalid ones, and keeps addresses the browser cannot reach', async () => {
    const { settings, notApplied } = await settingsFromBackup(
      { schedule: 'daily', analyticsPollHours: 999, scimUrl: 'https://scim.example.com/scim/v2', complianceBaseUrl: 'https://allowed.example.com' },
      current,
      async (origin) => origin === 'https://allowed.example.com',
    );
    expect(settings.schedule).toBe('daily');
    expect(settings.analyticsPollHours).toBe(current.analyticsPollHours);
    expect(settings.complianceBaseUrl).toBe('https://allowed.example.com');
    expect(settings.scimUrl).toBe('');
    expect(notApplied).toEqual([{ field: 'scimUrl', url: 'https://scim.example.com/scim/v2' }]);
  });

  it('ignores something that is not settings', async () => {
    expect((await settingsFromBackup('nonsense', current, async () => true)).settings).toEqual(current);
  });
});
