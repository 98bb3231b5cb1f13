import { z } from 'zod';
import { defineKv } from '../../db/kv.ts';
import { syncTable } from './publish.ts';
import type { ActorSummary, ComplianceDb, McpEventRow, McpServerRow, PluginComponent, PluginRow, PluginScan, PluginServerRow } from './tables.ts';

/**
 * Plugins (admin-api.md §6, beta) as part of the Compliance snapshot. The Plugins API is read with the
 * Compliance key the extension already holds (`read:compliance_org_data`) and the beta header; without the
 * header, or for an organization without the feature, the API answers 404 (HIPAA-ready and non-Enterprise
 * organizations: 400 or 404 [unverified which]). An absent feature is a plain note, never a failed snapshot.
 *
 * Only list and version-metadata reads are sent. Plugin archives (`…/versions/{v}/content`) are never
 * downloaded: a download of a member-owned plugin can be recorded in the audit feed (§6.2).
 */

export const PLUGINS_BETA = 'ce-plugins-2026-09-01';
/** `limit` of the plugin list. The API states no default or maximum [unverified]; 100 is a conservative page. */
export const PLUGINS_PAGE_SIZE = 100;
/** Versions read one by one (only where the latest is not the served one), at most this many per run. */
export const MAX_VERSION_READS = 50;

const nullableString = z.string().nullable().optional().catch(null);

const ComponentSchema = z.looseObject({ type: z.string(), name: z.string(), description: nullableString });
const ScanSchema = z.looseObject({ status: z.string(), assessment: nullableString, reason: nullableString });
const ActorSchema = z.looseObject({ type: z.string(), user_id: nullableString, email_address: nullableString, api_key_id: nullableString });

export const PluginSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  display_name: nullableString,
  description: nullableString,
  marketplace_id: nullableString,
  owner: z.looseObject({ type: z.string(), user_id: nullableString }).nullable().optional(),
  created_by: ActorSchema.nullable().optional().catch(null),
  reach: nullableString,
  components: z.array(ComponentSchema).nullable().optional(),
  content_scan: ScanSchema.nullable().optional(),
  organization_installation_preference: nullableString,
  organization_installation_preference_inherited: z.boolean().nullable().optional().catch(null),
  served_version_id: z.string(),
  latest_version_id: z.string(),
  served_version_pinned: z.boolean().nullable().optional().catch(null),
  manifest_version: nullableString,
  created_at: z.string(),
  updated_at: z.string(),
});
export type Plugin = z.infer<typeof PluginSchema>;

export const PluginVersionSchema = z.looseObject({
  id: z.string(),
  plugin_id: z.string().optional(),
  reach: nullableString,
  components: z.array(ComponentSchema).nullable().optional(),
  content_scan: ScanSchema.nullable().optional(),
  manifest_version: nullableString,
  created_at: nullableString,
});
export type PluginVersion = z.infer<typeof PluginVersionSchema>;

/** `PageCursor` (admin-api.md §1.5): `data[]` and `next_page`; stop when `next_page` is empty. */
export const PluginPageSchema = z.looseObject({ data: z.array(z.unknown()), next_page: z.string().nullable().optional() });

function scanOf(s: z.infer<typeof ScanSchema> | null | undefined): PluginScan | null {
  return s ? { status: s.status, assessment: s.assessment ?? null, reason: s.reason ?? null } : null;
}

function componentsOf(c: Array<z.infer<typeof ComponentSchema>> | null | undefined): PluginComponent[] | null {
  return c ? c.map((x) => ({ type: x.type, name: x.name, description: x.description ?? null })) : null;
}

function actorOf(a: z.infer<typeof ActorSchema> | null | undefined): ActorSummary | null {
  if (!a) return null;
  if (a.type === 'user_actor') return { type: a.type, id: a.user_id ?? null, email: a.email_address ?? null };
  if (a.type === 'api_actor') return { type: a.type, id: a.api_key_id ?? null, email: null };
  return { type: a.type, id: null, email: null };
}

