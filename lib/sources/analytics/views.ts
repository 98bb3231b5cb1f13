import { compareCents, forecastCents, sumCents, type Cents } from '../../util/money.ts';
import type { ActorRef, AnalyticsDayRow, AnalyticsUserRow, DailySpendRow, SpendRow, TeamSpendRow } from './tables.ts';

/**
 * Pure view models of the Usage & spend view, the person page, the popup and the joins with the
 * directory. No UI, no database: rows in, plain values out. Money stays decimal cents strings
 * (lib/util/money.ts); team rows overlap and are never summed into a total.
 */

const DAY_MS = 86_400_000;

/** Readable names of the products the API reports; anything else is shown as sent. */
export const PRODUCT_LABELS: Readonly<Record<string, string>> = {
  chat: 'Chat',
  chat_cowork_unified: 'Chat and Cowork',
  claude_code: 'Claude Code',
  claude_console: 'Claude Console',
  claude_design: 'Claude Design',
  claude_in_chrome: 'Claude in Chrome',
  claude_tag: 'Claude in Slack (tag)',
  'claude-tag': 'Claude in Slack (tag)',
  cowork: 'Cowork',
  office_agent: 'Office',
  managed_agents_api: 'Managed Agents API',
  message_batches_api: 'Message Batches API',
  messages_api: 'Messages API',
  cc_security_autopatch: 'Claude Security',
  other: 'Other (unattributed)',
};

/** "claude_code" → "Claude Code"; '' → "No product" (e.g. code execution); unknown strings unchanged. */
export function productLabel(product: string): string {
  if (product === '') return 'No product';
  return Object.prototype.hasOwnProperty.call(PRODUCT_LABELS, product) ? PRODUCT_LABELS[product]! : product;
}

/** Readable names of the engagement blocks of a /users row; unknown blocks are shown under their key. */
export const BLOCK_LABELS: Readonly<Record<string, string>> = {
  chat_metrics: 'Chat',
  claude_code_metrics: 'Claude Code',
  cowork_metrics: 'Cowork',
  office_metrics: 'Office',
  design_metrics: 'Claude Design',
  science_metrics: 'Claude for Science',
  bioscience_metrics: 'Claude for Science',
  chat_cowork_unified_metrics: 'Chat and Cowork',
};

export function blockLabel(key: string): string {
  return Object.prototype.hasOwnProperty.call(BLOCK_LABELS, key) ? BLOCK_LABELS[key]! : key;
}

/** "2026-11" of a date (UTC). */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

function monthBounds(month: string): { start: number; end: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { start: Date.UTC(y, m - 1, 1), end: Date.UTC(y, m, 1) };
}

export interface MonthToDate {
  month: string;
  spent: Cents;
  /** Linear forecast to month end; null when nothing of the month has elapsed. */
  forecast: Cents | null;
  /** Fraction of the month elapsed, 0–1. */
  elapsed: number;
}

/**
 * Month-to-date spend and a linear forecast to month end. `asOf` is how far the data reaches (the
 * `data_refreshed_at` watermark, else now): the forecast divides by the part of the month the data covers.
 */
export function monthToDate(rows: readonly SpendRow[], asOf: Date): MonthToDate {
  const month = monthOf(asOf);
  return monthToDateOf(sumCents(rows.filter((r) => r.month === month).map((r) => r.amount)), asOf);
}

/** The same from the month's spend already summed (a published rollup's `totals.amount` of the month of `asOf`). */
export function monthToDateOf(spent: Cents, asOf: Date): MonthToDate {
  const month = monthOf(asOf);
  const { start, end } = monthBounds(month);
  const elapsedMs = Math.min(asOf.getTime(), end) - start;
  return { month, spent, forecast: forecastCents(spent, elapsedMs, end - start), elapsed: Math.max(0, Math.min(1, elapsedMs / (end - start))) };
}

export interface Totals {
  amount: Cents;
  listAmount: Cents;
  totalTokens: number;
  inputTokens: number;
  outputTokens: number;
  requests: number | null;
}

