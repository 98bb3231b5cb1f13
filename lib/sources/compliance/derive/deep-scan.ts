import type { ComplianceDb, DeepScanChatRow, DeepScanServerRow, McpServerRow } from '../tables.ts';
import { isRecord, str } from './util.ts';

/**
 * Optional deep scan: which MCP servers chats actually used, from one chat's C3 messages
 * (compliance-api.md §2.8, §6.2 "Used in chats" / "Projects").
 *
 * Attribution heuristic. `tool_use` and `tool_result` blocks carry `integration_name` and
 * `mcp_server_url`, while the admin events carry `mcp_server_id` and `mcp_server_name`; there is NO
 * documented join between them. A block is attributed to a server when its `integration_name`
 * equals the server's name after normalisation (Unicode NFKC, trimmed, inner whitespace collapsed,
 * case-insensitive):
 *  1. servers whose current name matches; if none, servers that had that name earlier (renames);
 *  2. if several match, keep those in the chat's organization (a server added to several
 *     organizations has one id per organization), then the ones not deleted;
 *  3. exactly one left ⇒ attributed; otherwise the block is reported as ambiguous, and a block whose
 *     name matches no server is reported as unattributed. Blocks without `integration_name`
 *     (built-in tools such as web search) are not MCP calls and are ignored.
 *
 * Storage (kv, no schema change). Per chat that used at least one server,
 * `derive:deepScan:chat:<chatId>` holds what the chat contributed last time:
 * { project, servers: { serverId: toolNames[] } } (no row = contributed nothing). Per server,
 * `derive:deepScan:server:<serverId>` holds { chats, projects: { projectId: { chats, isPrivate } },
 * tools: { toolName: chats } }. A rescan subtracts the chat's previous contribution and adds the new
 * one, so scanning a chat again never double counts. The server row's `usedInChats`, `projects`,
 * `privateProjects` and `publicProjects` are refreshed from its aggregate on every scan that touches it.
 * A project is private or public according to the `projects` table (`isPrivate`); a project not (yet)
 * in that table counts in `projects` but in neither split, and is looked up again on later scans.
 *
 * Pass all of a chat's messages in one call (C3 without `limit` returns the whole chat): the call
 * replaces the chat's contribution. A soft-deleted chat (`deleted_at` set) comes back with empty
 * content, so its previous contribution is kept rather than erased: as for models, usage that
 * happened still counts.
 */

/** Tables read and written by `applyChatMessages`; list them in the caller's transaction. */
export const DEEP_SCAN_TABLES = ['deepScanChats', 'deepScanServers', 'mcpServers', 'projects'] as const;

export interface DeepScanChatInput {
  readonly id: string;
  readonly organization_uuid?: string | null;
  readonly project_id?: string | null;
  readonly deleted_at?: string | null;
  readonly [key: string]: unknown;
}

export interface MessageBlockInput {
  readonly type?: unknown;
  readonly name?: unknown;
  readonly integration_name?: unknown;
  readonly [key: string]: unknown;
}

export interface ChatMessageInput {
  readonly content?: readonly MessageBlockInput[] | null;
  readonly [key: string]: unknown;
}

/** What one chat contributed (a `deepScanChats` row without its key). */
export type DeepScanChatRecord = Omit<DeepScanChatRow, 'chatId'>;

/** Per-server aggregate of every scanned chat (a `deepScanServers` row without its key). */
export type DeepScanServerAggregate = Omit<DeepScanServerRow, 'serverId'>;

export interface ApplyChatMessagesResult {
  /** Servers the chat used (after this scan). */
  servers: string[];
  /** integration_name values that matched no server, with their block counts. */
  unattributed: Record<string, number>;
  /** integration_name values that matched several servers, with their block counts. */
  ambiguous: Record<string, number>;
  /** The chat is soft-deleted: its previous contribution was kept unchanged. */
  keptDeleted: boolean;
}

interface IndexedServer {
  id: string;
  orgUuid: string | null;
  deleted: boolean;
}

/** Server names → servers, for attribution. Build once per deep-scan run and pass it to every call. */
export interface ServerNameIndex {
  current: Map<string, IndexedServer[]>;
  former: Map<string, IndexedServer[]>;
}

