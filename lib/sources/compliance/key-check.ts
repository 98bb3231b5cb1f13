import { classifyCredential } from '../../keys/classify.ts';
import {
  assessScopes,
  evidenceFromProbes,
  organizationFromProbe,
  probeRequest,
  probesComplete,
  SCOPE_PROBES,
  type ProbeOutcome,
  type ScopeEvidence,
} from '../../keys/scopes.ts';
import { ApiError, type HttpClient } from '../../api/http/index.ts';
import type { KeyCheck } from './key-status.ts';

/**
 * Checks a Compliance key with cheap, read-only probes (spec §1.5): a 2xx proves a scope, a 403 names
 * the key's scopes, the settings endpoint lists every key of the organization. Nothing is ever
 * deleted or changed. `http` must be a client whose credential is the key under test.
 */
export async function checkComplianceKey(http: HttpClient, secret: string, now = new Date()): Promise<KeyCheck> {
  const credential = classifyCredential('compliance', secret);
  const base = {
    checkedAt: now.toISOString(),
    credential: { code: credential.code, verdict: credential.verdict, message: credential.message, masked: credential.masked },
    requestId: null as string | null,
  };
  if (credential.verdict === 'rejected') {
    return { ...base, status: 'not_checked', message: credential.message, checklist: [], deleteScope: 'unknown', otherDeleteKeys: [], warnings: [], fix: null };
  }

  let evidence: ScopeEvidence = { credentialCode: credential.code };
  let org: string | null = null;
  let requestId: string | null = null;
  const probeRequestIds: string[] = [];
  for (const probe of SCOPE_PROBES) {
    if (probesComplete(evidence) && probe.id !== 'settings') continue;
    const req = probeRequest(probe, org);
    if (!req) continue;
    let outcome: ProbeOutcome;
    try {
      const res = await http.request(probe.path.replace('{org_uuid}', encodeURIComponent(org ?? '')), { query: { ...probe.query }, retry: { maxRetries: 2 } });
      outcome = { probe: probe.id, status: res.status, body: res.data };
      requestId = res.requestId ?? requestId;
      if (res.requestId) probeRequestIds.push(res.requestId);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status === null) {
        const message = err instanceof Error ? err.message : String(err);
        return { ...base, requestId, status: 'unreachable', message: `Could not reach the Compliance API: ${message}`, checklist: [], deleteScope: 'unknown', otherDeleteKeys: [], warnings: [], fix: null };
      }
      requestId = err.requestId ?? requestId;
      outcome = { probe: probe.id, status: err.status, body: { error: { type: err.apiErrorType, message: err.serverMessage ?? '' } } };
    }
    evidence = evidenceFromProbes([outcome], evidence);
    org ??= organizationFromProbe(outcome);
    if (evidence.authFailed) break;
  }

  // Which of the organization's keys is this one? Our own probe requests appear in the feed as
  // compliance_api_accessed events whose request_id matches the request-id we received, and name the
  // key (actor.api_key_id). [unverified] that api_key_id and api_keys[].id share one ID space, and
  // events may take up to a minute to appear; when no match is found the delete scope stays unknown.
  if (!evidence.authFailed && evidence.apiKeys && assessScopes(evidence).deleteScope === 'unknown' && probeRequestIds.length > 0) {
    try {
      const res = await http.request('/v1/compliance/activities', { query: { 'activity_types[]': ['compliance_api_accessed'], limit: 100 }, retry: { maxRetries: 1 } });
      const events = (res.data as { data?: unknown[] } | null)?.data ?? [];
      for (const e of events) {
        const ev = e as { request_id?: unknown; actor?: { api_key_id?: unknown } };
        if (typeof ev.request_id === 'string' && probeRequestIds.includes(ev.request_id) && typeof ev.actor?.api_key_id === 'string') {
          evidence = { ...evidence, ownKey: { id: ev.actor.api_key_id } };
          break;
        }
      }
    } catch {
      // Best effort: the checklist stands without it.
    }
  }

  const a = assessScopes(evidence);
  const checklist = a.checklist.map((c) => ({ scope: c.scope, state: c.state, purpose: c.purpose }));
  const common = {
    ...base,
    requestId,
    checklist,
    deleteScope: a.deleteScope,
    otherDeleteKeys: a.otherDeleteKeys.map((k) => ({ name: k.name, createdAt: k.createdAt, possiblyThisKey: k.possiblyThisKey })),
    ownKeyIdentified: a.ownKeyIdentified,
    ownKeyName: a.ownKeyName,
    warnings: a.warnings.map((w) => ({ code: w.code, message: w.message })),
    fix: a.fix,
  };
  if (evidence.authFailed) {
    return {
      ...common,
      status: 'invalid_key',
      message: 'The key was rejected: it is invalid or has been revoked, or it is not a Compliance Access Key. Check it in claude.ai → Organization settings → API (claude.ai/admin-settings/api-access).',
      checklist: [],
    };
  }
  if (credential.code === 'admin_key') {
    return { ...common, status: 'admin_key', message: credential.message };
  }
  if (!a.complete) {
    return { ...common, status: 'missing_scopes', message: `The key is missing ${a.missing.length === 1 ? 'a scope' : 'scopes'}: ${a.missing.join(', ')}.` };
  }
  const maybeDelete = a.deleteScope === 'unknown' && a.otherDeleteKeys.some((k) => k.possiblyThisKey);
  const message =
    a.deleteScope === 'present'
      ? 'The key works, but it carries delete:compliance_user_data, which this product never needs.'
      : maybeDelete
        ? 'The key has all three scopes the inventory needs. This key or another active key carries delete:compliance_user_data; which one is known once the API has indexed this key’s requests.'
        : 'The key has all three scopes the inventory needs.';
  return { ...common, status: 'ok', message };
}
