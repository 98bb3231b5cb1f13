/**
 * The switchable layer around the SCIMMY peer: WorkOS validation rules (spec §2.2), misbehaving-server
 * modes and transport faults (spec §4.4 item 5). Every switch lives on one mutable `ScimQuirks` object
 * that the code reads on each request, so tests flip behaviour at run time without restarting.
 */
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import SCIMMY from 'scimmy';
import { LIST_RESPONSE_SCHEMA, SCIM_CONTENT_TYPE, scimError, sendScimError } from './errors.ts';

export interface RateLimitQuirk {
  /** The N-th SCIM request (1-based, counted from when this object was assigned) gets the first 429. */
  onCall: number;
  /** How many consecutive requests from the N-th on get 429; 0 = every request from then on. Default 1. */
  times?: number;
  /** Seconds sent in `Retry-After`. Default 1. */
  retryAfterSeconds?: number;
}

export interface ScimQuirks {
  /**
   * WorkOS validation mode (spec §2.2). On:
   * - any `null`-valued key in a POST/PUT body → `400 invalidSyntax` ("'externalId' is expected string,
   *   received null"); PATCH bodies may carry nulls (a null there can be a meaningful remove);
   * - a string `active` ("false", "true") in POST/PUT or in a PATCH value → `400 invalidSyntax`;
   * - `userName` is stored lower-cased;
   * - unknown member ids in group writes (POST/PUT/PATCH) are silently dropped instead of `400 invalidValue`;
   * - a second group with the same identity (`externalId`, else `displayName`) → `409 uniqueness`.
   * Off: SCIMMY's own behaviour (nulls are ignored, `"false"` strings get `400 invalidValue`).
   */
  workos: boolean;
  /** `429` with `Retry-After` on the N-th call (see `RateLimitQuirk`); null = off. */
  rateLimit: RateLimitQuirk | null;
  /**
   * Requests whose `Content-Length` exceeds this many bytes get a bare `413` (no body, not SCIM), as WorkOS
   * answers bodies over 2,000 KB (`WORKOS_MAX_BODY_BYTES`). null = off (scimmy-routers' own 1 MiB JSON limit
   * still applies and answers with a SCIM error body).
   */
  maxBodyBytes: number | null;
  /** Misbehaving server: list responses report `totalResults` equal to the page size. */
  totalResultsIsPageSize: boolean;
  /**
   * Case-fold `userName` in filters (RFC 7643 `caseExact=false`). Off (default) reproduces scimmy's
   * verified case-sensitive matching (spec §4.3).
   */
  caseInsensitiveUserNameFilter: boolean;
  /**
   * The spec §4.3 Express 5 query-parser fix that turns `startIndex`/`count` into numbers. Off reproduces
   * the unfixed peer: both are ignored on GET and every list is the first page of 20.
   */
  queryParserFix: boolean;
}

export const WORKOS_MAX_BODY_BYTES = 2_000 * 1024;

export function defaultQuirks(): ScimQuirks {
  return {
    workos: false,
    rateLimit: null,
    maxBodyBytes: null,
    totalResultsIsPageSize: false,
    caseInsensitiveUserNameFilter: false,
    queryParserFix: true,
  };
}

/** Restores every switch to its default (the object keeps its identity, so held references stay live). */
export function resetQuirks(quirks: ScimQuirks): void {
  Object.assign(quirks, defaultQuirks());
}

// ---- query parsing --------------------------------------------------------------------------------

/**
 * The sub-app's `query parser`. Express 5 re-parses `req.query` on every access, so scimmy-routers'
 * in-place conversion of `startIndex`/`count` is lost; with the fix on, the parser converts them itself.
 */
export function createQueryParser(quirks: ScimQuirks): (qs: string) => Record<string, string | number> {
  return (qs) => {
    const out: Record<string, string | number> = {};
    for (const [k, v] of new URLSearchParams(qs)) out[k] = v;
    if (quirks.queryParserFix) {
      for (const k of ['startIndex', 'count']) {
        const v = out[k];
        if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) out[k] = Number(v);
      }
    }
    return out;
  };
}

// ---- transport layer (before auth and SCIMMY) ---------------------------------------------------------

