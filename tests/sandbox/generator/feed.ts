/**
 * The activity feed: inventory events (MCP servers, tool policies, connections, model defaults),
 * directory events, and the bulk of unrelated "noise" events, merged in time order.
 *
 * Shapes follow compliance-api.md §3. Where the spec marks a value illustrative or undocumented the
 * choice is noted inline ([unverified]).
 */
import { sandboxKeys } from '../keys.ts';
import type { Actor, ActivityDraft, ActivityLog, LazyBuilder } from './activities.ts';
import { apiKeyIdFor } from './api-keys.ts';
import { MCP_DIRECTORY_NAMES, MODEL_TABLE, NON_MCP_INTEGRATIONS, PLUGIN_NAMES, SKILL_NAMES } from './catalog.ts';
import { NO_REF } from './chats.ts';
import type { SandboxOrg } from './org.ts';
import { Rng, hash, hashChars, salt, taggedId, unit, uuidFrom } from './prng.ts';
import { DAY, HOUR, MINUTE, SECOND, floorSecond } from './time.ts';
import { serverNameAt, type SandboxMcpServer } from './types.ts';

// Actor kinds of lazy events.
const A_USER = 0;
const A_API = 1;
const A_UNAUTH = 2;
const A_SCIM = 3;
const A_SYSTEM = 4;
const A_UNKNOWN = 5;

// Noise categories: how actor, organization and reference are chosen.
type Category = 'login' | 'user_org' | 'chat' | 'project' | 'api' | 'scim' | 'admin' | 'system' | 'unauth';

/** Weighted noise types. The last three are "future" types the client has never heard of. */
const NOISE_TYPES: ReadonlyArray<readonly [string, number, Category]> = [
  ['sso_login_succeeded', 16, 'login'],
  ['user_logged_out', 3, 'login'],
  ['magic_link_login_succeeded', 1, 'login'],
  ['social_login_succeeded', 0.6, 'login'],
  ['sso_login_failed', 1, 'unauth'],
  ['claude_chat_created', 18, 'chat'],
  ['claude_chat_updated', 7, 'chat'],
  ['claude_chat_viewed', 9, 'chat'],
  ['claude_chat_deleted', 1, 'chat'],
  ['claude_file_uploaded', 4, 'chat'],
  ['claude_artifact_created', 2, 'chat'],
  ['claude_artifact_viewed', 2, 'chat'],
  ['claude_project_viewed', 4, 'project'],
  ['compliance_api_accessed', 6, 'api'],
  ['group_member_added', 0.8, 'scim'],
  ['group_member_removed', 0.3, 'scim'],
  ['org_user_invite_sent', 0.8, 'admin'],
  ['claude_user_settings_updated', 1, 'user_org'],
  ['claude_organization_settings_updated', 0.3, 'admin'],
  ['claude_skill_enabled', 0.4, 'user_org'],
  ['claude_plugin_enabled', 0.2, 'user_org'],
  ['rbac_role_assigned', 0.3, 'admin'],
  ['org_cowork_mcp_always_allow_enabled', 0.02, 'admin'],
  ['org_connector_domain_guard_updated', 0.02, 'admin'],
  ['desktop_extension_allowlisted', 0.05, 'admin'],
  ['claude_canvas_board_shared', 0.15, 'user_org'],
  ['org_data_residency_region_updated', 0.03, 'admin'],
  ['agent_fleet_run_completed', 0.1, 'system'],
];

/** Types (and one actor) forced into every feed so tolerance is always exercised, even in `tiny`. */
const FORCED_NOISE = ['claude_canvas_board_shared', '@unknown-actor', 'org_data_residency_region_updated', 'sso_login_failed', 'org_cowork_mcp_always_allow_enabled', 'agent_fleet_run_completed'] as const;

export const UNKNOWN_ACTOR_TYPE = 'delegated_agent_actor';
export const FUTURE_ACTIVITY_TYPES = ['claude_canvas_board_shared', 'org_data_residency_region_updated', 'agent_fleet_run_completed'] as const;

const S_NOISE_T = salt('noise-time');
const S_NOISE_TYPE = salt('noise-type');
const S_NOISE_PICK = salt('noise-pick');
const S_PAYLOAD = salt('noise-payload');

