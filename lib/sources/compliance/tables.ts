import type { Table } from 'dexie';
import type { CoreDb, SchemaVersion } from '../../db/schema.ts';

/**
 * The Compliance source's tables: row types, their schema versions, and the typed view of the
 * database the source's code uses ({@link ComplianceDb}). Working tables are written page by page by
 * the snapshot job and never read by pages; the pub* tables hold the last complete snapshot and are
 * replaced in one transaction when a run publishes.
 */

/** A who-did-it summary of an activity's actor (no IPs or user agents are kept). */
export interface ActorSummary {
  type: string;
  id: string | null;
  email: string | null;
}

// ---- Compliance snapshot: working tables (written by ingestion, never read by pages) ----

/** One chat's contribution to the model inventory. '' stands for "none" (unknown model, no project, no user). */
export interface ChatRow {
  id: string;
  model: string;
  org: string;
  project: string;
  user: string;
  createdAt: string;
  updatedAt: string;
  deleted: 0 | 1;
}

/**
 * Chat contributions are stored in batches (column arrays sorted by id), one row per committed page
 * batch, with a Bloom filter row per batch; see lib/ingest/derive/chat-store.ts.
 */
export interface ChatBatchRow {
  seq: number;
  ids: string[];
  model: string[];
  org: string[];
  project: string[];
  user: string[];
  createdAt: string[];
  updatedAt: string[];
  /** 0, 1 (soft-deleted), or 2 (removed: a tombstone shadowing older batches). */
  deleted: number[];
}

/**
 * The packed form of a batch (written since the 5M-chat measurement; the array form above is still
 * read): ids share a prefix and are stored as one string, the model/org/project/user values as indices
 * into the batch's own dictionary (typed arrays), timestamps as epoch milliseconds: 64 bytes per chat
 * serialized instead of 183 for the array form (scripts/bench/chat-store-bytes.ts); see derive/chat-store.ts.
 */
export interface PackedChatBatchRow {
  seq: number;
  v: 2;
  /** The prefix every id of the batch shares. */
  prefix: string;
  /** The rest of each id, sorted, joined by '\n'. */
  ids: string;
  dict: string[];
  model: Uint16Array | Uint32Array;
  org: Uint16Array | Uint32Array;
  project: Uint16Array | Uint32Array;
  user: Uint16Array | Uint32Array;
  /** Epoch ms (NaN for a tombstone's none), when `time` is 's' (…:SSZ) or 'ms' (…:SS.sssZ); else the strings joined by '\n'. */
  time: 's' | 'ms' | 'text';
  createdAt: Float64Array | string;
  updatedAt: Float64Array | string;
  deleted: Uint8Array;
}

export interface ChatFilterRow {
  seq: number;
  bits: Uint8Array;
  m: number;
  maxUpdatedAt: string;
  count: number;
}

export type UsageDim = 'org' | 'project' | 'user';
/**
 * How many chats of `model` have each value of `dim` (only values with a count > 0). One row per
 * (model, dim) rather than per value: a page of 1,000 chats then touches a few dozen rows instead of
 * thousands, which is what makes ingestion fast in IndexedDB.
 */
export interface ModelUsageRow {
  model: string;
  dim: UsageDim;
  counts: Record<string, number>;
}

export interface ModelRow {
  model: string;
  chats: number;
  deletedChats: number;
  projects: number;
  organizations: number;
  users: number;
  /** Earliest chat created_at ever seen with this model ("Added"). Never moves later. */
  firstSeen: string;
  firstUserId: string | null;
  firstUserEmail: string | null;
}

