/** Query-parameter validation shared by the endpoints. Everything throws ApiError(400) on bad input. */
import type { Request } from 'express';
import { arrayParam, stringParam } from '../shared/http.ts';
import { parseRfc3339 } from '../generator/time.ts';
import { MSG, badRequest } from './errors.ts';

export { arrayParam, stringParam };

/** `limit` within 1..max; `def` when absent (undefined = "no limit" where the endpoint allows it). */
export function parseLimit(req: Request, def: number, max: number): number;
export function parseLimit(req: Request, def: undefined, max: number): number | undefined;
export function parseLimit(req: Request, def: number | undefined, max: number): number | undefined {
  const raw = stringParam(req, 'limit');
  if (raw === undefined) return def;
  const n = /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw badRequest(MSG.limit(max, raw));
  return n;
}

export interface TimeRange {
  /** Inclusive lower bound (ms) or -Infinity. */
  from: number;
  /** Exclusive upper bound (ms) or +Infinity. */
  to: number;
  present: boolean;
}

/**
 * Reads `<field>.gt/.gte/.lt/.lte`. Values must be full RFC 3339 date-times with an offset. Internally
 * converted to a half-open [from, to) interval on millisecond timestamps.
 */
export function parseTimeRange(req: Request, field: string): TimeRange {
  let from = -Infinity;
  let to = Infinity;
  let present = false;
  for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
    const name = `${field}.${op}`;
    const raw = stringParam(req, name);
    if (raw === undefined) continue;
    const ms = parseRfc3339(raw);
    if (ms === undefined) throw badRequest(MSG.timestamp(name, raw));
    present = true;
    if (op === 'gt') from = Math.max(from, ms + 1);
    else if (op === 'gte') from = Math.max(from, ms);
    else if (op === 'lt') to = Math.min(to, ms);
    else to = Math.min(to, ms + 1);
  }
  return { from, to, present };
}

export function inRange(range: TimeRange, ms: number): boolean {
  return ms >= range.from && ms < range.to;
}

export function parseEnum<T extends string>(req: Request, name: string, allowed: readonly T[], def: T): T {
  const raw = stringParam(req, name);
  if (raw === undefined) return def;
  if (!(allowed as readonly string[]).includes(raw)) throw badRequest(MSG.enumValue(name, allowed, raw));
  return raw as T;
}

/** The values of an array parameter with empty strings dropped (undefined when absent or empty). */
export function nonEmptyArray(req: Request, name: string): string[] | undefined {
  const v = arrayParam(req, name)?.filter((s) => s !== '');
  return v && v.length > 0 ? v : undefined;
}

/** Reads the two cursor parameters; both at once is a 400. */
export function parseCursorParams(req: Request): { after?: string; before?: string } {
  const after = stringParam(req, 'after_id');
  const before = stringParam(req, 'before_id');
  if (after !== undefined && before !== undefined) throw badRequest(MSG.bothCursors);
  const out: { after?: string; before?: string } = {};
  if (after !== undefined) out.after = after;
  if (before !== undefined) out.before = before;
  return out;
}

/** `tool_use_input_max_chars` style parameters: positive integer or -1 (no cap); 0 is invalid. */
export function parseMaxChars(req: Request, name: string): number | undefined {
  const raw = stringParam(req, name);
  if (raw === undefined) return undefined;
  const n = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n === 0 || n < -1) throw badRequest(MSG.maxChars(name, raw));
  return n === -1 ? undefined : n;
}
