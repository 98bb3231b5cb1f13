/**
 * View models of the inventory page: pure functions from published rows (lib/db/schema.ts) and
 * catalog facts to what the tables and detail pages show. No React, no Dexie: unit-tested in Node.
 */
import type { ActorSummary, McpServerRow, ModelRow, SnapshotRow, ToolPolicyRow } from '../../lib/sources/compliance/tables.ts';

// ---- Catalog facts, as the page needs them (components/inventory/catalog.ts adapts lib/catalog) ----

export type LifecycleKind = 'active' | 'deprecated' | 'retiring' | 'retired';
export interface LifecycleView {
  kind: LifecycleKind;
  /** Badge text: "Deprecated", "Retiring in 12 days", "Retired"; '' for active. */
  label: string;
  /** Retirement date (ISO) when the catalog has one. */
  retiresOn: string | null;
  deprecatedOn: string | null;
}

/** The badge for a model's lifecycle (from lib/catalog `lifecycle(entry, today)`): "Deprecated", "Retiring in N days", "Retired". */
export function lifecycleView(l: { state: string; daysLeft: number | null; retiresOn: string | null; deprecatedOn: string | null }): LifecycleView {
  const base = { retiresOn: l.retiresOn, deprecatedOn: l.deprecatedOn };
  switch (l.state) {
    case 'retired':
      return { ...base, kind: 'retired', label: 'Retired' };
    case 'retiring-soon': {
      const d = Math.max(1, l.daysLeft ?? 1);
      return { ...base, kind: 'retiring', label: `Retiring in ${d} ${d === 1 ? 'day' : 'days'}` };
    }
    case 'deprecated':
      return { ...base, kind: 'deprecated', label: 'Deprecated' };
    default:
      return { ...base, kind: 'active', label: '' };
  }
}

// ---- Models table ----

export const UNKNOWN_MODEL_LABEL = 'Unknown model';
export const UNKNOWN_MODEL_HELP =
  'Chats whose model the Compliance API does not report (legacy chats created before the model was recorded). They are counted here rather than guessed.';

export interface ModelView {
  id: string;
  unknown: boolean;
  /** Catalog display name, else the raw id, else "Unknown model". */
  name: string;
  /** The raw API id shown beneath the name (null for the unknown bucket). */
  rawId: string | null;
  inCatalog: boolean;
  lifecycle: LifecycleView | null;
  added: string | null;
  projects: number;
  organizations: number;
  chats: number;
  deletedChats: number;
  users: number;
  searchText: string;
}

export function toModelView(row: ModelRow, catalog: { displayName: string; lifecycle: LifecycleView } | null): ModelView {
  const unknown = row.model === '';
  const name = unknown ? UNKNOWN_MODEL_LABEL : (catalog?.displayName ?? row.model);
  return {
    id: row.model,
    unknown,
    name,
    rawId: unknown ? null : row.model,
    inCatalog: catalog !== null,
    lifecycle: catalog && catalog.lifecycle.kind !== 'active' ? catalog.lifecycle : null,
    added: row.firstSeen || null,
    projects: row.projects,
    organizations: row.organizations,
    chats: row.chats,
    deletedChats: row.deletedChats,
    users: row.users,
    searchText: unknown ? UNKNOWN_MODEL_LABEL : `${name} ${row.model}`,
  };
}

// ---- MCP servers table ----

export const PRE_AUDIT_BADGE = 'Configured before audit log';
export const PRE_AUDIT_ADDED = 'Before audit log';
export const PRE_AUDIT_HELP =
  'No "MCP server created" event was recorded for this server: it was configured before your organization enabled the Compliance API, which does not record earlier activity. It appears here because of later events, so its creation date and creator are unknown.';
export const DEEP_SCAN_HELP =
  'Unknown: chat usage and projects come only from a deep scan of chat messages (tool calls attributed to this server), which has not run for this snapshot.';
export const CONNECTED_USERS_HELP = 'Users whose latest event for this server is "connected" (not followed by "disconnected").';

