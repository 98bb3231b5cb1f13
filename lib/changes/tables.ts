import type { Table } from 'dexie';
import type { SchemaVersion } from '../db/schema.ts';
import type { Cents } from '../util/money.ts';

/**
 * What the Changes view, the alert rules and team budgets keep (schema v11):
 * - `changeSummaries`: the last summary of each source's published state (small: ids and the fields that
 *   matter), replaced after every publish; the next publish is compared with it.
 * - `changeRuns`: one row per publish that was summarized, for grouping the Changes view by run.
 * - `changes`: what differed between two summaries, one row per change, with a seen flag.
 * - `alerts`: every alert raised, keyed by rule + subject + level, so the same alert never notifies twice.
 * - `teamBudgets`: the admin's monthly budget per team.
 */

/** A value a summary keeps for a subject (strings, numbers, flags; never money arithmetic). */
export type SummaryValue = string | number | boolean | null;

export interface SummaryItem {
  /** "model", "mcpServer", "toolPolicy", "scimUser", … (unique within a source). */
  kind: string;
  /** Stable id of the subject within its kind. */
  id: string;
  /** What the admin reads ("Confluence", "ana@example.com"). */
  label: string;
  fields: Record<string, SummaryValue>;
}

export interface ChangeSummaryRow {
  source: string;
  runId: string;
  at: string;
  items: SummaryItem[];
}

export interface ChangeRunRow {
  /** `${source}:${runId}`. */
  id: string;
  source: string;
  runId: string;
  at: string;
  /** Changes found (0 for a run that changed nothing). */
  count: number;
  /** The first summary of a source is the baseline: nothing to compare with. */
  baseline: boolean;
}

export interface ChangeRow {
  id?: number;
  /** `${source}:${runId}` of the run that found it. */
  run: string;
  source: string;
  /** When it was found (the summary's time). */
  at: string;
  /** The subject's kind ("mcpServer"). */
  kind: string;
  /** What happened: "added", "removed", "renamed", "permission", "role", … */
  change: string;
  subject: string;
  label: string;
  /** Before and after, as the admin reads them; null when there is no before (added) or after (removed). */
  old: string | null;
  new: string | null;
  /** Who and when, where the data says (e.g. the actor and time of the event that set a tool policy). */
  who: string | null;
  when: string | null;
  /** Inventory route of the evidence ("#/mcp/<id>/tools"). */
  href: string;
  seen: 0 | 1;
}

export type AlertLevel = 'info' | 'warning' | 'critical';

export interface AlertRow {
  /** `${rule}|${subject}|${level}`: the deduplication key. */
  key: string;
  rule: string;
  subject: string;
  level: AlertLevel;
  title: string;
  detail: string;
  href: string;
  /** When it was first raised. */
  at: string;
  /** What happened to the browser notification. */
  delivery: 'notified' | 'no-permission' | 'notifications-off' | 'failed';
  seen: 0 | 1;
}

export interface TeamBudgetRow {
  /** `rbac:<rbac_group_…>` or `scim:<group id>`. */
  teamKey: string;
  kind: 'rbac' | 'scim';
  groupId: string;
  name: string;
  /** Monthly budget in US cents (decimal string). */
  monthly: Cents;
  /** Shares (percent) at which to warn, ascending; default 75, 90, 100. */
  thresholds: number[];
  updatedAt: string;
}

export const CHANGES_SCHEMA: SchemaVersion[] = [
  {
    // v11: change summaries and change records, alerts, team budgets.
    version: 11,
    stores: {
      changeSummaries: 'source',
      changeRuns: 'id, at, source',
      changes: '++id, run, source, kind, seen, at',
      alerts: 'key, rule, at, seen',
      teamBudgets: 'teamKey',
    },
  },
];

export interface ChangesTables {
  changeSummaries: Table<ChangeSummaryRow, string>;
  changeRuns: Table<ChangeRunRow, string>;
  changes: Table<ChangeRow, number>;
  alerts: Table<AlertRow, string>;
  teamBudgets: Table<TeamBudgetRow, string>;
}
