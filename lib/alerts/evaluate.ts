import { readBudgetStatuses } from '../budgets/status.ts';
import type { AlertRow, ChangeRow, SummaryItem } from '../changes/tables.ts';
import type { AppDb } from '../sources/database.ts';
import { ALERT_RULES } from './rules/index.ts';
import { alertContext, type AlertCandidate, type AlertContext, type AlertRule } from './types.ts';

/** Sends a browser notification; resolves to what happened. */
export interface Notifier {
  /** Whether notifications can be sent (the optional permission is granted). */
  permitted(): Promise<boolean>;
  notify(id: string, text: { title: string; message: string }): Promise<void>;
}

export interface AlertOptions {
  /** settings.alerts. */
  notify: boolean;
  rules: Record<string, boolean>;
}

export const alertKey = (rule: string, c: Pick<AlertCandidate, 'subject' | 'level'>) => `${rule}|${c.subject}|${c.level}`;

/** The rules that are switched on (all unless switched off). */
export function enabledRules(options: Pick<AlertOptions, 'rules'>, rules: readonly AlertRule[] = ALERT_RULES): AlertRule[] {
  return rules.filter((r) => options.rules[r.id] !== false);
}

/** Runs the enabled rules; a rule that throws is skipped (one bad record must not silence every alert). */
export function runRules(ctx: AlertContext, rules: readonly AlertRule[]): Array<{ rule: string; candidate: AlertCandidate }> {
  const out: Array<{ rule: string; candidate: AlertCandidate }> = [];
  for (const rule of rules) {
    let found: AlertCandidate[];
    try {
      found = rule.evaluate(ctx);
    } catch {
      continue;
    }
    for (const candidate of found) out.push({ rule: rule.id, candidate });
  }
  return out;
}

/** The context for the rules: the latest summary of every source, the changes just found, team budgets and per-person limits. */
export async function loadAlertContext(db: AppDb, changes: readonly ChangeRow[], now: Date): Promise<AlertContext> {
  const summaries = await db.changeSummaries.toArray();
  const items: SummaryItem[] = summaries.flatMap((s) => s.items);
  return alertContext({ now, items, changes, budgets: await readBudgetStatuses(db, now), personLimits: await db.adminSpendLimits.toArray() });
}

/**
 * Evaluates the rules and records every alert not raised before (key: rule + subject + level), then
 * sends a browser notification for each new one when notifications are on and permitted. The same alert
 * never notifies twice. Returns the new alert rows.
 */
export async function raiseAlerts(db: AppDb, ctx: AlertContext, options: AlertOptions, notifier: Notifier | null): Promise<AlertRow[]> {
  const found = runRules(ctx, enabledRules(options));
  const at = ctx.now.toISOString();
  const fresh = await db.transaction('rw', db.alerts, async () => {
    const keys = found.map((f) => alertKey(f.rule, f.candidate));
    const existing = new Set((await db.alerts.bulkGet(keys)).filter((r) => r !== undefined).map((r) => r.key));
    const rows: AlertRow[] = [];
    const seen = new Set<string>();
    found.forEach((f, i) => {
      const key = keys[i]!;
      if (existing.has(key) || seen.has(key)) return;
      seen.add(key);
      rows.push({ key, rule: f.rule, ...f.candidate, at, delivery: 'notifications-off', seen: 0 });
    });
    await db.alerts.bulkAdd(rows);
    return rows;
  });
  if (fresh.length === 0) return fresh;
  const permitted = options.notify && notifier !== null ? await notifier.permitted().catch(() => false) : false;
  // A first snapshot can raise dozens of alerts at once: the first few notify one by one, the rest as one
  // notification that opens the Changes view (each row still records that it was notified).
  const single = fresh.slice(0, MAX_SINGLE_NOTIFICATIONS);
  const grouped = fresh.slice(MAX_SINGLE_NOTIFICATIONS);
  const deliver = async (rows: AlertRow[], id: string, text: { title: string; message: string }) => {
    let delivery: AlertRow['delivery'];
    if (!options.notify) delivery = 'notifications-off';
    else if (!permitted || notifier === null) delivery = 'no-permission';
    else {
      try {
        await notifier.notify(id, text);
        delivery = 'notified';
      } catch {
        delivery = 'failed';
      }
    }
    for (const row of rows) {
      row.delivery = delivery;
      await db.alerts.update(row.key, { delivery });
    }
  };
  for (const row of single) await deliver([row], row.key, { title: row.title, message: row.detail });
  if (grouped.length > 0) await deliver(grouped, `${GROUPED_PREFIX}${at}`, { title: `${grouped.length} more alerts`, message: grouped.slice(0, 3).map((r) => r.title).join('; ') + (grouped.length > 3 ? '; …' : '') });
  return fresh;
}

export const MAX_SINGLE_NOTIFICATIONS = 3;
/** Notification id prefix of a grouped notification (its click opens the Changes view). */
export const GROUPED_PREFIX = 'alerts-group|';
