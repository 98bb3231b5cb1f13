import type { PluginRow, PluginServerRow } from '../sources/compliance/tables.ts';
import { PROPERTY_PREFIX, type BomExtraItem, type BomProperty } from './cyclonedx.ts';

/**
 * Plugins (admin-api.md §6) as BOM items for {@link inventoryBomJson}'s `extra`: every published plugin
 * as an `application` component — owner, reach, content-scan status, assessment and reason, installation
 * preference, served and latest version as properties, its other declared components (skills, hooks, …)
 * listed — and each MCP server it declares as a service the plugin depends on, linked to the inventory's
 * MCP servers of the same name ([inferred] name match, as the Plugins tab shows it).
 */
const P = (name: string) => `${PROPERTY_PREFIX}:${name}`;

function props(list: Array<[string, string | number | boolean | null | undefined]>): BomProperty[] {
  const out: BomProperty[] = [];
  for (const [name, value] of list) if (value !== null && value !== undefined && value !== '') out.push({ name: P(name), value: String(value) });
  return out;
}

export const pluginBomRef = (id: string) => `plugin:${id}`;
export const pluginServerBomRef = (pluginId: string, name: string) => `plugin:${pluginId}:mcp-server:${name}`;

function owner(p: PluginRow): string {
  if (p.ownerType === 'organization') return 'organization';
  return p.ownerEmail ?? p.ownerUserId ?? p.ownerType;
}

export function pluginBomItems(plugins: readonly PluginRow[], pluginServers: readonly PluginServerRow[] = []): BomExtraItem[] {
  const matched = new Map(pluginServers.map((s) => [`${s.pluginId}\u0000${s.name}`, s.serverIds]));
  const items: BomExtraItem[] = [];
  for (const p of [...plugins].sort((a, b) => a.id.localeCompare(b.id))) {
    const declared = (p.components ?? []).filter((c) => c.type === 'mcp_server');
    // Servers the manifest declares, also where only the joined table knows them (components not enumerated).
    const serverNames = [...new Set([...declared.map((c) => c.name), ...pluginServers.filter((s) => s.pluginId === p.id).map((s) => s.name)])].sort();
    const list: Array<[string, string | number | boolean | null | undefined]> = [
      ['plugin:id', p.id],
      ['plugin:name', p.name],
      ['plugin:owner', owner(p)],
      ['plugin:ownerType', p.ownerType],
      ['plugin:ownerUserId', p.ownerUserId],
      ['plugin:marketplaceId', p.marketplaceId],
      ['plugin:reach', p.reach ?? 'not computed'],
      ['plugin:scan:status', p.scan ? p.scan.status : 'never scanned'],
      ['plugin:scan:assessment', p.scan?.assessment],
      ['plugin:scan:reason', p.scan?.reason],
      ['plugin:installationPreference', p.installationPreference],
      ['plugin:installationPreferenceInherited', p.installationPreferenceInherited],
      ['plugin:servedVersion', p.manifestVersion],
      ['plugin:servedVersionId', p.servedVersionId],
      ['plugin:servedVersionPinned', p.servedVersionPinned],
      ['plugin:latestVersion', p.servedVersionId === p.latestVersionId ? p.manifestVersion : (p.latest?.manifestVersion ?? null)],
      ['plugin:latestVersionId', p.latestVersionId],
      ['plugin:latestIsServed', p.servedVersionId === p.latestVersionId],
      ['plugin:latest:reach', p.servedVersionId === p.latestVersionId ? null : p.latest?.reach],
      ['plugin:latest:scan:assessment', p.servedVersionId === p.latestVersionId ? null : p.latest?.scan?.assessment],
      ['plugin:componentsEnumerated', p.components !== null],
      ['plugin:createdAt', p.createdAt],
      ['plugin:updatedAt', p.updatedAt],
    ];
    for (const c of (p.components ?? []).filter((c) => c.type !== 'mcp_server')) list.push([`plugin:component:${c.type}`, c.name]);
    items.push({
      kind: 'component',
      type: 'application',
      name: p.displayName || p.name,
      ...(p.manifestVersion ? { version: p.manifestVersion } : {}),
      ...(p.description ? { description: p.description } : {}),
      bomRef: pluginBomRef(p.id),
      properties: props(list),
      dependsOn: serverNames.map((n) => pluginServerBomRef(p.id, n)),
    });
    for (const name of serverNames) {
      const ids = matched.get(`${p.id}\u0000${name}`) ?? [];
      items.push({
        kind: 'service',
        name,
        description: `MCP server declared by the plugin ${p.displayName || p.name}`,
        bomRef: pluginServerBomRef(p.id, name),
        properties: props([['mcp:declaredByPlugin', p.id], ['plugin:reach', p.reach], ...ids.map((id): [string, string] => ['mcp:inventoryServerId', id])]),
      });
    }
  }
  return items;
}
