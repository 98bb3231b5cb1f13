import { addCents, parseCents } from '../../util/money.ts';
import type { ConnectorActivity, CostItem, LegacyUserRow, RawActor, RawTokens, SummaryDay, UsageItem, UserActivity } from './schemas.ts';
import type { ActorRef, ConnectorUsageRow, AnalyticsDayRow, AnalyticsUserRow, DailySpendRow, DayActivity, SpendRow, TeamSpendRow } from './tables.ts';

/** Turns API records into stored rows. Pure; unknown fields and products are kept, never dropped. */

const num = (v: number | null | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const numOrNull = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

const DAY_KNOWN = new Set([
  'starting_at',
  'starting_date',
  'ending_at',
  'ending_date',
  'daily_active_user_count',
  'weekly_active_user_count',
  'monthly_active_user_count',
  'assigned_seat_count',
  'pending_invite_count',
  'daily_adoption_rate',
]);

export function dayRow(d: SummaryDay): AnalyticsDayRow | null {
  const date = (d.starting_at ?? d.starting_date ?? '').slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) if (!DAY_KNOWN.has(k)) extra[k] = v;
  return {
    date,
    dailyActiveUsers: num(d.daily_active_user_count),
    weeklyActiveUsers: num(d.weekly_active_user_count),
    monthlyActiveUsers: num(d.monthly_active_user_count),
    assignedSeats: numOrNull(d.assigned_seat_count),
    pendingInvites: numOrNull(d.pending_invite_count),
    dailyAdoptionRate: numOrNull(d.daily_adoption_rate),
    extra,
  };
}

/** Message counts of every Office app present (two apps in older rows, four in newer ones, more later). */
function officeMessages(office: Record<string, unknown> | undefined): number {
  let total = 0;
  for (const app of Object.values(office ?? {})) {
    const m = (app as { message_count?: unknown } | null)?.message_count;
    if (typeof m === 'number') total += m;
  }
  return total;
}

export function userRow(u: UserActivity, from: string, to: string): AnalyticsUserRow | null {
  if (!u.user) return null;
  const core = u.claude_code_metrics?.core_metrics;
  const products: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(u)) if (k !== 'user' && k !== 'last_activity_date' && v !== null && typeof v === 'object') products[k] = v;
  const science = u.science_metrics ?? u.bioscience_metrics;
  return {
    userId: u.user.id,
    email: u.user.email_address ?? u.user.email ?? null,
    from,
    to,
    lastActiveDate: u.last_activity_date ?? null,
    chatMessages: num(u.chat_metrics?.message_count),
    chatConversations: numOrNull(u.chat_metrics?.distinct_conversation_count),
    claudeCodeSessions: numOrNull(core?.distinct_session_count),
    claudeCodeCommits: num(core?.commit_count),
    claudeCodePullRequests: num(core?.pull_request_count),
    linesAdded: num(core?.lines_of_code?.added_count),
    linesRemoved: num(core?.lines_of_code?.removed_count),
    coworkSessions: numOrNull(u.cowork_metrics?.distinct_session_count),
    coworkMessages: num(u.cowork_metrics?.message_count),
    officeMessages: officeMessages(u.office_metrics),
    designMessages: num(u.design_metrics?.message_count),
    scienceMessages: num(science?.message_count),
    webSearches: num(u.web_search_count),
    products,
  };
}

const countOf = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Messages of a person's "Chat and Cowork" unified block (newest SDK: `{chat: {...}, sessions: {...}}`), 0 when absent. */
function unifiedMessages(u: UserActivity): number {
  const block = (u as Record<string, unknown>).chat_cowork_unified_metrics as { chat?: { message_count?: unknown } | null; sessions?: { message_count?: unknown } | null } | null | undefined;
  return countOf(block?.chat?.message_count) + countOf(block?.sessions?.message_count);
}

/**
 * One day's activity of the organization from that day's per-person rows (GET /users?date=…, or one page
 * of them): counts of one person on one day add up across people (a message, session or line belongs to
 * one person). Rows without a person (aggregated rows) are not counted. [inferred] The Chat and Cowork
 * unified block holds activity not also counted in chat_metrics/cowork_metrics (spec §6.3 describes it as
 * the activity recorded while a member had unified turned on).
 */
