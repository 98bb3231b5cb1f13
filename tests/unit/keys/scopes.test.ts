import { describe, expect, it } from 'vitest';
import {
  assessScopes,
  DELETE_SCOPE,
  evidenceFromProbes,
  nextProbe,
  organizationFromProbe,
  parseScopeErrorBody,
  parseScopeMessage,
  probeRequest,
  probesComplete,
  REQUIRED_SCOPES,
  RETIRED_SCOPE,
  SCOPE_PROBES,
  type ProbeOutcome,
  type ScopeProbe,
} from '../../../lib/keys/scopes.ts';

const ACT = 'read:compliance_activities';
const USER = 'read:compliance_user_data';
const ORG = 'read:compliance_org_data';
const ORG_UUID = '91012d09-e48b-438e-a489-1bebfd8fa6f9';

const forbidden = (got: string[], needed: string[]) => ({
  type: 'error',
  error: { type: 'permission_error', message: `Missing required scopes. Got: [${got.map((s) => `'${s}'`).join(', ')}] Needed: [${needed.map((s) => `'${s}'`).join(', ')}]` },
  request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy',
});

const apiKey = (name: string, scopes: string[], extra: Record<string, unknown> = {}) => ({
  type: 'compliance_api_key',
  id: `apikey_${name.replace(/\W/g, '')}`,
  name,
  scopes,
  is_active: true,
  created_at: '2026-03-14T09:30:00Z',
  created_by_id: 'user_01Jz3a4bC5dE6fG7hI8jK9lM',
  expires_at: null,
  ...extra,
});

const probe = (id: ScopeProbe['id']): ScopeProbe => {
  const p = SCOPE_PROBES.find((x) => x.id === id);
  if (!p) throw new Error(`no probe ${id}`);
  return p;
};

describe('parseScopeMessage', () => {
  it('parses the documented format', () => {
    expect(parseScopeMessage("Missing required scopes. Got: ['read:compliance_activities'] Needed: ['read:compliance_user_data']")).toEqual({
      got: [ACT],
      needed: [USER],
    });
  });

  it('parses several scopes per list', () => {
    expect(parseScopeMessage("Missing required scopes. Got: ['read:compliance_activities', 'delete:compliance_user_data'] Needed: ['read:compliance_org_data']")).toEqual({
      got: [ACT, DELETE_SCOPE],
      needed: [ORG],
    });
  });

  it('accepts an empty Got list', () => {
    expect(parseScopeMessage("Missing required scopes. Got: [] Needed: ['read:compliance_org_data']")).toEqual({ got: [], needed: [ORG] });
  });

  it('accepts double quotes, unquoted items and extra spaces', () => {
    expect(parseScopeMessage('Missing required scopes. Got: ["read:compliance_user_data"] Needed: ["read:compliance_activities"]')).toEqual({ got: [USER], needed: [ACT] });
    expect(parseScopeMessage("  Missing required scopes.   Got:[ 'read:compliance_user_data' ,  'read:compliance_org_data' ]   Needed:  [ 'read:compliance_activities' ]  ")).toEqual({
      got: [USER, ORG],
      needed: [ACT],
    });
    expect(parseScopeMessage('Missing required scopes. Got: [read:compliance_org_settings] Needed: [read:compliance_org_data].')).toEqual({
      got: [RETIRED_SCOPE],
      needed: [ORG],
    });
  });

  it.each([
    '',
    'The API key provided is invalid or has been revoked.',
    "Missing required scopes. Got: ['read:compliance_activities']",
    "Missing required scopes. Got: ['read:compliance_activities' Needed: ['x']",
    "Missing required scopes. Got: ['read compliance'] Needed: ['read:compliance_org_data']",
    "Something else. Missing required scopes. Got: [] Needed: ['read:compliance_org_data']",
  ])('returns null for %j', (msg) => {
    expect(parseScopeMessage(msg)).toBeNull();
  });
});