/** Spend, tokens and requests of the rows added up (money exact). */
export function totalsOf(rows: readonly SpendRow[]): Totals {
  let totalTokens = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let requests: number | null = null;
  for (const r of rows) {
    totalTokens += r.totalTokens;
    inputTokens += r.uncachedInputTokens + r.cacheReadInputTokens + r.cacheCreationInputTokens;
    outputTokens += r.outputTokens;
    if (r.requests !== null) requests = (requests ?? 0) + r.requests;
  }
  return { amount: sumCents(rows.map((r) => r.amount)), listAmount: sumCents(rows.map((r) => r.listAmount)), totalTokens, inputTokens, outputTokens, requests };
}

function inMonths(rows: readonly SpendRow[], months: readonly string[] | null): SpendRow[] {
  if (months === null) return [...rows];
  const set = new Set(months);
  return rows.filter((r) => set.has(r.month));
}

function groupBy<K>(rows: readonly SpendRow[], key: (r: SpendRow) => K): Map<K, SpendRow[]> {
  const out = new Map<K, SpendRow[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export interface PersonSpend extends Totals {
  actorKey: string;
  actor: ActorRef;
  /** What to show: name, else email, else the raw key. */
  label: string;
}

export function actorLabel(actor: ActorRef): string {
  if (actor.name) return actor.name;
  if (actor.email) return actor.email;
  if (actor.key === '') return 'Unattributed usage';
  return actor.key;
}

/** Spend and tokens per actor (summed over models and products) for the chosen months (null: all). */
export function spendByPerson(rows: readonly SpendRow[], months: readonly string[] | null): PersonSpend[] {
  const out: PersonSpend[] = [];
  for (const [actorKey, list] of groupBy(inMonths(rows, months), (r) => r.actorKey)) {
    // The most informative actor record of the group (a later month may carry the name).
    const actor = list.find((r) => r.actor.name || r.actor.email)?.actor ?? list[0]!.actor;
    out.push({ actorKey, actor, label: actorLabel(actor), ...totalsOf(list) });
  }
  return out;
}

/** Largest spend first (exact decimal comparison), ties by tokens, then label, then actor key (a total order). */
export function bySpendOrder(a: PersonSpend, b: PersonSpend): number {
  return compareCents(b.amount, a.amount) || b.totalTokens - a.totalTokens || a.label.localeCompare(b.label) || cmpKey(a.actorKey, b.actorKey);
}

/** Most tokens first, ties by spend, then label, then actor key. */
export function byTokensOrder(a: PersonSpend, b: PersonSpend): number {
  return b.totalTokens - a.totalTokens || compareCents(b.amount, a.amount) || a.label.localeCompare(b.label) || cmpKey(a.actorKey, b.actorKey);
}

const cmpKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The top `n` of people already summed (e.g. by spendByPerson), in `order`. */
export function topOf(people: readonly PersonSpend[], order: (a: PersonSpend, b: PersonSpend) => number, n: number): PersonSpend[] {
  return [...people].sort(order).slice(0, n);
}

/** The top `n` people by spend (exact decimal comparison), ties by tokens then label. */
export function topBySpend(rows: readonly SpendRow[], months: readonly string[] | null, n = 10): PersonSpend[] {
  return topOf(spendByPerson(rows, months), bySpendOrder, n);
}

/** The top `n` people by tokens, ties by spend then label. */
export function topByTokens(rows: readonly SpendRow[], months: readonly string[] | null, n = 10): PersonSpend[] {
  return topOf(spendByPerson(rows, months), byTokensOrder, n);
}

export interface DimensionSpend extends Totals {
  /** The raw value ('' when the API reported none). */
  key: string;
  label: string;
}

function byDimension(rows: readonly SpendRow[], months: readonly string[] | null, dim: 'model' | 'product', label: (k: string) => string): DimensionSpend[] {
  const out: DimensionSpend[] = [];
  for (const [key, list] of groupBy(inMonths(rows, months), (r) => r[dim])) out.push({ key, label: label(key), ...totalsOf(list) });
  return out.sort((a, b) => compareCents(b.amount, a.amount) || b.totalTokens - a.totalTokens || a.label.localeCompare(b.label));
}

/** Spend and tokens per model, largest spend first. '' is usage with no model (e.g. code execution). */
export function spendByModel(rows: readonly SpendRow[], months: readonly string[] | null): DimensionSpend[] {
  return byDimension(rows, months, 'model', (k) => (k === '' ? 'No model (e.g. code execution)' : k));
}

/** Spend and tokens per product, largest spend first; unknown products keep their raw string. */
export function spendByProduct(rows: readonly SpendRow[], months: readonly string[] | null): DimensionSpend[] {
  return byDimension(rows, months, 'product', productLabel);
}

/** Spend and tokens of one model (for the model's detail page); null when the model has no rows. */
export function modelSpend(rows: readonly SpendRow[], model: string, months: readonly string[] | null): (Totals & { byProduct: DimensionSpend[] }) | null {
  const mine = inMonths(rows, months).filter((r) => r.model === model);
  if (mine.length === 0) return null;
  return { ...totalsOf(mine), byProduct: spendByProduct(mine, null) };
}

export interface TeamSpendView {
  groupId: string;
  /** The directory's group name, else the raw id; "No group" for ''. */
  name: string;
  /** Whether the name came from the directory. */
  named: boolean;
  amount: Cents;
  listAmount: Cents;
  totalTokens: number;
}

/**
 * Cost per team for the chosen months. Rows of different months of one group are added (months do not
 * overlap); rows of different groups are NEVER added together: a person in two groups counts in both.
 */
export function teamSpend(rows: readonly TeamSpendRow[], months: readonly string[] | null, groups: ReadonlyArray<{ id: string; name: string }>): TeamSpendView[] {
  const names = new Map(groups.map((g) => [g.id, g.name] as const));
  const set = months === null ? null : new Set(months);
  const by = new Map<string, TeamSpendRow[]>();
  for (const r of rows) {
    if (set && !set.has(r.month)) continue;
    const list = by.get(r.groupId);
    if (list) list.push(r);
    else by.set(r.groupId, [r]);
  }
  const out: TeamSpendView[] = [];
  for (const [groupId, list] of by) {
    const known = names.get(groupId);
    out.push({
      groupId,
      name: groupId === '' ? 'No group' : (known ?? groupId),
      named: groupId === '' || known !== undefined,
      amount: sumCents(list.map((r) => r.amount)),
      listAmount: sumCents(list.map((r) => r.listAmount)),
      totalTokens: list.reduce((n, r) => n + r.totalTokens, 0),
    });
  }
  return out.sort((a, b) => compareCents(b.amount, a.amount) || a.name.localeCompare(b.name));
}

export interface DailyPoint {
  date: string;
  activeUsers: number | null;
  weeklyActiveUsers: number | null;
  monthlyActiveUsers: number | null;
  spend: Cents | null;
  totalTokens: number | null;
}

/** One point per day present in either table, oldest first (a day missing from one side is null there, not zero). */
export function dailySeries(days: readonly AnalyticsDayRow[], spend: readonly DailySpendRow[]): DailyPoint[] {
  const by = new Map<string, DailyPoint>();
  const point = (date: string) => {
    let p = by.get(date);
    if (!p) {
      p = { date, activeUsers: null, weeklyActiveUsers: null, monthlyActiveUsers: null, spend: null, totalTokens: null };
      by.set(date, p);
    }
    return p;
  };
  for (const d of days) Object.assign(point(d.date), { activeUsers: d.dailyActiveUsers, weeklyActiveUsers: d.weeklyActiveUsers, monthlyActiveUsers: d.monthlyActiveUsers });
  for (const s of spend) Object.assign(point(s.date), { spend: s.amount, totalTokens: s.totalTokens });
  return [...by.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export interface ActivityPoint {
  date: string;
  /** Messages of every product that day; null when the day's activity was not collected (unknown, not zero). */
  messages: number | null;
  /** Messages per engagement block ("chat_metrics", …); null as above. */
  byBlock: Record<string, number> | null;
  claudeCodeSessions: number | null;
  linesAdded: number | null;
  linesRemoved: number | null;
}

export interface ActivitySeries {
  points: ActivityPoint[];
  /** The blocks with messages on any day, in BLOCK_LABELS order then by key (the table's product columns). */
  blocks: string[];
  /** Days in the series whose activity was not collected (published by an earlier version, or no one active per the summaries). */
  missing: number;
}

/**
 * Messages, Claude Code sessions and lines per day, oldest first, from the days' `activity` (the sum of
 * each day's per-person rows, collected at publish). A day without it is null, never zero.
 */
export function dailyActivity(days: readonly AnalyticsDayRow[]): ActivitySeries {
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const seen = new Set<string>();
  let missing = 0;
  const points = sorted.map((d): ActivityPoint => {
    const a = d.activity;
    if (!a) {
      missing++;
      return { date: d.date, messages: null, byBlock: null, claudeCodeSessions: null, linesAdded: null, linesRemoved: null };
    }
    let messages = 0;
    for (const [k, n] of Object.entries(a.messages)) {
      messages += n;
      if (n !== 0) seen.add(k);
    }
    return { date: d.date, messages, byBlock: a.messages, claudeCodeSessions: a.claudeCodeSessions, linesAdded: a.linesAdded, linesRemoved: a.linesRemoved };
  });
  const order = Object.keys(BLOCK_LABELS);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return { points, blocks: [...seen].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)), missing };
}

export interface ActiveUsersNow {
  date: string;
  daily: number;
  monthly: number;
  /** DAU/MAU (stickiness), 0–1; null when MAU is 0. */
  stickiness: number | null;
  assignedSeats: number | null;
}

/** The latest day's active users. */
export function latestActiveUsers(days: readonly AnalyticsDayRow[]): ActiveUsersNow | null {
  let latest: AnalyticsDayRow | null = null;
  for (const d of days) if (!latest || d.date > latest.date) latest = d;
  if (!latest) return null;
  return {
    date: latest.date,
    daily: latest.dailyActiveUsers,
    monthly: latest.monthlyActiveUsers,
    stickiness: latest.monthlyActiveUsers > 0 ? latest.dailyActiveUsers / latest.monthlyActiveUsers : null,
    assignedSeats: latest.assignedSeats,
  };
}

export interface MetricLine {
  /** The field as sent ("message_count", "tool_actions.edit_tool.accepted_count"). */
  key: string;
  label: string;
  value: number | string | boolean | null;
}

export interface EngagementBlock {
  key: string;
  label: string;
  known: boolean;
  metrics: MetricLine[];
  /** Whether any metric is non-zero (blocks of unused products are all zeros). */
  active: boolean;
}

/** "distinct_session_count" → "Distinct session count". */
export function metricLabel(key: string): string {
  const words = key.replace(/_count$/, '').replace(/[._]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}

function flatten(prefix: string, value: unknown, out: MetricLine[]): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(prefix ? `${prefix}.${k}` : k, v, out);
    return;
  }
  const v = typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || value === null ? value : JSON.stringify(value);
  out.push({ key: prefix, label: metricLabel(prefix), value: v });
}

/**
 * The per-product engagement blocks of a person, as sent: known blocks first in a fixed order with
 * readable names, then blocks the extension does not know (shown generically under their key).
 * Nested metrics are flattened to dotted keys; nothing is dropped.
 */
export function engagementBlocks(user: AnalyticsUserRow): EngagementBlock[] {
  const order = Object.keys(BLOCK_LABELS);
  const keys = Object.keys(user.products).sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib) || a.localeCompare(b);
  });
  return keys.map((key) => {
    const metrics: MetricLine[] = [];
    const raw = user.products[key];
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) flatten('', raw, metrics);
    else metrics.push({ key, label: metricLabel(key), value: typeof raw === 'number' || typeof raw === 'string' || typeof raw === 'boolean' || raw === null ? raw : JSON.stringify(raw) });
    return { key, label: blockLabel(key), known: order.includes(key), metrics, active: metrics.some((m) => typeof m.value === 'number' && m.value !== 0) };
  });
}