export function userActor(org: SandboxOrg, u: number): Actor {
  const user = org.users[u]!;
  return { type: 'user_actor', email_address: user.email, user_id: user.id, ip_address: user.ipAddress, user_agent: user.userAgent };
}

export function generateFeed(org: SandboxOrg): void {
  const log = org.activities;
  for (const o of org.organizations) log.registerOrg(o.id, o.uuid);
  for (const u of org.users) log.userCode(u.id);
  const drafts: ActivityDraft[] = [];
  inventoryEvents(org, drafts);
  directoryEvents(org, drafts);
  drafts.sort((a, b) => a.atMs - b.atMs);
  mergeNoise(org, log, drafts);
  log.setLazyBuilder(lazyBuilder(org));
}

// ------------------------------------------------------------------ inventory events

function inventoryEvents(org: SandboxOrg, out: ActivityDraft[]): void {
  const rng = new Rng(org.seed, 'feed-inventory');
  const adminActor = (o: number): Actor => userActor(org, rng.pick(org.adminsOf(o)));
  const adminKeyActor = (): Actor => ({
    type: 'admin_api_key_actor',
    admin_api_key_id: taggedId('apikey_', org.seed, salt('admin-key'), 0),
    ip_address: '198.51.100.20',
    user_agent: 'terraform-provider-anthropic/0.9',
  });
  const servers = org.mcpServers;
  const windowOf = (s: SandboxMcpServer): [number, number] => {
    const lo = Math.max(s.createdAtMs, org.auditStartMs) + MINUTE;
    const hi = Math.max(lo + MINUTE, (s.deletedAtMs ?? org.nowMs) - MINUTE);
    return [lo, hi];
  };
  const at = (lo: number, hi: number): number => floorSecond(lo + rng.next() * (hi - lo));
  const serverEvent = (s: SandboxMcpServer, atMs: number, type: string, actor: Actor, extra: Record<string, unknown> = {}): ActivityDraft => ({
    atMs,
    type,
    orgIndex: s.orgIndex,
    actor,
    payload: { mcp_server_id: s.id, mcp_server_name: serverNameAt(s, atMs), ...extra },
  });

  // Tool policy events: at least one per server (servers configured before the audit log began
  // become visible only through them), the rest spread with a skew.
  const nPolicy = org.size.toolPolicyEvents;
  const perServer = new Array<number>(servers.length).fill(0);
  if (servers.length > 0) {
    const order = servers.map((s) => s.index).sort((a, b) => Number(servers[b]!.preAudit) - Number(servers[a]!.preAudit) || a - b);
    for (let k = 0; k < Math.min(nPolicy, servers.length); k++) perServer[order[k]!]!++;
    const weights = servers.map((s) => 0.3 + unit(org.seed, salt('policy-weight'), s.index) ** 2);
    for (let k = servers.length; k < nPolicy; k++) perServer[rng.weighted(servers.map((s) => s.index), weights)]!++;
  }
  const VALUES = ['ask', 'allow', 'blocked'] as const;
  let valueCounter = 0;

  for (const s of servers) {
    const [lo, hi] = windowOf(s);
    if (!s.preAudit) out.push(serverEvent(s, s.createdAtMs, 'mcp_server_created', adminActor(s.orgIndex)));
    if (s.renamedAtMs !== null && s.renamedTo !== null) {
      out.push({ atMs: s.renamedAtMs, type: 'mcp_server_updated', orgIndex: s.orgIndex, actor: adminActor(s.orgIndex), payload: { mcp_server_id: s.id, mcp_server_name: s.renamedTo } });
    }
    if (s.index % 3 === 0) {
      out.push(serverEvent(s, at(lo, hi), 'mcp_server_managed_auth_updated', adminActor(s.orgIndex), { managed_auth_mode: rng.pick(['sso', 'claude', null]) }));
    }
    if (s.index % 2 === 0) {
      out.push({
        atMs: at(lo, hi),
        type: 'admin_connector_request_resolved',
        orgIndex: s.orgIndex,
        actor: adminActor(s.orgIndex),
        payload: { decision: rng.chance(0.75) ? 'approved' : 'dismissed', mcp_server_id: s.id, resolved_count: rng.int(1, 6) },
      });
    }

    // Tool policies, in time order per server, so "cleared" (null) only follows a value.
    const times = Array.from({ length: perServer[s.index]! }, () => at(lo, hi)).sort((a, b) => a - b);
    const state = new Map<string, string | null>();
    let lastTool = '*';
    times.forEach((t, j) => {
      let tool: string;
      let value: string | null;
      if (j === 0) {
        tool = '*';
        value = VALUES[valueCounter++ % 3]!;
      } else if (j === 1) {
        tool = rng.pick(s.tools);
        value = VALUES[valueCounter++ % 3]!;
      } else if (j === 2) {
        tool = lastTool;
        value = null;
      } else {
        tool = rng.chance(0.2) ? '*' : rng.pick(s.tools);
        value = state.get(tool) != null && rng.chance(0.12) ? null : rng.pick(VALUES);
      }
      state.set(tool, value);
      lastTool = tool;
      const actor = rng.chance(0.05) ? adminKeyActor() : adminActor(s.orgIndex);
      out.push(serverEvent(s, t, 'mcp_tool_policy_updated', actor, { tool_name: tool, max_permission: value }));
    });

    // Members connecting to the server (some disconnect later).
    const members = (org.memberships[s.orgIndex] ?? []).map((m) => m.userIndex);
    const nConnect = Math.min(members.length, Math.max(3, Math.min(120, Math.round(org.users.length * 0.006))));
    for (const u of rng.sample(members, nConnect)) {
      const t = at(lo, hi);
      // integration_type "mcp" is illustrative in the docs [unverified].
      out.push(serverEvent(s, t, 'integration_user_connected', userActor(org, u), { integration_type: 'mcp' }));
      if (rng.chance(0.2)) out.push(serverEvent(s, at(t, hi + MINUTE), 'integration_user_disconnected', userActor(org, u), { integration_type: 'mcp' }));
    }
    if (s.deletedAtMs !== null) out.push(serverEvent(s, s.deletedAtMs, 'mcp_server_deleted', adminActor(s.orgIndex)));
  }

  // Connections to built-in (non-MCP) integrations: no server id or name.
  const nOther = Math.max(2, Math.round(org.users.length * 0.02));
  for (let k = 0; k < nOther; k++) {
    const u = rng.int(0, org.users.length - 1);
    out.push({
      atMs: at(org.auditStartMs, org.nowMs - HOUR),
      type: 'integration_user_connected',
      orgIndex: org.users[u]!.primaryOrg,
      actor: userActor(org, u),
      payload: { integration_type: rng.pick(NON_MCP_INTEGRATIONS), mcp_server_id: null, mcp_server_name: null },
    });
  }

  // The org's approved MCP directory listings ([unverified] id prefix `mcpdir_`).
  const nDirectory = Math.max(1, Math.floor(servers.length / 5));
  for (let k = 0; k < nDirectory; k++) {
    const o = rng.pick(org.claudeOrgs).index;
    out.push({
      atMs: at(org.auditStartMs, org.nowMs - HOUR),
      type: 'mcp_directory_server_published',
      orgIndex: o,
      actor: adminActor(o),
      payload: { mcp_directory_server_id: taggedId('mcpdir_', org.seed, salt('mcp-directory'), k), mcp_directory_server_name: MCP_DIRECTORY_NAMES[k % MCP_DIRECTORY_NAMES.length]! },
    });
  }

  // Model defaults per claude.ai organization: set, switched later, and one cleared for a role.
  const modelsAt = (t: number) => MODEL_TABLE.filter((m) => Date.parse(m.from) <= t && (!m.until || Date.parse(m.until) > t));
  for (const o of org.claudeOrgs) {
    const times = [at(org.auditStartMs + 10 * DAY, org.auditStartMs + 60 * DAY), at(org.nowMs - 90 * DAY, org.nowMs - 5 * DAY)];
    for (const t of times) {
      const available = modelsAt(t).sort((a, b) => b.weight - a.weight);
      if (available.length === 0) continue;
      out.push({
        atMs: t,
        type: 'org_model_default_updated',
        orgIndex: o.index,
        actor: adminActor(o.index),
        payload: {
          action: 'set',
          principal_type: 'org',
          principal_id: o.id,
          default_model: available[0]!.id,
          override_user_selection: false,
          model_access: available.slice(0, 4).map((m, k) => ({ api_name: m.id, enabled: k < 3, max_effort_level: k === 0 ? 'high' : null })),
        },
      });
    }
    const role = org.roles.find((r) => r.orgIndex === o.index);
    if (role) {
      out.push({
        atMs: at(org.nowMs - 30 * DAY, org.nowMs - DAY),
        type: 'org_model_default_updated',
        orgIndex: o.index,
        actor: adminActor(o.index),
        payload: { action: 'cleared', principal_type: 'rbac_role', principal_id: role.id, default_model: null, override_user_selection: false, model_access: [] },
      });
    }
  }
}