export function dayActivity(rows: readonly UserActivity[]): DayActivity {
  const out: DayActivity = { people: 0, messages: {}, claudeCodeSessions: null, linesAdded: 0, linesRemoved: 0, commits: 0, pullRequests: 0 };
  const add = (block: string, n: number) => {
    out.messages[block] = (out.messages[block] ?? 0) + n;
  };
  for (const u of rows) {
    const r = userRow(u, '', '');
    if (!r) continue;
    out.people++;
    add('chat_metrics', r.chatMessages);
    add('cowork_metrics', r.coworkMessages);
    add('office_metrics', r.officeMessages);
    add('design_metrics', r.designMessages);
    add('science_metrics', r.scienceMessages);
    const unified = unifiedMessages(u);
    if (unified > 0) add('chat_cowork_unified_metrics', unified);
    if (r.claudeCodeSessions !== null) out.claudeCodeSessions = (out.claudeCodeSessions ?? 0) + r.claudeCodeSessions;
    out.linesAdded += r.linesAdded;
    out.linesRemoved += r.linesRemoved;
    out.commits += r.claudeCodeCommits;
    out.pullRequests += r.claudeCodePullRequests;
  }
  return out;
}

/** Two parts of one day's activity (two pages of that day's rows) added. */
export function mergeDayActivity(a: DayActivity, b: DayActivity): DayActivity {
  const messages = { ...a.messages };
  for (const [k, n] of Object.entries(b.messages)) messages[k] = (messages[k] ?? 0) + n;
  return {
    people: a.people + b.people,
    messages,
    claudeCodeSessions: a.claudeCodeSessions === null && b.claudeCodeSessions === null ? null : (a.claudeCodeSessions ?? 0) + (b.claudeCodeSessions ?? 0),
    linesAdded: a.linesAdded + b.linesAdded,
    linesRemoved: a.linesRemoved + b.linesRemoved,
    commits: a.commits + b.commits,
    pullRequests: a.pullRequests + b.pullRequests,
  };
}

export function connectorRow(c: ConnectorActivity, from: string, to: string): ConnectorUsageRow {
  return {
    name: c.connector_name,
    displayName: c.connector_display_name ?? null,
    distinctUsers: num(c.distinct_user_count),
    chatConversations: num(c.chat_metrics?.distinct_conversation_connector_used_count),
    claudeCodeSessions: num(c.claude_code_metrics?.distinct_session_connector_used_count),
    coworkSessions: num(c.cowork_metrics?.distinct_session_connector_used_count),
    readCalls: numOrNull(c.read_call_count),
    writeCalls: numOrNull(c.write_call_count),
    from,
    to,
  };
}

/** Attribution as the API gives it: user, else service account, else federated identity, else API key. */
export function actorRef(raw: RawActor | null | undefined): ActorRef {
  if (!raw) return { key: '', type: 'unknown', name: null, email: null, deleted: false };
  const email = raw.email_address ?? raw.email ?? null;
  const name = raw.name ?? null;
  const deleted = raw.deleted === true;
  switch (raw.type) {
    case 'user_actor':
      return { key: raw.user_id ?? '', type: raw.type, name, email, deleted };
    case 'service_account_actor':
      return { key: raw.service_account_id ?? '', type: raw.type, name, email: null, deleted };
    case 'api_actor':
      return { key: raw.api_key_id ?? '', type: raw.type, name, email: null, deleted };
    case 'federated_actor':
      return { key: `federated:${raw.provider?.type ?? 'unknown'}:${raw.subject ?? ''}`, type: raw.type, name: raw.subject ?? null, email: null, deleted };
    default:
      return { key: `${raw.type}:${raw.user_id ?? raw.service_account_id ?? raw.api_key_id ?? ''}`, type: raw.type, name, email, deleted };
  }
}