export interface PersonView {
  actorKey: string;
  label: string;
  email: string | null;
  totals: Totals;
  byModel: DimensionSpend[];
  byProduct: DimensionSpend[];
  byMonth: Array<{ month: string; amount: Cents; totalTokens: number }>;
  engagement: AnalyticsUserRow | null;
  blocks: EngagementBlock[];
}

/** Everything the per-person page shows, from that person's spend rows and engagement row. */
export function personView(actorKey: string, spendRows: readonly SpendRow[], engagement: AnalyticsUserRow | null, months: readonly string[] | null = null): PersonView {
  const mine = inMonths(spendRows, months).filter((r) => r.actorKey === actorKey);
  const actor = mine.find((r) => r.actor.name || r.actor.email)?.actor ?? mine[0]?.actor ?? null;
  const byMonth = [...groupBy(mine, (r) => r.month)]
    .map(([month, list]) => ({ month, amount: sumCents(list.map((r) => r.amount)), totalTokens: list.reduce((n, r) => n + r.totalTokens, 0) }))
    .sort((a, b) => (a.month < b.month ? -1 : 1));
  const email = actor?.email ?? engagement?.email ?? null;
  return {
    actorKey,
    label: actor ? actorLabel(actor) : (email ?? actorKey),
    email,
    totals: totalsOf(mine),
    byModel: spendByModel(mine, null),
    byProduct: spendByProduct(mine, null),
    byMonth,
    engagement,
    blocks: engagement ? engagementBlocks(engagement) : [],
  };
}

