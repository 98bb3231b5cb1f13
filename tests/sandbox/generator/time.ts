/** Time helpers shared by the generator and the imitated API. Internally every time is epoch milliseconds. */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * RFC 3339 in the API's style: whole seconds print without a fraction (`2026-04-10T08:09:10Z`),
 * other times with milliseconds.
 */
export function iso(ms: number): string {
  // Hot path when serialising pages of 1000 chats: format the time of day arithmetically and cache
  // the date part per day.
  const day = Math.floor(ms / DAY);
  let prefix = DAY_PREFIX.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY).toISOString().slice(0, 11);
    DAY_PREFIX.set(day, prefix);
  }
  const rem = ms - day * DAY;
  const secs = Math.floor(rem / SECOND);
  const frac = rem - secs * SECOND;
  const time = PAD2[Math.floor(secs / 3600)]! + ':' + PAD2[Math.floor((secs % 3600) / 60)]! + ':' + PAD2[secs % 60]!;
  return frac === 0 ? `${prefix}${time}Z` : `${prefix}${time}.${String(Math.round(frac)).padStart(3, '0')}Z`;
}

const DAY_PREFIX = new Map<number, string>();
const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

export function isoOrNull(ms: number): string | null {
  return Number.isNaN(ms) ? null : iso(ms);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parses a full RFC 3339 date-time (date, time and offset all required). Returns epoch ms, or
 * undefined for anything else (a bare date, a missing offset, an impossible date).
 */
export function parseRfc3339(value: string): number | undefined {
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined;
  // Reject 2026-02-30 and friends: Date would roll them over.
  const probe = new Date(Date.UTC(Number(y), month - 1, day));
  if (probe.getUTCDate() !== day) return undefined;
  const ms = Date.parse(value.replace(/^(.{10})t/, '$1T').replace(/z$/, 'Z'));
  return Number.isNaN(ms) ? undefined : ms;
}

/** Whole seconds (the generator keeps generated timestamps on second boundaries). */
export function floorSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
