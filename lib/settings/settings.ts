import { z } from 'zod';
import { checkBaseUrl, type UrlField } from '../util/base-url.ts';

export const DEFAULT_API_BASE_URL = 'https://api.anthropic.com';

/**
 * An address checked by the one URL validator (lib/util/base-url.ts): https (http only on loopback,
 * for the local sandbox), no user name or password, no query or fragment; stored normalised.
 */
const baseUrl = (field: UrlField, allowEmpty = false) =>
  z.string().transform((value, ctx) => {
    if (allowEmpty && value.trim() === '') return '';
    const check = checkBaseUrl(value, field);
    if (check.ok) return check.url;
    ctx.addIssue({ code: 'custom', message: check.message });
    return z.NEVER;
  });

/** Settings kept in storage.local. No secret ever lives here (see lib/keys). */
export const SettingsSchema = z.object({
  schemaVersion: z.literal(1).default(1),
  complianceBaseUrl: baseUrl('compliance').default(DEFAULT_API_BASE_URL),
  analyticsBaseUrl: baseUrl('analytics').default(DEFAULT_API_BASE_URL),
  /** SCIM endpoint URL (not a secret; the token is). Empty until the admin sets it. */
  scimUrl: baseUrl('scim', true).default(''),
  adminBaseUrl: baseUrl('admin').default(DEFAULT_API_BASE_URL),
  /** Requests per minute this extension allows itself (a guest on the organization's shared budget). */
  budgets: z
    .object({
      compliance: z.number().int().min(1).max(600).default(300),
      analytics: z.number().int().min(1).max(60).default(30),
      scim: z.number().int().min(1).max(1000).default(240),
      // The Admin API's rate limit is not documented: budget like the Analytics API until measured.
      admin: z.number().int().min(1).max(600).default(30),
    })
    .default({ compliance: 300, analytics: 30, scim: 240, admin: 30 }),
  schedule: z.enum(['off', 'hourly', 'daily']).default('off'),
  /** Analytics collection: hours between polls once connected (0 = only on demand). Engagement data is daily and spend refreshes about every 4 hours. */
  analyticsPollHours: z.number().int().min(0).max(24).default(6),
  /** SCIM sync: minutes between syncs once connected (0 = only on demand). */
  scimSyncMinutes: z.number().int().min(0).max(1440).default(60),
  /** Admin API sync: minutes between syncs once connected (0 = only on demand). */
  adminSyncMinutes: z.number().int().min(0).max(1440).default(60),
  /** Changes through the Admin API (direct group membership, removing members) are off until the admin allows them. */
  adminWritesEnabled: z.boolean().default(false),
  /** Lock the "Encrypted on this device" keys after this many minutes without use; 0 = never. */
  autoLockMinutes: z.number().int().min(0).max(1440).default(0),
  /**
   * Alert rules (lib/alerts): every rule is on unless switched off here (rule id → false). Browser
   * notifications also need the optional `notifications` permission, asked for when the admin turns them on;
   * without it alerts are still listed in the Changes view.
   */
  alerts: z
    .object({
      notify: z.boolean().default(true),
      rules: z.record(z.string().max(64), z.boolean()).default({}),
    })
    .default({ notify: true, rules: {} }),
  /** Optional scan of chat messages for MCP tool use (one request per chat), off by default. */
  deepScan: z
    .object({
      enabled: z.boolean().default(false),
      days: z.number().int().min(1).max(90).default(7),
      maxChats: z.number().int().min(1).max(10_000).default(500),
      /** Largest share of the Compliance request budget the scan may use. */
      budgetShare: z.number().min(0.01).max(0.5).default(0.2),
    })
    .default({ enabled: false, days: 7, maxChats: 500, budgetShare: 0.2 }),
});
export type Settings = z.infer<typeof SettingsSchema>;
export type SettingsInput = z.input<typeof SettingsSchema>;

export const SETTINGS_KEY = 'settings';

/** Reads stored settings, falling back field by field to defaults when something stored is invalid. */
export function parseSettings(raw: unknown): Settings {
  const full = SettingsSchema.safeParse(raw ?? {});
  if (full.success) return full.data;
  const base = SettingsSchema.parse({});
  if (raw === null || typeof raw !== 'object') return base;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(raw)) {
    const one = SettingsSchema.safeParse({ [key]: value });
    if (one.success) out[key] = (one.data as Record<string, unknown>)[key];
  }
  return SettingsSchema.parse(out);
}

export interface SettingsStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export async function loadSettings(store: SettingsStore): Promise<Settings> {
  return parseSettings(await store.get(SETTINGS_KEY));
}

/** Validates a patch against the schema and saves the merged result; throws a readable zod error. */
export async function saveSettings(store: SettingsStore, patch: Partial<SettingsInput>): Promise<Settings> {
  const current = await loadSettings(store);
  const parsed = SettingsSchema.safeParse({ ...current, ...patch });
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'Invalid settings.');
  const next = parsed.data;
  await store.set(SETTINGS_KEY, next);
  return next;
}
