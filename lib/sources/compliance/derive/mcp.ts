import type { ActorSummary, ComplianceDb, McpConnectionRow, McpEventRow, McpServerRow, PolicyTombstoneRow, ToolPolicyRow } from '../tables.ts';
import { CHAT_DELETION_TYPES, DIRECTORY_ACTIVITY_TYPES, PLUGIN_ACTIVITY_TYPES } from '../schemas.ts';
import { bump, compareTime, isRecord, str, timeOf } from './util.ts';

/**
 * Organization MCP servers and their tool permissions, reconstructed by replaying Activity Feed
 * events oldest → newest (compliance-api.md §3 "Key events for inventory", §6.2). There is no
 * endpoint that lists servers or policies: this replay is the only source.
 *
 * Rules:
 * - Idempotent per event: an event whose id is already in `mcpEvents` is skipped, and every applied
 *   event is written to `mcpEvents` (with a one-line summary) in the same transaction.
 * - The caller passes pages in ascending order; inside a page events are sorted by (created_at, id).
 *   Late-indexed events may still arrive after newer ones, so state is "latest by created_at", not
 *   "last applied": a tool policy or a connection older than the stored one is kept as history only;
 *   a cleared policy leaves a small tombstone (`policyTombstones`) so an older "set" arriving late cannot revive it.
 *   Server name and managed-auth mode use the server's `lastEventAt` as the reference instead (no
 *   per-field time is stored): an older event adds its name to the history without making it current.
 * - An event naming an unknown `mcp_server_id` creates the server with `preAudit = true` (it was
 *   configured before the Compliance API recorded activity): `addedAt` null, `firstEventAt` = that
 *   event's time. A later (out-of-order) `mcp_server_created` fills `addedAt`/`addedBy` and clears it.
 * - `mcp_server_deleted` marks the server deleted; it stays in the table for history and leaves the
 *   published list.
 * - Unknown event types and malformed events are counted in `skipped` by reason, never thrown; the
 *   directory types the job requests in the same walk are counted as `ignored`.
 */

/** Tables read and written by `applyActivities`; list them in the caller's transaction. */
export const MCP_DERIVATION_TABLES = ['mcpServers', 'mcpConnections', 'toolPolicies', 'mcpEvents', 'policyTombstones'] as const;

/** The event types this derivation understands (the same set the ingestion job asks the feed for). */
export const MCP_EVENT_TYPES: ReadonlySet<string> = new Set([
  'mcp_server_created',
  'mcp_server_updated',
  'mcp_server_deleted',
  'mcp_tool_policy_updated',
  'mcp_server_managed_auth_updated',
  'integration_user_connected',
  'integration_user_disconnected',
  'admin_connector_request_resolved',
  'mcp_directory_server_published',
]);

/**
 * Types the ingestion job requests in the same feed walk for other purposes (directory refresh):
 * well-formed events of these types are counted as `ignored`, not as skipped.
 */
const OTHER_REQUESTED_TYPES: ReadonlySet<string> = new Set([...DIRECTORY_ACTIVITY_TYPES, ...CHAT_DELETION_TYPES, ...PLUGIN_ACTIVITY_TYPES]);

/** Types that cannot be understood without an `mcp_server_id`. */
const NEEDS_SERVER_ID: ReadonlySet<string> = new Set([
  'mcp_server_created',
  'mcp_server_updated',
  'mcp_server_deleted',
  'mcp_tool_policy_updated',
  'mcp_server_managed_auth_updated',
]);

export interface ActorInput {
  readonly type?: unknown;
  readonly [key: string]: unknown;
}

/** An Activity Feed record (A1); type-specific fields are read defensively. */
export interface ActivityInput {
  readonly id: string;
  readonly created_at: string;
  readonly type: string;
  readonly organization_id?: string | null;
  readonly organization_uuid?: string | null;
  readonly actor?: ActorInput | null;
  readonly [key: string]: unknown;
}

