import { z } from 'zod';
import { API_ACCESS_URL } from './classify.ts';

/**
 * Compliance key scopes: what the companion needs, how to learn what a key has (there is no
 * introspection endpoint), and a pure assessment that turns the evidence into a checklist.
 *
 * Evidence comes from cheap read-only probes (see {@link SCOPE_PROBES}): a 2xx proves a scope, a 403
 * names the key's complete scope list (`Got`) and what was missing (`Needed`), and the settings
 * endpoint lists every Compliance key of the organization with its scopes (`api_keys[]`). Nothing here
 * ever deletes or changes anything: the delete scope is learned from those texts, never by trying.
 */

export const REQUIRED_SCOPES = ['read:compliance_activities', 'read:compliance_user_data', 'read:compliance_org_data'] as const;
export type RequiredScope = (typeof REQUIRED_SCOPES)[number];
export const DELETE_SCOPE = 'delete:compliance_user_data';
/** Retired 2026-06-30: authorizes nothing, cannot be granted any more. */
export const RETIRED_SCOPE = 'read:compliance_org_settings';

export const SCOPE_PURPOSE: Record<RequiredScope, string> = {
  'read:compliance_activities': 'Activity Feed: MCP servers, tool permissions and admin changes',
  'read:compliance_user_data': 'users, chats (models in use), projects and group members',
  'read:compliance_org_data': 'organizations, groups, roles and organization settings',
};

function isRequired(scope: string): scope is RequiredScope {
  return (REQUIRED_SCOPES as readonly string[]).includes(scope);
}

// ---------------------------------------------------------------------------------------------
// 403 message parsing

export interface ScopeError {
  /** Every scope the key carries. */
  got: string[];
  /** What the endpoint needed and the key lacks. */
  needed: string[];
}

const SCOPE_MESSAGE = /^\s*Missing required scopes\.?\s*Got\s*:\s*\[([^\]]*)\]\s*[,;.]?\s*Needed\s*:\s*\[([^\]]*)\]\s*\.?\s*$/i;
const SCOPE_ITEM = /^[A-Za-z0-9_:.-]+$/;