describe('parseScopeErrorBody', () => {
  it('reads the full envelope, the inner error object and raw JSON text', () => {
    const body = forbidden([ACT], [ORG]);
    expect(parseScopeErrorBody(body)).toEqual({ got: [ACT], needed: [ORG] });
    expect(parseScopeErrorBody({ error: body.error })).toEqual({ got: [ACT], needed: [ORG] });
    expect(parseScopeErrorBody(JSON.stringify(body))).toEqual({ got: [ACT], needed: [ORG] });
  });

  it('returns null for other errors and odd bodies', () => {
    expect(parseScopeErrorBody({ type: 'error', error: { type: 'authentication_error', message: 'The API key provided is invalid or has been revoked.' } })).toBeNull();
    expect(parseScopeErrorBody(null)).toBeNull();
    expect(parseScopeErrorBody({ error: 'nope' })).toBeNull();
    expect(parseScopeErrorBody('<html>403 Forbidden</html>')).toBeNull();
  });
});

describe('probe plan', () => {
  it('only reads: every probe is a GET under /v1/compliance and none deletes', () => {
    for (const p of SCOPE_PROBES) {
      expect(p.method).toBe('GET');
      expect(p.path.startsWith('/v1/compliance/')).toBe(true);
      expect(p.path).not.toMatch(/delete/i);
    }
    expect(JSON.stringify(SCOPE_PROBES)).not.toMatch(/"DELETE"/);
  });

  it('covers each required scope and keeps page sizes at 1', () => {
    expect(new Set(SCOPE_PROBES.map((p) => p.proves))).toEqual(new Set(REQUIRED_SCOPES));
    for (const p of SCOPE_PROBES) if (p.id !== 'settings') expect(p.query.limit).toBe('1');
  });

  it('builds requests, filling in the organization and skipping what cannot run', () => {
    expect(probeRequest(probe('activities'), null)).toEqual({ probe: 'activities', method: 'GET', url: '/v1/compliance/activities?limit=1' });
    expect(probeRequest(probe('users'), null)).toBeNull();
    expect(probeRequest(probe('users'), ORG_UUID)).toEqual({ probe: 'users', method: 'GET', url: `/v1/compliance/organizations/${ORG_UUID}/users?limit=1` });
    expect(probeRequest(probe('settings'), ORG_UUID)?.url).toBe(`/v1/compliance/organizations/${ORG_UUID}/settings`);
    expect(probeRequest(probe('settings'), 'a/b')?.url).toBe('/v1/compliance/organizations/a%2Fb/settings');
    expect(probeRequest(probe('projects'), null)?.url).toBe('/v1/compliance/apps/projects?limit=1');
    expect(probeRequest(probe('projects'), ORG_UUID)).toBeNull();
  });

  it('takes the organization for later probes from the organizations probe', () => {
    const ok: ProbeOutcome = { probe: 'organizations', status: 200, body: { data: [{ uuid: ORG_UUID, name: 'Acme Engineering', created_at: '2025-06-01T10:00:00Z' }], has_more: true, next_page: 'page_x' } };
    expect(organizationFromProbe(ok)).toBe(ORG_UUID);
    expect(organizationFromProbe({ probe: 'organizations', status: 200, body: { data: [] } })).toBeNull();
    expect(organizationFromProbe({ probe: 'organizations', status: 403, body: forbidden([ACT], [ORG]) })).toBeNull();
    expect(organizationFromProbe({ probe: 'activities', status: 200, body: { data: [{ uuid: 'x' }] } })).toBeNull();
  });

  it('stops after one parsed 403 (it names every scope) but not after successes alone', () => {
    expect(probesComplete(evidenceFromProbes([{ probe: 'activities', status: 200, body: { data: [] } }]))).toBe(false);
    expect(probesComplete(evidenceFromProbes([{ probe: 'activities', status: 403, body: forbidden([USER, ORG], [ACT]) }]))).toBe(true);
    expect(probesComplete(evidenceFromProbes([{ probe: 'activities', status: 401, body: {} }]))).toBe(true);
  });
});