export interface ApplyActivitiesResult {
  /** Events applied (and recorded in mcpEvents). */
  applied: number;
  /** Events already applied earlier (found in mcpEvents) or repeated inside the page. */
  duplicates: number;
  /** Well-formed events of the directory types the job also requests (DIRECTORY_ACTIVITY_TYPES): not for this derivation. */
  ignored: number;
  /** Events that were not applied, by reason: malformed, unknown_type, missing_mcp_server_id, missing_tool_name, invalid_permission. */
  skipped: Record<string, number>;
  /** Applied events whose actor type this version does not know (kept with id/email null), by actor type. */
  unknownActorTypes: Record<string, number>;
}

/** Where the id of each known actor type lives (compliance-api.md §2.1 "Actor variants"). */
const ACTOR_ID_FIELD: Readonly<Record<string, string | null>> = {
  user_actor: 'user_id',
  api_actor: 'api_key_id',
  admin_api_key_actor: 'admin_api_key_id',
  unauthenticated_user_actor: null,
  anthropic_actor: null,
  system_actor: 'service',
  service_account_actor: 'service_account_id',
  scim_directory_sync_actor: 'directory_id',
  federated_identity_actor: 'subject',
  federated_actor: 'subject',
  attested_device_actor: 'external_client_id',
};

/**
 * A who-did-it summary of an actor: its type, its id (user_id, api_key_id, … by type) and an email
 * when the actor carries one. No IP address or user agent is kept. Unknown types keep their type
 * with id and email null.
 */
export function summarizeActor(actor: unknown): { summary: ActorSummary | null; known: boolean } {
  if (!isRecord(actor)) return { summary: null, known: true };
  const type = typeof actor.type === 'string' ? actor.type : '';
  if (!(type in ACTOR_ID_FIELD)) return { summary: { type: type || 'unknown', id: null, email: null }, known: false };
  const idField = ACTOR_ID_FIELD[type];
  const email = str(actor.email_address) ?? str(actor.unauthenticated_email_address);
  return { summary: { type, id: idField ? str(actor[idField]) : null, email }, known: true };
}

const PERMISSION_LABELS: Readonly<Record<string, string>> = {
  allow: 'Always allow',
  ask: 'Needs approval',
  blocked: 'Blocked',
};

/** UI label of a `max_permission` value (claude-models.md §3.1); unknown values are shown as sent. */
export function permissionLabel(permission: string): string {
  return PERMISSION_LABELS[permission] ?? permission;
}

/** UI label of a tool name; `*` is the server-wide default row. */
import { toolLabel } from '../../../catalog/mcp-permissions.ts';

export { toolLabel };

/** Short "who" of an actor for summaries: email, else id, else its type. */
export function actorLabel(actor: ActorSummary | null): string {
  if (!actor) return 'Someone';
  return actor.email ?? actor.id ?? actor.type;
}

const KEY_SEP = '\u0000';
function policyKey(serverId: string, tool: string): string {
  return serverId + KEY_SEP + tool;
}

interface ValidEvent {
  ev: ActivityInput;
  id: string;
  at: string;
  t: number;
  type: string;
  serverId: string | null;
}

function newServer(id: string, at: string): McpServerRow {
  return {
    id,
    name: '',
    names: [],
    orgUuid: null,
    orgId: null,
    addedAt: null,
    addedBy: null,
    firstEventAt: at,
    lastEventAt: at,
    deleted: 0,
    deletedAt: null,
    deletedBy: null,
    preAudit: true,
    managedAuthMode: null,
    connectedUsers: 0,
    usedInChats: null,
    projects: null,
    privateProjects: null,
    publicProjects: null,
  };
}

/**
 * Applies a page of Activity Feed events (see the module comment). Runs in the caller's transaction
 * when there is one (it must include MCP_DERIVATION_TABLES), otherwise in its own.
 */
