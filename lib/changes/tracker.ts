import { loadAlertContext, raiseAlerts, type AlertOptions, type Notifier } from '../alerts/evaluate.ts';
import type { AppDb } from '../sources/database.ts';
import { recordChanges, unseenCount } from './record.ts';
import { changeSourceFor } from './registry.ts';

export interface ChangeTrackerDeps {
  db: AppDb;
  alertOptions: () => Promise<AlertOptions>;
  notifier: Notifier | null;
  /** Shows the unseen count on the toolbar icon ('' hides it). */
  setBadge: (text: string) => Promise<void>;
  now?: () => Date;
}

/** "12", or "99+" past 99, or '' for none. */
export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 99 ? '99+' : String(count);
}

/**
 * The worker's part of Changes and alerts, hooked to the job mechanism: after a run of any source ends
 * 'done' (its publish committed), record that source's changes, evaluate the alert rules, notify, and
 * update the badge. Work is queued one after another, so two sources finishing together do not interleave.
 */
export function createChangeTracker(deps: ChangeTrackerDeps) {
  const now = deps.now ?? (() => new Date());
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const refreshBadge = async () => deps.setBadge(badgeText(await unseenCount(deps.db)));
  const evaluate = async (changes: Parameters<typeof loadAlertContext>[1]) => {
    const at = now();
    const ctx = await loadAlertContext(deps.db, changes, at);
    return raiseAlerts(deps.db, ctx, await deps.alertOptions(), deps.notifier);
  };
  return {
    /** After a publish of `sourceId` (run `runId`). Resolves to the number of changes and new alerts. */
    afterPublish: (sourceId: string, runId: string) =>
      enqueue(async () => {
        const source = changeSourceFor(sourceId);
        const changes = source ? await recordChanges(deps.db, source, runId, now()) : [];
        const alerts = await evaluate(changes);
        await refreshBadge();
        return { changes: changes.length, alerts: alerts.length };
      }),
    /** Re-evaluates the rules without a publish (a budget or a rule switch changed). */
    reevaluate: () =>
      enqueue(async () => {
        const alerts = await evaluate([]);
        await refreshBadge();
        return { changes: 0, alerts: alerts.length };
      }),
    refreshBadge: () => enqueue(refreshBadge),
  };
}
export type ChangeTracker = ReturnType<typeof createChangeTracker>;