/**
 * Middleware in front of the SCIMMY router: rate limiting, the bare 413, body parsing with SCIM error
 * envelopes, and the `totalResults` rewrite of outgoing list responses. Runs before authentication,
 * like an edge limiter would.
 */
export function createQuirkLayer(quirks: ScimQuirks): Array<RequestHandler | ErrorRequestHandler> {
  const callsSeen = new WeakMap<RateLimitQuirk, number>();

  const gate: RequestHandler = (req, res, next) => {
    // Every SCIM answer is application/scim+json (express drops it on 204; the bare 413 removes it).
    res.setHeader('Content-Type', SCIM_CONTENT_TYPE);

    const rl = quirks.rateLimit;
    if (rl) {
      const seen = (callsSeen.get(rl) ?? 0) + 1;
      callsSeen.set(rl, seen);
      const times = rl.times ?? 1;
      if (seen >= rl.onCall && (times === 0 || seen < rl.onCall + times)) {
        res.setHeader('Retry-After', String(rl.retryAfterSeconds ?? 1));
        drain(req, () => sendScimError(res, 429, 'Too many requests. Retry after the number of seconds in Retry-After.'));
        return;
      }
    }

    const max = quirks.maxBodyBytes;
    const length = Number(req.headers['content-length'] ?? 0);
    if (max !== null && length > max) {
      // WorkOS answers oversize bodies with a bare 413: no SCIM envelope, no JSON.
      res.removeHeader('Content-Type');
      drain(req, () => void res.status(413).end());
      return;
    }

    if (quirks.totalResultsIsPageSize) {
      const json = res.json.bind(res);
      res.json = (body: unknown) => json(rewriteTotalResults(body));
    }
    next();
  };

  // Parse bodies here (scimmy-routers' own parser then sees a consumed stream and skips) so that
  // malformed JSON gets a SCIM `400 invalidSyntax` instead of a bare `application/json` error.
  const parse = express.json({ type: ['application/scim+json', 'application/json'], limit: SCIMMY_JSON_LIMIT });
  const parseErrors: ErrorRequestHandler = (err: unknown, _req, res, next) => {
    const type = err && typeof err === 'object' && 'type' in err ? String(err.type) : '';
    if (type === 'entity.parse.failed') return sendScimError(res, 400, 'Request body is not valid JSON', 'invalidSyntax');
    if (type === 'entity.too.large') return sendScimError(res, 413, `Request body exceeds ${SCIMMY_JSON_LIMIT} bytes`);
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') return sendScimError(res, 415, 'Unsupported request body encoding');
    next(err);
  };
  return [gate, parse, parseErrors];
}

/** scimmy-routers' JSON limit: SCIMMY's default bulk `maxPayloadSize` (1 MiB). */
const SCIMMY_JSON_LIMIT = 1_048_576;

/** Reads and discards the request body, then answers (so the client is not cut off mid-upload). */
function drain(req: Request, respond: () => void): void {
  if (req.readableEnded || req.headers['content-length'] === undefined || req.headers['content-length'] === '0') {
    respond();
    return;
  }
  req.on('end', respond);
  req.on('error', respond);
  req.resume();
}

function rewriteTotalResults(body: unknown): unknown {
  if (!body || typeof body !== 'object') return body;
  const plain = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  const schemas = plain.schemas;
  if (!Array.isArray(schemas) || !schemas.includes(LIST_RESPONSE_SCHEMA)) return body;
  plain.totalResults = Array.isArray(plain.Resources) ? plain.Resources.length : 0;
  return plain;
}

// ---- WorkOS request validation (after auth, inside the SCIMMY router) -------------------------------

const ARRAY_ATTRIBUTES = new Set(['emails', 'phonenumbers', 'ims', 'photos', 'addresses', 'groups', 'entitlements', 'roles', 'x509certificates', 'members', 'schemas']);
const OBJECT_ATTRIBUTES = new Set(['name', 'meta', 'manager']);
const BOOLEAN_ATTRIBUTES = new Set(['active', 'primary']);

function expectedType(key: string): string {
  const k = key.toLowerCase();
  if (BOOLEAN_ATTRIBUTES.has(k)) return 'boolean';
  if (ARRAY_ATTRIBUTES.has(k)) return 'array';
  if (OBJECT_ATTRIBUTES.has(k)) return 'object';
  return 'string';
}

