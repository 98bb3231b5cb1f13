/**
 * Paging machinery: cursor walks over ordered positions (A1, C1, C3) and keyset page tokens for the
 * `page`/`next_page` endpoints. Cursors and tokens are opaque to clients (base64url JSON here; the
 * format is the sandbox's own, spec §2 only says "opaque").
 */
import { ApiError, MSG, badRequest } from './errors.ts';

// ------------------------------------------------------------------ cursor walks

export interface CursorBoundary {
  kind: 'after' | 'before';
  /** First position (ascending) whose key is strictly greater than the cursor's key. */
  gtStart: number;
  /** First position (ascending) whose key is greater than or equal to the cursor's key. */
  geStart: number;
}

/**
 * Returns up to `limit` accepted positions in emission order, per the checklist: `after` gives the items
 * that follow the cursor in the current order; `before` gives the `limit` items nearest to the cursor on
 * the preceding side, emitted in the current order. `hasMore` describes the walked direction.
 */
export function cursorWalk(opts: {
  lo: number;
  hi: number;
  order: 'asc' | 'desc';
  cursor?: CursorBoundary;
  limit: number;
  accept: (pos: number) => boolean;
}): { positions: number[]; hasMore: boolean } {
  const { lo, hi, cursor, limit, accept } = opts;
  const before = cursor?.kind === 'before';
  const ascendingScan = (opts.order === 'asc') !== before;
  let p: number;
  if (ascendingScan) p = Math.max(lo, cursor ? cursor.gtStart : lo);
  else p = Math.min(hi, cursor ? cursor.geStart : hi) - 1;
  const step = ascendingScan ? 1 : -1;
  const positions: number[] = [];
  while (p >= lo && p < hi && positions.length < limit) {
    if (accept(p)) positions.push(p);
    p += step;
  }
  let hasMore = false;
  while (p >= lo && p < hi) {
    if (accept(p)) {
      hasMore = true;
      break;
    }
    p += step;
  }
  if (before) positions.reverse();
  return { positions, hasMore };
}

/** base64url(JSON) — the sandbox's opaque cursor wrapper. */
export function encodeOpaque(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Decodes an opaque value, or undefined if it is not base64url JSON of an object. */
export function decodeOpaque(raw: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(raw)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// ------------------------------------------------------------------ page tokens

export interface PageKey {
  t: number;
  id: string;
}

/** `page_…` token bound to one endpoint and its path scope (organization, group, role, project). */
export function encodePageToken(endpoint: string, scope: string, key: PageKey): string {
  return 'page_' + encodeOpaque({ e: endpoint, s: scope, t: key.t, id: key.id });
}

export function decodePageToken(raw: string | undefined, endpoint: string, scope: string): PageKey | undefined {
  if (raw === undefined) return undefined;
  const body = raw.startsWith('page_') ? decodeOpaque(raw.slice(5)) : undefined;
  if (!body || body.e !== endpoint || body.s !== scope || typeof body.t !== 'number' || typeof body.id !== 'string') throw badRequest(MSG.badPage);
  return { t: body.t, id: body.id };
}

/**
 * One page of a list sorted by (t, id): the items strictly after `after`. Keyset paging keeps a walk
 * correct when items are deleted between pages.
 */
export function keysetPage<T>(items: readonly T[], keyOf: (item: T) => PageKey, limit: number, after: PageKey | undefined): { page: T[]; hasMore: boolean; nextKey: PageKey | null } {
  let start = 0;
  if (after) {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = keyOf(items[mid]!);
      const c = k.t - after.t || (k.id < after.id ? -1 : k.id > after.id ? 1 : 0);
      if (c <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const page = items.slice(start, start + limit);
  const hasMore = start + limit < items.length;
  return { page, hasMore, nextKey: hasMore && page.length > 0 ? keyOf(page[page.length - 1]!) : null };
}

/** Builds the `{ data, has_more, next_page }` envelope. */
export function tokenEnvelope<T, R>(endpoint: string, scope: string, result: { page: T[]; hasMore: boolean; nextKey: PageKey | null }, render: (item: T) => R) {
  return {
    data: result.page.map(render),
    has_more: result.hasMore,
    next_page: result.nextKey ? encodePageToken(endpoint, scope, result.nextKey) : null,
  };
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
