/** Date helpers. Days are counted from 2026-01-01 (day 0), the earliest day the Analytics API serves. */

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
export const EPOCH_MS = Date.UTC(2026, 0, 1);
export const EARLIEST_DATE = '2026-01-01';

export function dayOfMs(ms: number): number {
  return Math.floor((ms - EPOCH_MS) / DAY_MS);
}

export function dayStartMs(day: number): number {
  return EPOCH_MS + day * DAY_MS;
}

/** `YYYY-MM-DD` of a day index. */
export function dateOfDay(day: number): string {
  return new Date(dayStartMs(day)).toISOString().slice(0, 10);
}

/** Parses a strict `YYYY-MM-DD` calendar date into a day index (may be negative), or null. */
export function parseDate(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return dayOfMs(ms);
}

/** RFC 3339 timestamp with a zone (`Z` or `±hh:mm`); returns epoch ms or null. */
export function parseRfc3339(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) return null;
  if (parseDate(`${m[1]}-${m[2]}-${m[3]}`) === null) return null;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 60) return null;
  const ms = Date.parse(s.replace(' ', 'T'));
  return Number.isFinite(ms) ? ms : null;
}

/** ISO 8601 / RFC 3339 in UTC without milliseconds: `2026-03-10T00:00:00Z`. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function floorTo(ms: number, unitMs: number): number {
  return Math.floor(ms / unitMs) * unitMs;
}

/** 0 = Monday … 6 = Sunday. 2026-01-01 was a Thursday. */
export function weekdayOfDay(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}