function tokens(t: RawTokens | LegacyUserRow): Pick<SpendRow, 'uncachedInputTokens' | 'cacheReadInputTokens' | 'cacheCreationInputTokens' | 'outputTokens' | 'totalTokens' | 'webSearchRequests'> {
  const uncached = num(t.uncached_input_tokens);
  const cacheRead = num(t.cache_read_input_tokens);
  const creation = num(t.cache_creation?.ephemeral_5m_input_tokens) + num(t.cache_creation?.ephemeral_1h_input_tokens);
  const output = num(t.output_tokens);
  return {
    uncachedInputTokens: uncached,
    cacheReadInputTokens: cacheRead,
    cacheCreationInputTokens: creation,
    outputTokens: output,
    // /usage_report results carry no total_tokens: it is the sum of the parts.
    totalTokens: typeof t.total_tokens === 'number' ? t.total_tokens : uncached + cacheRead + creation + output,
    webSearchRequests: num(t.server_tool_use?.web_search_requests),
  };
}

const ZERO_TOKENS = { uncachedInputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0, outputTokens: 0, totalTokens: 0, webSearchRequests: 0 };

/** Spend rows are keyed by month, actor, model and product; a cost row and a usage row of one key merge. */
export function spendKey(r: Pick<SpendRow, 'month' | 'actorKey' | 'model' | 'product'>): string {
  return `${r.month}\u0000${r.actorKey}\u0000${r.model}\u0000${r.product}`;
}

export function spendFromCost(item: CostItem, month: string): SpendRow {
  const actor = actorRef(item.group?.actor);
  return {
    month,
    actorKey: actor.key,
    actor,
    model: item.group?.model ?? '',
    product: item.group?.product ?? '',
    amount: parseCents(item.cost.amount) ?? '0',
    // Some rows have been seen without list_amount: fall back to amount.
    listAmount: parseCents(item.cost.list_amount ?? item.cost.amount) ?? '0',
    requests: numOrNull(item.cost.requests),
    ...ZERO_TOKENS,
  };
}

export function spendFromUsage(item: UsageItem, month: string): SpendRow {
  const actor = actorRef(item.group?.actor);
  return { month, actorKey: actor.key, actor, model: item.group?.model ?? '', product: item.group?.product ?? '', amount: '0', listAmount: '0', requests: numOrNull(item.usage.requests), ...tokens(item.usage) };
}

export function spendFromLegacy(row: LegacyUserRow, month: string, kind: 'cost' | 'usage'): SpendRow {
  const actor = actorRef(row.actor);
  const base = { month, actorKey: actor.key, actor, model: row.model ?? '', product: row.product ?? '' };
  if (kind === 'cost') return { ...base, amount: parseCents(row.amount) ?? '0', listAmount: parseCents(row.list_amount ?? row.amount) ?? '0', requests: numOrNull(row.requests), ...ZERO_TOKENS };
  return { ...base, amount: '0', listAmount: '0', requests: numOrNull(row.requests), ...tokens(row) };
}

/** Merges two rows of one key: money and tokens add up; requests come from whichever row has them (cost and usage count the same requests). */
export function mergeSpend(a: SpendRow, b: SpendRow): SpendRow {
  return {
    ...a,
    actor: a.actor.name || a.actor.email ? a.actor : b.actor,
    amount: addCents(a.amount, b.amount),
    listAmount: addCents(a.listAmount, b.listAmount),
    requests: a.requests ?? b.requests,
    uncachedInputTokens: a.uncachedInputTokens + b.uncachedInputTokens,
    cacheReadInputTokens: a.cacheReadInputTokens + b.cacheReadInputTokens,
    cacheCreationInputTokens: a.cacheCreationInputTokens + b.cacheCreationInputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
    webSearchRequests: a.webSearchRequests + b.webSearchRequests,
  };
}

export function teamFromCost(groupId: string | null | undefined, month: string, amount: unknown, listAmount: unknown): TeamSpendRow {
  return { month, groupId: groupId ?? '', amount: parseCents(amount) ?? '0', listAmount: parseCents(listAmount ?? amount) ?? '0', totalTokens: 0 };
}

export function mergeTeam(a: TeamSpendRow, b: TeamSpendRow): TeamSpendRow {
  return { ...a, amount: addCents(a.amount, b.amount), listAmount: addCents(a.listAmount, b.listAmount), totalTokens: a.totalTokens + b.totalTokens };
}

export function mergeDaily(a: DailySpendRow, b: DailySpendRow): DailySpendRow {
  return { ...a, amount: addCents(a.amount, b.amount), listAmount: addCents(a.listAmount, b.listAmount), totalTokens: a.totalTokens + b.totalTokens, requests: a.requests ?? b.requests };
}