// ------------------------------------------------------------------ directory events

function directoryEvents(org: SandboxOrg, out: ActivityDraft[]): void {
  const rng = new Rng(org.seed, 'feed-directory');
  const audit = org.auditStartMs;
  const scim = (k: number): Actor => ({ type: 'scim_directory_sync_actor', directory_id: 'directory_01SandboxOkta', workos_event_id: `event_01${hashChars(22, org.seed, salt('workos'), k)}`, idp_connection_type: 'OktaSCIMV2' });
  for (const u of org.users) {
    if (u.createdAtMs >= audit && u.index !== 0) {
      out.push({ atMs: u.createdAtMs, type: 'org_user_invite_accepted', orgIndex: u.primaryOrg, actor: userActor(org, u.index), payload: { invite_id: `invite_01${hashChars(22, org.seed, salt('invite'), u.index)}` } });
    }
    if (u.departedAtMs !== null && u.departedAtMs >= audit) {
      if (u.scimManaged) {
        out.push({ atMs: u.departedAtMs, type: 'org_user_deleted', orgIndex: u.primaryOrg, actor: scim(u.index), payload: { deleted_user_email: u.email, deleted_user_id: u.id } });
      } else {
        out.push({ atMs: u.departedAtMs, type: 'org_user_left', orgIndex: u.primaryOrg, actor: userActor(org, u.index), payload: { previous_role: 'user' } });
      }
    }
  }
  for (const g of org.groups) {
    if (g.createdAtMs >= audit) out.push({ atMs: g.createdAtMs, type: 'group_created', orgIndex: 0, actor: scim(100_000 + g.index), payload: { group_id: g.id, group_name: g.name } });
  }
  for (const r of org.roles) {
    if (r.createdAtMs !== null && r.createdAtMs >= audit) {
      out.push({ atMs: r.createdAtMs, type: 'rbac_role_created', orgIndex: r.orgIndex, actor: userActor(org, rng.pick(org.adminsOf(r.orgIndex))), payload: { role_id: r.id, role_name: r.name } });
    }
  }
  for (const p of org.projects) {
    const actorUser = p.creatorUserIndex >= 0 ? p.creatorUserIndex : rng.pick(org.adminsOf(p.orgIndex));
    if (p.createdAtMs >= audit) out.push({ atMs: p.createdAtMs, type: 'claude_project_created', orgIndex: p.orgIndex, actor: userActor(org, actorUser), payload: { claude_project_id: p.id } });
    if (p.deletedAtMs !== null && p.deletedAtMs >= audit) out.push({ atMs: p.deletedAtMs, type: 'claude_project_deleted', orgIndex: p.orgIndex, actor: userActor(org, actorUser), payload: { claude_project_id: p.id } });
  }
}

