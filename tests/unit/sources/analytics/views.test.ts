import { describe, expect, it } from 'vitest';
import type { AnalyticsDayRow, AnalyticsUserRow, SpendRow, TeamSpendRow } from '../../../../lib/sources/analytics/tables.ts';
import {
  dailySeries,
  engagementBlocks,
  inactiveSeats,
  inactivity,
  joinDirectory,
  latestActiveUsers,
  modelSpend,
  monthToDate,
  personView,
  productLabel,
  spendByModel,
  spendByProduct,
  teamSpend,
  topBySpend,
  topByTokens,
} from '../../../../lib/sources/analytics/views.ts';

function spend(p: Partial<SpendRow> & { actorKey: string; amount: string }): SpendRow {
  return {
    month: '2026-12',
    model: 'claude-opus-4-6',
    product: 'chat',
    listAmount: p.amount,
    requests: 1,
    uncachedInputTokens: 0,
    cacheReadInputTokens: 0,
    cacheCreationInputTokens: 0,
    outputTokens: 0,
    totalTokens: 0,
    webSearchRequests: 0,
    actor: { key: p.actorKey, type: 'user_actor', name: null, email: `${p.actorKey}@example.com`, deleted: false },
    ...p,
  };
}

function user(p: Partial<AnalyticsUserRow> & { userId: string }): AnalyticsUserRow {
  return {
    email: `${p.userId}@example.com`,
    from: '2026-09-01',
    to: '2026-12-07',
    lastActiveDate: null,
    chatMessages: 0,
    chatConversations: null,
    claudeCodeSessions: null,
    claudeCodeCommits: 0,
    claudeCodePullRequests: 0,
    linesAdded: 0,
    linesRemoved: 0,
    coworkSessions: null,
    coworkMessages: 0,
    officeMessages: 0,
    designMessages: 0,
    scienceMessages: 0,
    webSearches: 0,
    products: {},
    ...p,
  };
}

describe('month to date', () => {
  it('sums the current month exactly and forecasts linearly', () => {
    const rows = [
      spend({ actorKey: 'user_a', amount: '0.1' }),
      spend({ actorKey: 'user_b', amount: '0.2' }),
      spend({ actorKey: 'user_c', amount: '9007199254740993.000001' }),
      spend({ actorKey: 'user_a', amount: '500', month: '2026-11' }),
    ];
    // 2026-12-11 00:00 UTC: 10 of 31 days elapsed, so × 3.1 (rounded to a millionth of a cent).
    const m = monthToDate(rows, new Date(Date.UTC(2026, 11, 11)));
    expect(m.month).toBe('2026-12');
    expect(m.spent).toBe('9007199254740993.300001');
    expect(m.forecast).toBe('27922317689697079.230003');
    expect(m.elapsed).toBeCloseTo(10 / 31);
  });

  it('has no forecast at the very start of the month', () => {
    expect(monthToDate([], new Date(Date.UTC(2026, 11, 1))).forecast).toBeNull();
  });
});

describe('top people and dimensions', () => {
  const rows = [
    spend({ actorKey: 'user_a', amount: '100.5', totalTokens: 10, model: 'claude-opus-4-6', product: 'chat' }),
    spend({ actorKey: 'user_a', amount: '0.5', totalTokens: 5, model: 'claude-sonnet-4-5', product: 'claude_code' }),
    spend({ actorKey: 'user_b', amount: '100.99', totalTokens: 1000, model: 'claude-sonnet-4-5', product: 'brand_new_product' }),
    spend({ actorKey: 'user_a', amount: '1000', totalTokens: 1, month: '2026-11' }),
  ];

  it('sums each person over models and products for the chosen months', () => {
    const top = topBySpend(rows, ['2026-12']);
    expect(top.map((p) => [p.actorKey, p.amount, p.totalTokens])).toEqual([
      ['user_a', '101', 15],
      ['user_b', '100.99', 1000],
    ]);
    expect(topBySpend(rows, null)[0]).toMatchObject({ actorKey: 'user_a', amount: '1101' });
    expect(topByTokens(rows, ['2026-12']).map((p) => p.actorKey)).toEqual(['user_b', 'user_a']);
  });

  it('groups by model and by product, keeping unknown products as sent', () => {
    expect(spendByModel(rows, ['2026-12']).map((m) => [m.key, m.amount])).toEqual([
      ['claude-sonnet-4-5', '101.49'],
      ['claude-opus-4-6', '100.5'],
    ]);
    const products = spendByProduct(rows, ['2026-12']);
    expect(products.map((p) => [p.key, p.label])).toEqual([
      ['brand_new_product', 'brand_new_product'],
      ['chat', 'Chat'],
      ['claude_code', 'Claude Code'],
    ]);
    expect(modelSpend(rows, 'claude-sonnet-4-5', null)).toMatchObject({ amount: '101.49', totalTokens: 1005 });
    expect(modelSpend(rows, 'claude-haiku', null)).toBeNull();
  });

  it('labels known products', () => {
    expect(productLabel('cowork')).toBe('Cowork');
    expect(productLabel('office_agent')).toBe('Office');
    expect(productLabel('cc_security_autopatch')).toBe('Claude Security');
    expect(productLabel('toString')).toBe('toString');
  });
});