/** A Compliance directory user (one row per organization the person belongs to). */
export interface DirectoryUser {
  id: string;
  email: string;
  fullName: string;
  org: string;
  role: string;
}

export interface DirectoryPerson {
  id: string;
  email: string;
  fullName: string;
  orgs: string[];
  roles: string[];
  /** Last active day from engagement; null when unknown (no row, or the API did not report it). */
  lastActiveDate: string | null;
  /** Whether an engagement row exists for this person in the collected window. */
  hasEngagement: boolean;
  /** Spend over every stored month ("to date"). */
  spendToDate: Cents;
  tokensToDate: number;
}

const norm = (email: string | null | undefined) => (email ?? '').trim().toLowerCase();

/**
 * Every directory user with last active and spend to date. Engagement and spend rows match by user id
 * (`user_…`), else by email (case-insensitive). Directory rows of one person in several organizations merge.
 */
export function joinDirectory(users: readonly DirectoryUser[], engagement: readonly AnalyticsUserRow[], spend: readonly SpendRow[]): DirectoryPerson[] {
  const engById = new Map(engagement.map((e) => [e.userId, e] as const));
  const engByEmail = new Map(engagement.filter((e) => e.email).map((e) => [norm(e.email), e] as const));
  const spendById = new Map<string, SpendRow[]>();
  const spendByEmail = new Map<string, SpendRow[]>();
  for (const r of spend) {
    const add = (m: Map<string, SpendRow[]>, k: string) => {
      const l = m.get(k);
      if (l) l.push(r);
      else m.set(k, [r]);
    };
    if (r.actorKey) add(spendById, r.actorKey);
    if (r.actor.email) add(spendByEmail, norm(r.actor.email));
  }
  const people = new Map<string, DirectoryPerson>();
  for (const u of users) {
    const p = people.get(u.id);
    if (p) {
      if (!p.orgs.includes(u.org)) p.orgs.push(u.org);
      if (u.role && !p.roles.includes(u.role)) p.roles.push(u.role);
      continue;
    }
    const eng = engById.get(u.id) ?? engByEmail.get(norm(u.email)) ?? null;
    const rows = spendById.get(u.id) ?? spendByEmail.get(norm(u.email)) ?? [];
    people.set(u.id, {
      id: u.id,
      email: u.email,
      fullName: u.fullName,
      orgs: [u.org],
      roles: u.role ? [u.role] : [],
      lastActiveDate: eng?.lastActiveDate ?? null,
      hasEngagement: eng !== null,
      spendToDate: sumCents(rows.map((r) => r.amount)),
      tokensToDate: rows.reduce((n, r) => n + r.totalTokens, 0),
    });
  }
  return [...people.values()];
}

