import { ApiError } from '../../../api/http/index.ts';
import type { AnalyticsCheckpoint } from '../checkpoint.ts';
import { addDays, latestDayFromMessage } from '../dates.ts';
import { connectorRow, dayRow, userRow } from '../derive.ts';
import type { SummaryDay } from '../schemas.ts';
import { addSkipped, stage, type Env } from './env.ts';

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