/** The stored form of a listed plugin. */
export function pluginRow(p: Plugin, gen: number): PluginRow {
  const createdBy = actorOf(p.created_by);
  const ownerType = p.owner?.type ?? 'unknown';
  const ownerUserId = p.owner?.user_id ?? null;
  return {
    id: p.id,
    name: p.name,
    displayName: p.display_name ?? null,
    description: p.description ?? null,
    marketplaceId: p.marketplace_id ?? null,
    ownerType,
    ownerUserId,
    ownerEmail: ownerUserId && createdBy?.id === ownerUserId ? createdBy.email : null,
    createdBy,
    reach: p.reach ?? null,
    components: componentsOf(p.components),
    scan: scanOf(p.content_scan),
    installationPreference: p.organization_installation_preference ?? null,
    installationPreferenceInherited: p.organization_installation_preference_inherited ?? null,
    servedVersionId: p.served_version_id,
    latestVersionId: p.latest_version_id,
    servedVersionPinned: p.served_version_pinned ?? null,
    manifestVersion: p.manifest_version ?? null,
    latest: null,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
    gen,
  };
}

export function latestOf(v: PluginVersion): NonNullable<PluginRow['latest']> {
  return { manifestVersion: v.manifest_version ?? null, reach: v.reach ?? null, scan: scanOf(v.content_scan), createdAt: v.created_at ?? null };
}

// ---- Outcome of a run's plugin read, said with the snapshot ----

export const PluginsStateSchema = z.object({
  /** available: read completely; absent: the organization has no Plugins API; error: could not be read this time. */
  status: z.enum(['available', 'absent', 'error']),
  /** A plain sentence for the admin (null when there is nothing to say). */
  note: z.string().nullable(),
  /** When the plugins were last read completely (or found absent). */
  readAt: z.string().nullable(),
  /** The run generation whose working rows are the published plugins. */
  gen: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
});
export type PluginsState = z.infer<typeof PluginsStateSchema>;

/** Written only when a snapshot publishes, in the publish transaction. */
export const PLUGINS_STATE = defineKv('compliance.plugins', PluginsStateSchema);

/** HTTP refusals that mean "this organization has no Plugins API here", with what to tell the admin. */
export function absentFeatureNote(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const { status, errorCode: code } = err as { status?: unknown; errorCode?: unknown };
  if (typeof status !== 'number') return null;
  if (status === 404) {
    return 'Plugins are not available for this organization: the Plugins API (beta) answered “not found”. It serves Claude Enterprise organizations without HIPAA readiness; nothing to do unless you expect plugins here.';
  }
  if (status === 403) {
    return 'The Compliance key may not read plugins (the Plugins API needs read:compliance_org_data). Plugins are not listed; the rest of the inventory is complete.';
  }
  if (status === 400) {
    return `Plugins are not available for this organization${typeof code === 'string' && code ? ` (${code})` : ''}: the Plugins API (beta) is not offered to it.`;
  }
  return null;
}

/** A transient failure of the plugin read: the previous plugin list stays published. */
export function pluginErrorNote(err: unknown): string {
  const detail = err instanceof Error ? err.message : String(err);
  return `Plugins could not be read in this snapshot (${detail}); the plugins from the previous snapshot are still shown.`;
}

// ---- Publishing ----

/** Tables publishPlugins and publishMcpHistory touch; list them in the publish transaction. */
export const PLUGIN_PUBLISH_TABLES = ['plugins', 'pubPlugins', 'pubPluginServers', 'mcpEvents', 'pubMcpEvents', 'users'] as const;

const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase();

/**
 * The inventory servers an MCP server declared by a plugin corresponds to. The manifest key and the name an
 * admin gave the server in claude.ai are matched by name (case and spacing ignored, any of the server's names):
 * an [inferred] join, since the Plugins API gives no server id.
 */
export function matchServers(name: string, servers: readonly Pick<McpServerRow, 'id' | 'name' | 'names'>[]): string[] {
  const n = norm(name);
  if (n === '') return [];
  return servers.filter((s) => norm(s.name) === n || s.names.some((x) => norm(x) === n)).map((s) => s.id).sort();
}

export function pluginServerRows(plugins: readonly PluginRow[], servers: readonly Pick<McpServerRow, 'id' | 'name' | 'names'>[]): PluginServerRow[] {
  const rows: PluginServerRow[] = [];
  for (const p of plugins) {
    const seen = new Set<string>();
    for (const c of p.components ?? []) {
      if (c.type !== 'mcp_server' || seen.has(c.name)) continue;
      seen.add(c.name);
      rows.push({ pluginId: p.id, name: c.name, serverIds: matchServers(c.name, servers) });
    }
  }
  return rows;
}

async function replace<T>(table: { clear(): Promise<unknown>; bulkPut(rows: readonly T[]): Promise<unknown> }, rows: readonly T[]): Promise<void> {
  await table.clear();
  if (rows.length > 0) await table.bulkPut(rows);
}

