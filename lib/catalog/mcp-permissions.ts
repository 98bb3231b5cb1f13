/**
 * MCP tool permissions on claude.ai connectors (specs/claude-models.md §3.1) and the fact-based tool findings of
 * §3.4. Pure functions: no Dexie, no network.
 *
 * Vocabulary: the admin policy `max_permission` per (server, tool) is `allow` / `ask` / `blocked`, shown as
 * "Always allow" / "Needs approval" / "Blocked"; `null` means the restriction was cleared; tool `*` is the
 * server-wide default row. The admin value is a ceiling: members can be more restrictive, never less. A value this
 * version does not know is kept as the string the API sent and displayed raw.
 *
 * Findings are statements, not scores; each carries the facts (field, value, where it came from) it rests on.
 */

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------------------------

export const KNOWN_PERMISSIONS = ['allow', 'ask', 'blocked'] as const;
export type KnownPermission = (typeof KNOWN_PERMISSIONS)[number];

export const PERMISSION_LABELS: Readonly<Record<KnownPermission, string>> = {
  allow: 'Always allow',
  ask: 'Needs approval',
  blocked: 'Blocked',
};

/** The `tool_name` of the server-wide default row. */
export const SERVER_DEFAULT_TOOL = '*';
export const SERVER_DEFAULT_TOOL_LABEL = 'All tools (server-wide default)';
/** Shown for `max_permission: null` (the restriction was cleared). */
export const NO_RESTRICTION_LABEL = 'No restriction';

export function isKnownPermission(value: unknown): value is KnownPermission {
  return typeof value === 'string' && (KNOWN_PERMISSIONS as readonly string[]).includes(value);
}

export function isServerDefaultTool(toolName: string): boolean {
  return toolName === SERVER_DEFAULT_TOOL;
}

/** "All tools (server-wide default)" for `*`, the tool name otherwise. */
export function toolLabel(toolName: string): string {
  return isServerDefaultTool(toolName) ? SERVER_DEFAULT_TOOL_LABEL : toolName;
}

export interface PermissionDisplay {
  /** The machine value as sent (null = cleared). */
  value: string | null;
  /** What the UI shows: the vendor label, "No restriction" for null, the raw value when unknown. */
  label: string;
  kind: 'known' | 'cleared' | 'unknown';
}

export function permissionLabel(value: string | null | undefined): PermissionDisplay {
  if (value === null || value === undefined) return { value: null, label: NO_RESTRICTION_LABEL, kind: 'cleared' };
  if (isKnownPermission(value)) return { value, label: PERMISSION_LABELS[value], kind: 'known' };
  return { value, label: value, kind: 'unknown' };
}