describe('cost per team', () => {
  const rows: TeamSpendRow[] = [
    { month: '2026-12', groupId: 'rbac_group_eng', amount: '300', listAmount: '300', totalTokens: 30 },
    { month: '2026-12', groupId: 'rbac_group_sec', amount: '200', listAmount: '200', totalTokens: 20 },
    { month: '2026-11', groupId: 'rbac_group_eng', amount: '0.01', listAmount: '0.01', totalTokens: 1 },
    { month: '2026-12', groupId: '', amount: '5', listAmount: '5', totalTokens: 2 },
    { month: '2026-12', groupId: 'rbac_group_gone', amount: '1', listAmount: '1', totalTokens: 1 },
  ];

  it('adds months of one group, never groups together, and names groups from the directory', () => {
    const teams = teamSpend(rows, null, [
      { id: 'rbac_group_eng', name: 'Engineering' },
      { id: 'rbac_group_sec', name: 'Security' },
    ]);
    expect(teams.map((t) => [t.name, t.amount, t.named])).toEqual([
      ['Engineering', '300.01', true],
      ['Security', '200', true],
      ['No group', '5', true],
      ['rbac_group_gone', '1', false],
    ]);
    // One row per group, no total row.
    expect(teams).toHaveLength(4);
    expect(teams.some((t) => t.amount === '506.01' || t.amount === '500')).toBe(false);
    expect(teamSpend(rows, ['2026-11'], [])).toEqual([{ groupId: 'rbac_group_eng', name: 'rbac_group_eng', named: false, amount: '0.01', listAmount: '0.01', totalTokens: 1 }]);
  });
});

describe('daily series and active users', () => {
  const day = (date: string, dau: number, mau: number): AnalyticsDayRow => ({
    date,
    dailyActiveUsers: dau,
    weeklyActiveUsers: dau,
    monthlyActiveUsers: mau,
    assignedSeats: 100,
    pendingInvites: null,
    dailyAdoptionRate: null,
    extra: {},
  });
  it('joins days and spend, null where one side is missing', () => {
    const s = dailySeries([day('2026-12-02', 5, 10), day('2026-12-01', 4, 10)], [{ date: '2026-12-03', amount: '1.5', listAmount: '1.5', totalTokens: 9, requests: 1 }]);
    expect(s.map((p) => [p.date, p.activeUsers, p.spend])).toEqual([
      ['2026-12-01', 4, null],
      ['2026-12-02', 5, null],
      ['2026-12-03', null, '1.5'],
    ]);
    expect(latestActiveUsers([day('2026-12-02', 5, 10), day('2026-12-01', 4, 10)])).toMatchObject({ date: '2026-12-02', daily: 5, monthly: 10, stickiness: 0.5 });
    expect(latestActiveUsers([])).toBeNull();
  });
});