export interface McpServerRow {
  id: string;
  name: string;
  /** Every name the server had, oldest first. */
  names: string[];
  orgUuid: string | null;
  orgId: string | null;
  /** created_at of mcp_server_created; null when the server predates the audit log. */
  addedAt: string | null;
  addedBy: ActorSummary | null;
  firstEventAt: string;
  lastEventAt: string;
  deleted: 0 | 1;
  deletedAt: string | null;
  deletedBy: ActorSummary | null;
  /** No mcp_server_created event was seen: configured before the Compliance API recorded activity. */
  preAudit: boolean;
  managedAuthMode: string | null;
  connectedUsers: number;
  /** From the optional deep scan; null until one ran. */
  usedInChats: number | null;
  projects: number | null;
  privateProjects: number | null;
  publicProjects: number | null;
}

export interface McpConnectionRow {
  serverId: string;
  userId: string;
  email: string | null;
  connected: 0 | 1;
  at: string;
}

export interface ToolPolicyRow {
  serverId: string;
  tool: string;
  /** allow | ask | blocked, or a value this version does not know (kept as sent). */
  permission: string;
  at: string;
  setBy: ActorSummary | null;
}

/** The MCP-related events kept as history (small: only the MCP/connector/integration types). */
export interface McpEventRow {
  id: string;
  serverId: string | null;
  type: string;
  at: string;
  actor: ActorSummary | null;
  summary: string;
  /** For mcp_tool_policy_updated: the tool and the max_permission it set (null = cleared). Absent on rows written before v10. */
  tool?: string;
  permission?: string | null;
}

/** Directory rows carry the generation of the directory read that last saw them; older ones are removed at publish. */
export interface OrgRow {
  uuid: string;
  name: string;
  createdAt: string | null;
  gen: number;
}
export interface UserRow {
  key: string; // orgUuid + ':' + userId
  id: string;
  org: string;
  email: string;
  fullName: string;
  role: string;
  createdAt: string | null;
  gen: number;
}
export interface GroupRow {
  id: string;
  name: string;
  description: string | null;
  source: string;
  roles: string[];
  gen: number;
}
export interface GroupMemberRow {
  groupId: string;
  userId: string;
  email: string;
  gen: number;
}
export interface RoleRow {
  key: string; // orgUuid + ':' + roleId
  id: string;
  org: string;
  name: string;
  description: string | null;
  gen: number;
}
export interface ProjectRow {
  id: string;
  name: string;
  org: string;
  isPrivate: boolean;
  deletedAt: string | null;
  creatorId: string | null;
  createdAt: string;
  updatedAt: string;
  gen: number;
}
export interface OrgSettingsRow {
  org: string;
  settings: Array<{ name: string; type: string; value: unknown }>;
  apiKeys: Array<{ id: string; name: string; scopes: string[]; isActive: boolean; createdAt: string | null }>;
  gen: number;
}

// ---- Published snapshot (what pages read; replaced in one transaction when a run completes) ----

export interface SnapshotRow {
  id: string;
  startedAt: string;
  completedAt: string;
  kind: 'full' | 'incremental';
  requests: number;
  durationMs: number;
  counts: {
    /** Named models only; chats that report no model are counted in `chatsWithoutModel`. */
    models: number;
    /** Chats in the bucket without a model (absent on snapshots published before it was counted). */
    chatsWithoutModel?: number;
    mcpServers: number;
    users: number;
    organizations: number;
    chats: number;
    groups: number;
    projects: number;
  };
  /** Records the run could not understand (unknown shapes), by kind; they were skipped, not fatal. */
  skipped: Record<string, number>;
  /** Said with the snapshot, e.g. why it was read from scratch (another API host or parent organization). */
  note?: string;
  /** What changed compared with the previous snapshot, for the "what changed" view. */
  changes: Array<{ kind: 'model' | 'mcpServer' | 'toolPolicy'; change: 'added' | 'removed' | 'changed'; id: string; label: string; detail: string }>;
}