/** How restrictive a known value is (allow 0 < ask 1 < blocked 2); undefined for null and unknown values. */
export function permissionRank(value: string | null | undefined): 0 | 1 | 2 | undefined {
  if (value === 'allow') return 0;
  if (value === 'ask') return 1;
  if (value === 'blocked') return 2;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs (structurally compatible with the snapshot rows in lib/db/schema.ts)
// ---------------------------------------------------------------------------------------------------------------

export interface ActorLike {
  type?: string | null;
  id?: string | null;
  email?: string | null;
}

/** Current policy per (server, tool), as replayed from `mcp_tool_policy_updated` events (§6.2). */
export interface PolicyInput {
  tool: string;
  /** null = cleared; treated as no policy. */
  permission: string | null;
  /** created_at of the event that set it. */
  at?: string | null;
  setBy?: ActorLike | null;
  activityId?: string | null;
}

/** MCP tool annotations (hints; untrusted unless the server is trusted). */
export interface ToolAnnotations {
  readOnlyHint?: boolean | null;
  destructiveHint?: boolean | null;
  idempotentHint?: boolean | null;
  openWorldHint?: boolean | null;
  title?: string | null;
}

export interface ToolInput {
  name: string;
  /** Absent or null when no annotations are known: the MCP defaults apply (destructive, open-world). */
  annotations?: ToolAnnotations | null;
  /** Where the annotations were read (e.g. "registry server.json", "tools/list"). */
  annotationsSource?: string;
}

/** Facts from the MCP Registry entry matched to the server (a heuristic URL or name match, §3.3). */
export interface RegistryFacts {
  /** `_meta["io.modelcontextprotocol.registry/official"].status`: active | deprecated | deleted (other strings kept). */
  status?: string | null;
  /** true when the entry has `remotes[]`, false when it only has `packages[]`. */
  remote?: boolean | null;
  /** Any `isSecret` environment variable or header. */
  secretsRequired?: boolean | null;
  /** `repository.id`, the forge's stable id. */
  repositoryId?: string | null;
  /** The registry `name` the server was matched to, and how. */
  name?: string | null;
  matchedBy?: 'url' | 'name' | null;
}

export interface ServerInput {
  id: string;
  name: string;
  /** Members whose latest event for this server is integration_user_connected. */
  connectedUsers?: number | null;
  /** Projects whose chats used the server (deep scan); null when unknown. */
  projects?: number | null;
  /** No mcp_server_created event was seen: configured before the Compliance API recorded activity. */
  preAudit?: boolean | null;
  registry?: RegistryFacts | null;
}

export interface OrgConnectorSettings {
  /** Compliance API setting `connector_tools_default_always_allow`; undefined/null when the settings row is absent. */
  connectorToolsDefaultAlwaysAllow?: boolean | null;
}

export interface ToolFindingsInput {
  server: ServerInput;
  policies: readonly PolicyInput[];
  /** Tools known by other means (chat `tool_use.name`, registry); policy rows add theirs. */
  tools?: readonly ToolInput[];
  org?: OrgConnectorSettings;
}

// ---------------------------------------------------------------------------------------------------------------
// Facts and findings
// ---------------------------------------------------------------------------------------------------------------

export interface Fact {
  /** The field the fact is read from, e.g. `mcp_tool_policy_updated.max_permission`. */
  field: string;
  value: string | number | boolean | null;
  /** Where it was read: API, event (with activity id and time), registry, annotations, inventory. */
  source: string;
  /** Set when the value is a default or an inference rather than something a source stated. */
  note?: string;
}

export type FindingSeverity = 'info' | 'notice' | 'warning';

export type FindingCode =
  | 'tool_always_allowed'
  | 'unknown_permission_value'
  | 'no_tool_policies'
  | 'no_server_default'
  | 'server_default_allow'
  | 'registry_deprecated'
  | 'registry_deleted'
  | 'requires_secrets'
  | 'no_repository_id'
  | 'local_server'
  | 'pre_audit_server'
  | 'policy_set'
  | 'org_default_always_allow'
  | 'org_default_not_visible';

export interface Finding {
  code: FindingCode;
  severity: FindingSeverity;
  /** A plain statement of fact, e.g. `destructive tool "delete_task" is allow (Always allow) for all members`. */
  statement: string;
  serverId: string | null;
  toolName: string | null;
  facts: Fact[];
  /** Public taxonomy entries the finding relates to (§3.5). */
  references: string[];
}

const REF_EXCESSIVE_AGENCY = 'OWASP Top 10 for LLM Applications 2025 — LLM06 Excessive Agency';
const REF_SUPPLY_CHAIN = 'OWASP Top 10 for LLM Applications 2025 — LLM03 Supply Chain';
const SETTING = 'connector_tools_default_always_allow';
const SETTINGS_SOURCE = 'Compliance API organization settings';
const ANNOTATION_DEFAULTS_SOURCE = 'MCP specification (tool annotation defaults)';

function describeActor(a: ActorLike | null | undefined): string | null {
  if (!a) return null;
  return a.email || a.id || a.type || null;
}

function policySource(p: PolicyInput): string {
  const parts = [p.activityId ? `activity ${p.activityId}` : null, p.at ?? null, describeActor(p.setBy)].filter((x): x is string => !!x);
  return `Compliance API event mcp_tool_policy_updated${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

function policyFact(p: PolicyInput): Fact {
  return { field: `mcp_tool_policy_updated.max_permission [tool_name=${p.tool}]`, value: p.permission, source: policySource(p) };
}

/** One current policy per tool: null (cleared) rows dropped; duplicates resolved to the latest `at`, then the last given. */
export function currentPolicies(policies: readonly PolicyInput[]): Map<string, PolicyInput> {
  const out = new Map<string, PolicyInput>();
  for (const p of policies) {
    const prev = out.get(p.tool);
    if (prev && (prev.at ?? '') > (p.at ?? '')) continue;
    out.set(p.tool, p);
  }
  for (const [tool, p] of out) if (p.permission === null) out.delete(tool);
  return out;
}

export interface EffectivePermission {
  /** The permission in force (a known value, an unknown string kept as sent), or null when nothing is known. */
  value: string | null;
  from: 'tool' | 'server_default' | 'org_default' | 'none';
  /** True when the value is inferred (the org setting is false: tools are not always-allowed, so they ask). */
  inferred: boolean;
  facts: Fact[];
}

/**
 * §3.4: the tool's own `max_permission` ?? the server-wide `*` row ?? the organization default
 * (`connector_tools_default_always_allow`: true ⇒ allow; false ⇒ ask [inferred]; absent ⇒ unknown).
 */
export function effectivePermission(toolName: string, policies: readonly PolicyInput[] | Map<string, PolicyInput>, org: OrgConnectorSettings = {}): EffectivePermission {
  const current = policies instanceof Map ? policies : currentPolicies(policies);
  const own = isServerDefaultTool(toolName) ? undefined : current.get(toolName);
  if (own) return { value: own.permission, from: 'tool', inferred: false, facts: [policyFact(own)] };
  const star = current.get(SERVER_DEFAULT_TOOL);
  if (star) return { value: star.permission, from: 'server_default', inferred: false, facts: [policyFact(star)] };
  const setting = org.connectorToolsDefaultAlwaysAllow;
  if (setting === true) return { value: 'allow', from: 'org_default', inferred: false, facts: [{ field: SETTING, value: true, source: SETTINGS_SOURCE }] };
  if (setting === false) {
    return {
      value: 'ask',
      from: 'org_default',
      inferred: true,
      facts: [{ field: SETTING, value: false, source: SETTINGS_SOURCE, note: 'inferred: tools not always-allowed by default need approval' }],
    };
  }
  return { value: null, from: 'none', inferred: false, facts: [{ field: SETTING, value: null, source: SETTINGS_SOURCE, note: 'setting not present in the response (absent is not the same as off)' }] };
}

export type HintKind = 'read-only' | 'additive-write' | 'destructive';

export interface HintClass {
  kind: HintKind;
  openWorld: boolean;
  /** Hints that were absent, so the MCP defaults were used. */
  defaulted: Array<'readOnlyHint' | 'destructiveHint' | 'openWorldHint'>;
  facts: Fact[];
}

/**
 * §3.2: readOnlyHint (default false), destructiveHint (default true, meaningful only when not read-only),
 * openWorldHint (default true). Missing annotations therefore mean destructive and open-world.
 */
export function hintClass(tool: Pick<ToolInput, 'annotations' | 'annotationsSource'> = {}): HintClass {
  const a = tool.annotations ?? {};
  const src = tool.annotationsSource ?? 'MCP tool annotations';
  const defaulted: HintClass['defaulted'] = [];
  const facts: Fact[] = [];
  const read = (name: 'readOnlyHint' | 'destructiveHint' | 'openWorldHint', dflt: boolean): boolean => {
    const v = a[name];
    if (typeof v === 'boolean') {
      facts.push({ field: `annotations.${name}`, value: v, source: src });
      return v;
    }
    defaulted.push(name);
    facts.push({ field: `annotations.${name}`, value: dflt, source: ANNOTATION_DEFAULTS_SOURCE, note: 'absent: specification default' });
    return dflt;
  };
  const readOnly = read('readOnlyHint', false);
  const kind: HintKind = readOnly ? 'read-only' : read('destructiveHint', true) ? 'destructive' : 'additive-write';
  const openWorld = read('openWorldHint', true);
  return { kind, openWorld, defaulted, facts };
}

const SEVERITY_ORDER: Record<FindingSeverity, number> = { warning: 0, notice: 1, info: 2 };

function usageFacts(server: ServerInput): Fact[] {
  const out: Fact[] = [];
  if (typeof server.connectedUsers === 'number') out.push({ field: 'connected users', value: server.connectedUsers, source: 'inventory snapshot (integration_user_connected events)' });
  if (typeof server.projects === 'number') out.push({ field: 'projects', value: server.projects, source: 'inventory snapshot (chat scan)' });
  return out;
}

function via(from: EffectivePermission['from']): string {
  if (from === 'server_default') return ' (through the server-wide default *)';
  if (from === 'org_default') return ` (through the organization default ${SETTING})`;
  return '';
}

/** Organization-level findings from the connector settings. */
export function orgConnectorFindings(org: OrgConnectorSettings = {}): Finding[] {
  const setting = org.connectorToolsDefaultAlwaysAllow;
  if (setting === true) {
    return [
      {
        code: 'org_default_always_allow',
        severity: 'notice',
        statement: `connector tools default to allow (${PERMISSION_LABELS.allow}) across the organization: tools without a policy run without approval`,
        serverId: null,
        toolName: null,
        facts: [{ field: SETTING, value: true, source: SETTINGS_SOURCE }],
        references: [REF_EXCESSIVE_AGENCY],
      },
    ];
  }
  if (setting === undefined || setting === null) {
    return [
      {
        code: 'org_default_not_visible',
        severity: 'info',
        statement: `the organization setting ${SETTING} is not in the settings response, so the default for tools without a policy is unknown`,
        serverId: null,
        toolName: null,
        facts: [{ field: SETTING, value: null, source: SETTINGS_SOURCE, note: 'absent is not the same as off' }],
        references: [],
      },
    ];
  }
  return [];
}

/** §3.4 findings for one server: its policies × tool hints × registry facts × usage. Sorted warning → notice → info. */
export function toolFindings(input: ToolFindingsInput): Finding[] {
  const { server } = input;
  const org = input.org ?? {};
  const current = currentPolicies(input.policies);
  const findings: Finding[] = [];
  const usage = usageFacts(server);
  const add = (f: Omit<Finding, 'serverId'>) => findings.push({ ...f, serverId: server.id });

  // Server-level policy coverage.
  const star = current.get(SERVER_DEFAULT_TOOL);
  const toolPolicyCount = [...current.keys()].filter((t) => !isServerDefaultTool(t)).length;
  if (current.size === 0) {
    const dflt = effectivePermission(SERVER_DEFAULT_TOOL, current, org);
    add({
      code: 'no_tool_policies',
      severity: dflt.value === 'allow' ? 'warning' : 'notice',
      statement: `server "${server.name}" has no tool policies at all${dflt.value ? `; its tools follow the organization default, ${dflt.value} (${permissionLabel(dflt.value).label})` : ''}`,
      toolName: null,
      facts: [{ field: 'mcp_tool_policy_updated events for this server (current, not cleared)', value: 0, source: 'Compliance API activity feed (replayed)' }, ...dflt.facts, ...usage],
      references: [REF_EXCESSIVE_AGENCY],
    });
  } else if (!star) {
    const dflt = effectivePermission(SERVER_DEFAULT_TOOL, current, org);
    add({
      code: 'no_server_default',
      severity: 'info',
      statement: `server "${server.name}" has ${toolPolicyCount} tool ${toolPolicyCount === 1 ? 'policy' : 'policies'} but no server-wide default (*); other tools follow the organization default${dflt.value ? `, ${dflt.value}` : ''}`,
      toolName: null,
      facts: [{ field: 'mcp_tool_policy_updated.tool_name = *', value: null, source: 'Compliance API activity feed (replayed)', note: 'no such row' }, ...dflt.facts],
      references: [],
    });
  } else if (star.permission === 'allow') {
    add({
      code: 'server_default_allow',
      severity: 'notice',
      statement: `server-wide default (*) of "${server.name}" is allow (${PERMISSION_LABELS.allow}): every tool without its own policy runs without approval`,
      toolName: SERVER_DEFAULT_TOOL,
      facts: [policyFact(star), ...usage],
      references: [REF_EXCESSIVE_AGENCY],
    });
  }

  // Per tool.
  const tools = new Map<string, ToolInput>();
  for (const t of input.tools ?? []) if (!isServerDefaultTool(t.name)) tools.set(t.name, t);
  for (const name of current.keys()) if (!isServerDefaultTool(name) && !tools.has(name)) tools.set(name, { name });
  for (const tool of [...tools.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    const eff = effectivePermission(tool.name, current, org);
    if (eff.value !== null && !isKnownPermission(eff.value)) {
      add({
        code: 'unknown_permission_value',
        severity: 'notice',
        statement: `tool "${tool.name}" has max_permission "${eff.value}", a value this version does not know; it is shown as sent`,
        toolName: tool.name,
        facts: eff.facts,
        references: [],
      });
      continue;
    }
    if (eff.value !== 'allow') continue;
    const hints = hintClass(tool);
    const noAnnotations = hints.defaulted.length === 3;
    let statement: string;
    if (hints.kind === 'destructive' && noAnnotations) {
      statement = `tool "${tool.name}" is allow (${PERMISSION_LABELS.allow}) for all members${via(eff.from)} and declares no annotations, so the MCP defaults apply: destructive, open-world`;
    } else if (hints.kind === 'destructive') {
      statement = `destructive tool "${tool.name}" is allow (${PERMISSION_LABELS.allow}) for all members${via(eff.from)}`;
    } else if (hints.kind === 'additive-write') {
      statement = `write tool "${tool.name}" is allow (${PERMISSION_LABELS.allow}) for all members${via(eff.from)}${hints.openWorld ? '; it reaches an open world of external entities' : ''}`;
    } else {
      statement = `tool "${tool.name}" is allow (${PERMISSION_LABELS.allow}) for all members${via(eff.from)}; its annotations say read-only, which is a hint the server supplies, not a guarantee`;
    }
    // The policy sets the floor (notice); hints can only raise it (§3.2), never lower it.
    const severity: FindingSeverity = hints.kind === 'destructive' ? 'warning' : 'notice';
    add({ code: 'tool_always_allowed', severity, statement, toolName: tool.name, facts: [...eff.facts, ...hints.facts, ...usage], references: [REF_EXCESSIVE_AGENCY] });
  }

  // Registry facts.
  const reg = server.registry;
  if (reg) {
    const regSource = `MCP Registry server.json${reg.name ? ` (${reg.name}${reg.matchedBy ? `, matched by ${reg.matchedBy}` : ''})` : ''}`;
    const matchNote = reg.matchedBy ? { note: `heuristic ${reg.matchedBy} match between the connector and the registry entry` } : {};
    if (reg.status === 'deprecated' || reg.status === 'deleted') {
      add({
        code: reg.status === 'deprecated' ? 'registry_deprecated' : 'registry_deleted',
        severity: 'warning',
        statement: `server "${server.name}" is ${reg.status} in the MCP Registry`,
        toolName: null,
        facts: [{ field: '_meta.io.modelcontextprotocol.registry/official.status', value: reg.status, source: regSource, ...matchNote }, ...usage],
        references: [REF_SUPPLY_CHAIN],
      });
    }
    if (reg.secretsRequired === true) {
      add({
        code: 'requires_secrets',
        severity: 'notice',
        statement: `server "${server.name}" requires secret inputs (isSecret environment variables or headers)`,
        toolName: null,
        facts: [{ field: 'isSecret', value: true, source: regSource, ...matchNote }],
        references: [],
      });
    }
    if (reg.repositoryId === null || reg.repositoryId === '') {
      add({
        code: 'no_repository_id',
        severity: 'notice',
        statement: `the registry entry for "${server.name}" has no stable repository id`,
        toolName: null,
        facts: [{ field: 'repository.id', value: null, source: regSource, ...matchNote }],
        references: [REF_SUPPLY_CHAIN],
      });
    }
    if (reg.remote === false) {
      add({
        code: 'local_server',
        severity: 'info',
        statement: `the registry entry for "${server.name}" is a local package, not a remote server`,
        toolName: null,
        facts: [{ field: 'remotes[]', value: false, source: regSource, ...matchNote }],
        references: [],
      });
    }
  }

  if (server.preAudit) {
    add({
      code: 'pre_audit_server',
      severity: 'info',
      statement: `server "${server.name}" was configured before the Compliance API recorded activity: policies set before then appear only if changed later`,
      toolName: null,
      facts: [{ field: 'mcp_server_created', value: null, source: 'Compliance API activity feed (replayed)', note: 'no creation event seen' }],
      references: [],
    });
  }

  // Provenance of every current policy.
  for (const p of [...current.values()].sort((a, b) => a.tool.localeCompare(b.tool))) {
    const who = describeActor(p.setBy);
    const when = p.at ? p.at.slice(0, 10) : null;
    add({
      code: 'policy_set',
      severity: 'info',
      statement: `policy for ${isServerDefaultTool(p.tool) ? 'the server-wide default (*)' : `"${p.tool}"`} set to ${p.permission} (${permissionLabel(p.permission).label})${who ? ` by ${who}` : ''}${when ? ` on ${when}` : ''}${p.activityId ? ` (activity ${p.activityId})` : ''}`,
      toolName: p.tool,
      facts: [policyFact(p)],
      references: [],
    });
  }

  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}
