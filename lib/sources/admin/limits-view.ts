import Big from 'big.js';
import { z } from 'zod';
import { defineKv } from '../../db/kv.ts';
import type { LimitsUnavailable } from './checkpoint.ts';
import type { AdminSpendLimitRow, LimitScope } from './tables.ts';

/**
 * Effective per-person spend limits as pages and alert rules read them (admin-api.md §4): the share of a
 * limit a person has used, compared exactly on minor-unit strings (never floats for a threshold), where
 * the limit comes from, and what the last sync learned about the feature's availability.
 */

/** Shares of a limit at which the Budgets view and the budget alert rule speak up (percent). */
export const LIMIT_THRESHOLDS = [75, 90, 100] as const;

/** What the last sync learned about spend-limit reads, for the Budgets view's note. */
const Availability = z.object({ available: z.boolean(), reason: z.enum(['organization_type', 'not_available']).nullable(), message: z.string().nullable() });
export const SpendLimitsStatusSchema = z.object({ at: z.string(), limits: Availability, requests: Availability });
export type SpendLimitsStatus = z.infer<typeof SpendLimitsStatusSchema>;
export const ADMIN_SPEND_LIMITS_STATUS = defineKv('admin.spendLimits', SpendLimitsStatusSchema);

export function availability(u: LimitsUnavailable | null | undefined): z.infer<typeof Availability> {
  return u ? { available: false, reason: u.reason, message: u.message } : { available: true, reason: null, message: null };
}

/** Share of the limit used, in percent (display only); null without a cap. A cap of zero is fully used. */
export function limitShare(row: Pick<AdminSpendLimitRow, 'amount' | 'spent'>): number | null {
  if (row.amount === null) return null;
  const cap = new Big(row.amount);
  if (cap.eq(0)) return 100;
  return Number(new Big(row.spent).times(100).div(cap).toPrecision(15));
}

/** The highest threshold the spend has reached, compared exactly (spent × 100 ≥ cap × t); null below the first or without a cap. */
export function limitThresholdReached(row: Pick<AdminSpendLimitRow, 'amount' | 'spent'>, thresholds: readonly number[] = LIMIT_THRESHOLDS): number | null {
  if (row.amount === null) return null;
  const spent100 = new Big(row.spent).times(100);
  let reached: number | null = null;
  for (const t of [...thresholds].sort((a, b) => a - b)) if (spent100.gte(new Big(row.amount).times(t))) reached = t;
  return reached;
}

/** Whether the limit is the member's own override (`source.type === 'user'`) or inherited from a wider scope. */
export function limitOrigin(row: Pick<AdminSpendLimitRow, 'source'>): 'override' | 'inherited' | 'unknown' {
  if (!row.source) return 'unknown';
  return row.source.type === 'user' ? 'override' : 'inherited';
}

const INHERITED_FROM: Record<string, string> = {
  seat_tier: 'seat tier',
  rbac_group: 'RBAC group',
  organization_service: 'organization service',
  organization: 'organization default',
  workspace: 'workspace',
  usage_tier: 'usage tier',
};

/** "Inherited from RBAC group Engineering", "User override"; names come from the caller (groups), ids otherwise. */
export function limitSourceLabel(source: LimitScope | null, names: ReadonlyMap<string, string> = new Map()): string {
  if (!source) return 'Not stated by the API';
  if (source.type === 'user') return 'User override';
  const what = INHERITED_FROM[source.type] ?? source.type;
  const named = source.id ? ` ${names.get(source.id) ?? source.id}` : '';
  return `Inherited from ${what}${named}`;
}

/** Rows by share used, highest first; rows without a cap last; then by person and period. */
export function sortByShare<T extends Pick<AdminSpendLimitRow, 'amount' | 'spent' | 'email' | 'userId' | 'period'>>(rows: readonly T[]): T[] {
  const share = new Map(rows.map((r) => [r, limitShare(r)]));
  return [...rows].sort((a, b) => {
    const sa = share.get(a)!;
    const sb = share.get(b)!;
    if (sa === null || sb === null) {
      if (sa !== sb) return sa === null ? 1 : -1;
    } else if (sa !== sb) return sb - sa;
    const pa = a.email ?? a.userId ?? '';
    const pb = b.email ?? b.userId ?? '';
    return pa.localeCompare(pb) || a.period.localeCompare(b.period);
  });
}