export const COMPLIANCE_SCHEMA: SchemaVersion[] = [
  {
    // v3: the Compliance snapshot. Working tables are written page by page by the ingestion job; the
    // pub* tables hold the last complete snapshot and are replaced in one transaction at the end of a
    // run, so pages never see a half-ingested state.
    version: 3,
    stores: {
      chatBatches: 'seq',
      chatFilters: 'seq',
      modelUsage: '[model+dim]',
      models: 'model',
      mcpServers: 'id, deleted',
      mcpConnections: '[serverId+userId], serverId',
      toolPolicies: '[serverId+tool], serverId',
      mcpEvents: 'id, serverId, at',
      orgs: 'uuid, gen',
      users: 'key, id, org, gen',
      groups: 'id, gen',
      groupMembers: '[groupId+userId], userId, gen',
      roles: 'key, gen',
      projects: 'id, org, gen',
      orgSettings: 'org, gen',
      pubModels: 'model',
      pubModelOrgs: '[model+value], model',
      pubMcpServers: 'id',
      pubToolPolicies: '[serverId+tool], serverId',
      pubOrgs: 'uuid',
      snapshots: 'id, completedAt',
    },
  },
  {
    // v4: records that were prefixed keys in the shared kv table get tables of their own: the deep
    // scan's per-chat records and per-server aggregates, and the tombstones of cleared tool policies.
    // Existing rows move over.
    version: 4,
    stores: {
      deepScanChats: 'chatId',
      deepScanServers: 'serverId',
      policyTombstones: '[serverId+tool]',
    },
    upgrade: async (tx) => {
      const kv = tx.table('kv');
      const chats: DeepScanChatRow[] = [];
      const servers: DeepScanServerRow[] = [];
      const tombstones: PolicyTombstoneRow[] = [];
      const moved: string[] = [];
      const CHAT = 'derive:deepScan:chat:';
      const SERVER = 'derive:deepScan:server:';
      const CLEARED = 'derive:mcp:policyCleared:';
      await kv.where('key').startsWith('derive:').each((row: { key: string; value: unknown }) => {
        if (row.key.startsWith(CHAT)) chats.push({ chatId: row.key.slice(CHAT.length), ...(row.value as Omit<DeepScanChatRow, 'chatId'>) });
        else if (row.key.startsWith(SERVER)) servers.push({ serverId: row.key.slice(SERVER.length), ...(row.value as Omit<DeepScanServerRow, 'serverId'>) });
        else if (row.key.startsWith(CLEARED) && typeof row.value === 'string') {
          // serverId and tool were joined by U+0000, which neither contains.
          const [serverId, tool] = row.key.slice(CLEARED.length).split('\u0000');
          if (serverId !== undefined && tool !== undefined) tombstones.push({ serverId, tool, clearedAt: row.value });
        } else return;
        moved.push(row.key);
      });
      await tx.table('deepScanChats').bulkPut(chats);
      await tx.table('deepScanServers').bulkPut(servers);
      await tx.table('policyTombstones').bulkPut(tombstones);
      await kv.bulkDelete(moved);
    },
  },
  {
    // v10: plugins (admin-api.md §6, read with the Compliance key) staged by the snapshot's plugins phase and
    // published with the rest of the snapshot; the MCP servers plugins declare, joined to inventory servers; and
    // the published history of MCP events, so findings can cite the event behind a tool policy.
    version: 10,
    stores: {
      plugins: 'id, gen',
      pubPlugins: 'id',
      pubPluginServers: '[pluginId+name], *serverIds',
      pubMcpEvents: 'id, serverId',
    },
  },
];

/** What one chat contributed to the deep scan. */
export interface DeepScanChatRow {
  chatId: string;
  project: string;
  /** serverId → tool names used on that server in this chat (sorted, distinct). */
  servers: Record<string, string[]>;
}

/** Per-server aggregate of every scanned chat. */
export interface DeepScanServerRow {
  serverId: string;
  chats: number;
  projects: Record<string, { chats: number; isPrivate: boolean | null }>;
  /** tool name → number of scanned chats that used it on this server. */
  tools: Record<string, number>;
}

/** A tool policy that was cleared, and when: an older "set" arriving late must not revive it. */
export interface PolicyTombstoneRow {
  serverId: string;
  tool: string;
  clearedAt: string;
}

