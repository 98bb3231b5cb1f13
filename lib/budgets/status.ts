import { ANALYTICS_STATE } from '../sources/analytics/state.ts';
import type { SpendRow, TeamSpendRow } from '../sources/analytics/tables.ts';
import type { AppDb } from '../sources/database.ts';
import type { ScimMemberRow, ScimUserRow } from '../sources/scim/tables.ts';
import type { TeamBudgetRow } from '../changes/tables.ts';
import { sumCents, type Cents } from '../util/money.ts';
import { forecastMonth, monthOfDate, sharePercent, thresholdReached } from './forecast.ts';

/**
 * Month-to-date spend of each team with a budget, its forecast and the thresholds it has reached.
 * RBAC groups: the Analytics cost per RBAC group (anTeamSpend). SCIM groups: the sum of the month's spend
 * of the group's members, joined by email (case-insensitive) between the SCIM directory and the cost
 * report's actor; a member with no spend adds nothing. Team totals overlap and are never summed.
 */
export interface BudgetStatus {
  teamKey: string;
  kind: 'rbac' | 'scim';
  groupId: string;
  name: string;
  month: string;
  monthly: Cents;
  spent: Cents;
  forecast: Cents | null;
  daysCovered: number;
  daysInMonth: number;
  share: number | null;
  forecastShare: number | null;
  thresholds: number[];
  /** The highest threshold reached by month-to-date spend. */
  reached: number | null;
  /** The highest threshold the forecast reaches (a warning before it happens). */
  forecastReached: number | null;
  /** False when no Analytics collection has published yet. */
  hasData: boolean;
}

export function rbacTeamSpent(rows: readonly TeamSpendRow[], groupId: string, month: string): Cents {
  return sumCents(rows.filter((r) => r.month === month && r.groupId === groupId).map((r) => r.amount));
}

export function scimTeamSpent(spend: readonly SpendRow[], users: readonly ScimUserRow[], members: readonly ScimMemberRow[], groupId: string, month: string): Cents {
  const byId = new Map(users.map((u) => [u.id, u]));
  const emails = new Set<string>();
  for (const m of members) {
    if (m.groupId !== groupId) continue;
    const u = byId.get(m.userId);
    for (const e of [u?.email, u?.userName]) if (e && e.includes('@')) emails.add(e.toLowerCase());
  }
  return sumCents(spend.filter((r) => r.month === month && r.actor.email !== null && emails.has(r.actor.email.toLowerCase())).map((r) => r.amount));
}

export function budgetStatus(budget: TeamBudgetRow, spent: Cents, asOf: Date, hasData: boolean): BudgetStatus {
  const f = forecastMonth(spent, asOf);
  return {
    teamKey: budget.teamKey,
    kind: budget.kind,
    groupId: budget.groupId,
    name: budget.name,
    month: f.month,
    monthly: budget.monthly,
    spent,
    forecast: f.forecast,
    daysCovered: f.daysCovered,
    daysInMonth: f.daysInMonth,
    share: sharePercent(spent, budget.monthly),
    forecastShare: f.forecast === null ? null : sharePercent(f.forecast, budget.monthly),
    thresholds: budget.thresholds,
    reached: thresholdReached(spent, budget.monthly, budget.thresholds),
    forecastReached: f.forecast === null ? null : thresholdReached(f.forecast, budget.monthly, budget.thresholds),
    hasData,
  };
}

/** How far the spend data reaches: the API's watermark when it is in the past, else now. */
export function dataAsOf(dataRefreshedAt: string | null | undefined, now: Date): Date {
  const t = dataRefreshedAt ? Date.parse(dataRefreshedAt) : NaN;
  return Number.isFinite(t) && t < now.getTime() ? new Date(t) : now;
}

export async function readBudgetStatuses(db: AppDb, now: Date): Promise<BudgetStatus[]> {
  const budgets = await db.teamBudgets.toArray();
  if (budgets.length === 0) return [];
  const state = await ANALYTICS_STATE.read(db);
  const asOf = dataAsOf(state?.dataRefreshedAt, now);
  const month = monthOfDate(asOf);
  const needsScim = budgets.some((b) => b.kind === 'scim');
  const [team, spend, users, members] = await Promise.all([
    db.anTeamSpend.where('month').equals(month).toArray(),
    needsScim ? db.anSpend.where('month').equals(month).toArray() : Promise.resolve([]),
    needsScim ? db.scimUsers.toArray() : Promise.resolve([]),
    needsScim ? db.scimMembers.toArray() : Promise.resolve([]),
  ]);
  return budgets.map((b) =>
    budgetStatus(b, b.kind === 'rbac' ? rbacTeamSpent(team, b.groupId, month) : scimTeamSpent(spend, users, members, b.groupId, month), asOf, state !== undefined),
  );
}