export type InactivityStatus = 'active' | 'inactive' | 'unknown';

export interface InactivityVerdict {
  status: InactivityStatus;
  /** Why, in the admin's words. */
  reason: string;
}

/**
 * Whether a person with a seat had no activity in the last `days` days (ending `asOf`, a UTC date).
 * - lastActiveDate known: inactive when it is before the window.
 * - lastActiveDate unknown: inactive only when the collected engagement window covers the whole
 *   period and the person has no engagement row in it at all (no row = no activity in the window);
 *   if they have a row, or the window is shorter, it is unknown — and said so.
 */
export function inactivity(person: Pick<DirectoryPerson, 'lastActiveDate' | 'hasEngagement'>, days: number, asOf: string, window: { from: string | null; to: string | null }): InactivityVerdict {
  const since = new Date(Date.parse(`${asOf}T00:00:00Z`) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  if (person.lastActiveDate) {
    return person.lastActiveDate < since
      ? { status: 'inactive', reason: `Last active ${person.lastActiveDate}` }
      : { status: 'active', reason: `Last active ${person.lastActiveDate}` };
  }
  const covers = window.from !== null && window.to !== null && window.from <= since && window.to > asOf;
  if (!person.hasEngagement) {
    return covers
      ? { status: 'inactive', reason: `No activity recorded from ${window.from} on` }
      : { status: 'unknown', reason: window.from ? `Engagement collected only from ${window.from}` : 'No engagement data collected' };
  }
  return { status: 'unknown', reason: 'Active in the collected window; the API did not report the last active day' };
}

export interface InactiveSeats {
  days: number;
  since: string;
  inactive: Array<DirectoryPerson & { reason: string }>;
  unknown: Array<DirectoryPerson & { reason: string }>;
}

/** People with a seat and no activity in 30/60/90 days (or other windows), with those we cannot tell apart. */
export function inactiveSeats(people: readonly DirectoryPerson[], asOf: string, window: { from: string | null; to: string | null }, spans: readonly number[] = [30, 60, 90]): InactiveSeats[] {
  return spans.map((days) => {
    const since = new Date(Date.parse(`${asOf}T00:00:00Z`) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
    const inactive: InactiveSeats['inactive'] = [];
    const unknown: InactiveSeats['unknown'] = [];
    for (const p of people) {
      const v = inactivity(p, days, asOf, window);
      if (v.status === 'inactive') inactive.push({ ...p, reason: v.reason });
      else if (v.status === 'unknown') unknown.push({ ...p, reason: v.reason });
    }
    return { days, since, inactive, unknown };
  });
}

/** The engagement window's last covered day ("to" is exclusive), for `asOf` of inactivity. */
export function lastCoveredDay(to: string | null): string | null {
  if (!to) return null;
  return new Date(Date.parse(`${to}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
}

// ---- Connector usage on an MCP server's page ----

/** A name reduced for matching: lower case, letters and digits only, without "mcp"/"server"/"connector" words. */
export function connectorKey(name: string): string {
  return name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && w !== 'mcp' && w !== 'server' && w !== 'connector')
    .join('');
}

/**
 * The Analytics connector row for an MCP server, matched by name only (the Analytics API reports
 * connectors by a normalized name, never by the MCP server id): the server's current or former names
 * against the connector's name or display name. Null when nothing matches or the match is ambiguous.
 */
export function connectorForServer<T extends { name: string; displayName: string | null }>(serverNames: readonly string[], connectors: readonly T[]): T | null {
  const keys = new Set(serverNames.map(connectorKey).filter((k) => k !== ''));
  const hits = connectors.filter((c) => keys.has(connectorKey(c.name)) || (c.displayName !== null && keys.has(connectorKey(c.displayName))));
  return hits.length === 1 ? hits[0]! : null;
}
