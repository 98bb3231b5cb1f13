import type { IndexableType } from 'dexie';
import type { ComplianceDb, McpServerRow, ModelRow, SnapshotRow, ToolPolicyRow } from './tables.ts';
import { actorLabel, permissionLabel, toolLabel } from './derive/mcp.ts';
import { modelLabel } from './derive/models.ts';

/**
 * Publishing a Compliance snapshot: the working tables, complete after a run, become what pages read.
 * The caller runs this in one read-write transaction (PUBLISH_TABLES) so pages switch from the
 * previous snapshot to the new one atomically; a failed run never gets here and leaves the previous
 * snapshot untouched.
 *
 * Cost is bounded by the inventory's size (≈100 models, ≈1000 servers, ≈50k tool policies, the org
 * usage rows of each model), never by the number of chats: the chats table is not read, and the chat
 * total is the sum of the model rows.
 */

/** Tables read and written by `publishSnapshot`; list them in the caller's transaction. */
export const PUBLISH_TABLES = [
  'orgs',
  'users',
  'groups',
  'groupMembers',
  'roles',
  'projects',
  'orgSettings',
  'models',
  'modelUsage',
  'mcpServers',
  'toolPolicies',
  'pubModels',
  'pubModelOrgs',
  'pubMcpServers',
  'pubToolPolicies',
  'pubOrgs',
  'snapshots',
] as const;

/** Directory tables whose rows carry the generation of the directory read that last saw them. */
const DIRECTORY_TABLES = ['orgs', 'users', 'groups', 'groupMembers', 'roles', 'projects', 'orgSettings'] as const;

export interface PublishMeta {
  id: string;
  startedAt: string;
  kind: SnapshotRow['kind'];
  requests: number;
  durationMs: number;
  skipped: Record<string, number>;
  /** Generation of this run's directory read; rows of older generations are removed. null: the directory was not re-read. */
  directoryGen: number | null;
  /** Defaults to now. */
  completedAt?: string;
  /** Why this run started over from nothing (another host or parent organization); no changes are listed then. */
  startedOver?: string | null;
}

type Change = SnapshotRow['changes'][number];

/** Distinct user ids among users-table keys (`orgUuid:userId`): a member of several organizations counts once. */
function distinctUserIds(keys: readonly unknown[]): number {
  const ids = new Set<string>();
  for (const key of keys) {
    const k = String(key);
    const colon = k.indexOf(':');
    ids.add(colon < 0 ? k : k.slice(colon + 1));
  }
  return ids.size;
}

/** Structural equality of plain stored values (objects, arrays, primitives). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Makes `table` hold exactly `rows`, given its current content: deletes what left, writes what is new or different. */
export async function syncTable<T, K extends IndexableType>(
  table: { bulkPut(rows: readonly NoInfer<T>[]): Promise<unknown>; bulkDelete(keys: NoInfer<K>[]): Promise<unknown> },
  before: readonly T[],
  rows: readonly T[],
  keyOf: (row: T) => K,
): Promise<void> {
  const id = (k: K): string => JSON.stringify(k);
  const old = new Map(before.map((r) => [id(keyOf(r)), r]));
  const puts: T[] = [];
  for (const row of rows) {
    const k = id(keyOf(row));
    const previous = old.get(k);
    old.delete(k);
    if (previous === undefined || !sameValue(previous, row)) puts.push(row);
  }
  const deletes = [...old.values()].map(keyOf);
  await Promise.all([deletes.length > 0 ? table.bulkDelete(deletes) : undefined, puts.length > 0 ? table.bulkPut(puts) : undefined]);
}

