import { permissionLabel, toolLabel } from '../catalog/mcp-permissions.ts';
import type { McpEventRow, McpServerRow, PluginRow, ToolPolicyRow } from '../sources/compliance/tables.ts';
import type { AdminGroupRow, AdminRoleRow } from '../sources/admin/tables.ts';
import { pluginName, pluginReach, reachLabel, scanSummary } from './plugins.ts';
import type { Evidence, Finding } from './types.ts';

/**
 * Tool-permission findings for one MCP server (claude-models.md §3.4, admin-api.md §3.4): for the server and
 * each tool, statements built from facts — the permission in force and who set it when (from the replayed
 * `mcp_tool_policy_updated` events), whether the tool was ever restricted, the members connected, the roles
 * that grant `always_allow` on it (Admin API role permissions, when connected), the plugins that declare the
 * server (reach and scan) — plus name-based hints, labelled as hints. Every finding cites its evidence.
 */

export interface ToolFindingsInput {
  server: Pick<McpServerRow, 'id' | 'name' | 'connectedUsers' | 'preAudit' | 'firstEventAt' | 'lastEventAt'>;
  /** The current (published) policies of this server. */
  policies: readonly ToolPolicyRow[];
  /** This server's published MCP events (any order). */
  events: readonly McpEventRow[];
  /** Admin API roles and groups; empty when the Admin API is not connected (or not synced yet). */
  roles?: readonly AdminRoleRow[];
  groups?: readonly AdminGroupRow[];
  /** Published plugins that declare this server (matched by name). */
  plugins?: readonly PluginRow[];
}

const POLICY_EVENT = 'mcp_tool_policy_updated';
const EVENT_SOURCE = 'Compliance event mcp_tool_policy_updated';

/** Names that suggest an action with effects outside the chat. A hint from the name only: the tool may do otherwise. */
export const NAME_HINTS: ReadonlyArray<{ word: string; re: RegExp; action: string }> = [
  { word: 'delete', re: /(^|[^a-z])(delete|remove|destroy|drop|purge|erase)/i, action: 'a delete' },
  { word: 'send', re: /(^|[^a-z])(send|post|email|notify|message|reply)/i, action: 'a send' },
  { word: 'write', re: /(^|[^a-z])(write|edit|update|create|modify|merge|publish|set)([^a-z]|$)/i, action: 'a write' },
  { word: 'transfer', re: /(^|[^a-z])(transfer|pay|refund|charge|move)/i, action: 'a transfer' },
  { word: 'export', re: /(^|[^a-z])(export|download|share|upload|sync)/i, action: 'an export' },
];

export function nameHint(tool: string): { word: string; action: string } | null {
  if (tool === '*') return null;
  const hit = NAME_HINTS.find((h) => h.re.test(tool));
  return hit ? { word: hit.word, action: hit.action } : null;
}

const who = (a: McpEventRow['actor'] | ToolPolicyRow['setBy']): string => (a ? (a.email ?? a.id ?? a.type) : 'an unknown actor');
const day = (iso: string) => iso.slice(0, 10);
const perm = (p: string | null | undefined) => permissionLabel(p ?? null).label;

function eventEvidence(e: McpEventRow): Evidence {
  return {
    source: EVENT_SOURCE,
    id: e.id,
    date: e.at,
    detail: `tool_name = ${e.tool ?? '?'}; max_permission = ${e.permission ?? 'null'}; by ${who(e.actor)}`,
    ref: { type: 'event', id: e.id },
  };
}

function serverRecord(s: ToolFindingsInput['server'], detail: string): Evidence {
  return { source: 'Inventory MCP server record (replayed events)', id: s.id, date: s.lastEventAt, detail, ref: { type: 'mcp-server', id: s.id } };
}

/** Policy events per tool, oldest first. */
function historyByTool(events: readonly McpEventRow[]): Map<string, McpEventRow[]> {
  const out = new Map<string, McpEventRow[]>();
  for (const e of events) {
    if (e.type !== POLICY_EVENT || e.tool === undefined) continue;
    const list = out.get(e.tool) ?? [];
    list.push(e);
    out.set(e.tool, list);
  }
  for (const list of out.values()) list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
  return out;
}

