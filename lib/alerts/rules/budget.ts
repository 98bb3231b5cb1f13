import { hrefs } from '../../changes/hrefs.ts';
import { formatUsd } from '../../util/money.ts';
import type { AlertLevel } from '../../changes/tables.ts';
import type { AlertRule } from '../types.ts';

const levelOf = (threshold: number): AlertLevel => (threshold >= 100 ? 'critical' : threshold >= 90 ? 'warning' : 'info');

/**
 * A team past a share of its monthly budget (the thresholds the admin chose; 75/90/100 % by default).
 * One alert per team, month and threshold, so crossing 90 % after 75 % notifies again, and a new month starts over.
 */
export const budgetThreshold: AlertRule = {
  id: 'budget-threshold',
  title: 'A team past 75/90/100% of its budget',
  evaluate: (ctx) =>
    ctx.budgets
      .filter((b) => b.reached !== null)
      .map((b) => ({
        subject: `${b.teamKey}@${b.month}@${b.reached}`,
        level: levelOf(b.reached!),
        title: `${b.name} has used ${b.reached}% of its budget`,
        detail: `${formatUsd(b.spent)} of ${formatUsd(b.monthly)} in ${b.month}${b.forecast !== null ? `; forecast ${formatUsd(b.forecast)} by month end` : ''}.`,
        href: hrefs.budgets(),
      })),
};
