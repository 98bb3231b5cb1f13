/**
 * Query-string reading, cursors and paging shared by every Analytics route.
 *
 * Cursors are `page_` + base64url(JSON{o: offset, h: hash of the other query params, g: cursor
 * generation, r: values resolved on the first page}) (specs/analytics-api.md §2.2 and §5 "Notes for
 * the local sandbox server"): a cursor re-sent with any other parameter changed is a 400, one from an
 * older generation (control.expireCursors) or an older data export is a 410.
 */
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { arrayParam, stringParam } from '../shared/http.ts';
import { ApiError, badRequest } from './errors.ts';

/** Parameters that never bind a cursor: the cursor itself and the SDK's `beta` marker. */
const UNBOUND = new Set(['page', 'beta']);

export class Query {
  constructor(readonly req: Request) {}

  private get all(): Record<string, unknown> {
    return this.req.query as Record<string, unknown>;
  }

  str(name: string): string | undefined {
    return stringParam(this.req, name);
  }

  /**
   * An array parameter (`name[]=a&name[]=b`, brackets possibly percent-encoded). [inferred] A bare
   * `name=a` is read as a one-element list too.
   */
  arr(name: string): string[] | undefined {
    const bracketed = arrayParam(this.req, name);
    const bare = this.all[name];
    if (bracketed === undefined && bare === undefined) return undefined;
    const out = [...(bracketed ?? [])];
    if (bare !== undefined) out.push(...(Array.isArray(bare) ? (bare as string[]) : [String(bare)]));
    return out;
  }

  int(name: string, min: number, max: number, def: number): number {
    const s = this.str(name);
    if (s === undefined) return def;
    if (!/^\d+$/.test(s)) throw badRequest(`${name}: must be an integer between ${min} and ${max}`);
    const n = Number(s);
    if (n < min || n > max) throw badRequest(`${name}: must be an integer between ${min} and ${max}, got ${n}`);
    return n;
  }

  bool(name: string): boolean | undefined {
    const s = this.str(name);
    if (s === undefined) return undefined;
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0') return false;
    throw badRequest(`${name}: must be true or false`);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], def: T): T {
    const s = this.str(name);
    if (s === undefined) return def;
    if (!(allowed as readonly string[]).includes(s)) throw badRequest(`${name}: must be one of ${allowed.join(', ')}`);
    return s as T;
  }

  /** Every value of an array parameter must be in `allowed`. */
  enumArr<T extends string>(name: string, allowed: readonly T[], maxEntries = 100): T[] | undefined {
    const values = this.arr(name);
    if (values === undefined) return undefined;
    if (values.length > maxEntries) throw badRequest(`${name}[]: at most ${maxEntries} entries`);
    for (const v of values) if (!(allowed as readonly string[]).includes(v)) throw badRequest(`${name}[]: unsupported value '${v}'; expected one of ${allowed.join(', ')}`);
    return values as T[];
  }

  /** Hash of every parameter except `page` and `beta` (and `alsoExclude`), salted with `scope`: what a cursor is bound to. */
  hash(alsoExclude: readonly string[] = [], scope = ''): string {
    const entries = Object.entries(this.all)
      .filter(([k]) => !UNBOUND.has(k) && !alsoExclude.includes(k))
      .map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : [String(v)]] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return createHash('sha256').update(JSON.stringify([scope, entries])).digest('base64url').slice(0, 16);
  }
}

export interface CursorState {
  /** Offset of the next row (or bucket / base row). */
  o: number;
  /** Query hash. */
  h: string;
  /** Cursor generation. */
  g: number;
  /** Values resolved on the first page (default ending date, export watermark …). */
  r: Record<string, string | number>;
}

