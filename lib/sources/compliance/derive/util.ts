/**
 * Small helpers shared by the inventory derivations. Nothing here touches the database.
 */

/** Milliseconds since the epoch for an RFC 3339 timestamp, or NaN when it cannot be read. */
export function timeOf(value: string): number {
  return Date.parse(value);
}

/**
 * Orders two RFC 3339 timestamps by the instant they denote (so `…Z` and `…+00:00`, or different
 * fractional digits, compare correctly). Falls back to string order when either cannot be parsed.
 */
export function compareTime(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isNaN(ta) || Number.isNaN(tb)) return a < b ? -1 : a > b ? 1 : 0;
  return ta - tb;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string, or null. */
export function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function bump(counter: Record<string, number>, key: string, by = 1): void {
  counter[key] = (counter[key] ?? 0) + by;
}
