import { ApiError } from '../../api/http/index.ts';
import { parseCents } from '../../util/money.ts';
import type { LimitsUnavailable } from './checkpoint.ts';
import type { SpendActor, SpendLimitIncreaseRequest, SpendLimitScope, SpendSummary } from './schemas.ts';
import type { AdminLimitRequestRow, AdminSpendLimitRow, LimitScope } from './tables.ts';

/**
 * Effective per-person spend limits (admin-api.md §4) as the sync reads them: how an API record becomes a
 * stored row, and why the feature is unavailable when the API refuses it. What pages and rules derive
 * from the rows is in ./limits-view.ts.
 */

function scopeOf(s: SpendLimitScope | null | undefined): LimitScope | null {
  if (!s) return null;
  const id = s.user_id ?? s.rbac_group_id ?? s.seat_tier ?? s.service ?? s.workspace_id ?? null;
  return { type: s.type, id };
}

/** The actor's stable key: the user id for members, the key id for scoped API keys, else the type. */
export function actorKey(a: SpendActor): string {
  return a.user_id ?? (a.scoped_api_key_id ? `key:${a.scoped_api_key_id}` : `actor:${a.type}`);
}

const minor = (v: string | number | null | undefined): string | null => (v === null || v === undefined ? null : parseCents(v));

/** One effective-limit record as a stored row; null when its money cannot be read (counted as skipped). */
export function spendLimitRow(s: SpendSummary): AdminSpendLimitRow | null {
  const amount = s.amount === null ? null : minor(s.amount);
  if (s.amount !== null && amount === null) return null;
  // "0" while the reading is unavailable (§4.2); a missing or unreadable value reads the same.
  const spent = minor(s.period_to_date_spend) ?? '0';
  return {
    id: `${actorKey(s.actor)}|${s.period}`,
    actorType: s.actor.type,
    userId: s.actor.user_id ?? null,
    apiKeyId: s.actor.scoped_api_key_id ?? null,
    email: s.actor.email_address ? s.actor.email_address.toLowerCase() : null,
    name: s.actor.name ?? null,
    deleted: s.actor.deleted === true,
    period: s.period,
    amount,
    currency: (s.currency ?? 'USD').toUpperCase(),
    spent,
    scope: scopeOf(s.scope),
    source: scopeOf(s.source),
    spendLimitId: s.spend_limit_id ?? null,
    raw: s as Record<string, unknown>,
  };
}

export function limitRequestRow(r: SpendLimitIncreaseRequest): AdminLimitRequestRow {
  const summary = r.spend_summary ?? null;
  return {
    id: r.id,
    userId: r.actor.user_id ?? null,
    email: r.actor.email_address ? r.actor.email_address.toLowerCase() : null,
    name: r.actor.name ?? null,
    status: r.status,
    period: r.period ?? summary?.period ?? null,
    createdAt: r.created_at ?? null,
    amount: summary ? minor(summary.amount) : null,
    spent: summary ? minor(summary.period_to_date_spend) : null,
    currency: summary?.currency ? summary.currency.toUpperCase() : null,
    raw: r as Record<string, unknown>,
  };
}

const NOT_OFFERED_CODES = new Set(['organization_type_not_supported', 'organization_not_eligible', 'organization_not_enrolled_in_beta']);

/**
 * Why a spend-limit read is unavailable, or undefined when the failure is a real error (the sync fails as
 * for any other read): a 400 that names the organization kind → the feature is hidden with a plain note;
 * 403 or 404 → not available to this key or organization. [unverified] No scope is documented for
 * spend-limit reads (admin-api.md §1.2), so a 403 is read as "this key cannot", not as a broken key.
 */
export function limitsUnavailableBecause(err: unknown, what: 'limits' | 'requests'): LimitsUnavailable | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const noun = what === 'limits' ? 'Per-person spend limits' : 'Spend-limit increase requests';
  if (err.status === 400 && err.errorCode && NOT_OFFERED_CODES.has(err.errorCode)) {
    return { reason: 'organization_type', message: `${noun} are offered only to Claude Enterprise organizations, and the Admin API says this organization does not have them, so they are not shown.` };
  }
  if (err.status === 403) return { reason: 'not_available', message: `${noun} are not available to this Admin API key (the API refused the read). A key with access to spend limits shows them.` };
  if (err.status === 404) return { reason: 'not_available', message: `${noun} are not available to this organization (the API answered "not found").` };
  return undefined;
}