/** What a plugin version says about itself (admin-api.md §6.3–6.4); kept as sent, unknown enum values included. */
export interface PluginComponent {
  /** mcp_server | cli | hook | skill | command | agent, or a later type as sent. */
  type: string;
  name: string;
  description: string | null;
}

export interface PluginScan {
  /** processing | completed | errored (or a later value). */
  status: string;
  /** pass | warn | fail | unknown, set only when completed; null otherwise. */
  assessment: string | null;
  /** The mechanism behind warn/fail (e.g. credential-exposure), or why there is no verdict. */
  reason: string | null;
}

/** One plugin as the Plugins API lists it, staged by the snapshot (working table; `gen` = the run that read it). */
export interface PluginRow {
  id: string;
  name: string;
  displayName: string | null;
  description: string | null;
  marketplaceId: string | null;
  /** organization | user (a member's personal plugin), or a later type as sent. */
  ownerType: string;
  ownerUserId: string | null;
  /** Filled at publish from the directory (or the creator when they are the owner); null when unknown. */
  ownerEmail: string | null;
  createdBy: ActorSummary | null;
  /** remote | privileged | contained as the API computed it for the served version; null when it did not. */
  reach: string | null;
  /** null = not enumerated by the API. */
  components: PluginComponent[] | null;
  /** null = never scanned. */
  scan: PluginScan | null;
  installationPreference: string | null;
  installationPreferenceInherited: boolean | null;
  servedVersionId: string;
  latestVersionId: string;
  servedVersionPinned: boolean | null;
  /** The served version's manifest version (normalized by the API), when it has one. */
  manifestVersion: string | null;
  /** The latest version, read only when it is not the served one. */
  latest: { manifestVersion: string | null; reach: string | null; scan: PluginScan | null; createdAt: string | null } | null;
  createdAt: string;
  updatedAt: string;
  gen: number;
}

/** An MCP server a published plugin declares, with the inventory servers whose name matches it ([inferred] name match). */
export interface PluginServerRow {
  pluginId: string;
  /** The key of the server in the plugin's manifest. */
  name: string;
  serverIds: string[];
}

export interface ComplianceTables {
  chatBatches: Table<ChatBatchRow | PackedChatBatchRow, number>;
  chatFilters: Table<ChatFilterRow, number>;
  modelUsage: Table<ModelUsageRow, [string, UsageDim]>;
  models: Table<ModelRow, string>;
  mcpServers: Table<McpServerRow, string>;
  mcpConnections: Table<McpConnectionRow, [string, string]>;
  toolPolicies: Table<ToolPolicyRow, [string, string]>;
  mcpEvents: Table<McpEventRow, string>;
  orgs: Table<OrgRow, string>;
  users: Table<UserRow, string>;
  groups: Table<GroupRow, string>;
  groupMembers: Table<GroupMemberRow, [string, string]>;
  roles: Table<RoleRow, string>;
  projects: Table<ProjectRow, string>;
  orgSettings: Table<OrgSettingsRow, string>;
  pubModels: Table<ModelRow, string>;
  /** Published per-model organization usage: the dim='org' rows of modelUsage. */
  pubModelOrgs: Table<{ model: string; value: string; chats: number }, [string, string]>;
  pubMcpServers: Table<McpServerRow, string>;
  pubToolPolicies: Table<ToolPolicyRow, [string, string]>;
  pubOrgs: Table<OrgRow, string>;
  snapshots: Table<SnapshotRow, string>;
  deepScanChats: Table<DeepScanChatRow, string>;
  deepScanServers: Table<DeepScanServerRow, string>;
  policyTombstones: Table<PolicyTombstoneRow, [string, string]>;
  plugins: Table<PluginRow, string>;
  pubPlugins: Table<PluginRow, string>;
  pubPluginServers: Table<PluginServerRow, [string, string]>;
  pubMcpEvents: Table<McpEventRow, string>;
}

/** The database as the Compliance source sees it. */
export type ComplianceDb = CoreDb & ComplianceTables;
