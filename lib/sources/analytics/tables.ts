import type { Table } from 'dexie';
import type { SchemaVersion } from '../../db/schema.ts';
import type { Cents } from '../../util/money.ts';

/**
 * What the Analytics collection keeps (read by the Usage & spend view, the popup and the joins with the
 * inventory and the directory). Money is decimal cents as strings (lib/util/money.ts); tokens are counts.
 *
 * Months are UTC calendar months ("2026-11"): the cost and usage endpoints answer at most 31 days per
 * query, a month is the natural unit for month-to-date spend and team budgets, and the API may revise
 * the last 30 days, so each poll re-reads the current and the previous month whole and replaces them.
 * A run writes into `anStage` first; publishing moves the staged rows into these tables in one
 * transaction, so pages never see a half-collected month.
 */

/** One day of the organization's engagement (GET /summaries). */
export interface AnalyticsDayRow {
  /** "2026-11-30" (UTC). */
  date: string;
  dailyActiveUsers: number;
  weeklyActiveUsers: number;
  monthlyActiveUsers: number;
  assignedSeats: number | null;
  pendingInvites: number | null;
  dailyAdoptionRate: number | null;
  /** Every other field of the day as the API sent it (kept, not dropped). */
  extra: Record<string, unknown>;
  /**
   * The day's activity added up over the people active that day (GET /users?date=…, one row per person),
   * collected at the same time as the day. Absent on days collected by an earlier version, and on days the
   * summaries reported nobody active (no request is made for those): unknown there, not zero.
   */
  activity?: DayActivity | null;
}

/** One day's engagement of the whole organization, the sum of that day's per-person rows. */
export interface DayActivity {
  /** People with a row that day. */
  people: number;
  /** Messages per engagement block ("chat_metrics", "cowork_metrics", "office_metrics", …), as in a /users row. */
  messages: Record<string, number>;
  /** Claude Code sessions (null when every row had none reported). */
  claudeCodeSessions: number | null;
  linesAdded: number;
  linesRemoved: number;
  commits: number;
  pullRequests: number;
}

/** Engagement of one person over the collected window (GET /users, range rollup). */
export interface AnalyticsUserRow {
  userId: string;
  email: string | null;
  /** The window these counts cover, [from, to) as UTC dates. */
  from: string;
  to: string;
  /** Last day with activity, when the API reports it (else null: unknown, not "never"). */
  lastActiveDate: string | null;
  chatMessages: number;
  chatConversations: number | null;
  claudeCodeSessions: number | null;
  claudeCodeCommits: number;
  claudeCodePullRequests: number;
  linesAdded: number;
  linesRemoved: number;
  coworkSessions: number | null;
  coworkMessages: number;
  officeMessages: number;
  designMessages: number;
  scienceMessages: number;
  webSearches: number;
  /**
   * Every per-product block as sent (chat_metrics, claude_code_metrics, cowork_metrics, office_metrics,
   * design_metrics, science_metrics, and any block the extension does not know yet), for the person page.
   */
  products: Record<string, unknown>;
}

/** Use of one connector over the collected window (GET /connectors, range rollup). */
export interface ConnectorUsageRow {
  /** As the API normalizes it ("atlassian"); several MCP spellings can report as one name. */
  name: string;
  displayName: string | null;
  distinctUsers: number;
  chatConversations: number;
  claudeCodeSessions: number;
  coworkSessions: number;
  /** Tool calls, where the API reports them (forward-only from mid-2026). */
  readCalls: number | null;
  writeCalls: number | null;
  from: string;
  to: string;
}

/** Who a cost or usage row is attributed to. */
export interface ActorRef {
  /** "user_…", "svac_…", "apikey_…", "federated:<provider>:<subject>", or "" when the API gave no actor. */
  key: string;
  type: 'user_actor' | 'service_account_actor' | 'federated_actor' | 'api_actor' | 'unknown' | string;
  name: string | null;
  email: string | null;
  deleted: boolean;
}

/** Spend and tokens of one actor × model × product in one month. */
export interface SpendRow {
  /** "2026-11". */
  month: string;
  actorKey: string;
  actor: ActorRef;
  /** "" when the API reports none (e.g. code execution). Unknown values are kept as sent. */
  model: string;
  product: string;
  /** Post-discount, pre-credit. */
  amount: Cents;
  /** List price. */
  listAmount: Cents;
  requests: number | null;
  uncachedInputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
  outputTokens: number;
  totalTokens: number;
  webSearchRequests: number;
}

/** Spend of one RBAC group in one month. Group rows overlap (a person in two groups counts in both): never sum them. */
export interface TeamSpendRow {
  month: string;
  /** "rbac_group_…", or "" for usage of people in no group that day. */
  groupId: string;
  amount: Cents;
  listAmount: Cents;
  totalTokens: number;
}

/** The organization's spend and tokens on one day. */
export interface DailySpendRow {
  date: string;
  amount: Cents;
  listAmount: Cents;
  totalTokens: number;
  requests: number | null;
}

/** A staged part of one day's activity (one page of GET /users?date=…). */
export interface DayActivityRow {
  date: string;
  activity: DayActivity;
}

/** A row staged by a running collection, moved into its table at publish. */
export interface StagedRow {
  seq?: number;
  /** A published table, or `anDayActivity`: a page's sum of one day's per-person rows, added into that day's `activity` at publish. */
  table: 'anDays' | 'anUsers' | 'anSpend' | 'anTeamSpend' | 'anDailySpend' | 'anConnectors' | 'anDayActivity';
  /** The query that produced it ("cost:2026-11"), so a query restarted from page one drops its earlier pages. */
  query: string;
  row: AnalyticsDayRow | AnalyticsUserRow | SpendRow | TeamSpendRow | DailySpendRow | ConnectorUsageRow | DayActivityRow;
}

export const ANALYTICS_SCHEMA: SchemaVersion[] = [
  {
    // v6: the Analytics source (v5 is reserved for the Compliance chat store's compaction).
    version: 6,
    stores: {
      anDays: 'date',
      anUsers: 'userId, email, lastActiveDate',
      anSpend: '[month+actorKey+model+product], month, actorKey, model, product',
      anTeamSpend: '[month+groupId], month, groupId',
      anDailySpend: 'date',
      anConnectors: 'name',
      anStage: '++seq, table, query',
    },
  },
];

export interface AnalyticsTables {
  anDays: Table<AnalyticsDayRow, string>;
  anUsers: Table<AnalyticsUserRow, string>;
  anSpend: Table<SpendRow, [string, string, string, string]>;
  anTeamSpend: Table<TeamSpendRow, [string, string]>;
  anDailySpend: Table<DailySpendRow, string>;
  anConnectors: Table<ConnectorUsageRow, string>;
  anStage: Table<StagedRow, number>;
}