// ------------------------------------------------------------------ noise

function mergeNoise(org: SandboxOrg, log: ActivityLog, drafts: ActivityDraft[]): void {
  const seed = org.seed;
  const n = org.size.noiseEvents;
  const span = (org.nowMs - SECOND - org.auditStartMs) / SECOND;
  const typeCodes = NOISE_TYPES.map(([t]) => log.typeCode(t));
  const cumulative: number[] = [];
  let total = 0;
  for (const [, w] of NOISE_TYPES) cumulative.push((total += w));
  const forcedAt = new Map<number, string>();
  FORCED_NOISE.forEach((f, j) => {
    if (n > FORCED_NOISE.length * 2) forcedAt.set(Math.floor(((j + 1) * n) / (FORCED_NOISE.length + 1)), f);
  });
  const activeUsers = org.users.filter((u) => u.active).map((u) => u.index);
  const heavy = new Rng(seed, 'noise-heavy').shuffle(activeUsers.slice());
  const pickUser = (r: number) => heavy[Math.min(heavy.length - 1, Math.floor(heavy.length * r * r))]!;
  const projectsByCreated = org.projects.slice().sort((a, b) => a.createdAtMs - b.createdAtMs);
  const claudeOrgs = org.claudeOrgs.map((o) => o.index);
  const chats = org.chats;

  let d = 0;
  let projectsSoFar = 0;
  let prevT = org.auditStartMs;
  for (let k = 0; k < n; k++) {
    let t = (org.auditStartMs / SECOND + Math.floor(span * Math.pow((k + unit(seed, S_NOISE_T, k)) / n, 0.8))) * SECOND;
    if (t < prevT) t = prevT;
    prevT = t;
    while (d < drafts.length && drafts[d]!.atMs <= t) log.pushStored(drafts[d++]!);

    const forced = forcedAt.get(k);
    let typeIdx: number;
    let unknownActor = false;
    if (forced === '@unknown-actor') {
      typeIdx = NOISE_TYPES.findIndex(([ty]) => ty === 'claude_chat_viewed');
      unknownActor = true;
    } else if (forced !== undefined) {
      typeIdx = NOISE_TYPES.findIndex(([ty]) => ty === forced);
    } else {
      const r = unit(seed, S_NOISE_TYPE, k) * total;
      typeIdx = 0;
      while (cumulative[typeIdx]! <= r) typeIdx++;
    }
    let category = NOISE_TYPES[typeIdx]![2];
    if (category === 'scim' && org.groups.length === 0) {
      category = 'login';
      typeIdx = 0;
    }
    const r1 = unit(seed, S_NOISE_PICK, k, 1);
    const r2 = unit(seed, S_NOISE_PICK, k, 2);
    let actorKind = A_USER;
    let actorCode = -1;
    let orgCode = -1;
    let ref = -1;
    if (category === 'chat') {
      const count = chats.createdBound(t, Number.MAX_SAFE_INTEGER, false);
      if (count === 0) {
        category = 'login';
        typeIdx = 0;
      } else {
        ref = chats.createdPerm[count - 1 - Math.floor(count * Math.pow(r1, 4))]!;
        const u = chats.user[ref]!;
        actorCode = u >= 0 ? u : pickUser(r2);
        orgCode = chats.org[ref]!;
        if (unknownActor || (NOISE_TYPES[typeIdx]![0] === 'claude_chat_viewed' && r2 < 0.002)) {
          actorKind = A_UNKNOWN;
        } else if (NOISE_TYPES[typeIdx]![0] === 'claude_chat_deleted' && r2 < 0.3) {
          actorKind = A_SYSTEM;
        }
      }
    }
    if (category === 'project') {
      // Times only grow in this loop, so the count of projects created so far only grows too.
      while (projectsSoFar < projectsByCreated.length && projectsByCreated[projectsSoFar]!.createdAtMs <= t) projectsSoFar++;
      const count = projectsSoFar;
      if (count === 0) {
        category = 'login';
        typeIdx = 0;
      } else {
        const p = projectsByCreated[Math.floor(r1 * count)]!;
        ref = p.index;
        orgCode = p.orgIndex;
        const members = org.memberships[p.orgIndex]!;
        actorCode = members.length > 0 ? members[Math.floor(r2 * members.length)]!.userIndex : 0;
      }
    }
    switch (category) {
      case 'login':
        actorCode = pickUser(r1);
        break;
      case 'user_org':
        actorCode = pickUser(r1);
        orgCode = org.users[actorCode]!.primaryOrg;
        break;
      case 'admin': {
        const o = claudeOrgs[Math.floor(r1 * claudeOrgs.length)]!;
        const admins = org.adminsOf(o);
        actorCode = admins[Math.floor(r2 * admins.length)]!;
        orgCode = o;
        break;
      }
      case 'api':
        actorKind = A_API;
        break;
      case 'scim':
        actorKind = A_SCIM;
        orgCode = claudeOrgs[0]!;
        ref = Math.floor(r1 * org.groups.length);
        break;
      case 'system':
        actorKind = A_SYSTEM;
        orgCode = claudeOrgs[Math.floor(r1 * claudeOrgs.length)]!;
        break;
      case 'unauth':
        actorKind = A_UNAUTH;
        break;
      default:
        break;
    }
    // Only user actors match actor_ids[] filters; an unknown actor finds its user through the chat in `ref`.
    log.pushLazy(t, typeCodes[typeIdx]!, actorKind, actorKind === A_USER ? actorCode : -1, orgCode, ref);
  }
  while (d < drafts.length) log.pushStored(drafts[d++]!);
}

