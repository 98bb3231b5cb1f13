import { describe, expect, it } from 'vitest';
import type { AnalyticsDayRow, SpendRow } from '../../../../lib/sources/analytics/tables.ts';
import type { UserActivity } from '../../../../lib/sources/analytics/schemas.ts';
import { asRollups, buildRollups, monthRollup, ROLLUP_TOP, ROLLUP_VERSION } from '../../../../lib/sources/analytics/rollups.ts';
import { dailyActivity, monthToDate, monthToDateOf, spendByModel, spendByProduct, topBySpend, topByTokens } from '../../../../lib/sources/analytics/views.ts';
import { dayActivity, mergeDayActivity } from '../../../../lib/sources/analytics/derive.ts';

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

describe('per-month rollups', () => {
  it('keep money exact beyond 2^53 cents and order amounts a float cannot tell apart', () => {
    // 2^53 + 1 and 2^53 + 2 are the same double; the rollup must still rank b above a and sum to the fraction of a cent.
    const rows = [
      spend({ actorKey: 'user_a', amount: '9007199254740993.000001' }),
      spend({ actorKey: 'user_b', amount: '9007199254740994' }),
      spend({ actorKey: 'user_a', amount: '0.000002', model: 'claude-sonnet-4-5', product: 'claude_code' }),
    ];
    const r = monthRollup(rows, '2026-12');
    expect(r.totals.amount).toBe('18014398509481987.000003');
    expect(r.topBySpend.map((p) => [p.actorKey, p.amount])).toEqual([
      ['user_b', '9007199254740994'],
      ['user_a', '9007199254740993.000003'],
    ]);
    expect(r.people).toBe(2);
    // Month-to-date from the rollup is the same as from the rows.
    const asOf = new Date(Date.UTC(2026, 11, 11));
    expect(monthToDateOf(r.totals.amount, asOf)).toEqual(monthToDate(rows, asOf));
  });

  it('breaks ties by tokens, then name, then actor key, the same way on every run', () => {
    const rows = [
      spend({ actorKey: 'user_d', amount: '100', totalTokens: 5 }),
      spend({ actorKey: 'user_c', amount: '100', totalTokens: 5 }),
      spend({ actorKey: 'user_b', amount: '100', totalTokens: 9 }),
      spend({ actorKey: 'user_a', amount: '50', totalTokens: 9 }),
      // Same label (no name, same email) as user_e2: the actor key decides.
      spend({ actorKey: 'user_e2', amount: '1', actor: { key: 'user_e2', type: 'user_actor', name: null, email: 'e@example.com', deleted: false } }),
      spend({ actorKey: 'user_e1', amount: '1', actor: { key: 'user_e1', type: 'user_actor', name: null, email: 'e@example.com', deleted: false } }),
    ];
    const r = monthRollup(rows, '2026-12');
    expect(r.topBySpend.map((p) => p.actorKey)).toEqual(['user_b', 'user_c', 'user_d', 'user_a', 'user_e1', 'user_e2']);
    expect(r.topByTokens.map((p) => p.actorKey)).toEqual(['user_b', 'user_a', 'user_c', 'user_d', 'user_e1', 'user_e2']);
    expect(monthRollup([...rows].reverse(), '2026-12')).toEqual(r);
  });

  it('is per month, keeps the top 25, and equals the views computed from the rows', () => {
    const rows: SpendRow[] = [];
    for (let i = 0; i < 40; i++) {
      rows.push(spend({ actorKey: `user_${String(i).padStart(2, '0')}`, amount: `${i}.5`, totalTokens: 1000 - i, model: i % 2 ? 'claude-opus-4-6' : 'claude-haiku-4-5', product: i % 3 ? 'chat' : 'claude_code' }));
      rows.push(spend({ actorKey: `user_${String(i).padStart(2, '0')}`, amount: '7', month: '2026-11', totalTokens: 3 }));
    }
    const all = buildRollups(rows, ['2026-11', '2026-12'], '2026-12-07T00:00:00Z');
    expect(all.version).toBe(ROLLUP_VERSION);
    expect(Object.keys(all.months).sort()).toEqual(['2026-11', '2026-12']);
    const dec = all.months['2026-12']!;
    expect(dec.topBySpend).toHaveLength(ROLLUP_TOP);
    expect(dec.people).toBe(40);
    const decRows = rows.filter((r) => r.month === '2026-12');
    expect(dec.topBySpend).toEqual(topBySpend(decRows, null, ROLLUP_TOP));
    expect(dec.topByTokens).toEqual(topByTokens(decRows, null, ROLLUP_TOP));
    expect(dec.byModel).toEqual(spendByModel(decRows, null));
    expect(dec.byProduct).toEqual(spendByProduct(decRows, null));
    // November's numbers do not leak into December's, nor the other way round.
    expect(all.months['2026-11']!.totals.amount).toBe('280');
    expect(dec.totals.amount).toBe(String(40 * 0.5 + (39 * 40) / 2));
    // A month with no rows has a zero rollup, not a missing one.
    expect(buildRollups(rows, ['2026-10'], 'x').months['2026-10']!.totals.amount).toBe('0');
  });

  it('a stored record of another version, or a damaged month, is not used (the page computes from rows)', () => {
    const good = buildRollups([spend({ actorKey: 'user_a', amount: '1' })], ['2026-12'], 'now');
    expect(asRollups(JSON.parse(JSON.stringify(good)))).toEqual(good);
    expect(asRollups({ ...good, version: ROLLUP_VERSION + 1 })).toBeNull();
    expect(asRollups(undefined)).toBeNull();
    expect(asRollups({ ...good, months: { '2026-12': { month: '2026-12', totals: {} } } })!.months).toEqual({});
  });
});