export interface PluginRunResult {
  status: PluginsState['status'];
  note: string | null;
}

/**
 * Publishes what this run learned about plugins (inside the snapshot's publish transaction). A run that read
 * the plugins completely, or found the feature absent, replaces the published plugins; a run that did not
 * read them (an incremental refresh) or failed to keeps the previous ones and their note.
 */
export async function publishPlugins(db: ComplianceDb, run: PluginRunResult | undefined, gen: number, at: string, servers: readonly McpServerRow[]): Promise<PluginsState | undefined> {
  const previous = await PLUGINS_STATE.read(db);
  if (run === undefined || run.status === 'error') {
    // Partial rows of a failed read never publish; the previous list (and its server links) stays.
    if (previous?.gen !== gen) await db.plugins.where('gen').equals(gen).delete();
    const keep = previous ?? { status: 'available' as const, note: null, readAt: null, gen: 0, count: 0 };
    const state: PluginsState = run?.status === 'error' ? { ...keep, note: run.note } : keep;
    if (previous !== undefined || run !== undefined) await PLUGINS_STATE.write(db, state);
    // Server names can change without a plugin read: re-join the published plugins to the current servers.
    await replace(db.pubPluginServers, pluginServerRows(await db.pubPlugins.toArray(), servers));
    return state;
  }
  await db.plugins.where('gen').notEqual(gen).delete();
  const rows = run.status === 'absent' ? [] : await db.plugins.where('gen').equals(gen).toArray();
  if (run.status === 'absent') await db.plugins.clear();
  // Owners' emails from the directory, where the API gave only a user id.
  const missing = [...new Set(rows.filter((r) => r.ownerUserId && !r.ownerEmail).map((r) => r.ownerUserId!))];
  if (missing.length > 0) {
    const emails = new Map<string, string>();
    await db.users.where('id').anyOf(missing).each((u) => void emails.set(u.id, u.email));
    for (const r of rows) if (r.ownerUserId && !r.ownerEmail) r.ownerEmail = emails.get(r.ownerUserId) ?? null;
  }
  await replace(db.pubPlugins, rows);
  await replace(db.pubPluginServers, pluginServerRows(rows, servers));
  const state: PluginsState = { status: run.status, note: run.note, readAt: at, gen, count: rows.length };
  await PLUGINS_STATE.write(db, state);
  return state;
}

const CONNECTION_TYPES = new Set(['integration_user_connected', 'integration_user_disconnected']);

/**
 * The MCP event history of the published servers, for findings: every tool-policy change (with its event id)
 * and other server event, but only the latest connect/disconnect per server (there is one per member, and the
 * count is on the server row). Only rows that changed are written, so a quiet refresh writes almost nothing.
 */
export async function publishMcpHistory(db: ComplianceDb, servers: readonly McpServerRow[]): Promise<void> {
  const ids = new Set(servers.map((s) => s.id));
  const rows: McpEventRow[] = [];
  const latestConnection = new Map<string, McpEventRow>();
  await db.mcpEvents.each((e) => {
    if (e.serverId === null || !ids.has(e.serverId)) return;
    if (CONNECTION_TYPES.has(e.type)) {
      const prev = latestConnection.get(e.serverId);
      if (!prev || prev.at < e.at || (prev.at === e.at && prev.id < e.id)) latestConnection.set(e.serverId, e);
      return;
    }
    rows.push(e.type === 'mcp_tool_policy_updated' && e.tool === undefined ? withPolicyFromSummary(e) : e);
  });
  rows.push(...latestConnection.values());
  await syncTable(db.pubMcpEvents, await db.pubMcpEvents.toArray(), rows, (e) => e.id);
}

const DEFAULT_TOOL_LABEL = 'All tools (server-wide default)';
const PERMISSION_BY_LABEL: Record<string, string | null> = { 'Always allow': 'allow', 'Needs approval': 'ask', Blocked: 'blocked', 'restriction cleared': null };

/** Rows recorded before v10 carry the tool and permission only in their summary (`<tool> → <label>`). */
export function withPolicyFromSummary(e: McpEventRow): McpEventRow {
  const at = e.summary.lastIndexOf(' → ');
  if (at < 0) return e;
  const toolText = e.summary.slice(0, at);
  const label = e.summary.slice(at + 3);
  const tool = toolText === DEFAULT_TOOL_LABEL ? '*' : toolText;
  const permission = label in PERMISSION_BY_LABEL ? PERMISSION_BY_LABEL[label]! : label;
  return { ...e, tool, permission };
}