export interface ServerView {
  id: string;
  name: string;
  formerNames: string[];
  preAudit: boolean;
  addedAt: string | null;
  /** Sort key for "Added": servers from before the audit log sort first. */
  addedSort: string;
  addedBy: string | null;
  orgUuid: string | null;
  orgName: string | null;
  organizations: number;
  projects: number | null;
  privateProjects: number | null;
  publicProjects: number | null;
  users: number;
  chats: number | null;
  searchText: string;
}

export function orgLabel(uuid: string | null, names: ReadonlyMap<string, string>): string | null {
  if (!uuid) return null;
  return names.get(uuid) ?? uuid;
}

export function toServerView(row: McpServerRow, orgNames: ReadonlyMap<string, string>): ServerView {
  const uuid = row.orgUuid ?? row.orgId;
  const formerNames = uniqueNames(row.names).filter((n) => n !== row.name);
  return {
    id: row.id,
    name: row.name || row.id,
    formerNames,
    preAudit: row.preAudit,
    addedAt: row.preAudit ? null : row.addedAt,
    addedSort: row.preAudit ? '' : (row.addedAt ?? row.firstEventAt),
    addedBy: row.preAudit ? null : actorLabel(row.addedBy),
    orgUuid: uuid,
    orgName: orgLabel(row.orgUuid, orgNames) ?? row.orgId,
    organizations: uuid ? 1 : 0,
    projects: row.projects,
    privateProjects: row.privateProjects,
    publicProjects: row.publicProjects,
    users: row.connectedUsers,
    chats: row.usedInChats,
    searchText: [row.name, ...formerNames, row.id].join(' '),
  };
}

function uniqueNames(names: readonly string[]): string[] {
  return [...new Set(names.filter(Boolean))];
}

// ---- Actors ----

const ACTOR_TYPES: Record<string, string> = {
  user_actor: 'User',
  api_actor: 'API key',
  admin_api_key_actor: 'Admin API key',
  unauthenticated_user_actor: 'Unauthenticated user',
  anthropic_actor: 'Anthropic',
  system_actor: 'Anthropic (automated)',
  service_account_actor: 'Service account',
  scim_directory_sync_actor: 'SCIM directory sync',
  federated_identity_actor: 'Federated identity',
  federated_actor: 'Federated identity',
  attested_device_actor: 'Attested device',
};

/** "admin@example.com", else "Service account svc_01…", else the actor type; null when no actor was recorded. */
export function actorLabel(actor: ActorSummary | null): string | null {
  if (!actor) return null;
  if (actor.email) return actor.email;
  const type = ACTOR_TYPES[actor.type] ?? actor.type.replace(/_actor$/, '').replace(/_/g, ' ');
  return actor.id ? `${type} ${actor.id}` : type;
}

// ---- Tools & permissions ----

import { SERVER_DEFAULT_TOOL_LABEL } from '../../lib/catalog/mcp-permissions.ts';
import { plural, withoutModelNote } from '../format.ts';

export const DEFAULT_TOOL_LABEL = SERVER_DEFAULT_TOOL_LABEL;

export interface ToolPolicyView {
  key: string;
  tool: string;
  name: string;
  isDefault: boolean;
  permission: string;
  permissionLabel: string;
  known: boolean;
  at: string;
  setBy: string;
}

/** Policies for one server: the `*` row first, then tools by name. `label` maps allow/ask/blocked to display labels. */
export function toolPolicyViews(rows: readonly ToolPolicyRow[], label: (permission: string) => { label: string; known: boolean }): ToolPolicyView[] {
  return rows
    .map((r) => {
      const l = label(r.permission);
      return {
        key: `${r.serverId}\u0000${r.tool}`,
        tool: r.tool,
        name: r.tool === '*' ? DEFAULT_TOOL_LABEL : r.tool,
        isDefault: r.tool === '*',
        permission: r.permission,
        permissionLabel: l.label,
        known: l.known,
        at: r.at,
        setBy: actorLabel(r.setBy) ?? 'Unknown',
      };
    })
    .sort((a, b) => (a.isDefault !== b.isDefault ? (a.isDefault ? -1 : 1) : a.tool.localeCompare(b.tool, 'en-US')));
}

// ---- Organizations using a model ----

