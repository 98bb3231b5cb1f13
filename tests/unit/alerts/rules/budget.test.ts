import { describe, expect, it } from 'vitest';
import { alertContext } from '../../../../lib/alerts/types.ts';
import { budgetThreshold, periodKey } from '../../../../lib/alerts/rules/budget.ts';
import type { AdminSpendLimitRow } from '../../../../lib/sources/admin/tables.ts';
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

describe('alert rule: a person past a share of their effective spend limit (Admin API)', () => {
  const limit = (over: Partial<AdminSpendLimitRow>): AdminSpendLimitRow => ({
    id: 'user_1|monthly', actorType: 'user_actor', userId: 'user_1', apiKeyId: null, email: 'ana@example.com', name: 'Ana', deleted: false, period: 'monthly',
    amount: '50000', currency: 'USD', spent: '0', scope: { type: 'user', id: 'user_1' }, source: { type: 'user', id: 'user_1' }, spendLimitId: 'spl_1', raw: {}, ...over,
  });
  const run = (rows: AdminSpendLimitRow[]) => budgetThreshold.evaluate(alertContext({ now: NOW, personLimits: rows }));

  it('75%: info, exactly at the boundary ($375.00 of $500.00), linked to the person', () => {
    expect(run([limit({ spent: '37499.999' })])).toEqual([]);
    expect(run([limit({ spent: '37500' })])).toEqual([
      expect.objectContaining({ subject: 'person:user_1@monthly@2026-12@75', level: 'info', title: 'ana@example.com has used 75% of their monthly spend limit', href: 'inventory.html#/people/user_1' }),
    ]);
  });
  it('90%: warning, with exact money and the limit\'s origin', () => {
    const [a] = run([limit({ spent: '45000.5', source: { type: 'rbac_group', id: 'rbac_group_1' } })]);
    expect(a).toMatchObject({ subject: 'person:user_1@monthly@2026-12@90', level: 'warning' });
    expect(a!.detail).toBe('$450.01 of $500.00 this month (an inherited limit, from the Admin API).');
  });
  it('100%: critical; daily limits are keyed by day, and a row without a cap or of a member who left never fires', () => {
    expect(run([limit({ spent: '50000' })])[0]).toMatchObject({ subject: 'person:user_1@monthly@2026-12@100', level: 'critical' });
    expect(run([limit({ id: 'user_1|daily', period: 'daily', amount: '1000', spent: '1000.001' })])[0]).toMatchObject({ subject: 'person:user_1@daily@2026-12-07@100', level: 'critical' });
    expect(run([limit({ amount: null, spent: '999999' }), limit({ deleted: true, spent: '60000' })])).toEqual([]);
  });
  it('weekly limits are keyed by the week\'s Monday (UTC)', () => {
    expect(periodKey('weekly', NOW)).toBe('week-2026-12-07');
    expect(periodKey('weekly', new Date('2026-12-13T23:00:00Z'))).toBe('week-2026-12-07');
  });
});
