import { useLiveQuery } from 'dexie-react-hooks';
import type { AdminGroupRow, AdminRoleRow } from '../../lib/sources/admin/tables.ts';
import type { McpEventRow, PluginRow, PluginServerRow, ToolPolicyRow } from '../../lib/sources/compliance/tables.ts';
import { pageDb } from '../db.ts';

/**
 * Live reads for the Plugins tab, the findings and the lifecycle view. Like ./data.ts, every hook returns
 * `undefined` while loading and reads only published tables (replaced in one transaction per snapshot).
 */

export interface PluginsNote {
  status: 'available' | 'absent' | 'error';
  note: string | null;
  readAt: string | null;
  count: number;
}

/** The plugin read's outcome kept with the snapshot (kv `compliance.plugins`), checked by shape; null when never read. */
export function usePluginsNote(): PluginsNote | null | undefined {
  return useLiveQuery(async () => {
    const v = (await pageDb().kv.get('compliance.plugins'))?.value as Partial<PluginsNote> | undefined;
    if (!v || (v.status !== 'available' && v.status !== 'absent' && v.status !== 'error')) return null;
    return { status: v.status, note: typeof v.note === 'string' ? v.note : null, readAt: typeof v.readAt === 'string' ? v.readAt : null, count: typeof v.count === 'number' ? v.count : 0 };
  }, []);
}

export function usePublishedPlugins(): PluginRow[] | undefined {
  return useLiveQuery(() => pageDb().pubPlugins.toArray(), []);
}

export function usePublishedPlugin(id: string): PluginRow | null | undefined {
  return useLiveQuery(async () => (await pageDb().pubPlugins.get(id)) ?? null, [id]);
}

export function usePluginServers(): PluginServerRow[] | undefined {
  return useLiveQuery(() => pageDb().pubPluginServers.toArray(), []);
}

/** Published plugins that declare the server (matched by name at publish). */
export function usePluginsOfServer(serverId: string): PluginRow[] | undefined {
  return useLiveQuery(async () => {
    const links = await pageDb().pubPluginServers.where('serverIds').equals(serverId).toArray();
    const rows = await pageDb().pubPlugins.bulkGet([...new Set(links.map((l) => l.pluginId))]);
    return rows.filter((r): r is PluginRow => r !== undefined);
  }, [serverId]);
}

export function useServerEvents(serverId: string): McpEventRow[] | undefined {
  return useLiveQuery(() => pageDb().pubMcpEvents.where('serverId').equals(serverId).toArray(), [serverId]);
}

export function useAllMcpEvents(): McpEventRow[] | undefined {
  return useLiveQuery(() => pageDb().pubMcpEvents.toArray(), []);
}

export function useAllToolPolicies(): ToolPolicyRow[] | undefined {
  return useLiveQuery(() => pageDb().pubToolPolicies.toArray(), []);
}

/** Admin API roles and groups (empty until the Admin API is connected and synced). */
export function useAdminRoles(): { roles: AdminRoleRow[]; groups: AdminGroupRow[] } | undefined {
  return useLiveQuery(async () => ({ roles: await pageDb().adminRoles.toArray(), groups: await pageDb().adminGroups.toArray() }), []);
}