export interface OrgUsageView {
  uuid: string;
  name: string;
  named: boolean;
  chats: number;
}

export function orgUsageViews(rows: ReadonlyArray<{ value: string; chats: number }>, names: ReadonlyMap<string, string>): OrgUsageView[] {
  return rows
    .map((r) => ({ uuid: r.value, name: names.get(r.value) ?? (r.value || 'Unknown organization'), named: names.has(r.value), chats: r.chats }))
    .sort((a, b) => b.chats - a.chats || a.name.localeCompare(b.name, 'en-US'));
}

// ---- Snapshot header ----


/**
 * The Models table's count: models only, the bucket of chats without a model said separately
 * ("8 models + 3 chats without a model"; "Showing 2 of 8 models" while searching).
 */
export function modelCountText(shown: readonly ModelView[], all: readonly ModelView[], searching: boolean): string {
  const named = all.filter((m) => !m.unknown).length;
  const note = withoutModelNote(all.find((m) => m.unknown)?.chats ?? 0);
  if (searching) return `Showing ${shown.filter((m) => !m.unknown).length.toLocaleString('en-US')} of ${plural(named, 'model')}`;
  return note ? `${plural(named, 'model')} ${note}` : plural(named, 'model');
}

export function snapshotSummary(s: SnapshotRow): string[] {
  const note = withoutModelNote(s.counts.chatsWithoutModel ?? 0);
  return [
    `${plural(s.counts.models, 'model')}${note ? ` (${note})` : ''}`,
    `${s.counts.mcpServers.toLocaleString('en-US')} MCP ${s.counts.mcpServers === 1 ? 'server' : 'servers'}`,
    `${s.counts.organizations.toLocaleString('en-US')} ${s.counts.organizations === 1 ? 'organization' : 'organizations'}`,
    `${s.counts.users.toLocaleString('en-US')} ${s.counts.users === 1 ? 'user' : 'users'}`,
    `${s.counts.chats.toLocaleString('en-US')} ${s.counts.chats === 1 ? 'chat' : 'chats'}`,
  ];
}

export function skippedSummary(skipped: Record<string, number>): string | null {
  const parts = Object.entries(skipped)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `${n.toLocaleString('en-US')} ${kind}`);
  return parts.length ? parts.join(', ') : null;
}

export type ChangeRow = SnapshotRow['changes'][number];
const CHANGE_KIND: Record<ChangeRow['kind'], string> = { model: 'Model', mcpServer: 'MCP server', toolPolicy: 'Tool permission' };
const CHANGE_VERB: Record<ChangeRow['change'], string> = { added: 'Added', removed: 'Removed', changed: 'Changed' };

export interface ChangeView {
  key: string;
  change: ChangeRow['change'];
  verb: string;
  kind: string;
  label: string;
  detail: string;
  /** Where the change can be seen, when the item still exists. */
  href: { view: 'model' | 'mcp-server'; id: string; tab?: string } | null;
}

/** A tool policy change's id is "<server id>/<tool>" (lib/ingest/publish.ts); its server stays listed even when the policy was cleared. */
function changeTarget(c: ChangeRow): ChangeView['href'] {
  if (c.kind === 'toolPolicy') {
    const slash = c.id.indexOf('/');
    return { view: 'mcp-server', id: slash >= 0 ? c.id.slice(0, slash) : c.id, tab: 'tools' };
  }
  if (c.change === 'removed') return null;
  if (c.kind === 'model') return { view: 'model', id: c.id };
  if (c.kind === 'mcpServer') return { view: 'mcp-server', id: c.id };
  return null;
}

/** Added first, then changed, then removed; each group in the order the snapshot recorded. */
export function changeViews(changes: readonly ChangeRow[]): ChangeView[] {
  const order = { added: 0, changed: 1, removed: 2 } as const;
  return changes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => order[a.c.change] - order[b.c.change] || a.i - b.i)
    .map(({ c, i }) => ({
      key: `${i}`,
      change: c.change,
      verb: CHANGE_VERB[c.change] ?? c.change,
      kind: CHANGE_KIND[c.kind] ?? c.kind,
      label: c.label,
      detail: c.detail,
      href: changeTarget(c),
    }));
}