// ------------------------------------------------------------------ lazy payloads

function lazyBuilder(org: SandboxOrg): LazyBuilder {
  const seed = org.seed;
  const siemKey = apiKeyIdFor(sandboxKeys(seed).compliance.activitiesOnly.secret);
  const chats = org.chats;
  // Actor objects are immutable once built; share one per user across lazily built events.
  const userActors: Array<Actor | undefined> = [];
  const cachedUserActor = (u: number): Actor => (userActors[u] ??= userActor(org, u));
  return (seq, type, actorKind, actorCode, orgCode, ref) => {
    const h = (k: number) => hash(seed, S_PAYLOAD, seq, k);
    let actor: Actor;
    switch (actorKind) {
      case A_API:
        actor = { type: 'api_actor', api_key_id: siemKey, ip_address: '198.51.100.7', user_agent: 'siem-exporter/2.4 python-httpx/0.27' };
        break;
      case A_UNAUTH:
        actor = { type: 'unauthenticated_user_actor', ip_address: `203.0.113.${(h(1) % 250) + 1}`, user_agent: 'Mozilla/5.0', unauthenticated_email_address: h(2) % 2 === 0 ? null : `unknown.person@${org.company.domain}` };
        break;
      case A_SCIM:
        actor = { type: 'scim_directory_sync_actor', directory_id: 'directory_01SandboxOkta', workos_event_id: `event_01${hashChars(22, seed, S_PAYLOAD, seq)}`, idp_connection_type: 'OktaSCIMV2' };
        break;
      case A_SYSTEM:
        actor = { type: 'system_actor', service: type === 'claude_chat_deleted' ? 'data_retention' : null };
        break;
      case A_UNKNOWN: {
        // An actor type from the future: clients must keep the event and show the type as-is.
        const onBehalf = ref >= 0 ? chats.user[ref]! : -1;
        actor = { type: UNKNOWN_ACTOR_TYPE, agent_id: `cagt_01${hashChars(22, seed, S_PAYLOAD, seq, 1)}`, on_behalf_of_user_id: onBehalf >= 0 ? org.users[onBehalf]!.id : null, ip_address: '192.0.2.200' };
        break;
      }
      default:
        actor = cachedUserActor(actorCode >= 0 ? actorCode : 0);
    }
    return { actor, payload: noisePayload(org, type, seq, ref, orgCode, h) };
  };
}

