import type { JobSpec } from '../../jobs/types.ts';
import { collectionProgress, JOB_ID, MONTH_PHASES, PHASES, type AnalyticsCheckpoint } from './checkpoint.ts';
import type { AnalyticsSource } from './client.ts';
import { addDays, EARLIEST_DATE, isoDate, maxDate, monthOf, monthsBetween } from './dates.ts';
import { ANALYTICS_STATE } from './state.ts';
import type { AnalyticsDb, CollectionOptions } from './phases/env.ts';
import { connectors, dayUsers, summaries, users } from './phases/engagement.ts';
import { moneyStep } from './phases/spend.ts';
import { publish } from './phases/publish.ts';

export type { CollectionOptions } from './phases/env.ts';

/**
 * The Analytics collection as a job of the shared mechanism (lib/jobs). The first run backfills
 * `backfillDays` (default 90) of engagement and the months they touch; later runs re-read only what the
 * API may still revise: the last `reviseDays` of engagement (default 7) and the previous and current
 * month of spend (values move for up to 30 days), plus any month never read.
 */
export const COLLECTION_JOB: JobSpec<AnalyticsCheckpoint, AnalyticsSource, CollectionOptions, AnalyticsDb> = {
  id: JOB_ID,
  label: 'Analytics collection',
  phases: PHASES,
  steps: { summaries, users, connectors, dayUsers, cost: moneyStep, usage: moneyStep, teamCost: moneyStep, teamUsage: moneyStep, dailyCost: moneyStep, dailyUsage: moneyStep, publish },
  applies: (phase, cp) => (MONTH_PHASES.has(phase) ? cp.months.length > 0 && cp.costSource !== 'none' : true),
  beginTables: ['kv', 'anStage'],
  begin: async (base, { db, now, options }) => {
    await db.anStage.clear(); // what an abandoned run staged
    const state = await ANALYTICS_STATE.read(db);
    const today = isoDate(now.getTime());
    const backfillFrom = maxDate(EARLIEST_DATE, addDays(today, -(options.backfillDays ?? 90)));
    const kind = state ? 'incremental' : 'full';
    const engagementFrom = state?.engagementTo ? maxDate(backfillFrom, addDays(state.engagementTo, -(options.reviseDays ?? 7))) : backfillFrom;
    const revisable = monthsBetween(addDays(today, -31), today);
    const known = new Set(state?.months ?? []);
    const months = monthsBetween(backfillFrom, today).filter((m) => !known.has(m) || revisable.includes(m) || m === monthOf(today));
    return {
      ...base,
      kind,
      engagementFrom,
      engagementTo: null,
      usersFrom: backfillFrom,
      months,
      costSource: 'usage-cost',
      costNote: null,
      dataRefreshedAt: null,
      counts: { days: 0, users: 0, spendRows: 0 },
    };
  },
  progress: (cp) => collectionProgress(cp),
  keepMessage: 'The previous Analytics data is still shown.',
};