/** Roles whose permissions grant always_allow on this server's tool (or every tool of it, or every connector). */
function grantingRoles(roles: readonly AdminRoleRow[], serverId: string, tool: string): Array<{ role: AdminRoleRow; scope: string }> {
  const out: Array<{ role: AdminRoleRow; scope: string }> = [];
  for (const role of roles) {
    for (const p of role.permissions) {
      if (p.action !== 'always_allow') continue;
      // connector_id is matched to the Compliance mcp_server_id as an exact string [unverified that they are the same id].
      if (p.resourceType === 'connector_tool' && p.connectorId === serverId && p.toolName === tool) out.push({ role, scope: `connector_tool ${p.toolName}` });
      else if (p.resourceType === 'connector' && p.connectorId === serverId) out.push({ role, scope: 'connector (every tool)' });
      else if (p.resourceType === 'all_connectors') out.push({ role, scope: 'all_connectors' });
    }
  }
  return out;
}

export function toolFindings(input: ToolFindingsInput): Finding[] {
  const { server } = input;
  const out: Finding[] = [];
  const add = (f: Omit<Finding, 'key' | 'serverId' | 'pluginId'> & { pluginId?: string | null }) =>
    out.push({ ...f, pluginId: f.pluginId ?? null, serverId: server.id, key: `${server.id}:${f.topic}:${f.tool ?? ''}:${f.pluginId ?? ''}:${out.length}` });
  const history = historyByTool(input.events);
  const current = new Map(input.policies.map((p) => [p.tool, p]));
  const tools = [...new Set([...current.keys(), ...history.keys()])].sort((a, b) => (a === '*' ? -1 : b === '*' ? 1 : a.localeCompare(b)));

  // The server as a whole.
  if (tools.length === 0) {
    add({
      kind: 'fact',
      topic: 'permission',
      tool: null,
      statement: `No tool permission has ever been set on ${server.name}: its tools follow the organization default${server.preAudit ? ' (or a policy set before the audit log began)' : ''}.`,
      evidence: [serverRecord(server, `mcp_tool_policy_updated events for this server = 0; first event ${day(server.firstEventAt)}`)],
    });
  }
  const connections = input.events.filter((e) => e.type === 'integration_user_connected' || e.type === 'integration_user_disconnected').sort((a, b) => (a.at < b.at ? 1 : -1));
  add({
    kind: 'fact',
    topic: 'people',
    tool: null,
    statement: `${server.connectedUsers} ${server.connectedUsers === 1 ? 'member is' : 'members are'} connected to ${server.name}.`,
    evidence: [
      serverRecord(server, `connectedUsers = ${server.connectedUsers} (members whose latest event is integration_user_connected)`),
      ...connections.slice(0, 1).map((e) => ({ source: `Compliance event ${e.type}`, id: e.id, date: e.at, detail: `latest connection event, by ${who(e.actor)}`, ref: { type: 'event' as const, id: e.id } })),
    ],
  });

  // Each tool: permission in force, provenance, history, roles, hints.
  const rolesKnown = (input.roles?.length ?? 0) > 0;
  const star = current.get('*');
  for (const tool of tools) {
    const p = current.get(tool);
    const events = history.get(tool) ?? [];
    const latest = events[events.length - 1];
    const label = toolLabel(tool);
    if (p) {
      const setEvent = [...events].reverse().find((e) => e.at === p.at && e.permission === p.permission) ?? null;
      add({
        kind: 'fact',
        topic: 'permission',
        tool,
        statement: `${label}: ${perm(p.permission)}, set by ${who(p.setBy)} on ${day(p.at)}${setEvent ? '' : ' (the event itself is not in the kept history)'}.`,
        evidence: setEvent
          ? [eventEvidence(setEvent)]
          : [{ source: 'Inventory tool policy (replayed events)', id: `${server.id}/${tool}`, date: p.at, detail: `max_permission = ${p.permission}; set by ${who(p.setBy)}` }],
      });
    } else if (latest) {
      add({
        kind: 'fact',
        topic: 'permission',
        tool,
        statement: `${label}: no restriction now — cleared by ${who(latest.actor)} on ${day(latest.at)}${star && tool !== '*' ? `; the server-wide default (${perm(star.permission)}) applies` : ''}.`,
        evidence: [eventEvidence(latest)],
      });
    }
    const restricted = events.filter((e) => e.permission === 'ask' || e.permission === 'blocked');
    const effective = p?.permission ?? (tool !== '*' ? star?.permission : undefined) ?? null;
    if (events.length > 0) {
      if (restricted.length === 0) {
        add({
          kind: 'fact',
          topic: 'history',
          tool,
          statement: `${label} has never been restricted: ${events.length === 1 ? 'its one recorded policy' : `all ${events.length} recorded policies`} ${events.length === 1 ? 'is' : 'are'} ${[...new Set(events.map((e) => perm(e.permission)))].join(' or ')}.`,
          evidence: events.map(eventEvidence),
        });
      } else if (effective === 'allow' || effective === null) {
        const last = restricted[restricted.length - 1]!;
        add({
          kind: 'fact',
          topic: 'history',
          tool,
          statement: `${label} was restricted (${perm(last.permission)} from ${day(last.at)}, by ${who(last.actor)}) and is now ${effective === null ? 'unrestricted' : perm(effective)}.`,
          evidence: [eventEvidence(last), ...(latest && latest !== last ? [eventEvidence(latest)] : [])],
        });
      } else {
        add({ kind: 'fact', topic: 'history', tool, statement: `${label} has been restricted since ${day(restricted[0]!.at)} (${restricted.length} restricting ${restricted.length === 1 ? 'event' : 'events'}).`, evidence: restricted.map(eventEvidence) });
      }
    }
    if (tool !== '*' && rolesKnown) {
      for (const g of grantingRoles(input.roles!, server.id, tool)) {
        const groups = (input.groups ?? []).filter((x) => x.roleIds?.includes(g.role.id));
        const members = groups.reduce((n, x) => n + x.memberCount, 0);
        add({
          kind: 'fact',
          topic: 'roles',
          tool,
          statement: `Role “${g.role.displayName}” grants Always allow on ${label}${g.scope.startsWith('connector_tool') ? '' : ` (through ${g.scope})`}; ${groups.length === 0 ? 'no group holds it' : `held by ${groups.map((x) => `“${x.name}”`).join(', ')} (${members} ${members === 1 ? 'member' : 'members'})`}.`,
          evidence: [{ source: 'Admin API role permission', id: g.role.id, date: null, detail: `action = always_allow; resource = ${g.scope}`, ref: { type: 'role', id: g.role.id } }],
        });
      }
    }
    const hint = nameHint(tool);
    if (hint && effective === 'allow') {
      add({
        kind: 'hint',
        topic: 'name-hint',
        tool,
        statement: `Hint from the name only: “${tool}” is named like ${hint.action} action and runs under Always allow${p ? '' : ' (through the server-wide default)'}. The name may mislead; check what the tool does.`,
        evidence: p
          ? [...events.filter((e) => e.at === p.at).slice(-1).map(eventEvidence), { source: 'Tool name', id: null, date: null, detail: `“${tool}” matches “${hint.word}”` }]
          : [{ source: 'Tool name', id: null, date: null, detail: `“${tool}” matches “${hint.word}”` }],
      });
    }
  }

  if (!rolesKnown) {
    add({
      kind: 'fact',
      topic: 'roles',
      tool: null,
      statement: 'Which roles grant Always allow on these tools is not known: connect the Admin API to read role permissions.',
      evidence: [{ source: 'Admin API role permissions', id: null, date: null, detail: 'no roles synced' }],
    });
  }

  for (const plugin of input.plugins ?? []) {
    const reach = pluginReach(plugin);
    const scan = scanSummary(plugin.scan);
    add({
      kind: reach.inferred ? 'inferred' : 'fact',
      topic: 'plugin',
      tool: null,
      pluginId: plugin.id,
      statement: `Declared by plugin ${pluginName(plugin)} (${plugin.ownerType === 'organization' ? 'organization' : 'member'}-owned, reach ${reachLabel(reach.value).toLowerCase()}${reach.inferred ? ' [inferred]' : ''}, scan ${scan.label.toLowerCase()}${scan.reason ? ` — ${scan.reason}` : ''}${plugin.installationPreference ? `, ${plugin.installationPreference.replace('_', ' ')}` : ''}); matched by name.`,
      evidence: [{ source: 'Plugins API plugin record', id: plugin.id, date: plugin.updatedAt, detail: `components include mcp_server “${server.name}”; reach = ${plugin.reach ?? 'null'}; content_scan.assessment = ${plugin.scan?.assessment ?? 'null'}`, ref: { type: 'plugin', id: plugin.id } }],
    });
  }
  return out;
}

/** Every finding's evidence names a record or event with an id, or says what it counted — used by tests and the UI. */
export function citesEvidence(f: Finding): boolean {
  return f.evidence.length > 0 && f.evidence.some((e) => e.id !== null || e.source === 'Tool name' || e.source === 'Admin API role permissions');
}