describe('assessScopes', () => {
  it('full key proven by probes and found in api_keys[]: complete, no delete, no fix', () => {
    const evidence = evidenceFromProbes(
      [
        { probe: 'activities', status: 200, body: { data: [] } },
        { probe: 'organizations', status: 200, body: { data: [{ uuid: ORG_UUID }] } },
        { probe: 'users', status: 200, body: { data: [] } },
        { probe: 'settings', status: 200, body: { type: 'effective_organization_settings', settings: [], api_keys: [apiKey('Admin companion', [ACT, USER, ORG])] } },
      ],
      { credentialCode: 'compliance_key', ownKey: { name: 'Admin companion' } },
    );
    const a = assessScopes(evidence);
    expect(a.checklist.map((c) => [c.scope, c.state, c.source])).toEqual([
      [ACT, 'present', 'request'],
      [USER, 'present', 'request'],
      [ORG, 'present', 'request'],
    ]);
    expect(a.complete).toBe(true);
    expect(a.missing).toEqual([]);
    expect(a.deleteScope).toBe('absent');
    expect(a.retiredScope).toBe('absent');
    expect(a.ownKeyIdentified).toBe(true);
    expect(a.otherDeleteKeys).toEqual([]);
    expect(a.warnings).toEqual([]);
    expect(a.fix).toBeNull();
    expect(probesComplete(evidence)).toBe(true);
  });

  it('full key proven by probes alone: complete, but the delete scope stays unknown', () => {
    const a = assessScopes({ granted: [ACT, USER, ORG] });
    expect(a.complete).toBe(true);
    expect(a.deleteScope).toBe('unknown');
    expect(a.fix).toBeNull();
  });

  it('missing user_data: the 403 on users names it, and the Got list settles the rest', () => {
    const a = assessScopes(
      evidenceFromProbes([
        { probe: 'activities', status: 200 },
        { probe: 'organizations', status: 200, body: { data: [{ uuid: ORG_UUID }] } },
        { probe: 'users', status: 403, body: forbidden([ACT, ORG], [USER]) },
      ]),
    );
    expect(a.checklist.map((c) => c.state)).toEqual(['present', 'missing', 'present']);
    expect(a.checklist[1]?.source).toBe('scope_error');
    expect(a.missing).toEqual([USER]);
    expect(a.complete).toBe(false);
    expect(a.deleteScope).toBe('absent');
    expect(a.knownScopes).toEqual([ACT, ORG]);
    expect(a.warnings.map((w) => w.code)).toEqual(['missing_scopes']);
    expect(a.warnings[0]?.message).toMatch(/chats \(models in use\)/);
    expect(a.fix).toMatch(/Scopes cannot be edited/);
    expect(a.fix).toContain('claude.ai/admin-settings/api-access');
    expect(a.fix).toContain(`without ${DELETE_SCOPE}`);
  });

  it('admin key: only the Activity Feed, the other two missing by key type', () => {
    const a = assessScopes(evidenceFromProbes([{ probe: 'activities', status: 200 }], { credentialCode: 'admin_key' }));
    expect(a.checklist.map((c) => [c.state, c.source])).toEqual([
      ['present', 'request'],
      ['missing', 'key_type'],
      ['missing', 'key_type'],
    ]);
    expect(a.deleteScope).toBe('absent');
    expect(a.warnings.map((w) => w.code)).toEqual(['admin_key', 'missing_scopes']);
    expect(a.fix).toMatch(/create a new Compliance Access Key/);
  });

  it('admin key with a 403 from the organizations probe', () => {
    const a = assessScopes(evidenceFromProbes([{ probe: 'organizations', status: 403, body: forbidden([ACT], [ORG]) }], { credentialCode: 'admin_key' }));
    expect(a.checklist.map((c) => [c.state, c.source])).toEqual([
      ['present', 'scope_error'],
      ['missing', 'scope_error'],
      ['missing', 'scope_error'],
    ]);
  });

  it('delete-scope key learned from a Got list: warn even though reads work', () => {
    const a = assessScopes(
      evidenceFromProbes([
        { probe: 'activities', status: 200 },
        { probe: 'organizations', status: 403, body: forbidden([ACT, USER, DELETE_SCOPE], [ORG]) },
      ]),
    );
    expect(a.deleteScope).toBe('present');
    expect(a.missing).toEqual([ORG]);
    expect(a.warnings.map((w) => w.code)).toEqual(['missing_scopes', 'delete_scope']);
    expect(a.warnings[1]?.message).toMatch(/permanently delete/);
  });

  it('delete-scope key with all read scopes, identified in api_keys[] by id: warn and advise a new key', () => {
    const own = apiKey('Retention tool', [ACT, USER, ORG, DELETE_SCOPE], { id: 'apikey_01Own' });
    const a = assessScopes({ granted: [ACT, USER, ORG], apiKeys: [own], ownKey: { id: 'apikey_01Own' } });
    expect(a.complete).toBe(true);
    expect(a.deleteScope).toBe('present');
    expect(a.otherDeleteKeys).toEqual([]);
    expect(a.warnings.map((w) => w.code)).toEqual(['delete_scope']);
    expect(a.fix).toMatch(/Scopes cannot be edited/);
  });

  it('retired-scope-only key: everything missing, retired scope flagged', () => {
    const a = assessScopes(evidenceFromProbes([{ probe: 'activities', status: 403, body: forbidden([RETIRED_SCOPE], [ACT]) }]));
    expect(a.checklist.map((c) => c.state)).toEqual(['missing', 'missing', 'missing']);
    expect(a.retiredScope).toBe('present');
    expect(a.deleteScope).toBe('absent');
    expect(a.otherScopes).toEqual([]);
    expect(a.warnings.map((w) => w.code)).toEqual(['missing_scopes', 'retired_scope']);
    expect(a.warnings[1]?.message).toMatch(/2026-06-30/);
    expect(a.fix).toMatch(/create a new Compliance Access Key/);
  });

  it('lists other ACTIVE organization keys that carry the delete scope, not inactive ones nor this key', () => {
    const keys = [
      apiKey('Admin companion', [ACT, USER, ORG]),
      apiKey('Retention tool', [ACT, USER, ORG, DELETE_SCOPE], { created_at: '2026-01-02T03:04:05Z' }),
      apiKey('Old purge job', [DELETE_SCOPE], { is_active: false }),
      apiKey('Purge only', [DELETE_SCOPE], { created_at: '2026-05-06T07:08:09Z', name: 'Purge only' }),
      { type: 'compliance_api_key', id: 'apikey_broken', name: 'Broken', scopes: 'delete:compliance_user_data' },
      'not even an object',
    ];
    const a = assessScopes({ granted: [ACT, USER, ORG], apiKeys: keys, ownKey: { name: 'Admin companion' } });
    expect(a.otherDeleteKeys).toEqual([
      { id: 'apikey_Retentiontool', name: 'Retention tool', createdAt: '2026-01-02T03:04:05Z', possiblyThisKey: false },
      { id: 'apikey_Purgeonly', name: 'Purge only', createdAt: '2026-05-06T07:08:09Z', possiblyThisKey: false },
    ]);
    expect(a.unreadableApiKeys).toBe(2);
    expect(a.deleteScope).toBe('absent');
    const w = a.warnings.find((x) => x.code === 'other_delete_keys');
    expect(w?.message).toMatch(/2 other active keys carry delete:compliance_user_data/);
    expect(w?.message).toContain('Retention tool (created 2026-01-02T03:04:05Z)');
    expect(a.fix).toBeNull();
  });

  it('unidentified key: when every candidate carries the delete scope, this key does', () => {
    // This key's own access events are not indexed yet, so api_keys[] cannot say which entry it is.
    const keys = [apiKey('Retention tool', [ACT, USER, ORG, DELETE_SCOPE]), apiKey('Purge only', [DELETE_SCOPE]), apiKey('Reader', [ACT])];
    const a = assessScopes({ granted: [ACT, USER, ORG], apiKeys: keys });
    expect(a.ownKeyIdentified).toBe(false);
    expect(a.deleteScope).toBe('present');
    // The sole candidate is this key, so it is not blamed on "another key".
    expect(a.otherDeleteKeys.map((k) => k.name)).toEqual(['Purge only']);
    expect(a.warnings.map((w) => w.code)).toContain('delete_scope');
    expect(a.warnings.find((w) => w.code === 'other_delete_keys')?.message).toMatch(/^Another active key carries/);
  });

  it('unidentified key: when candidates differ, says "this key or another key" instead of blaming another key', () => {
    const keys = [apiKey('Companion', [ACT, USER, ORG]), apiKey('Retention tool', [ACT, USER, ORG, DELETE_SCOPE])];
    const a = assessScopes({ granted: [ACT, USER, ORG], apiKeys: keys });
    expect(a.deleteScope).toBe('unknown');
    expect(a.otherDeleteKeys).toEqual([expect.objectContaining({ name: 'Retention tool', possiblyThisKey: true })]);
    const codes = a.warnings.map((w) => w.code);
    expect(codes).toContain('maybe_this_key_delete');
    expect(codes).not.toContain('other_delete_keys');
    expect(a.warnings.find((w) => w.code === 'maybe_this_key_delete')?.message).toMatch(/^This key or another active key carries delete:compliance_user_data: Retention tool/);
  });

  it('unidentified key: when no candidate carries the delete scope, this key does not, and delete keys are certainly others', () => {
    const keys = [apiKey('Companion', [ACT, USER, ORG]), apiKey('Purge only', [DELETE_SCOPE])];
    const a = assessScopes({ granted: [ACT, USER, ORG], apiKeys: keys });
    expect(a.deleteScope).toBe('absent');
    expect(a.otherDeleteKeys).toEqual([expect.objectContaining({ name: 'Purge only', possiblyThisKey: false })]);
    expect(a.warnings.map((w) => w.code)).toEqual(['other_delete_keys']);
  });

  it('does not trust an ambiguous name match for this key', () => {
    const keys = [apiKey('Companion', [ACT, USER, ORG]), apiKey('Companion', [ACT, USER, ORG, DELETE_SCOPE], { id: 'apikey_2' })];
    const a = assessScopes({ apiKeys: keys, ownKey: { name: 'Companion' } });
    expect(a.ownKeyIdentified).toBe(false);
    expect(a.checklist.every((c) => c.state === 'unknown')).toBe(true);
    expect(a.deleteScope).toBe('unknown');
    expect(a.otherDeleteKeys.map((k) => k.id)).toEqual(['apikey_2']);
  });

  it('uses this key’s api_keys[] entry as its complete scope list', () => {
    const a = assessScopes({ apiKeys: [apiKey('Directory reader', [ACT, ORG, 'read:compliance_future_thing'])], ownKey: { name: 'Directory reader' } });
    expect(a.checklist.map((c) => [c.state, c.source])).toEqual([
      ['present', 'api_keys'],
      ['missing', 'api_keys'],
      ['present', 'api_keys'],
    ]);
    expect(a.otherScopes).toEqual(['read:compliance_future_thing']);
    expect(a.warnings.map((w) => w.code)).toContain('unknown_scopes');
  });

  it('reports a 401 as a rejected key, with nothing known about scopes', () => {
    const a = assessScopes(evidenceFromProbes([{ probe: 'activities', status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'x' } } }]));
    expect(a.checklist.every((c) => c.state === 'unknown')).toBe(true);
    expect(a.warnings.map((w) => w.code)).toEqual(['auth_failed']);
    expect(a.fix).toMatch(/has not been deleted/);
  });

  it('ignores a 403 whose message does not parse (nothing proven either way)', () => {
    const a = assessScopes(evidenceFromProbes([{ probe: 'activities', status: 403, body: { type: 'error', error: { type: 'permission_error', message: 'IP address not allowed' } } }]));
    expect(a.checklist.every((c) => c.state === 'unknown')).toBe(true);
    expect(a.fix).toBeNull();
  });

  it('with no evidence, everything is unknown', () => {
    const a = assessScopes({});
    expect(a.checklist.map((c) => c.state)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(a.deleteScope).toBe('unknown');
    expect(a.retiredScope).toBe('unknown');
    expect(a.knownScopes).toBeNull();
    expect(a.complete).toBe(false);
  });
});