/** The first `null` in a JSON value, as a dotted path (`name.givenName`, `emails[0].type`). */
function findNull(value: unknown, path: string): { path: string; key: string } | undefined {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      if (v === null) return { path: `${path}[${i}]`, key: path.split('.').pop() ?? path };
      const found = findNull(v, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = path ? `${path}.${k}` : k;
      if (v === null) return { path: p, key: k };
      const found = findNull(v, p);
      if (found) return found;
    }
  }
  return undefined;
}

function stringActive(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.entries(value).some(([k, v]) => k.toLowerCase() === 'active' && typeof v === 'string');
}

const ACTIVE_IS_STRING = "'active' is expected boolean, received string";

/**
 * Applies the WorkOS body rules to a parsed request body. Throws a SCIMMY error (sent by scimmy-routers'
 * error handler as a SCIM envelope). Only resource writes are checked (`POST /Users`, `PUT /Groups/{id}`,
 * `PATCH …`), not `/.search` or `/Bulk`.
 */
export function checkWorkosRequest(quirks: ScimQuirks, method: string, pathname: string, body: unknown): void {
  if (!quirks.workos) return;
  if (!/\/(Users|Groups)(\/[^/]+)?\/?$/i.test(pathname) || /\/\.search\/?$/i.test(pathname)) return;
  if (method === 'POST' || method === 'PUT') {
    const found = findNull(body, '');
    if (found) throw scimError(400, `'${found.path}' is expected ${expectedType(found.key)}, received null`, 'invalidSyntax');
    if (stringActive(body)) throw scimError(400, ACTIVE_IS_STRING, 'invalidSyntax');
  } else if (method === 'PATCH') {
    const ops = body && typeof body === 'object' ? (body as { Operations?: unknown }).Operations : undefined;
    if (!Array.isArray(ops)) return;
    for (const op of ops as unknown[]) {
      if (!op || typeof op !== 'object') continue;
      const { path, value } = op as { path?: unknown; value?: unknown };
      if (typeof path === 'string' && path.trim().toLowerCase() === 'active' && typeof value === 'string') throw scimError(400, ACTIVE_IS_STRING, 'invalidSyntax');
      if (path === undefined && stringActive(value)) throw scimError(400, ACTIVE_IS_STRING, 'invalidSyntax');
    }
  }
}

// ---- userName filter case-folding ------------------------------------------------------------------

const USERNAME_KEY = /^(urn:ietf:params:scim:schemas:core:2\.0:User:)?userName$/i;

function foldExpression(expr: unknown): unknown {
  if (!Array.isArray(expr)) return expr;
  const parts = expr as unknown[];
  // Several expressions joined with "and" on one attribute: [["sw","a"],["ew","b"]].
  if (parts.some((p) => Array.isArray(p) || (p !== null && typeof p === 'object'))) return parts.map((p) => (Array.isArray(p) ? foldExpression(p) : p));
  const out = [...parts];
  const comparatorAt = typeof out[0] === 'string' && out[0].toLowerCase() === 'not' ? 1 : 0;
  const valueAt = comparatorAt + 1;
  const v = out[valueAt];
  if (typeof v === 'string') out[valueAt] = v.toLowerCase();
  return out;
}

/**
 * A copy of a parsed SCIMMY filter whose `userName` comparison values are lower-cased, for matching
 * against resources whose `userName` is lower-cased too. Everything else is SCIMMY's own matching.
 */
export function foldUserNameFilter(filter: SCIMMY.Types.Filter): SCIMMY.Types.Filter {
  const terms = [...filter].map((term: Record<string, unknown>) => {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(term)) copy[k] = USERNAME_KEY.test(k) ? foldExpression(v) : v;
    return copy;
  });
  return new SCIMMY.Types.Filter(terms);
}

/** True when a parsed filter mentions `userName` anywhere at the top level of a term. */
export function mentionsUserName(filter: SCIMMY.Types.Filter): boolean {
  return [...filter].some((term: Record<string, unknown>) => Object.keys(term).some((k) => USERNAME_KEY.test(k)));
}
