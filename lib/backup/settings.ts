import { parseSettings, type Settings } from '../settings/settings.ts';

/** Settings fields that are addresses: applied from a backup only where the browser already lets the extension reach them. */
export const URL_SETTINGS = ['complianceBaseUrl', 'analyticsBaseUrl', 'scimUrl', 'adminBaseUrl'] as const;

/**
 * The settings to save from a backup: the file's settings validated field by field (an invalid field keeps
 * the current value), except addresses this browser has not allowed (host permission is asked only from
 * the admin's own click in Advanced settings); those stay as they are and are reported.
 */
export async function settingsFromBackup(
  fromFile: unknown,
  current: Settings,
  canReach: (origin: string) => Promise<boolean>,
): Promise<{ settings: Settings; notApplied: Array<{ field: (typeof URL_SETTINGS)[number]; url: string }> }> {
  const wanted = parseSettings({ ...current, ...(fromFile && typeof fromFile === 'object' ? fromFile : {}) });
  const notApplied: Array<{ field: (typeof URL_SETTINGS)[number]; url: string }> = [];
  const out: Settings = { ...wanted };
  for (const field of URL_SETTINGS) {
    const url = wanted[field];
    if (url === current[field] || url === '') continue;
    let ok = false;
    try {
      ok = await canReach(new URL(url).origin);
    } catch {
      ok = false;
    }
    if (!ok) {
      out[field] = current[field];
      notApplied.push({ field, url });
    }
  }
  return { settings: out, notApplied };
}