describe('nextProbe (driving the plan)', () => {
  /** Runs the plan against a fake key with the given scopes, the way the API answers. */
  function run(scopes: string[], opts: { orgs?: boolean; apiKeys?: unknown[]; ownKey?: { name: string }; credentialCode?: string } = {}) {
    const base = { ownKey: opts.ownKey, credentialCode: opts.credentialCode };
    const outcomes: ProbeOutcome[] = [];
    const urls: string[] = [];
    for (let req = nextProbe(outcomes, base); req; req = nextProbe(outcomes, base)) {
      urls.push(`${req.method} ${req.url}`);
      const p = probe(req.probe);
      if (!scopes.includes(p.proves)) {
        outcomes.push({ probe: req.probe, status: 403, body: forbidden(scopes, [p.proves]) });
      } else if (req.probe === 'organizations') {
        outcomes.push({ probe: req.probe, status: 200, body: { data: opts.orgs === false ? [] : [{ uuid: ORG_UUID }] } });
      } else if (req.probe === 'settings') {
        outcomes.push({ probe: req.probe, status: 200, body: { api_keys: opts.apiKeys ?? [] } });
      } else {
        outcomes.push({ probe: req.probe, status: 200, body: { data: [] } });
      }
      if (urls.length > 10) throw new Error('plan does not terminate');
    }
    return { urls, assessment: assessScopes(evidenceFromProbes(outcomes, base)) };
  }

  it('full key: four GETs, settings last, and the api_keys[] entry settles the delete scope', () => {
    const { urls, assessment } = run([ACT, USER, ORG], { apiKeys: [apiKey('Companion', [ACT, USER, ORG])], ownKey: { name: 'Companion' } });
    expect(urls).toEqual([
      'GET /v1/compliance/activities?limit=1',
      'GET /v1/compliance/organizations?limit=1',
      `GET /v1/compliance/organizations/${ORG_UUID}/users?limit=1`,
      `GET /v1/compliance/organizations/${ORG_UUID}/settings`,
    ]);
    expect(assessment.complete).toBe(true);
    expect(assessment.deleteScope).toBe('absent');
  });

  it('stops at the first 403: its Got list names every scope', () => {
    const { urls, assessment } = run([USER, ORG, DELETE_SCOPE]);
    expect(urls).toEqual(['GET /v1/compliance/activities?limit=1']);
    expect(assessment.missing).toEqual([ACT]);
    expect(assessment.deleteScope).toBe('present');
  });

  it('uses the projects list for user_data when no organization is visible', () => {
    const { urls } = run([ACT, USER, ORG], { orgs: false });
    expect(urls).toEqual(['GET /v1/compliance/activities?limit=1', 'GET /v1/compliance/organizations?limit=1', 'GET /v1/compliance/apps/projects?limit=1']);
  });

  it('admin key: one probe of the Activity Feed is enough', () => {
    const { urls, assessment } = run([ACT], { credentialCode: 'admin_key' });
    expect(urls).toEqual(['GET /v1/compliance/activities?limit=1']);
    expect(assessment.missing).toEqual([USER, ORG]);
  });

  it('never plans a request that changes anything', () => {
    for (const scopes of [[ACT, USER, ORG], [ACT], [USER], [RETIRED_SCOPE], []]) {
      for (const url of run(scopes).urls) expect(url.startsWith('GET ')).toBe(true);
    }
  });
});