function parseList(inner: string): string[] | null {
  const items: string[] = [];
  for (const part of inner.split(',')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const unquoted = /^(['"])(.*)\1$/.exec(trimmed)?.[2]?.trim() ?? trimmed;
    if (!SCOPE_ITEM.test(unquoted)) return null;
    items.push(unquoted);
  }
  return items;
}

/**
 * Parses `Missing required scopes. Got: ['a', 'b'] Needed: ['c']`. Tolerates empty lists, double
 * quotes, unquoted items and extra spaces. Returns null for anything else.
 */
export function parseScopeMessage(message: string): ScopeError | null {
  const match = SCOPE_MESSAGE.exec(message);
  if (!match) return null;
  const got = parseList(match[1] ?? '');
  const needed = parseList(match[2] ?? '');
  if (!got || !needed) return null;
  return { got, needed };
}

/** Reads `error.message` from a 403 body (the full envelope or the inner `{error}`) and parses it. */
export function parseScopeErrorBody(body: unknown): ScopeError | null {
  if (typeof body === 'string') {
    try {
      return parseScopeErrorBody(JSON.parse(body));
    } catch {
      return parseScopeMessage(body);
    }
  }
  if (body === null || typeof body !== 'object') return null;
  const error = (body as { error?: unknown }).error;
  if (error === null || typeof error !== 'object') return null;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' ? parseScopeMessage(message) : null;
}

// ---------------------------------------------------------------------------------------------
// The settings endpoint's api_keys[]

/** One `api_keys[]` entry of `GET /v1/compliance/organizations/{id}/settings` (no secrets there). */
export const OrgApiKeySchema = z.looseObject({
  type: z.string().optional(),
  id: z.string().optional(),
  name: z.string().nullable().optional(),
  scopes: z.array(z.string()),
  is_active: z.boolean(),
  created_at: z.string().nullable().optional(),
  created_by_id: z.string().nullable().optional(),
  expires_at: z.string().nullable().optional(),
});
export type OrgApiKey = z.infer<typeof OrgApiKeySchema>;

// ---------------------------------------------------------------------------------------------
// Probe plan (data; the caller performs the requests)

export type ProbeId = 'activities' | 'organizations' | 'users' | 'projects' | 'settings';

export interface ScopeProbe {
  id: ProbeId;
  method: 'GET';
  /** Path with `{org_uuid}` where an organization is needed. */
  path: string;
  query: Readonly<Record<string, string>>;
  /** The scope a 2xx proves. */
  proves: RequiredScope;
  /** The path needs an organization UUID, taken from the `organizations` probe's first row. */
  needsOrganization: boolean;
  /** Run only when no organization UUID is known (stand-in for a probe that needs one). */
  onlyWithoutOrganization?: boolean;
  purpose: string;
}

/**
 * Read-only probes, in order. Each costs one unit of the shared 600/min budget when it reaches the
 * scope check (401s are free). Stop as soon as {@link probesComplete} says the picture is complete:
 * one 403 already names every scope the key has.
 */
export const SCOPE_PROBES: readonly ScopeProbe[] = [
  {
    id: 'activities',
    method: 'GET',
    path: '/v1/compliance/activities',
    query: { limit: '1' },
    proves: 'read:compliance_activities',
    needsOrganization: false,
    purpose: 'Activity Feed (MCP servers, tool permissions)',
  },
  {
    id: 'organizations',
    method: 'GET',
    path: '/v1/compliance/organizations',
    query: { limit: '1' },
    proves: 'read:compliance_org_data',
    needsOrganization: false,
    purpose: 'Organizations; its first row supplies the organization for the next probes',
  },
  {
    id: 'users',
    method: 'GET',
    path: '/v1/compliance/organizations/{org_uuid}/users',
    query: { limit: '1' },
    proves: 'read:compliance_user_data',
    needsOrganization: true,
    purpose: 'Users (needs read:compliance_user_data, not org_data)',
  },
  {
    id: 'projects',
    method: 'GET',
    path: '/v1/compliance/apps/projects',
    query: { limit: '1' },
    proves: 'read:compliance_user_data',
    needsOrganization: false,
    onlyWithoutOrganization: true,
    purpose: 'Projects: proves read:compliance_user_data when no organization is known for the users probe',
  },
  {
    id: 'settings',
    method: 'GET',
    path: '/v1/compliance/organizations/{org_uuid}/settings',
    query: {},
    proves: 'read:compliance_org_data',
    needsOrganization: true,
    purpose: 'Organization settings; api_keys[] lists every Compliance key with its scopes',
  },
];

export interface ProbeRequest {
  probe: ProbeId;
  method: 'GET';
  /** Path and query string, relative to the Compliance API base URL. */
  url: string;
}

/** The request for one probe, or null when it cannot or need not run with what is known. */
export function probeRequest(probe: ScopeProbe, organizationUuid: string | null): ProbeRequest | null {
  if (probe.needsOrganization && !organizationUuid) return null;
  if (probe.onlyWithoutOrganization && organizationUuid) return null;
  const path = probe.path.replace('{org_uuid}', encodeURIComponent(organizationUuid ?? ''));
  const query = new URLSearchParams(probe.query).toString();
  return { probe: probe.id, method: probe.method, url: query ? `${path}?${query}` : path };
}

/** What one probe returned. `body` is the parsed JSON (or text) of the response. */
export interface ProbeOutcome {
  probe: ProbeId;
  status: number;
  body?: unknown;
}

/** Everything learned about a Compliance key. Every field is optional; more evidence, fewer unknowns. */
export interface ScopeEvidence {
  /** What the pasted value is, from classifyCredential's `code`; `admin_key` caps the scopes. */
  credentialCode?: string;
  /** 401 seen: the key is invalid, revoked, or not a Compliance key. */
  authFailed?: boolean;
  /** Scopes proven by a successful request. */
  granted?: readonly string[];
  /** `Got` lists from 403 messages: each is the key's complete scope list. */
  got?: ReadonlyArray<readonly string[]>;
  /** `Needed` lists from 403 messages: scopes the key lacks. */
  needed?: ReadonlyArray<readonly string[]>;
  /** The settings endpoint's `api_keys[]` (validated here; malformed entries are skipped). */
  apiKeys?: readonly unknown[];
  /** How to find this key in `api_keys[]`: its id (from `compliance_api_accessed` events) or its name. */
  ownKey?: { id?: string; name?: string };
}

/** Folds probe outcomes into evidence. 2xx proves the probe's scope; 403 carries Got/Needed; 401 fails auth. */
export function evidenceFromProbes(outcomes: readonly ProbeOutcome[], base: ScopeEvidence = {}): ScopeEvidence {
  const granted = [...(base.granted ?? [])];
  const got = [...(base.got ?? [])];
  const needed = [...(base.needed ?? [])];
  let apiKeys = base.apiKeys;
  let authFailed = base.authFailed ?? false;
  for (const outcome of outcomes) {
    const probe = SCOPE_PROBES.find((p) => p.id === outcome.probe);
    if (!probe) continue;
    if (outcome.status >= 200 && outcome.status < 300) {
      granted.push(probe.proves);
      if (probe.id === 'settings' && outcome.body !== null && typeof outcome.body === 'object') {
        const list = (outcome.body as { api_keys?: unknown }).api_keys;
        if (Array.isArray(list)) apiKeys = list;
      }
    } else if (outcome.status === 403) {
      const parsed = parseScopeErrorBody(outcome.body);
      // A 403 whose text does not parse (an IP allowlist, a reworded message) proves nothing.
      if (parsed) {
        got.push(parsed.got);
        needed.push(parsed.needed);
      }
    } else if (outcome.status === 401) {
      authFailed = true;
    }
  }
  const out: ScopeEvidence = { ...base, granted, got, needed, authFailed };
  if (apiKeys) out.apiKeys = apiKeys;
  return out;
}

/** The first organization UUID in an `organizations` probe's 2xx body, for the probes that need one. */
export function organizationFromProbe(outcome: ProbeOutcome): string | null {
  if (outcome.probe !== 'organizations' || outcome.status < 200 || outcome.status >= 300) return null;
  const data = (outcome.body as { data?: unknown } | null | undefined)?.data;
  if (!Array.isArray(data)) return null;
  const first: unknown = data[0];
  const uuid = first !== null && typeof first === 'object' ? (first as { uuid?: unknown }).uuid : undefined;
  return typeof uuid === 'string' && uuid !== '' ? uuid : null;
}

/** True when more probes would teach nothing: auth failed, or every scope (including delete) is known. */
export function probesComplete(evidence: ScopeEvidence): boolean {
  if (evidence.authFailed) return true;
  const a = assessScopes(evidence);
  return a.checklist.every((c) => c.state !== 'unknown') && a.deleteScope !== 'unknown' && a.retiredScope !== 'unknown';
}

/**
 * The next probe to run given the outcomes so far, or null when done. Drive it in a loop:
 * `while ((req = nextProbe(outcomes, base))) outcomes.push(await run(req))`, then
 * `assessScopes(evidenceFromProbes(outcomes, base))`. Each probe runs at most once; a probe whose
 * scope is already settled is skipped (the settings probe still runs for its api_keys[]).
 */
export function nextProbe(outcomes: readonly ProbeOutcome[], base: ScopeEvidence = {}): ProbeRequest | null {
  const evidence = evidenceFromProbes(outcomes, base);
  if (probesComplete(evidence)) return null;
  const states = new Map(assessScopes(evidence).checklist.map((c) => [c.scope, c.state]));
  const organization = outcomes.map(organizationFromProbe).find((o) => o !== null) ?? null;
  const done = new Set(outcomes.map((o) => o.probe));
  for (const probe of SCOPE_PROBES) {
    if (done.has(probe.id)) continue;
    if (probe.onlyWithoutOrganization && !done.has('organizations')) continue;
    const state = states.get(probe.proves);
    if (probe.id === 'settings' ? state === 'missing' : state !== 'unknown') continue;
    const request = probeRequest(probe, organization);
    if (request) return request;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Assessment

export type ScopeState = 'present' | 'missing' | 'unknown';
export type EvidenceSource = 'request' | 'scope_error' | 'api_keys' | 'key_type';

export interface ScopeCheck {
  scope: RequiredScope;
  state: ScopeState;
  /** Where the state comes from; null when unknown. */
  source: EvidenceSource | null;
  purpose: string;
}

export interface OtherDeleteKey {
  id: string | null;
  name: string;
  createdAt: string | null;
  /**
   * This key could not be told apart from the one being checked: "this key or another" carries the
   * delete scope. False when the key is certainly another one.
   */
  possiblyThisKey: boolean;
}

export interface ScopeWarning {
  code: 'auth_failed' | 'admin_key' | 'missing_scopes' | 'delete_scope' | 'retired_scope' | 'other_delete_keys' | 'maybe_this_key_delete' | 'unknown_scopes';
  message: string;
}

export interface ScopeAssessment {
  checklist: ScopeCheck[];
  /** Every required scope present. */
  complete: boolean;
  /** Required scopes known to be missing. */
  missing: RequiredScope[];
  /** Whether the key carries `delete:compliance_user_data` (dangerous, never needed here). */
  deleteScope: 'present' | 'absent' | 'unknown';
  /** Whether the key carries the retired `read:compliance_org_settings`. */
  retiredScope: 'present' | 'absent' | 'unknown';
  /** Other scopes seen on the key (new scopes the API may add). */
  otherScopes: string[];
  /** The key's complete scope list, when a 403 or api_keys[] revealed it. */
  knownScopes: string[] | null;
  /**
   * ACTIVE Compliance keys of the organization, other than this key, that carry the delete scope. While
   * this key is not identified, keys that may be this one are listed too, marked `possiblyThisKey`.
   */
  otherDeleteKeys: OtherDeleteKey[];
  /** This key was found in api_keys[] (by id, or by a name only one active key has). When false, otherDeleteKeys may include it. */
  ownKeyIdentified: boolean;
  /** This key's name in api_keys[] when it was identified (a label, shown on claude.ai's key list). */
  ownKeyName: string | null;
  /** api_keys[] entries that could not be understood (skipped). */
  unreadableApiKeys: number;
  warnings: ScopeWarning[];
  /** What to do, or null when nothing needs fixing. */
  fix: string | null;
}

const CREATE_KEY_TEXT = `Scopes cannot be edited. In claude.ai → Organization settings → API (${API_ACCESS_URL}), create a new Compliance Access Key with ${REQUIRED_SCOPES.join(', ')} and without ${DELETE_SCOPE}, paste it here, then delete the old key.`;

function findOwnKey(keys: OrgApiKey[], own: ScopeEvidence['ownKey']): OrgApiKey | null {
  if (!own) return null;
  if (own.id) {
    const byId = keys.filter((k) => k.id === own.id);
    if (byId.length === 1) return byId[0] ?? null;
  }
  if (own.name) {
    // A name is only trusted when exactly one active key carries it.
    const byName = keys.filter((k) => k.is_active && k.name === own.name);
    if (byName.length === 1) return byName[0] ?? null;
  }
  return null;
}

/**
 * Combines what probes learned into a checklist. Precedence per scope: a successful request, then a
 * Needed list, then a complete scope list (a Got list or this key's api_keys[] entry), then what the
 * key type allows (Admin API keys can only ever hold read:compliance_activities).
 */
export function assessScopes(evidence: ScopeEvidence): ScopeAssessment {
  const granted = new Set(evidence.granted ?? []);
  const neededSet = new Set((evidence.needed ?? []).flat());

  const apiKeys: OrgApiKey[] = [];
  let unreadableApiKeys = 0;
  for (const raw of evidence.apiKeys ?? []) {
    const parsed = OrgApiKeySchema.safeParse(raw);
    if (parsed.success) apiKeys.push(parsed.data);
    else unreadableApiKeys++;
  }
  const own = findOwnKey(apiKeys, evidence.ownKey);

  // The key's complete scope list. Got lists are authoritative for the key that made the request;
  // take the union in case lists differ (they should not).
  let known: Set<string> | null = null;
  let knownSource: EvidenceSource | null = null;
  if ((evidence.got ?? []).length > 0) {
    known = new Set((evidence.got ?? []).flat());
    knownSource = 'scope_error';
  } else if (own) {
    known = new Set(own.scopes);
    knownSource = 'api_keys';
  }
  const isAdminKey = evidence.credentialCode === 'admin_key';

  const checklist: ScopeCheck[] = REQUIRED_SCOPES.map((scope) => {
    const base = { scope, purpose: SCOPE_PURPOSE[scope] };
    if (granted.has(scope)) return { ...base, state: 'present', source: 'request' };
    if (neededSet.has(scope)) return { ...base, state: 'missing', source: 'scope_error' };
    if (known) return { ...base, state: known.has(scope) ? 'present' : 'missing', source: knownSource };
    if (isAdminKey && scope !== 'read:compliance_activities') return { ...base, state: 'missing', source: 'key_type' };
    return { ...base, state: 'unknown', source: null };
  });

  const tri = (scope: string): 'present' | 'absent' | 'unknown' => {
    if (granted.has(scope) || known?.has(scope)) return 'present';
    if (neededSet.has(scope)) return 'absent';
    if (known) return 'absent';
    if (isAdminKey) return 'absent';
    return 'unknown';
  };
  // While this key is not identified in api_keys[], the active keys that could be it are those holding
  // every scope a request proved and none a 403 said it lacks. When every such candidate carries the
  // delete scope, so does this key; when none does, this key does not.
  const candidates =
    own || known || apiKeys.length === 0
      ? null
      : apiKeys.filter((k) => k.is_active && [...granted].every((sc) => k.scopes.includes(sc)) && ![...neededSet].some((sc) => k.scopes.includes(sc)));
  const inferredDelete =
    candidates && candidates.length > 0 ? (candidates.every((k) => k.scopes.includes(DELETE_SCOPE)) ? 'present' : candidates.some((k) => k.scopes.includes(DELETE_SCOPE)) ? 'unknown' : 'absent') : null;
  const triDelete = tri(DELETE_SCOPE);
  const deleteScope = triDelete === 'unknown' && inferredDelete !== null ? inferredDelete : triDelete;
  const retiredScope = tri(RETIRED_SCOPE);
  const otherScopes = known ? [...known].filter((s) => !isRequired(s) && s !== DELETE_SCOPE && s !== RETIRED_SCOPE).sort() : [];

  // When this key certainly carries the delete scope and only one candidate exists, that candidate is this key.
  const soleCandidate = candidates?.length === 1 ? candidates[0] : undefined;
  const otherDeleteKeys: OtherDeleteKey[] = apiKeys
    .filter((k) => k.is_active && k.scopes.includes(DELETE_SCOPE) && k !== own && k !== soleCandidate)
    .map((k) => ({ id: k.id ?? null, name: k.name ?? '(unnamed key)', createdAt: k.created_at ?? null, possiblyThisKey: !own && deleteScope !== 'absent' && (candidates ? candidates.includes(k) : true) }));

  const missing = checklist.filter((c) => c.state === 'missing').map((c) => c.scope);
  const complete = checklist.every((c) => c.state === 'present');
  const warnings: ScopeWarning[] = [];
  let fix: string | null = null;

  if (evidence.authFailed) {
    warnings.push({
      code: 'auth_failed',
      message: 'The API rejected this key as invalid or revoked (401). Claude API keys (sk-ant-api03-) and Analytics keys are rejected the same way.',
    });
    fix = `Check that you pasted a Compliance Access Key that has not been deleted. If in doubt, create a new one in claude.ai → Organization settings → API (${API_ACCESS_URL}) with ${REQUIRED_SCOPES.join(', ')} and without ${DELETE_SCOPE}.`;
  }
  if (isAdminKey) {
    warnings.push({
      code: 'admin_key',
      message: 'Admin API keys reach only the Activity Feed: MCP servers and tool permissions can be shown, models in use, users, groups and projects cannot.',
    });
  }
  if (missing.length > 0) {
    warnings.push({
      code: 'missing_scopes',
      message: `This key lacks ${missing.join(', ')}, so ${missing.map((s) => SCOPE_PURPOSE[s]).join('; ')} cannot be read.`,
    });
  }
  if (deleteScope === 'present') {
    warnings.push({
      code: 'delete_scope',
      message: `This key carries ${DELETE_SCOPE}: anyone holding it can permanently delete chats, files and projects. The companion never deletes anything and does not need it.`,
    });
  }
  if (retiredScope === 'present') {
    warnings.push({
      code: 'retired_scope',
      message: `This key carries ${RETIRED_SCOPE}, retired on 2026-06-30; it authorizes nothing any more. Organization settings now need read:compliance_org_data.`,
    });
  }
  if (otherScopes.length > 0) {
    warnings.push({ code: 'unknown_scopes', message: `This key also carries scopes the companion does not know: ${otherScopes.join(', ')}.` });
  }
  const keyNames = (keys: OtherDeleteKey[]) => keys.map((k) => (k.createdAt ? `${k.name} (created ${k.createdAt})` : k.name)).join(', ');
  const maybeThis = otherDeleteKeys.filter((k) => k.possiblyThisKey);
  const certainlyOther = otherDeleteKeys.filter((k) => !k.possiblyThisKey);
  if (maybeThis.length > 0) {
    warnings.push({
      code: 'maybe_this_key_delete',
      message: `This key or another active key carries ${DELETE_SCOPE}: ${keyNames(maybeThis)}. Which one is this key is known once the API has indexed this key's own requests (usually within a minute); the check runs again by itself.`,
    });
  }
  if (certainlyOther.length > 0) {
    warnings.push({
      code: 'other_delete_keys',
      message: `${certainlyOther.length === 1 ? 'Another active key carries' : `${certainlyOther.length} other active keys carry`} ${DELETE_SCOPE}: ${keyNames(certainlyOther)}. Keep delete keys only where deletion is the job, and delete the ones no longer needed.`,
    });
  }
  if (!evidence.authFailed && (missing.length > 0 || deleteScope === 'present' || (retiredScope === 'present' && !complete))) {
    fix = CREATE_KEY_TEXT;
  }

  return {
    checklist,
    complete,
    missing,
    deleteScope,
    retiredScope,
    otherScopes,
    knownScopes: known ? [...known].sort() : null,
    otherDeleteKeys,
    ownKeyIdentified: own !== null,
    ownKeyName: own?.name ?? null,
    unreadableApiKeys,
    warnings,
    fix,
  };
}
