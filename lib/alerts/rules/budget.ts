import { hrefs } from '../../changes/hrefs.ts';
import { formatMinor, formatUsd } from '../../util/money.ts';
import type { AlertLevel } from '../../changes/tables.ts';
import { limitThresholdReached } from '../../sources/admin/limits-view.ts';
import type { AdminSpendLimitRow } from '../../sources/admin/tables.ts';
import type { AlertCandidate, AlertContext, AlertRule } from '../types.ts';

const levelOf = (threshold: number): AlertLevel => (threshold >= 100 ? 'critical' : threshold >= 90 ? 'warning' : 'info');

/**
 * The period a limit's spend belongs to, for deduplication: the UTC day, the week (its Monday) or the
 * month of `now`. [unverified] The API does not say when a period starts (time zone, first weekday), so a
 * new period is recognised by the clock, and an alert may repeat once near a boundary.
 */
export function periodKey(period: string, now: Date): string {
  const day = now.toISOString().slice(0, 10);
  if (period === 'daily') return day;
  if (period === 'weekly') {
    const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7)));
    return `week-${monday.toISOString().slice(0, 10)}`;
  }
  if (period === 'monthly') return day.slice(0, 7);
  return `${period}-${day.slice(0, 7)}`;
}

const personOf = (r: AdminSpendLimitRow) => r.email || r.name || r.userId || r.apiKeyId || 'A member';

function personAlerts(rows: readonly AdminSpendLimitRow[], now: Date): AlertCandidate[] {
  const out: AlertCandidate[] = [];
  for (const r of rows) {
    const reached = limitThresholdReached(r);
    if (reached === null || r.amount === null || r.deleted) continue;
    const who = personOf(r);
    out.push({
      subject: `person:${r.userId ?? r.id}@${r.period}@${periodKey(r.period, now)}@${reached}`,
      level: levelOf(reached),
      title: `${who} has used ${reached}% of their ${r.period} spend limit`,
      detail: `${formatMinor(r.spent, r.currency)} of ${formatMinor(r.amount, r.currency)} this ${r.period === 'daily' ? 'day' : r.period === 'weekly' ? 'week' : r.period === 'monthly' ? 'month' : 'period'} (${r.source?.type === 'user' ? 'their own limit' : 'an inherited limit'}, from the Admin API).`,
      href: r.userId ? hrefs.person(r.userId) : hrefs.budgets(),
    });
  }
  return out;
}

/**
 * A team past a share of its monthly budget (the thresholds the admin chose; 75/90/100 % by default), or a
 * person past 75/90/100 % of an effective spend limit the Admin API reports. One alert per team, month and
 * threshold (per person, period and threshold), so crossing 90 % after 75 % notifies again, and a new
 * period starts over.
 */
export const budgetThreshold: AlertRule = {
  id: 'budget-threshold',
  title: 'A team or person past 75/90/100% of their budget',
  evaluate: (ctx: AlertContext) => [
    ...ctx.budgets
      .filter((b) => b.reached !== null)
      .map((b) => ({
        subject: `${b.teamKey}@${b.month}@${b.reached}`,
        level: levelOf(b.reached!),
        title: `${b.name} has used ${b.reached}% of its budget`,
        detail: `${formatUsd(b.spent)} of ${formatUsd(b.monthly)} in ${b.month}${b.forecast !== null ? `; forecast ${formatUsd(b.forecast)} by month end` : ''}.`,
        href: hrefs.budgets(),
      })),
    ...personAlerts(ctx.personLimits, ctx.now),
  ],
};