export function encodeCursor(state: CursorState): string {
  return 'page_' + Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeCursor(token: string): CursorState | null {
  if (!token.startsWith('page_')) return null;
  try {
    const raw: unknown = JSON.parse(Buffer.from(token.slice(5), 'base64url').toString('utf8'));
    if (typeof raw !== 'object' || raw === null) return null;
    const { o, h, g, r } = raw as Record<string, unknown>;
    if (typeof o !== 'number' || !Number.isInteger(o) || o < 0 || typeof h !== 'string' || typeof g !== 'number') return null;
    const resolved: Record<string, string | number> = {};
    if (r !== undefined) {
      if (typeof r !== 'object' || r === null) return null;
      for (const [k, v] of Object.entries(r)) if (typeof v === 'string' || typeof v === 'number') resolved[k] = v;
    }
    return { o, h, g, r: resolved };
  } catch {
    return null;
  }
}

export const CURSOR_MISMATCH = 'page cursor does not match the current query parameters; restart without page';
export const CURSOR_EXPIRED = 'page cursor has expired; restart pagination';

/** The paging position of a request: the decoded cursor (validated) and how to mint the next one. */
export class Paging {
  readonly offset: number;
  readonly resolved: Record<string, string | number>;
  private readonly hash: string;

  /** `scope` (the route) is part of the binding: a cursor from one route is rejected by another. */
  constructor(
    q: Query,
    private readonly generation: number,
    scope: string,
  ) {
    this.hash = q.hash([], scope);
    const token = q.str('page');
    if (token === undefined || token === '') {
      this.offset = 0;
      this.resolved = {};
      return;
    }
    const state = decodeCursor(token);
    if (!state) throw badRequest('page: invalid page cursor');
    if (state.g !== generation) throw new ApiError(410, 'invalid_request_error', CURSOR_EXPIRED);
    if (state.h !== this.hash) throw badRequest(CURSOR_MISMATCH);
    this.offset = state.o;
    this.resolved = state.r;
  }

  /** A value resolved on the first page, or `compute()` now (and remembered in the next cursor). */
  resolve<T extends string | number>(key: string, compute: () => T): T {
    const v = this.resolved[key];
    if (v !== undefined) return v as T;
    const fresh = compute();
    this.resolved[key] = fresh;
    return fresh;
  }

  /** Expires the cursor (410) when a value resolved on the first page no longer holds, e.g. a newer export. */
  expectResolved(key: string, current: string | number): void {
    const v = this.resolved[key];
    if (v !== undefined && v !== current) throw new ApiError(410, 'invalid_request_error', CURSOR_EXPIRED);
    this.resolved[key] = current;
  }

  next(offset: number): string {
    return encodeCursor({ o: offset, h: this.hash, g: this.generation, r: this.resolved });
  }

  /** Slices `rows` from the cursor offset; returns the page and the next cursor (or null). */
  page<T>(rows: readonly T[], limit: number): { data: T[]; next: string | null } {
    const data = rows.slice(this.offset, this.offset + limit);
    const end = this.offset + data.length;
    return { data, next: end < rows.length ? this.next(end) : null };
  }
}

/**
 * Whole query results, cached so that later pages of one sequence are slices of the same rows
 * (paging returns every row exactly once) without recomputing. Bounded by entries and total rows.
 */
export class ResultCache {
  private readonly entries = new Map<string, { rows: readonly unknown[]; size: number }>();
  private total = 0;

  constructor(
    private readonly maxEntries = 32,
    private readonly maxRows = 120_000,
  ) {}

  get<T>(key: string, compute: () => T[], sizeOf: (rows: T[]) => number = (r) => r.length): readonly T[] {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.rows as readonly T[];
    }
    const rows = compute();
    const size = sizeOf(rows);
    this.entries.set(key, { rows, size });
    this.total += size;
    while ((this.entries.size > this.maxEntries || this.total > this.maxRows) && this.entries.size > 1) {
      const oldest = this.entries.keys().next().value as string;
      this.total -= this.entries.get(oldest)!.size;
      this.entries.delete(oldest);
    }
    return rows;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }
}