function byLabel(a: Change, b: Change): number {
  return a.label < b.label ? -1 : a.label > b.label ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function serverLabel(server: Pick<McpServerRow, 'id' | 'name'>): string {
  return server.name === '' ? server.id : server.name;
}

/** Models added or removed. Chat-count movements are everyday noise and are not reported. */
export function modelChanges(previous: readonly ModelRow[], current: readonly ModelRow[]): Change[] {
  const before = new Map(previous.map((m) => [m.model, m]));
  const now = new Map(current.map((m) => [m.model, m]));
  const changes: Change[] = [];
  for (const m of current) {
    if (before.has(m.model)) continue;
    changes.push({ kind: 'model', change: 'added', id: m.model, label: modelLabel(m.model), detail: `First seen ${m.firstSeen.slice(0, 10)}; ${plural(m.chats, 'chat')}` });
  }
  for (const m of previous) {
    if (now.has(m.model)) continue;
    changes.push({ kind: 'model', change: 'removed', id: m.model, label: modelLabel(m.model), detail: `No chats any more (had ${plural(m.chats, 'chat')})` });
  }
  return changes.sort(byLabel);
}

/**
 * MCP servers added, removed (deleted or no longer listed) and renamed. `lookup` gives the working
 * row of a server that left the list, to say who deleted it.
 */
export function serverChanges(previous: readonly McpServerRow[], current: readonly McpServerRow[], lookup: ReadonlyMap<string, McpServerRow>): Change[] {
  const before = new Map(previous.map((s) => [s.id, s]));
  const now = new Map(current.map((s) => [s.id, s]));
  const changes: Change[] = [];
  for (const s of current) {
    const old = before.get(s.id);
    if (!old) {
      const detail = s.preAudit
        ? 'Configured before the audit log began'
        : `Added${s.addedAt ? ` ${s.addedAt.slice(0, 10)}` : ''}${s.addedBy ? ` by ${actorLabel(s.addedBy)}` : ''}`;
      changes.push({ kind: 'mcpServer', change: 'added', id: s.id, label: serverLabel(s), detail });
    } else if (old.name !== s.name) {
      changes.push({ kind: 'mcpServer', change: 'changed', id: s.id, label: serverLabel(s), detail: `Renamed "${old.name}" → "${s.name}"` });
    }
  }
  for (const s of previous) {
    if (now.has(s.id)) continue;
    const working = lookup.get(s.id);
    const detail =
      working?.deleted === 1
        ? `Deleted${working.deletedAt ? ` ${working.deletedAt.slice(0, 10)}` : ''}${working.deletedBy ? ` by ${actorLabel(working.deletedBy)}` : ''}`
        : 'No longer listed';
    changes.push({ kind: 'mcpServer', change: 'removed', id: s.id, label: serverLabel(s), detail });
  }
  return changes.sort(byLabel);
}

/**
 * Tool policies new, changed (another permission) or removed, for the servers listed now. The
 * policies of a server that left the list are covered by that server's own change.
 */
export function policyChanges(previous: readonly ToolPolicyRow[], current: readonly ToolPolicyRow[], servers: ReadonlyMap<string, McpServerRow>): Change[] {
  const key = (p: ToolPolicyRow): string => `${p.serverId}/${p.tool}`;
  const label = (p: ToolPolicyRow): string => {
    const s = servers.get(p.serverId);
    return `${s ? serverLabel(s) : p.serverId} · ${toolLabel(p.tool)}`;
  };
  const before = new Map(previous.map((p) => [key(p), p]));
  const now = new Map(current.map((p) => [key(p), p]));
  const changes: Change[] = [];
  for (const p of current) {
    const old = before.get(key(p));
    if (!old) changes.push({ kind: 'toolPolicy', change: 'added', id: key(p), label: label(p), detail: `New: ${permissionLabel(p.permission)}` });
    else if (old.permission !== p.permission)
      changes.push({ kind: 'toolPolicy', change: 'changed', id: key(p), label: label(p), detail: `${permissionLabel(old.permission)} → ${permissionLabel(p.permission)}` });
  }
  for (const p of previous) {
    if (now.has(key(p)) || !servers.has(p.serverId)) continue;
    changes.push({ kind: 'toolPolicy', change: 'removed', id: key(p), label: label(p), detail: `Restriction cleared (was ${permissionLabel(p.permission)})` });
  }
  return changes.sort(byLabel);
}

/**
 * Publishes the working tables as the current snapshot and records it (see the module comment):
 * removes directory rows of older generations, computes what changed since the published snapshot
 * (nothing is reported for the very first one), replaces the pub* tables and adds the SnapshotRow.
 */
export async function publishSnapshot(db: ComplianceDb, meta: PublishMeta): Promise<SnapshotRow> {
  return db.transaction('rw', PUBLISH_TABLES, async () => {
    // (a) Directory rows the latest directory read did not see are gone.
    const gen = meta.directoryGen;
    if (gen !== null) {
      await Promise.all(DIRECTORY_TABLES.map((name) => db.table(name).where('gen').below(gen).delete()));
    }

    // Read the working state and the published one.
    const [models, servers, allPolicies, orgs, pubModels, pubServers, pubPolicies, previousSnapshots, userIds, groups, projects] = await Promise.all([
      db.models.toArray(),
      db.mcpServers.where('deleted').equals(0).toArray(),
      db.toolPolicies.toArray(),
      db.orgs.toArray(),
      db.pubModels.toArray(),
      db.pubMcpServers.toArray(),
      db.pubToolPolicies.toArray(),
      db.snapshots.count(),
      db.users.toCollection().primaryKeys(),
      db.groups.count(),
      db.projects.count(),
    ]);
    const modelOrgs = models.length > 0 ? (await db.modelUsage.bulkGet(models.map((m) => [m.model, 'org'] as [string, 'org']))).filter((u) => u !== undefined) : [];
    const current = new Map(servers.map((s) => [s.id, s]));
    const policies = allPolicies.filter((p) => current.has(p.serverId));

    // (b) What changed since the published snapshot.
    const changes: Change[] = [];
    if (previousSnapshots > 0 && !meta.startedOver) {
      const leaving = pubServers.filter((s) => !current.has(s.id)).map((s) => s.id);
      const leavingRows = leaving.length > 0 ? await db.mcpServers.bulkGet(leaving) : [];
      const lookup = new Map<string, McpServerRow>();
      for (const row of leavingRows) if (row) lookup.set(row.id, row);
      changes.push(...modelChanges(pubModels, models), ...serverChanges(pubServers, servers, lookup), ...policyChanges(pubPolicies, policies, current));
    }

    // (c) Replace the published tables. Only rows that differ are written (usually a handful), so a
    // large but stable inventory (tens of thousands of policies) republishes cheaply.
    const [pubModelOrgs, pubOrgs] = await Promise.all([db.pubModelOrgs.toArray(), db.pubOrgs.toArray()]);
    const modelOrgRows = modelOrgs.flatMap((u) => Object.entries(u.counts).map(([value, chats]) => ({ model: u.model, value, chats })));
    await Promise.all([
      syncTable(db.pubModels, pubModels, models, (m) => m.model),
      syncTable(db.pubModelOrgs, pubModelOrgs, modelOrgRows, (u) => [u.model, u.value]),
      syncTable(db.pubMcpServers, pubServers, servers, (s) => s.id),
      syncTable(db.pubToolPolicies, pubPolicies, policies, (p) => [p.serverId, p.tool]),
      syncTable(db.pubOrgs, pubOrgs, orgs, (o) => o.uuid),
    ]);

    // (d) The snapshot record.
    const snapshot: SnapshotRow = {
      id: meta.id,
      startedAt: meta.startedAt,
      completedAt: meta.completedAt ?? new Date().toISOString(),
      kind: meta.kind,
      requests: meta.requests,
      durationMs: meta.durationMs,
      counts: {
        models: models.filter((m) => m.model !== '').length,
        chatsWithoutModel: models.find((m) => m.model === '')?.chats ?? 0,
        mcpServers: servers.length,
        users: distinctUserIds(userIds),
        organizations: orgs.length,
        chats: models.reduce((sum, m) => sum + m.chats, 0),
        groups,
        projects,
      },
      skipped: { ...meta.skipped },
      changes,
      ...(meta.startedOver ? { note: meta.startedOver } : {}),
    };
    await db.snapshots.put(snapshot);
    return snapshot;
  });
}
