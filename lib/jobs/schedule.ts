import { z } from 'zod';
import { defineKv } from '../db/kv.ts';
import type { CoreDb } from '../db/schema.ts';

/** The alarm that starts a source's scheduled runs ("compliance-schedule", "analytics-schedule", …). */
export const scheduleAlarmName = (sourceId: string): string => `${sourceId}-schedule`;

/** The alarm that resumes runs a dead worker left behind (one for every job). */
export const WATCHDOG_ALARM = 'jobs-watchdog';

/** Scheduled runs that could not start (e.g. no key after a browser restart), by source id, for the UI. */
export const SCHEDULE_SKIPPED = defineKv('jobs.scheduleSkipped', z.record(z.string(), z.object({ at: z.string(), reason: z.string() })));

export async function recordScheduleSkipped(db: CoreDb, sourceId: string, reason: string, at = new Date()): Promise<void> {
  const all = (await SCHEDULE_SKIPPED.read(db)) ?? {};
  await SCHEDULE_SKIPPED.write(db, { ...all, [sourceId]: { at: at.toISOString(), reason } });
}

export async function clearScheduleSkipped(db: CoreDb, sourceId: string): Promise<void> {
  const all = await SCHEDULE_SKIPPED.read(db);
  if (!all || !(sourceId in all)) return;
  const { [sourceId]: _gone, ...rest } = all;
  await SCHEDULE_SKIPPED.write(db, rest);
}
