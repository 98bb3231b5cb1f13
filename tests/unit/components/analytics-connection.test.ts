import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDb } from '../../../lib/sources/database.ts';
import { deleteAnalyticsData, pollSchedule } from '../../../components/options/analyticsConnection.ts';
import { asAnalyticsState } from '../../../components/usage/data.ts';

describe('Analytics connection helpers', () => {
  it('says the poll schedule the worker uses (analyticsPollHours, default 6)', () => {
    expect(pollSchedule({ analyticsPollHours: 6 })).toEqual({ label: 'every 6 hours', everyMs: 6 * 3_600_000 });
    expect(pollSchedule({ analyticsPollHours: 24 })).toEqual({ label: 'every 24 hours', everyMs: 24 * 3_600_000 });
    expect(pollSchedule({ analyticsPollHours: 1 }).label).toBe('every hour');
    expect(pollSchedule({ analyticsPollHours: 0 }).everyMs).toBeNull();
  });

  it('reads the published state structurally and rejects other shapes', () => {
    expect(asAnalyticsState({ completedAt: 'x', months: ['2026-12', 3], costSource: 'legacy' })).toEqual({
      completedAt: 'x',
      engagementFrom: null,
      engagementTo: null,
      dataRefreshedAt: null,
      months: ['2026-12'],
      costSource: 'legacy',
      costNote: null,
    });
    expect(asAnalyticsState({ completedAt: 1 })).toBeNull();
    expect(asAnalyticsState(undefined)).toBeNull();
  });

  it('Delete connection with data clears every Analytics table and the state, and nothing else', async () => {
    const db = createDb({ name: 'analytics-delete', indexedDB: new IDBFactory(), IDBKeyRange });
    await db.anDailySpend.put({ date: '2026-12-01', amount: '1', listAmount: '1', totalTokens: 1, requests: 1 });
    await db.anTeamSpend.put({ month: '2026-12', groupId: '', amount: '1', listAmount: '1', totalTokens: 1 });
    await db.kv.bulkPut([
      { key: 'analytics.state', value: { completedAt: 'x' } },
      { key: 'other', value: 1 },
    ]);
    await deleteAnalyticsData(db);
    expect(await db.anDailySpend.count()).toBe(0);
    expect(await db.anTeamSpend.count()).toBe(0);
    expect(await db.kv.get('analytics.state')).toBeUndefined();
    expect(await db.kv.get('other')).toEqual({ key: 'other', value: 1 });
    db.close();
  });
});
