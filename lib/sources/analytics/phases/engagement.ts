import { ApiError } from '../../../api/http/index.ts';
import type { AnalyticsCheckpoint } from '../checkpoint.ts';
import { addDays, latestDayFromMessage, maxDate } from '../dates.ts';
import { connectorRow, dayActivity, dayRow, userRow } from '../derive.ts';
import type { SummaryDay } from '../schemas.ts';
import type { AnalyticsDayRow } from '../tables.ts';
import { cursorExpired } from './spend.ts';
import { addSkipped, stage, type CollectionOptions, type Env } from './env.ts';

const WINDOW_DAYS = 31;

/**
 * The organization's days (GET /summaries): the whole window in one request where the server allows it
 * (up to 366 days), else in 31-day windows (early servers). A 400 that names the latest available day
 * sets the window's end to it; that day + 1 is where engagement data ends for this run.
 */
export async function summaries(cp: AnalyticsCheckpoint, env: Env): Promise<AnalyticsCheckpoint> {
  const { db, client } = env;
  const start = cp.summaryWindows ? addDays(cp.engagementFrom, cp.index * WINDOW_DAYS) : cp.engagementFrom;
  if (cp.engagementTo !== null && start >= cp.engagementTo) return env.skipToNextPhase(cp);
  let end: string | null = cp.summaryWindows ? addDays(start, WINDOW_DAYS) : cp.engagementTo;
  if (end && cp.engagementTo && end > cp.engagementTo) end = cp.engagementTo;

  let days: SummaryDay[];
  let skipped = 0;
  try {
    ({ items: days, skipped } = await client.summaries(start, end, env.signal));
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 400) throw err;
    const latest = latestDayFromMessage(err.serverMessage);
    if (latest && latest >= start && (end === null || addDays(latest, 1) < end)) {
      // The window reached past the latest available day: end it there.
      const next = { ...cp, engagementTo: addDays(latest, 1) };
      await db.transaction('rw', ['jobs'], () => env.commit(next));
      return next;
    }
    if (!cp.summaryWindows) {
      // The server refused the range as a whole (early servers allowed 31 days): read it in windows.
      const next = { ...cp, summaryWindows: true, index: 0 };
      await db.transaction('rw', ['jobs'], () => env.commit(next));
      return next;
    }
    throw err;
  }
  addSkipped(cp, 'days', skipped);
  const rows = days.map(dayRow).filter((d) => d !== null);
  return db.transaction('rw', ['anStage', 'jobs'], async () => {
    await stage(db, `summaries:${start}`, 'anDays', rows);
    cp.counts.days += rows.length;
    const latest = rows.reduce((m, d) => (d.date > m ? d.date : m), '');
    let next: AnalyticsCheckpoint;
    if (cp.summaryWindows && (cp.engagementTo === null || addDays(start, WINDOW_DAYS) < cp.engagementTo) && rows.length > 0 && end !== null && latest >= addDays(end, -1)) {
      next = { ...cp, index: cp.index + 1 };
    } else {
      // Engagement ends after the latest day the server gave (or where this run began, when it gave none).
      const to = cp.engagementTo ?? (latest ? addDays(latest, 1) : cp.engagementFrom);
      next = env.nextPhase({ ...cp, engagementTo: to });
    }
    await env.commit(next);
    return next;
  });
}

/** Engagement per person over the window (GET /users, range rollup: one row per person). */
export async function users(cp: AnalyticsCheckpoint, env: Env): Promise<AnalyticsCheckpoint> {
  const { db, client } = env;
  const to = cp.engagementTo;
  if (!to || to <= cp.usersFrom) return env.skipToNextPhase(cp);
  const page = await client.users(cp.usersFrom, to, cp.page, env.signal);
  addSkipped(cp, 'people', page.skipped);
  const rows = page.items.map((u) => userRow(u, cp.usersFrom, to)).filter((u) => u !== null);
  return db.transaction('rw', ['anStage', 'jobs'], async () => {
    await stage(db, 'users', 'anUsers', rows);
    cp.counts.users += rows.length;
    const next = page.next ? { ...cp, page: page.next } : env.nextPhase(cp);
    await env.commit(next);
    return next;
  });
}

