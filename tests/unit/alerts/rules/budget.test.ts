import { describe, expect, it } from 'vitest';
import { alertContext } from '../../../../lib/alerts/types.ts';
import { budgetThreshold } from '../../../../lib/alerts/rules/budget.ts';
import { budgetStatus } from '../../../../lib/budgets/status.ts';
import { NOW } from '../helpers.ts';

describe('alert rule: a team past a share of its budget', () => {
  const budget = { teamKey: 'rbac:rbac_group_1', kind: 'rbac' as const, groupId: 'rbac_group_1', name: 'Engineering', monthly: '100000', thresholds: [75, 90, 100], updatedAt: '' };
  it('fires at the highest threshold reached, one subject per team, month and threshold', () => {
    const at90 = budgetStatus(budget, '90000', NOW, true);
    expect(budgetThreshold.evaluate(alertContext({ now: NOW, budgets: [at90] }))).toEqual([
      expect.objectContaining({ subject: 'rbac:rbac_group_1@2026-12@90', level: 'warning', title: 'Engineering has used 90% of its budget', href: 'inventory.html#/budgets' }),
    ]);
    const over = budgetStatus(budget, '100000.000001', NOW, true);
    expect(budgetThreshold.evaluate(alertContext({ now: NOW, budgets: [over] }))[0]).toMatchObject({ subject: 'rbac:rbac_group_1@2026-12@100', level: 'critical' });
  });
  it('does not fire below the first threshold (exact: $749.99 of $1,000)', () => {
    expect(budgetThreshold.evaluate(alertContext({ now: NOW, budgets: [budgetStatus(budget, '74999', NOW, true)] }))).toEqual([]);
  });
});
