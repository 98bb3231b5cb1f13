import { describe, expect, it } from 'vitest';
import { forecastMonth, sharePercent, thresholdReached } from '../../../lib/budgets/forecast.ts';
import { budgetStatus, dataAsOf, rbacTeamSpent, scimTeamSpent } from '../../../lib/budgets/status.ts';
import type { SpendRow } from '../../../lib/sources/analytics/tables.ts';

describe('budget forecast (linear on days elapsed)', () => {
  it('projects month-to-date spend over the whole month, exactly', () => {
    // 10 of 31 days of December covered: $1,000.01 × 31 / 10 = $3,100.031.
    expect(forecastMonth('100001', new Date('2026-12-11T00:00:00Z'))).toEqual({ month: '2026-12', daysInMonth: 31, daysCovered: 10, forecast: '310003.1' });
    // Half a day into a 30-day month: × 60.
    expect(forecastMonth('250', new Date('2026-11-01T12:00:00Z')).forecast).toBe('15000');
    // February 2028 has 29 days.
    expect(forecastMonth('2900', new Date('2028-02-15T00:00:00Z')).forecast).toBe('6007.142857');
  });
  it('gives no forecast in the first hour of a month', () => {
    expect(forecastMonth('100', new Date('2026-12-01T00:30:00Z')).forecast).toBeNull();
  });
  it('the month end is the whole month', () => {
    expect(forecastMonth('5000', new Date('2026-12-31T23:59:59.999Z')).forecast).toBe('5000.000002');
  });
  it('uses the data watermark when it is in the past', () => {
    const now = new Date('2026-12-11T00:00:00Z');
    expect(dataAsOf('2026-12-10T00:00:00Z', now).toISOString()).toBe('2026-12-10T00:00:00.000Z');
    expect(dataAsOf('2027-01-01T00:00:00Z', now)).toBe(now);
    expect(dataAsOf(null, now)).toBe(now);
  });
});

describe('budget shares and thresholds', () => {
  it('compares exactly, without floating point', () => {
    expect(thresholdReached('75000', '100000', [75, 90, 100])).toBe(75);
    expect(thresholdReached('74999.999999', '100000', [75, 90, 100])).toBeNull();
    expect(thresholdReached('30', '10', [100, 75, 90])).toBe(100);
    expect(thresholdReached('30', '0', [75])).toBeNull();
    expect(sharePercent('33333', '100000')).toBe(33.333);
  });
  it('a status carries spend, forecast and the thresholds reached now and by the forecast', () => {
    const s = budgetStatus({ teamKey: 'rbac:g', kind: 'rbac', groupId: 'g', name: 'Eng', monthly: '100000', thresholds: [75, 90, 100], updatedAt: '' }, '50000', new Date('2026-12-16T00:00:00Z'), true);
    expect(s).toMatchObject({ month: '2026-12', spent: '50000', forecast: '103333.333333', share: 50, reached: null, forecastReached: 100 });
  });
});

describe('team month-to-date spend', () => {
  const spend = (email: string | null, amount: string, month = '2026-12'): SpendRow => ({
    month, actorKey: email ?? 'apikey_1', actor: { key: email ?? 'apikey_1', type: 'user_actor', name: null, email, deleted: false }, model: 'm', product: 'chat',
    amount, listAmount: amount, requests: null, uncachedInputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0, outputTokens: 0, totalTokens: 0, webSearchRequests: 0,
  });
  it('RBAC: the cost report’s group rows of the month', () => {
    const rows = [
      { month: '2026-12', groupId: 'g1', amount: '100.5', listAmount: '0', totalTokens: 0 },
      { month: '2026-11', groupId: 'g1', amount: '999', listAmount: '0', totalTokens: 0 },
      { month: '2026-12', groupId: 'g2', amount: '7', listAmount: '0', totalTokens: 0 },
    ];
    expect(rbacTeamSpent(rows, 'g1', '2026-12')).toBe('100.5');
  });
  it('SCIM: members’ spend matched by email, case-insensitively; other months and people excluded', () => {
    const users = [
      { id: 'u1', userName: 'Ana@Example.com', email: null, displayName: null, givenName: null, familyName: null, externalId: null, active: true, created: null },
      { id: 'u2', userName: 'bo@example.com', email: 'bo@example.com', displayName: null, givenName: null, familyName: null, externalId: null, active: true, created: null },
    ];
    const members = [{ groupId: 'eng', userId: 'u1' }, { groupId: 'ops', userId: 'u2' }];
    const rows = [spend('ana@example.com', '0.1'), spend('ana@example.com', '0.2'), spend('ana@example.com', '5', '2026-11'), spend('bo@example.com', '9'), spend(null, '3')];
    expect(scimTeamSpent(rows, users, members, 'eng', '2026-12')).toBe('0.3');
  });
});