function noisePayload(org: SandboxOrg, type: string, seq: number, ref: number, orgCode: number, h: (k: number) => number): Record<string, unknown> {
  const seed = org.seed;
  const chats = org.chats;
  const chatFields = () => {
    const p = chats.project[ref]!;
    return { claude_chat_id: chats.id(ref), claude_project_id: p === NO_REF ? null : org.projects[p]!.id };
  };
  switch (type) {
    case 'sso_login_succeeded':
      return { auth_method: 'sso', mfa_method: null };
    case 'magic_link_login_succeeded':
      return { auth_method: 'magic_link', mfa_method: 'not_used' };
    case 'social_login_succeeded':
      return { provider: (['google', 'microsoft', 'apple'] as const)[h(3) % 3], auth_method: 'social', mfa_method: null };
    case 'claude_chat_created':
    case 'claude_chat_updated':
    case 'claude_chat_viewed':
    case 'claude_chat_deleted':
      return chatFields();
    case 'claude_file_uploaded':
      return { claude_file_id: taggedId('claude_file_', seed, S_PAYLOAD, seq), filename: (['notes.pdf', 'budget.xlsx', 'diagram.png', 'Übersicht.docx'] as const)[h(4) % 4], ...chatFields() };
    case 'claude_artifact_created':
      return { claude_artifact_id: taggedId('claude_artifact_', seed, S_PAYLOAD, seq) };
    case 'claude_artifact_viewed':
      return { claude_artifact_id: taggedId('claude_artifact_', seed, S_PAYLOAD, seq), claude_artifact_version_id: taggedId('claude_artifact_version_', seed, S_PAYLOAD, seq) };
    case 'claude_project_viewed':
      return { claude_project_id: org.projects[ref]!.id, preview_only: h(5) % 5 === 0 };
    case 'compliance_api_accessed':
      return {
        request_id: `req_01${hashChars(22, seed, S_PAYLOAD, seq, 2)}`,
        request_method: 'GET',
        url: 'https://api.anthropic.com/v1/compliance/activities?limit=5000&order=asc',
        status_code: h(6) % 50 === 0 ? 429 : 200,
        request_body: null,
      };
    case 'group_member_added':
    case 'group_member_removed': {
      const g = org.groups[ref]!;
      const m = g.members.length > 0 ? g.members[h(7) % g.members.length]!.userIndex : 0;
      return { group_id: g.id, member_ids: [org.users[m]!.id] };
    }
    case 'org_user_invite_sent':
      return { invited_email: `new.hire${h(8) % 1000}@${org.company.domain}`, invited_rbac_group_ids: null, invited_role: 'user', invited_seat_tier: null };
    case 'claude_user_settings_updated':
      return h(9) % 3 === 0
        ? { updates: [{ type: 'mcp_tools_enabled', previous_value: null, current_value: { [`${org.mcpServers[0]?.id ?? 'mcpsrv_unknown'}:create_issue`]: true } }] }
        : { updates: [{ type: 'web_search_enabled', previous_value: false, current_value: true }] };
    case 'claude_organization_settings_updated':
      return { updates: [{ type: 'web_search_enabled', previous_value: false, current_value: true }] };
    case 'claude_skill_enabled':
      return { skill_id: `skill_01${hashChars(22, seed, S_PAYLOAD, seq, 3)}`, skill_name: SKILL_NAMES[h(10) % SKILL_NAMES.length]! };
    case 'claude_plugin_enabled':
      return { marketplace_id: null, plugin_id: `plugin_01${hashChars(22, seed, S_PAYLOAD, seq, 4)}`, plugin_name: PLUGIN_NAMES[h(11) % PLUGIN_NAMES.length]! };
    case 'rbac_role_assigned': {
      const roles = org.roles.filter((r) => r.orgIndex === orgCode);
      const role = roles.length > 0 ? roles[h(12) % roles.length]! : org.roles[0];
      const members = org.memberships[orgCode] ?? [];
      const who = members.length > 0 ? members[h(13) % members.length]!.userIndex : 0;
      return { principal_id: org.users[who]!.id, principal_type: 'user', role_id: role?.id ?? 'rbac_role_unknown' };
    }
    case 'org_connector_domain_guard_updated':
      return { enforced: h(14) % 2 === 0 };
    case 'desktop_extension_allowlisted':
      return { extension_id: `ant.dir.${(['filesystem', 'sqlite', 'browser'] as const)[h(15) % 3]}` };
    // Future types: invented payloads (the client must keep them without understanding them).
    case 'claude_canvas_board_shared':
      return { canvas_board_id: `canvas_01${hashChars(22, seed, S_PAYLOAD, seq, 5)}`, audience: { type: 'organization' } };
    case 'org_data_residency_region_updated':
      return { region: 'eu', previous_region: 'us' };
    case 'agent_fleet_run_completed':
      return { fleet_id: uuidFrom(seed, S_PAYLOAD, seq), outcome: 'success', duration_ms: h(16) % 90_000 };
    default:
      return {};
  }
}