/** Connector use over the same window (GET /connectors, range rollup: one row per connector). */
export async function connectors(cp: AnalyticsCheckpoint, env: Env): Promise<AnalyticsCheckpoint> {
  const { db, client } = env;
  const to = cp.engagementTo;
  if (!to || to <= cp.usersFrom) return env.skipToNextPhase(cp);
  const page = await client.connectors(cp.usersFrom, to, cp.page, env.signal);
  addSkipped(cp, 'connectors', page.skipped);
  const rows = page.items.map((c) => connectorRow(c, cp.usersFrom, to));
  return db.transaction('rw', ['anStage', 'jobs'], async () => {
    await stage(db, 'connectors', 'anConnectors', rows);
    cp.counts.connectors = (cp.counts.connectors ?? 0) + rows.length;
    const next = page.next ? { ...cp, page: page.next } : env.nextPhase(cp);
    await env.commit(next);
    return next;
  });
}

/**
 * The days of this run whose per-person rows are read for the day's messages: the days the summaries step
 * staged with at least one active user, oldest first. [inferred] A day the summaries report nobody active
 * has no /users rows (the active-user definition covers chat messages and Claude Code and Cowork sessions),
 * so it costs no request; its activity stays unknown rather than zero.
 */
async function activeDays(cp: AnalyticsCheckpoint, env: Env): Promise<string[]> {
  const from = activityFrom(cp, env.options);
  const staged = await env.db.anStage.where('table').equals('anDays').toArray();
  return [...new Set(staged.map((s) => s.row as AnalyticsDayRow).filter((d) => d.dailyActiveUsers > 0 && d.date >= from).map((d) => d.date))].sort();
}

/** The first day whose per-person rows this run reads: the run's engagement window, at most its last `activityDays` days. */
export function activityFrom(cp: Pick<AnalyticsCheckpoint, 'engagementFrom' | 'engagementTo'>, options: CollectionOptions): string {
  if (!cp.engagementTo) return cp.engagementFrom;
  return maxDate(cp.engagementFrom, addDays(cp.engagementTo, -(options.activityDays ?? 31)));
}

/**
 * One page of one day's per-person rows (GET /users?date=…), summed into that day's activity (messages
 * per product, Claude Code sessions and lines). The range rollup read by `users` gives window totals only;
 * the API gives per-day counts only per person per day, so this is the one way to a per-day series.
 */
export async function dayUsers(cp: AnalyticsCheckpoint, env: Env): Promise<AnalyticsCheckpoint> {
  const { db, client } = env;
  const days = await activeDays(cp, env);
  const date = days[cp.index];
  if (!date) return env.skipToNextPhase(cp);
  const query = `dayUsers:${date}`;
  let page: Awaited<ReturnType<typeof client.usersOnDay>>;
  try {
    page = await client.usersOnDay(date, cp.page, env.signal);
  } catch (err) {
    if (!cursorExpired(err, cp.page)) throw err;
    // The cursor is no longer honoured: this day again from its first page, without its earlier pages.
    return db.transaction('rw', ['anStage', 'jobs'], async () => {
      await db.anStage.where('query').equals(query).delete();
      const next = { ...cp, page: null };
      await env.commit(next);
      return next;
    });
  }
  addSkipped(cp, 'people on a day', page.skipped);
  return db.transaction('rw', ['anStage', 'jobs'], async () => {
    await stage(db, query, 'anDayActivity', [{ date, activity: dayActivity(page.items) }]);
    let next: AnalyticsCheckpoint;
    if (page.next) next = { ...cp, page: page.next };
    else {
      cp.counts.activityDays = (cp.counts.activityDays ?? 0) + 1;
      next = cp.index + 1 < days.length ? { ...cp, index: cp.index + 1, page: null } : env.nextPhase(cp);
    }
    await env.commit(next);
    return next;
  });
}
