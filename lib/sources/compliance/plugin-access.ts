import { z } from 'zod';
import { isApiError } from '../../api/http/index.ts';
import { parseItems } from '../../util/items.ts';

/**
 * Who a plugin reaches beyond its organization-wide preference (admin-api.md §6.4): the per-group
 * installation settings (a group's own setting overrides the organization-wide one for its members) and,
 * for member-owned plugins, its shares. Read on demand for one plugin with the Compliance key, as the
 * plugins phase reads the list ([inferred] the Compliance key's `read:compliance_org_data` reaches these
 * reads too: §6.1 names plugin reads in general). Unknown target types and preferences stay strings.
 */
const Target = z.looseObject({ type: z.string(), rbac_group_id: z.string().optional(), user_id: z.string().optional() });
export const InstallationSettingSchema = z.looseObject({
  plugin_id: z.string().optional(),
  target: Target,
  installation_preference: z.string().nullable().optional(),
  created_at: z.string().nullable().optional(),
  updated_at: z.string().nullable().optional(),
});
export const PluginShareSchema = z.looseObject({ plugin_id: z.string().optional(), target: Target, granted_at: z.string().nullable().optional() });
export type InstallationSetting = z.infer<typeof InstallationSettingSchema>;
export type PluginShare = z.infer<typeof PluginShareSchema>;

export const PluginAccessSchema = z.object({
  settings: z.array(z.object({ targetType: z.string(), groupId: z.string().nullable(), preference: z.string().nullable(), updatedAt: z.string().nullable() })),
  shares: z.array(z.object({ targetType: z.string(), groupId: z.string().nullable(), userId: z.string().nullable(), grantedAt: z.string().nullable() })),
  /** Why a list could not be read (feature absent, refused), or null. */
  note: z.string().nullable(),
});
export type PluginAccess = z.infer<typeof PluginAccessSchema>;

/** What reading the two lists needs of the Compliance client. */
export interface PluginAccessSource {
  pluginInstallationSettings(pluginId: string, page: string | null, signal?: AbortSignal): Promise<{ data: unknown[]; next_page?: string | null | undefined }>;
  pluginShares(pluginId: string, page: string | null, signal?: AbortSignal): Promise<{ data: unknown[]; next_page?: string | null | undefined }>;
}

/** Pages a plugin holds few settings and shares; a server that keeps answering pages is stopped here. */
const MAX_PAGES = 20;

async function all<T>(read: (page: string | null) => Promise<{ data: unknown[]; next_page?: string | null | undefined }>, schema: z.ZodType<T>): Promise<T[]> {
  const out: T[] = [];
  let page: string | null = null;
  for (let n = 0; n < MAX_PAGES; n++) {
    const res = await read(page);
    out.push(...parseItems(schema, res.data).items);
    if (!res.next_page || res.data.length === 0) break;
    page = res.next_page;
  }
  return out;
}

function refusal(err: unknown, what: string): string | undefined {
  if (!isApiError(err)) return undefined;
  if (err.status === 404) return `The ${what} of this plugin could not be read: the Plugins API answered "not found" (the plugin may have been deleted, or the feature is not enabled for the organization).`;
  if (err.status === 403) return `The Compliance key is not allowed to read the ${what} of this plugin.`;
  if (err.status === 400) return `The Plugins API refused to list the ${what} of this plugin${err.errorCode ? ` (${err.errorCode})` : ''}.`;
  return undefined;
}

/** Both lists of one plugin; a refused list becomes a note (the other is still read), any other failure throws. */
export async function readPluginAccess(client: PluginAccessSource, pluginId: string, signal?: AbortSignal): Promise<PluginAccess> {
  const notes: string[] = [];
  let settings: InstallationSetting[] = [];
  let shares: PluginShare[] = [];
  try {
    settings = await all((p) => client.pluginInstallationSettings(pluginId, p, signal), InstallationSettingSchema);
  } catch (err) {
    const why = refusal(err, 'installation settings');
    if (!why) throw err;
    notes.push(why);
  }
  try {
    shares = await all((p) => client.pluginShares(pluginId, p, signal), PluginShareSchema);
  } catch (err) {
    const why = refusal(err, 'shares');
    if (!why) throw err;
    notes.push(why);
  }
  return {
    settings: settings.map((s) => ({ targetType: s.target.type, groupId: s.target.rbac_group_id ?? null, preference: s.installation_preference ?? null, updatedAt: s.updated_at ?? s.created_at ?? null })),
    shares: shares.map((s) => ({ targetType: s.target.type, groupId: s.target.rbac_group_id ?? null, userId: s.target.user_id ?? null, grantedAt: s.granted_at ?? null })),
    note: notes.length > 0 ? notes.join(' ') : null,
  };
}