export function normalizeName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export function buildServerNameIndex(servers: readonly McpServerRow[]): ServerNameIndex {
  const index: ServerNameIndex = { current: new Map(), former: new Map() };
  const add = (map: Map<string, IndexedServer[]>, name: string, s: IndexedServer): void => {
    const key = normalizeName(name);
    if (key === '') return;
    const list = map.get(key);
    if (!list) map.set(key, [s]);
    else if (!list.some((x) => x.id === s.id)) list.push(s);
  };
  for (const row of servers) {
    const s: IndexedServer = { id: row.id, orgUuid: row.orgUuid, deleted: row.deleted === 1 };
    add(index.current, row.name, s);
    const current = normalizeName(row.name);
    for (const old of row.names) if (normalizeName(old) !== current) add(index.former, old, s);
  }
  return index;
}

/** Reads every server (a small table: one row per configured MCP server) and indexes their names. */
export async function loadServerNameIndex(db: ComplianceDb): Promise<ServerNameIndex> {
  return buildServerNameIndex(await db.mcpServers.toArray());
}

/** Resolves an integration_name to one server id, or says why it cannot. */
export function resolveServer(index: ServerNameIndex, integrationName: string, chatOrg: string | null): string | 'none' | 'ambiguous' {
  const key = normalizeName(integrationName);
  for (const map of [index.current, index.former]) {
    let candidates = map.get(key) ?? [];
    if (candidates.length === 0) continue;
    if (candidates.length > 1 && chatOrg !== null) {
      const inOrg = candidates.filter((c) => c.orgUuid === chatOrg);
      if (inOrg.length > 0) candidates = inOrg;
    }
    if (candidates.length > 1) {
      const live = candidates.filter((c) => !c.deleted);
      if (live.length > 0) candidates = live;
    }
    return candidates.length === 1 ? candidates[0]!.id : 'ambiguous';
  }
  return 'none';
}

function asChatRecord(row: DeepScanChatRow | undefined): DeepScanChatRecord | null {
  if (!row || typeof row.project !== 'string' || !isRecord(row.servers)) return null;
  return { project: row.project, servers: row.servers };
}

function asAggregate(row: DeepScanServerRow | undefined): DeepScanServerAggregate {
  if (row && typeof row.chats === 'number' && isRecord(row.projects) && isRecord(row.tools)) {
    return { chats: row.chats, projects: { ...row.projects }, tools: { ...row.tools } };
  }
  return { chats: 0, projects: {}, tools: {} };
}

/**
 * Records which servers one chat used (see the module comment). Runs in the caller's transaction when
 * there is one (it must include DEEP_SCAN_TABLES), otherwise in its own. Pass `index` (from
 * `loadServerNameIndex`) when scanning many chats; without it every call reads the servers table.
 */
