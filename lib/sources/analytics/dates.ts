/** UTC calendar helpers for the collection (dates "YYYY-MM-DD", months "YYYY-MM"). */

export const EARLIEST_DATE = '2026-01-01';
const DAY = 86_400_000;

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return isoDate(Date.parse(`${date}T00:00:00Z`) + days * DAY);
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function monthStart(month: string): string {
  return `${month}-01T00:00:00Z`;
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Months from the one containing `from` to the one containing `to`, inclusive, oldest first. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = monthOf(from); m <= monthOf(to); m = nextMonth(m)) out.push(m);
  return out;
}

/** The latest available day named in a 400 ("…the most recent available date is 2026-11-30"), if any. */
export function latestDayFromMessage(message: string | null | undefined): string | null {
  const dates = (message ?? '').match(/\d{4}-\d{2}-\d{2}/g);
  return dates ? dates[dates.length - 1]! : null;
}
