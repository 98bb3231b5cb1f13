import Dexie, { type EntityTable } from 'dexie';

/**
 * The extension's IndexedDB database. Each entry of SCHEMA_VERSIONS is one released schema; a new
 * version is appended (never edited) with an `upgrade` that moves existing data forward. Tests open
 * a database at version N, write data, reopen it at N+1 and check nothing was lost
 * (tests/unit/db/migrations.test.ts).
 */
export const DB_NAME = 'admin-companion';

export interface KvRow {
  key: string;
  value: unknown;
}

export interface JobRow {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'paused' | 'failed' | 'done' | 'cancelled';
  createdAt: string;
  updatedAt: string;
  /** Phase, cursor and counters of a checkpointed job; written in the same transaction as the data. */
  checkpoint: unknown;
  error: string | null;
  /** Added in version 2. */
  attempts: number;
}

export interface AuditRow {
  id?: number;
  at: string;
  connection: 'compliance' | 'analytics' | 'scim';
  action: string;
  target: string | null;
  outcome: 'ok' | 'failed';
  detail: string;
  requestId: string | null;
}

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
  counts: { models: number; mcpServers: number; users: number; organizations: number; chats: number; groups: number; projects: number };
  /** Records the run could not understand (unknown shapes), by kind; they were skipped, not fatal. */
  skipped: Record<string, number>;
  /** What changed compared with the previous snapshot, for the "what changed" view. */
  changes: Array<{ kind: 'model' | 'mcpServer' | 'toolPolicy'; change: 'added' | 'removed' | 'changed'; id: string; label: string; detail: string }>;
}

export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: import('dexie').Transaction) => Promise<void> | void;
}

export const SCHEMA_VERSIONS: SchemaVersion[] = [
  {
    version: 1,
    stores: {
      kv: 'key',
      jobs: 'id, kind, status, updatedAt',
    },
  },
  {
    // v2: an audit trail for every call that changes something (provisioning) or fails, and a retry
    // counter on jobs so a job that keeps failing can be paused instead of looping.
    version: 2,
    stores: {
      jobs: 'id, kind, status, updatedAt, [kind+status]',
      audit: '++id, at, connection, action',
    },
    upgrade: async (tx) => {
      await tx
        .table('jobs')
        .toCollection()
        .modify((job: Partial<JobRow>) => {
          job.attempts ??= 0;
        });
    },
  },
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
];

export const LATEST_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version;

export type AppDb = Dexie & {
  kv: EntityTable<KvRow, 'key'>;
  jobs: EntityTable<JobRow, 'id'>;
  audit: EntityTable<AuditRow, 'id'>;
  chatBatches: EntityTable<ChatBatchRow, 'seq'>;
  chatFilters: EntityTable<ChatFilterRow, 'seq'>;
  modelUsage: Dexie.Table<ModelUsageRow, [string, UsageDim]>;
  models: EntityTable<ModelRow, 'model'>;
  mcpServers: EntityTable<McpServerRow, 'id'>;
  mcpConnections: Dexie.Table<McpConnectionRow, [string, string]>;
  toolPolicies: Dexie.Table<ToolPolicyRow, [string, string]>;
  mcpEvents: EntityTable<McpEventRow, 'id'>;
  orgs: EntityTable<OrgRow, 'uuid'>;
  users: EntityTable<UserRow, 'key'>;
  groups: EntityTable<GroupRow, 'id'>;
  groupMembers: Dexie.Table<GroupMemberRow, [string, string]>;
  roles: EntityTable<RoleRow, 'key'>;
  projects: EntityTable<ProjectRow, 'id'>;
  orgSettings: EntityTable<OrgSettingsRow, 'org'>;
  pubModels: EntityTable<ModelRow, 'model'>;
  /** Published per-model organization usage: the dim='org' rows of modelUsage. */
  pubModelOrgs: Dexie.Table<{ model: string; value: string; chats: number }, [string, string]>;
  pubMcpServers: EntityTable<McpServerRow, 'id'>;
  pubToolPolicies: Dexie.Table<ToolPolicyRow, [string, string]>;
  pubOrgs: EntityTable<OrgRow, 'uuid'>;
  snapshots: EntityTable<SnapshotRow, 'id'>;
};

/**
 * Opens the database declaring every schema version up to `upTo` (default: the latest). Pass
 * `indexedDB`/`IDBKeyRange` in Node tests (fake-indexeddb).
 */
export function createDb(options: { name?: string; upTo?: number; indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {}): AppDb {
  const db = new Dexie(options.name ?? DB_NAME, {
    // Snapshot pages are re-fetchable, so a commit need not wait for the disk flush (Chromium only).
    chromeTransactionDurability: 'relaxed',
    ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
    ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
  }) as AppDb;
  for (const v of SCHEMA_VERSIONS) {
    if (v.version > (options.upTo ?? LATEST_VERSION)) break;
    const declared = db.version(v.version).stores(v.stores);
    if (v.upgrade) declared.upgrade(v.upgrade);
  }
  return db;
}
