/**
 * The sandbox organization's spend limits (admin-api.md §4): an organization default, one RBAC group's
 * limit, a few members' own overrides (one with a second, uncapped daily row), and period-to-date spend
 * chosen so some members sit past 75, 90 and 100 % of their limit; one pending increase request (and one
 * approved one the pending filter must leave out). Deterministic from the seed. These records are also the
 * ground truth tests compare with.
 */
import type { SandboxOrg } from '../generator/index.ts';
import { intIn, salt, taggedId } from '../generator/prng.ts';
import type { AdminGroup, AdminUser } from './data.ts';

export type SandboxScope = { type: 'user'; user_id: string } | { type: 'rbac_group'; rbac_group_id: string } | { type: 'organization' };

export interface SandboxSpendSummary {
  actor: { type: 'user_actor'; user_id: string; email_address: string | null; name: string | null; deleted: boolean };
  amount: string | null;
  currency: 'USD';
  period: 'daily' | 'weekly' | 'monthly';
  period_to_date_spend: string;
  scope: SandboxScope;
  source: SandboxScope;
  spend_limit_id: string;
}

export interface SandboxIncreaseRequest {
  id: string;
  type: 'spend_limit_increase_request';
  actor: SandboxSpendSummary['actor'];
  status: 'pending' | 'approved' | 'denied';
  period: 'daily' | 'weekly' | 'monthly';
  created_at: string;
  resolved_at: string | null;
  resolved_by: SandboxSpendSummary['actor'] | null;
  spend_summary: SandboxSpendSummary | null;
}

/** Monthly organization default and the group limit, in US cents. */
export const ORG_DEFAULT_MONTHLY = '50000';
export const GROUP_MONTHLY = '30000';

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function buildSpendLimits(org: SandboxOrg, users: readonly AdminUser[], groups: readonly AdminGroup[], ownerGroupId: string) {
  const { seed } = org;
  const limitId = (k: number) => taggedId('spl_', seed, salt('admin-spend-limit'), k);
  const orgLimit = limitId(0);
  const limitGroup = groups.find((g) => g.id !== ownerGroupId && g.members.size > 0) ?? null;
  const groupLimit = limitId(1);
  const actor = (u: AdminUser) => ({ type: 'user_actor' as const, user_id: u.id, email_address: u.email, name: u.name, deleted: false });
  // Members by position in the member list: 1 past 100 % of an override, 2 past 90 % of an inherited limit,
  // 3 past 75 % of an override (plus an uncapped daily override); others below 70 %.
  const overrides = new Map<number, string>([
    [1, '20000'],
    [3, '100000'],
  ]);
  const summaries: SandboxSpendSummary[] = [];
  users.forEach((u, i) => {
    const own = overrides.get(i);
    const inGroup = limitGroup?.members.has(u.id) === true;
    const source: SandboxScope = own ? { type: 'user', user_id: u.id } : inGroup ? { type: 'rbac_group', rbac_group_id: limitGroup!.id } : { type: 'organization' };
    const amount = own ?? (inGroup ? GROUP_MONTHLY : ORG_DEFAULT_MONTHLY);
    const cap = Number(amount);
    let spent: string;
    if (i === 1) spent = '20150.25';
    else if (i === 2) spent = `${(cap * 92) / 100}.5`;
    else if (i === 3) spent = '76543.125';
    else spent = String(Math.floor((cap * intIn(seed, 0, 69, salt('admin-spend'), i)) / 100));
    if (i === 3) {
      // An explicit "no limit" override for the daily period: periods resolve independently (§4.3).
      summaries.push({ actor: actor(u), amount: null, currency: 'USD', period: 'daily', period_to_date_spend: '1200', scope: { type: 'user', user_id: u.id }, source: { type: 'user', user_id: u.id }, spend_limit_id: limitId(100 + i) });
    }
    summaries.push({
      actor: actor(u),
      amount,
      currency: 'USD',
      period: 'monthly',
      period_to_date_spend: spent,
      scope: { type: 'user', user_id: u.id },
      source,
      spend_limit_id: own ? limitId(100 + i) : inGroup ? groupLimit : orgLimit,
    });
  });

  const requests: SandboxIncreaseRequest[] = [];
  const over = users[1];
  const near = users[2];
  if (over) {
    requests.push({
      id: taggedId('slir_', seed, salt('admin-limit-request'), 0),
      type: 'spend_limit_increase_request',
      actor: actor(over),
      status: 'pending',
      period: 'monthly',
      created_at: iso(org.nowMs - 2 * 3_600_000),
      resolved_at: null,
      resolved_by: null,
      spend_summary: summaries.find((s) => s.actor.user_id === over.id && s.period === 'monthly') ?? null,
    });
  }
  if (near) {
    requests.push({
      id: taggedId('slir_', seed, salt('admin-limit-request'), 1),
      type: 'spend_limit_increase_request',
      actor: actor(near),
      status: 'approved',
      period: 'monthly',
      created_at: iso(org.nowMs - 5 * 86_400_000),
      resolved_at: iso(org.nowMs - 4 * 86_400_000),
      resolved_by: users[0] ? actor(users[0]) : null,
      spend_summary: null,
    });
  }
  return { summaries, requests, limitGroupId: limitGroup?.id ?? null };
}