export async function applyChatMessages(
  db: ComplianceDb,
  chat: DeepScanChatInput,
  messages: readonly ChatMessageInput[],
  options: { index?: ServerNameIndex } = {},
): Promise<ApplyChatMessagesResult> {
  return db.transaction('rw', DEEP_SCAN_TABLES, async () => {
    const chatOrg = str(chat.organization_uuid);
    const project = str(chat.project_id) ?? '';
    const [index, previousRow] = await Promise.all([options.index ?? loadServerNameIndex(db), db.deepScanChats.get(chat.id)]);
    const previous = asChatRecord(previousRow);
    const result: ApplyChatMessagesResult = { servers: [], unattributed: {}, ambiguous: {}, keptDeleted: false };

    if (str(chat.deleted_at) !== null) {
      result.keptDeleted = true;
      result.servers = previous ? Object.keys(previous.servers).sort() : [];
      return result;
    }

    // What the chat used, per server.
    const used = new Map<string, Set<string>>();
    for (const message of messages) {
      if (!isRecord(message) || !Array.isArray(message.content)) continue;
      for (const block of message.content as unknown[]) {
        if (!isRecord(block) || (block.type !== 'tool_use' && block.type !== 'tool_result')) continue;
        const integration = str(block.integration_name);
        if (integration === null) continue;
        const target = resolveServer(index, integration, chatOrg);
        if (target === 'none' || target === 'ambiguous') {
          const bucket = target === 'none' ? result.unattributed : result.ambiguous;
          bucket[integration] = (bucket[integration] ?? 0) + 1;
          continue;
        }
        let tools = used.get(target);
        if (!tools) used.set(target, (tools = new Set()));
        const tool = str(block.name);
        if (tool !== null) tools.add(tool);
      }
    }
    const next: DeepScanChatRecord = { project, servers: {} };
    for (const [serverId, tools] of [...used].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) next.servers[serverId] = [...tools].sort();
    result.servers = Object.keys(next.servers);

    // Nothing used before or now: nothing to store (a chat without MCP calls leaves no row).
    if (!previous && result.servers.length === 0) return result;
    if (previous && sameRecord(previous, next)) return result;

    const affected = [...new Set([...Object.keys(previous?.servers ?? {}), ...result.servers])];
    const [aggregateRows, serverRows] = await Promise.all([db.deepScanServers.bulkGet(affected), db.mcpServers.bulkGet(affected)]);
    const aggregates = new Map<string, DeepScanServerAggregate>();
    affected.forEach((id, i) => aggregates.set(id, asAggregate(aggregateRows[i])));

    const apply = (record: DeepScanChatRecord, sign: 1 | -1): void => {
      for (const [serverId, tools] of Object.entries(record.servers)) {
        const agg = aggregates.get(serverId)!;
        agg.chats = Math.max(0, agg.chats + sign);
        if (record.project !== '') {
          const p = agg.projects[record.project] ?? { chats: 0, isPrivate: null };
          p.chats += sign;
          if (p.chats > 0) agg.projects[record.project] = p;
          else delete agg.projects[record.project];
        }
        for (const tool of tools) {
          const n = (agg.tools[tool] ?? 0) + sign;
          if (n > 0) agg.tools[tool] = n;
          else delete agg.tools[tool];
        }
      }
    };
    if (previous) apply(previous, -1);
    apply(next, 1);

    // Privacy of projects not classified yet (the projects directory may have been read since).
    const unclassified = new Set<string>();
    for (const agg of aggregates.values()) {
      for (const [projectId, p] of Object.entries(agg.projects)) if (p.isPrivate === null) unclassified.add(projectId);
    }
    if (unclassified.size > 0) {
      const ids = [...unclassified];
      const rows = await db.projects.bulkGet(ids);
      const privacy = new Map<string, boolean>();
      ids.forEach((id, i) => {
        const row = rows[i];
        if (row) privacy.set(id, row.isPrivate);
      });
      for (const agg of aggregates.values()) {
        for (const [projectId, p] of Object.entries(agg.projects)) {
          const known = privacy.get(projectId);
          if (p.isPrivate === null && known !== undefined) agg.projects[projectId] = { ...p, isPrivate: known };
        }
      }
    }

    const aggregatePuts: DeepScanServerRow[] = [];
    const serverPuts: McpServerRow[] = [];
    affected.forEach((id, i) => {
      const agg = aggregates.get(id)!;
      aggregatePuts.push({ serverId: id, ...agg });
      const row = serverRows[i];
      if (!row) return; // a server deleted from the working table since the index was built
      const projects = Object.values(agg.projects);
      serverPuts.push({
        ...row,
        usedInChats: agg.chats,
        projects: projects.length,
        privateProjects: projects.filter((p) => p.isPrivate === true).length,
        publicProjects: projects.filter((p) => p.isPrivate === false).length,
      });
    });
    await Promise.all([
      db.deepScanServers.bulkPut(aggregatePuts),
      result.servers.length > 0 ? db.deepScanChats.put({ chatId: chat.id, ...next }) : db.deepScanChats.delete(chat.id),
      serverPuts.length > 0 ? db.mcpServers.bulkPut(serverPuts) : undefined,
    ]);
    return result;
  });
}

function sameRecord(a: DeepScanChatRecord, b: DeepScanChatRecord): boolean {
  if (a.project !== b.project) return false;
  const ka = Object.keys(a.servers);
  const kb = Object.keys(b.servers);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => {
    const ta = a.servers[k];
    const tb = b.servers[k];
    return ta !== undefined && tb !== undefined && ta.length === tb.length && ta.every((t, i) => t === tb[i]);
  });
}

/** The deep-scan aggregate of one server (tools actually used, by number of chats), or null before any scan saw it. */
export async function readServerDeepScan(db: ComplianceDb, serverId: string): Promise<{ chats: number; projects: number; tools: Array<{ name: string; chats: number }> } | null> {
  const row = await db.deepScanServers.get(serverId);
  if (!row) return null;
  const agg = asAggregate(row);
  const tools = Object.entries(agg.tools)
    .map(([name, chats]) => ({ name, chats }))
    .sort((a, b) => b.chats - a.chats || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { chats: agg.chats, projects: Object.keys(agg.projects).length, tools };
}