export async function applyActivities(db: ComplianceDb, events: readonly unknown[]): Promise<ApplyActivitiesResult> {
  const result: ApplyActivitiesResult = { applied: 0, duplicates: 0, ignored: 0, skipped: {}, unknownActorTypes: {} };

  // 1. Validate, drop repeats inside the page, sort oldest first.
  const valid: ValidEvent[] = [];
  const seen = new Set<string>();
  for (const raw of events) {
    if (!isRecord(raw)) {
      bump(result.skipped, 'malformed');
      continue;
    }
    const id = str(raw.id);
    const at = str(raw.created_at);
    const type = str(raw.type);
    const t = at === null ? NaN : timeOf(at);
    if (id === null || at === null || type === null || Number.isNaN(t)) {
      bump(result.skipped, 'malformed');
      continue;
    }
    if (seen.has(id)) {
      result.duplicates++;
      continue;
    }
    seen.add(id);
    if (!MCP_EVENT_TYPES.has(type)) {
      if (OTHER_REQUESTED_TYPES.has(type)) result.ignored++;
      else bump(result.skipped, 'unknown_type');
      continue;
    }
    const serverId = str(raw.mcp_server_id);
    if (serverId === null && NEEDS_SERVER_ID.has(type)) {
      bump(result.skipped, 'missing_mcp_server_id');
      continue;
    }
    if (type === 'mcp_tool_policy_updated') {
      if (str(raw.tool_name) === null) {
        bump(result.skipped, 'missing_tool_name');
        continue;
      }
      const permission = raw.max_permission;
      if (permission !== undefined && permission !== null && typeof permission !== 'string') {
        bump(result.skipped, 'invalid_permission');
        continue;
      }
    }
    valid.push({ ev: raw as ActivityInput, id, at, t, type, serverId });
  }
  if (valid.length === 0) return result;
  valid.sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  // 2. Keys this page can touch.
  const serverIds = new Set<string>();
  const policyKeys = new Map<string, [string, string]>();
  const connectionKeys = new Map<string, [string, string]>();
  for (const v of valid) {
    if (v.serverId === null) continue;
    serverIds.add(v.serverId);
    if (v.type === 'mcp_tool_policy_updated') {
      const tool = v.ev.tool_name as string;
      policyKeys.set(policyKey(v.serverId, tool), [v.serverId, tool]);
    } else if (v.type === 'integration_user_connected' || v.type === 'integration_user_disconnected') {
      const userId = summarizeActor(v.ev.actor).summary?.id;
      if (v.ev.actor && isRecord(v.ev.actor) && v.ev.actor.type === 'user_actor' && userId) {
        connectionKeys.set(policyKey(v.serverId, userId), [v.serverId, userId]);
      }
    }
  }

  return db.transaction('rw', MCP_DERIVATION_TABLES, async () => {
    // 3. One read round: everything the page needs, in parallel.
    const serverList = [...serverIds];
    const policyList = [...policyKeys.values()];
    const connectionList = [...connectionKeys.values()];
    const [known, serverRows, policyRows, tombstoneRows, connectionRows] = await Promise.all([
      db.mcpEvents.bulkGet(valid.map((v) => v.id)),
      db.mcpServers.bulkGet(serverList),
      policyList.length > 0 ? db.toolPolicies.bulkGet(policyList) : Promise.resolve([]),
      policyList.length > 0 ? db.policyTombstones.bulkGet(policyList) : Promise.resolve([]),
      connectionList.length > 0 ? db.mcpConnections.bulkGet(connectionList) : Promise.resolve([]),
    ]);

    const servers = new Map<string, McpServerRow>();
    serverList.forEach((id, i) => {
      const row = serverRows[i];
      if (row) servers.set(id, { ...row, names: [...row.names] });
    });
    const policies = new Map<string, ToolPolicyRow | undefined>();
    const tombstones = new Map<string, string>();
    policyList.forEach(([s, tool], i) => {
      policies.set(policyKey(s, tool), policyRows[i]);
      const tomb = tombstoneRows[i];
      if (tomb) tombstones.set(policyKey(s, tool), tomb.clearedAt);
    });
    const connections = new Map<string, McpConnectionRow | undefined>();
    connectionList.forEach(([s, u], i) => connections.set(policyKey(s, u), connectionRows[i]));

    const dirtyServers = new Set<string>();
    const dirtyPolicies = new Set<string>();
    const dirtyTombstones = new Set<string>();
    const dirtyConnections = new Set<string>();
    const history: McpEventRow[] = [];

    /** Makes the server known, widens its event window; returns it and whether this event is its newest. */
    const touch = (v: ValidEvent, serverId: string): { server: McpServerRow; latest: boolean } => {
      let server = servers.get(serverId);
      if (!server) {
        server = newServer(serverId, v.at);
        servers.set(serverId, server);
      }
      dirtyServers.add(serverId);
      if (compareTime(v.at, server.firstEventAt) < 0) server.firstEventAt = v.at;
      const latest = compareTime(v.at, server.lastEventAt) >= 0;
      if (latest) server.lastEventAt = v.at;
      const orgUuid = str(v.ev.organization_uuid);
      const orgId = str(v.ev.organization_id);
      if (server.orgUuid === null && orgUuid !== null) server.orgUuid = orgUuid;
      if (server.orgId === null && orgId !== null) server.orgId = orgId;
      return { server, latest };
    };

    /**
     * Records a name seen on an event. It becomes the current name when the event is the server's
     * newest (or no name is known yet); an older event only adds it to the history: at the start for
     * mcp_server_created (the first name), otherwise just before the current name.
     */
    const noteName = (server: McpServerRow, name: string | null, latest: boolean, oldest = false): void => {
      if (name === null) return;
      const names = server.names;
      if (latest || server.name === '') {
        if (names[names.length - 1] !== name) names.push(name);
        server.name = name;
        return;
      }
      if (names.includes(name)) return;
      if (oldest) names.unshift(name);
      else names.splice(Math.max(0, names.length - 1), 0, name);
    };

    for (const [i, v] of valid.entries()) {
      if (known[i]) {
        result.duplicates++;
        continue;
      }
      const { summary: actor, known: actorKnown } = summarizeActor(v.ev.actor);
      if (!actorKnown && actor) bump(result.unknownActorTypes, actor.type);
      const eventName = str(v.ev.mcp_server_name);
      let summary: string;
      let policy: { tool: string; permission: string | null } | null = null;

      switch (v.type) {
        case 'mcp_server_created': {
          const { server, latest } = touch(v, v.serverId!);
          if (server.addedAt === null || compareTime(v.at, server.addedAt) < 0) {
            server.addedAt = v.at;
            server.addedBy = actor;
          }
          server.preAudit = false;
          noteName(server, eventName, latest, true);
          summary = `Added "${eventName ?? server.name}"`;
          break;
        }
        case 'mcp_server_updated': {
          const { server, latest } = touch(v, v.serverId!);
          const previous = server.name;
          noteName(server, eventName, latest);
          summary =
            latest && previous !== '' && eventName !== null && previous !== eventName
              ? `Renamed "${previous}" → "${eventName}"`
              : `Updated "${eventName ?? server.name}"`;
          break;
        }
        case 'mcp_server_deleted': {
          const { server, latest } = touch(v, v.serverId!);
          noteName(server, eventName, latest);
          if (server.deleted === 0 || server.deletedAt === null || compareTime(v.at, server.deletedAt) < 0) {
            server.deleted = 1;
            server.deletedAt = v.at;
            server.deletedBy = actor;
          }
          summary = `Deleted "${eventName ?? server.name}"`;
          break;
        }
        case 'mcp_tool_policy_updated': {
          const serverId = v.serverId!;
          const { server, latest } = touch(v, serverId);
          noteName(server, eventName, latest);
          const tool = v.ev.tool_name as string;
          const permission = typeof v.ev.max_permission === 'string' ? v.ev.max_permission : null;
          const key = policyKey(serverId, tool);
          const current = policies.get(key);
          const cleared = tombstones.get(key);
          const newest = [current?.at, cleared].reduce<string | null>((m, x) => (x && (!m || compareTime(x, m) > 0) ? x : m), null);
          if (newest === null || compareTime(v.at, newest) >= 0) {
            if (permission === null) {
              policies.set(key, undefined);
              tombstones.set(key, v.at);
              dirtyTombstones.add(key);
            } else {
              policies.set(key, { serverId, tool, permission, at: v.at, setBy: actor });
              if (tombstones.delete(key)) dirtyTombstones.add(key);
            }
            dirtyPolicies.add(key);
          }
          summary = `${toolLabel(tool)} → ${permission === null ? 'restriction cleared' : permissionLabel(permission)}`;
          policy = { tool, permission };
          break;
        }
        case 'mcp_server_managed_auth_updated': {
          const { server, latest } = touch(v, v.serverId!);
          noteName(server, eventName, latest);
          const mode = str(v.ev.managed_auth_mode);
          if (latest) server.managedAuthMode = mode;
          summary = mode === null ? 'Managed authentication cleared' : `Managed authentication → ${mode}`;
          break;
        }
        case 'integration_user_connected':
        case 'integration_user_disconnected': {
          const connected = v.type === 'integration_user_connected';
          const verb = connected ? 'connected' : 'disconnected';
          if (v.serverId === null) {
            summary = `${actorLabel(actor)} ${verb} ${str(v.ev.integration_type) ?? 'an integration'}`;
            break;
          }
          const { server, latest } = touch(v, v.serverId);
          noteName(server, eventName, latest);
          summary = `${actorLabel(actor)} ${verb} "${eventName ?? server.name}"`;
          const userId = actor?.type === 'user_actor' ? actor.id : null;
          if (userId === null) break;
          const key = policyKey(v.serverId, userId);
          const existing = connections.get(key);
          if (existing && compareTime(v.at, existing.at) < 0) break; // an older state arriving late
          const now: 0 | 1 = connected ? 1 : 0;
          server.connectedUsers = Math.max(0, server.connectedUsers + now - (existing?.connected ?? 0));
          connections.set(key, { serverId: v.serverId, userId, email: actor?.email ?? existing?.email ?? null, connected: now, at: v.at });
          dirtyConnections.add(key);
          break;
        }
        case 'admin_connector_request_resolved': {
          const decision = str(v.ev.decision) ?? 'resolved';
          const count = typeof v.ev.resolved_count === 'number' ? v.ev.resolved_count : null;
          if (v.serverId !== null) touch(v, v.serverId);
          summary = `Connector request ${decision}${count === null ? '' : ` (${count} request${count === 1 ? '' : 's'})`}`;
          break;
        }
        case 'mcp_directory_server_published': {
          const name = str(v.ev.mcp_directory_server_name) ?? str(v.ev.mcp_directory_server_id) ?? 'a server';
          if (v.serverId !== null) {
            const { server, latest } = touch(v, v.serverId);
            noteName(server, eventName, latest);
          }
          summary = `Published "${name}" to the MCP directory`;
          break;
        }
        default:
          // Unreachable: types were filtered against MCP_EVENT_TYPES.
          bump(result.skipped, 'unknown_type');
          continue;
      }

      history.push({ id: v.id, serverId: v.serverId, type: v.type, at: v.at, actor, summary, ...(policy ?? {}) });
      result.applied++;
    }

    // 4. One write round.
    const policyPuts: ToolPolicyRow[] = [];
    const policyDeletes: Array<[string, string]> = [];
    for (const key of dirtyPolicies) {
      const [serverId, tool] = policyKeys.get(key)!;
      const row = policies.get(key);
      if (row) policyPuts.push(row);
      else policyDeletes.push([serverId, tool]);
    }
    const tombPuts: PolicyTombstoneRow[] = [];
    const tombDeletes: Array<[string, string]> = [];
    for (const key of dirtyTombstones) {
      const [serverId, tool] = policyKeys.get(key)!;
      const at = tombstones.get(key);
      if (at !== undefined) tombPuts.push({ serverId, tool, clearedAt: at });
      else tombDeletes.push([serverId, tool]);
    }
    const connectionPuts = [...dirtyConnections].map((k) => connections.get(k)).filter((c): c is McpConnectionRow => c !== undefined);
    const serverPuts = [...dirtyServers].map((id) => servers.get(id)!);

    await Promise.all([
      history.length > 0 ? db.mcpEvents.bulkPut(history) : undefined,
      serverPuts.length > 0 ? db.mcpServers.bulkPut(serverPuts) : undefined,
      policyPuts.length > 0 ? db.toolPolicies.bulkPut(policyPuts) : undefined,
      policyDeletes.length > 0 ? db.toolPolicies.bulkDelete(policyDeletes) : undefined,
      tombPuts.length > 0 ? db.policyTombstones.bulkPut(tombPuts) : undefined,
      tombDeletes.length > 0 ? db.policyTombstones.bulkDelete(tombDeletes) : undefined,
      connectionPuts.length > 0 ? db.mcpConnections.bulkPut(connectionPuts) : undefined,
    ]);
    return result;
  });
}
