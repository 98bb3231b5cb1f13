import type { BudgetStatus } from '../budgets/status.ts';
import type { AlertLevel, ChangeRow, SummaryItem } from '../changes/tables.ts';
import type { AdminSpendLimitRow } from '../sources/admin/tables.ts';

/**
 * An alert rule: one small pure function over what the last publishes left (the latest summary of every
 * source, the changes just found, the team budgets), so each rule is tested without a database. Rules
 * are on by default; each can be switched off in Options (settings.alerts.rules[id] = false).
 */
export interface AlertContext {
  now: Date;
  /** The latest summary items of every source, of one kind ("mcpServer", "toolPolicy", "plugin", …). */
  items: (kind: string) => readonly SummaryItem[];
  /** Changes recorded by the publish that triggered this evaluation. */
  changes: readonly ChangeRow[];
  budgets: readonly BudgetStatus[];
  /** Effective per-person spend limits from the last Admin API sync (admin-api.md §4). */
  personLimits: readonly AdminSpendLimitRow[];
}

export interface AlertCandidate {
  subject: string;
  level: AlertLevel;
  title: string;
  detail: string;
  href: string;
}

export interface AlertRule {
  id: string;
  /** What the Options switch says. */
  title: string;
  evaluate: (ctx: AlertContext) => AlertCandidate[];
}

/** A context over plain lists, for tests and for the evaluator. */
export function alertContext(parts: {
  now: Date;
  items?: readonly SummaryItem[];
  changes?: readonly ChangeRow[];
  budgets?: readonly BudgetStatus[];
  personLimits?: readonly AdminSpendLimitRow[];
}): AlertContext {
  const byKind = new Map<string, SummaryItem[]>();
  for (const i of parts.items ?? []) {
    const list = byKind.get(i.kind);
    if (list) list.push(i);
    else byKind.set(i.kind, [i]);
  }
  return { now: parts.now, items: (kind) => byKind.get(kind) ?? [], changes: parts.changes ?? [], budgets: parts.budgets ?? [], personLimits: parts.personLimits ?? [] };
}