const userDay = (id: string, p: Partial<UserActivity>): UserActivity => ({ user: { id, email_address: `${id}@example.com` }, ...p }) as UserActivity;

describe('messages per day', () => {
  it('adds one day of per-person rows up: messages per product, Claude Code sessions and lines', () => {
    const rows = [
      userDay('user_a', {
        chat_metrics: { message_count: 12 },
        claude_code_metrics: { core_metrics: { distinct_session_count: 2, lines_of_code: { added_count: 40, removed_count: 3 }, commit_count: 1, pull_request_count: 0 } },
        office_metrics: { excel: { message_count: 3 }, word: { message_count: 1 } },
      }),
      userDay('user_b', { chat_metrics: { message_count: 5 }, cowork_metrics: { message_count: 6, distinct_session_count: 1 }, design_metrics: { message_count: 2 }, science_metrics: { message_count: 1 } }),
      // Newest SDK: Chat and Cowork unified activity.
      userDay('user_c', { chat_cowork_unified_metrics: { chat: { message_count: 4 }, sessions: { message_count: 2 } } } as Partial<UserActivity>),
      // An aggregated row (no person) is not a person's day.
      { user: null, chat_metrics: { message_count: 999 } } as UserActivity,
    ];
    const a = dayActivity(rows);
    expect(a.people).toBe(3);
    expect(a.messages).toEqual({ chat_metrics: 17, cowork_metrics: 6, office_metrics: 4, design_metrics: 2, science_metrics: 1, chat_cowork_unified_metrics: 6 });
    expect(a).toMatchObject({ claudeCodeSessions: 2, linesAdded: 40, linesRemoved: 3, commits: 1, pullRequests: 0 });
    // Two pages of one day add up to the whole day.
    expect(mergeDayActivity(dayActivity(rows.slice(0, 1)), dayActivity(rows.slice(1)))).toEqual(a);
  });

  it('sessions stay unknown when no row reports them', () => {
    expect(dayActivity([userDay('user_a', { chat_metrics: { message_count: 1 } })]).claudeCodeSessions).toBeNull();
    expect(dayActivity([]).people).toBe(0);
  });

  it('the series shows days without collected activity as unknown, never as zero, and counts them', () => {
    const day = (date: string, activity?: AnalyticsDayRow['activity']): AnalyticsDayRow => ({
      date,
      dailyActiveUsers: 1,
      weeklyActiveUsers: 1,
      monthlyActiveUsers: 1,
      assignedSeats: null,
      pendingInvites: null,
      dailyAdoptionRate: null,
      extra: {},
      ...(activity === undefined ? {} : { activity }),
    });
    const act = (chat: number, extra: Record<string, number> = {}) => ({ people: 1, messages: { chat_metrics: chat, cowork_metrics: 0, ...extra }, claudeCodeSessions: 3, linesAdded: 10, linesRemoved: 1, commits: 0, pullRequests: 0 });
    const s = dailyActivity([day('2026-12-03', act(5, { future_metrics: 2 })), day('2026-12-01'), day('2026-12-02', act(7))]);
    expect(s.points.map((p) => [p.date, p.messages])).toEqual([
      ['2026-12-01', null],
      ['2026-12-02', 7],
      ['2026-12-03', 7],
    ]);
    expect(s.missing).toBe(1);
    // Blocks with messages on some day, known ones first; all-zero blocks are left out.
    expect(s.blocks).toEqual(['chat_metrics', 'future_metrics']);
    expect(s.points[0]!.claudeCodeSessions).toBeNull();
  });
});