describe('person', () => {
  it('shows known and unknown engagement blocks, nested metrics flattened', () => {
    const u = user({
      userId: 'user_a',
      products: {
        mystery_metrics: { zap_count: 3 },
        cowork_metrics: { message_count: 0 },
        chat_metrics: { message_count: 12, distinct_projects_used_count: null },
        claude_code_metrics: { core_metrics: { commit_count: 2, lines_of_code: { added_count: 40 } } },
      },
    });
    const blocks = engagementBlocks(u);
    expect(blocks.map((b) => [b.key, b.label, b.known, b.active])).toEqual([
      ['chat_metrics', 'Chat', true, true],
      ['claude_code_metrics', 'Claude Code', true, true],
      ['cowork_metrics', 'Cowork', true, false],
      ['mystery_metrics', 'mystery_metrics', false, true],
    ]);
    expect(blocks[1]!.metrics.map((m) => [m.key, m.value])).toEqual([
      ['core_metrics.commit_count', 2],
      ['core_metrics.lines_of_code.added_count', 40],
    ]);
    const pv = personView('user_a', [spend({ actorKey: 'user_a', amount: '1.25', product: 'claude_code' }), spend({ actorKey: 'user_b', amount: '9' })], u);
    expect(pv.totals.amount).toBe('1.25');
    expect(pv.byProduct.map((p) => p.label)).toEqual(['Claude Code']);
    expect(pv.label).toBe('user_a@example.com');
  });
});

describe('directory joins and inactive seats', () => {
  const users = [
    { id: 'user_a', email: 'A@example.com', fullName: 'Ann', org: 'o1', role: 'user' },
    { id: 'user_a', email: 'a@example.com', fullName: 'Ann', org: 'o2', role: 'admin' },
    { id: 'user_b', email: 'b@example.com', fullName: 'Bob', org: 'o1', role: 'user' },
    { id: 'user_c', email: 'c@example.com', fullName: 'Cy', org: 'o1', role: 'user' },
    { id: 'user_d', email: 'd@example.com', fullName: 'Di', org: 'o1', role: 'user' },
  ];
  const engagement = [
    user({ userId: 'user_a', lastActiveDate: '2026-12-05' }),
    user({ userId: 'user_b', lastActiveDate: '2026-09-20' }),
    user({ userId: 'user_zz', email: 'd@example.com', lastActiveDate: null }),
  ];
  const rows = [spend({ actorKey: 'user_a', amount: '1.1', month: '2026-11' }), spend({ actorKey: 'user_a', amount: '2.2' }), spend({ actorKey: 'x', amount: '7', actor: { key: 'x', type: 'user_actor', name: null, email: 'B@EXAMPLE.COM', deleted: false } })];
  const people = joinDirectory(users, engagement, rows);

  it('gives every directory user last active and spend to date, merging organizations', () => {
    expect(people).toHaveLength(4);
    expect(people.find((p) => p.id === 'user_a')).toMatchObject({ orgs: ['o1', 'o2'], roles: ['user', 'admin'], lastActiveDate: '2026-12-05', spendToDate: '3.3' });
    expect(people.find((p) => p.id === 'user_b')).toMatchObject({ spendToDate: '7', lastActiveDate: '2026-09-20' });
    expect(people.find((p) => p.id === 'user_c')).toMatchObject({ spendToDate: '0', hasEngagement: false, lastActiveDate: null });
    expect(people.find((p) => p.id === 'user_d')).toMatchObject({ hasEngagement: true, lastActiveDate: null });
  });

  it('counts as inactive only on evidence; unknown last active is said, not counted', () => {
    const window = { from: '2026-09-01', to: '2026-12-07' };
    const [d30, d60, d90] = inactiveSeats(people, '2026-12-06', window);
    expect(d30!.inactive.map((p) => p.id).sort()).toEqual(['user_b', 'user_c']);
    expect(d30!.unknown.map((p) => p.id)).toEqual(['user_d']);
    expect(d60!.inactive.map((p) => p.id).sort()).toEqual(['user_b', 'user_c']);
    // 90 days back from 2026-12-06 is 2026-09-08: user_b (last active 09-20) is active; the window covers it.
    expect(d90!.inactive.map((p) => p.id)).toEqual(['user_c']);
    // A window too short to cover the period: no engagement row is not proof of inactivity.
    expect(inactivity({ lastActiveDate: null, hasEngagement: false }, 90, '2026-12-06', { from: '2026-11-01', to: '2026-12-07' }).status).toBe('unknown');
    expect(inactivity({ lastActiveDate: null, hasEngagement: false }, 30, '2026-12-06', { from: null, to: null }).status).toBe('unknown');
  });
});
