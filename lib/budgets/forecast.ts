import Big from 'big.js';
import { compareCents, type Cents } from '../util/money.ts';

/**
 * Team budget arithmetic, exact in decimal cents (big.js). The forecast is linear on the days elapsed:
 * month-to-date spend × (days in the month ÷ days of the month the data covers), where the data covers the
 * month up to `asOf` (the Analytics `data_refreshed_at` watermark, else now), counted in fractional days.
 * A month with under one hour covered has no forecast (one early request would be multiplied by ~700).
 */

const HOUR_MS = 3_600_000;

export function monthOfDate(date: Date): string {
  return date.toISOString().slice(0, 7);
}

export function monthRange(month: string): { start: number; end: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { start: Date.UTC(y, m - 1, 1), end: Date.UTC(y, m, 1) };
}

export interface Forecast {
  month: string;
  /** Days in the month and days covered by the data (fractional), for "based on 12.5 of 30 days". */
  daysInMonth: number;
  daysCovered: number;
  /** Projected spend at month end; null when too little of the month is covered. */
  forecast: Cents | null;
}

export function forecastMonth(spent: Cents, asOf: Date, month = monthOfDate(asOf)): Forecast {
  const { start, end } = monthRange(month);
  const covered = Math.max(0, Math.min(asOf.getTime(), end) - start);
  const daysInMonth = (end - start) / 86_400_000;
  const daysCovered = covered / 86_400_000;
  if (covered < HOUR_MS) return { month, daysInMonth, daysCovered, forecast: null };
  const forecast = new Big(spent)
    .times(end - start)
    .div(covered)
    .round(6, Big.roundHalfUp)
    .toFixed();
  return { month, daysInMonth, daysCovered, forecast };
}

/** Spent ÷ budget as a percentage (display and thresholds), null for a zero budget. */
export function sharePercent(spent: Cents, budget: Cents): number | null {
  const b = new Big(budget);
  if (b.lte(0)) return null;
  return Number(new Big(spent).times(100).div(b).toPrecision(15));
}

/** The highest threshold (percent) that `spent` has reached, exactly (spent × 100 ≥ budget × threshold); null when none. */
export function thresholdReached(spent: Cents, budget: Cents, thresholds: readonly number[]): number | null {
  if (new Big(budget).lte(0)) return null;
  let reached: number | null = null;
  for (const t of [...thresholds].sort((a, b) => a - b)) {
    if (compareCents(new Big(spent).times(100).toFixed(), new Big(budget).times(t).toFixed()) >= 0) reached = t;
  }
  return reached;
}

export const DEFAULT_THRESHOLDS: readonly number[] = [75, 90, 100];
