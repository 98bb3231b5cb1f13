import type { SpendRow } from './tables.ts';
import { byTokensOrder, bySpendOrder, spendByModel, spendByPerson, spendByProduct, topOf, totalsOf, type DimensionSpend, type PersonSpend, type Totals } from './views.ts';

/**
 * What the Usage & spend tab's first render needs of one month, computed at publish (inside the publish
 * transaction, from the rows it writes) so the page reads one small record instead of a month of spend
 * rows (~13.5k rows at 10k people). Every number comes from the pure functions of ./views.ts, the same
 * ones the page uses when a month has no rollup (data published by an earlier version): one source of
 * the math. No zod here (pages import this); the stored record's schema is in ./state.ts.
 */

/** Bumped when the shape or the math changes: a record of another version is ignored and the page computes from rows. */
export const ROLLUP_VERSION = 1;
/** People in each top list. */
export const ROLLUP_TOP = 25;
export const ROLLUPS_KEY = 'analytics.rollups';

export interface MonthRollup {
  month: string;
  /** Every row of the month added up (all actors, models, products); `amount` is month-to-date spend. */
  totals: Totals;
  /** Actors with a row in the month. */
  people: number;
  topBySpend: PersonSpend[];
  topByTokens: PersonSpend[];
  byModel: DimensionSpend[];
  byProduct: DimensionSpend[];
}

export interface AnalyticsRollups {
  version: number;
  /** When the rollups were computed (the publish that wrote them). */
  computedAt: string;
  months: Record<string, MonthRollup>;
}

/** One month's rollup from that month's spend rows (rows of other months are ignored). */
export function monthRollup(rows: readonly SpendRow[], month: string, top = ROLLUP_TOP): MonthRollup {
  const mine = rows.filter((r) => r.month === month);
  const people = spendByPerson(mine, null);
  return {
    month,
    totals: totalsOf(mine),
    people: people.length,
    topBySpend: topOf(people, bySpendOrder, top),
    topByTokens: topOf(people, byTokensOrder, top),
    byModel: spendByModel(mine, null),
    byProduct: spendByProduct(mine, null),
  };
}

/** The rollups of `months`, from rows that hold at least those months (one pass to split them by month). */
export function buildRollups(rows: readonly SpendRow[], months: readonly string[], computedAt: string): AnalyticsRollups {
  const byMonth = new Map<string, SpendRow[]>(months.map((m) => [m, []]));
  for (const r of rows) byMonth.get(r.month)?.push(r);
  const out: Record<string, MonthRollup> = {};
  for (const [m, list] of byMonth) out[m] = monthRollup(list, m);
  return { version: ROLLUP_VERSION, computedAt, months: out };
}

/**
 * The stored record read without zod (pages must not load it on first paint; the writer validates with
 * ANALYTICS_ROLLUPS in ./state.ts): a light structural check. Null when absent, of another version or
 * damaged; a month whose entry is damaged is left out, so the page computes that month from rows.
 */
export function asRollups(raw: unknown): AnalyticsRollups | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Partial<AnalyticsRollups>;
  if (r.version !== ROLLUP_VERSION || typeof r.computedAt !== 'string' || !r.months || typeof r.months !== 'object') return null;
  const months: Record<string, MonthRollup> = {};
  for (const [k, v] of Object.entries(r.months)) {
    const m = v as Partial<MonthRollup> | null;
    if (!m || m.month !== k || !m.totals || typeof m.totals.amount !== 'string') continue;
    if (![m.topBySpend, m.topByTokens, m.byModel, m.byProduct].every(Array.isArray)) continue;
    months[k] = m as MonthRollup;
  }
  return { version: r.version, computedAt: r.computedAt, months };
}
