import { usdToCents } from '../changes/contract.ts';
import { markSeen, unseenCount } from '../changes/record.ts';
import type { ChangeTracker } from '../changes/tracker.ts';
import { DEFAULT_THRESHOLDS } from '../budgets/forecast.ts';
import type { Handlers } from '../messaging/router.ts';
import type { AppDb } from '../sources/database.ts';
import { recordAudit } from '../db/audit.ts';

type ChangeHandlers = Pick<Handlers, 'changes/mark-seen' | 'budget/set' | 'budget/remove'>;

/** Marking changes seen and keeping team budgets: the worker writes, re-evaluates the alert rules and updates the badge. */
export function createChangeHandlers(deps: { db: AppDb; tracker?: ChangeTracker; now?: () => Date }): ChangeHandlers {
  const now = deps.now ?? (() => new Date());
  return {
    'changes/mark-seen': async (r) => {
      await markSeen(deps.db, { ...(r.changeIds ? { changeIds: r.changeIds } : {}), ...(r.alertKeys ? { alertKeys: r.alertKeys } : {}) });
      await deps.tracker?.refreshBadge();
      return { unseen: await unseenCount(deps.db) };
    },
    'budget/set': async (r) => {
      const teamKey = `${r.kind}:${r.groupId}`;
      const monthly = usdToCents(r.monthlyUsd);
      const thresholds = [...new Set(r.thresholds ?? DEFAULT_THRESHOLDS)].sort((a, b) => a - b);
      try {
        await deps.db.teamBudgets.put({ teamKey, kind: r.kind, groupId: r.groupId, name: r.name || r.groupId, monthly, thresholds, updatedAt: now().toISOString() });
      } catch (err) {
        await recordAudit(deps.db, { connection: 'local', action: 'budget.set', target: teamKey, outcome: 'failed', detail: err instanceof Error ? err.message : String(err), requestId: null }).catch(() => undefined);
        throw new Error('The budget could not be saved in this browser’s database. Try again; if it keeps failing, reload the extension.');
      }
      const result = (await deps.tracker?.reevaluate()) ?? { alerts: 0 };
      return { teamKey, monthly, alerts: result.alerts };
    },
    'budget/remove': async (r) => {
      const had = (await deps.db.teamBudgets.get(r.teamKey)) !== undefined;
      await deps.db.teamBudgets.delete(r.teamKey);
      return { removed: had };
    },
  };
}
