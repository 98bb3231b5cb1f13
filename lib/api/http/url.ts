import { redactSecrets } from '../../util/redact.ts';

/** A scalar query value. `Date` is sent as RFC 3339 (`toISOString()`). */
export type QueryScalar = string | number | boolean | Date;
/** `undefined`/`null` drop the parameter; an array is sent once per element in bracket syntax. */
export type QueryValue = QueryScalar | readonly QueryScalar[] | null | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export class InvalidBaseUrlError extends Error {
  override name = 'InvalidBaseUrlError';
}

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname) || hostname.endsWith('.localhost');
}

/**
 * Validates a connection's base URL and returns it without trailing slashes.
 * Rules: absolute `https://` URL (plain `http://` only for loopback hosts, which the sandbox and
 * e2e builds use); no user name or password in it; no query string or fragment. The path is kept
 * (a SCIM base URL is `https://api.workos.com/scim/v2.0/<directory>`).
 */
export function normalizeBaseUrl(input: string): string {
  const raw = input.trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidBaseUrlError(`"${redactSecrets(raw).slice(0, 200)}" is not a full URL. Enter one such as https://api.anthropic.com`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new InvalidBaseUrlError(`The API base URL must start with https:// (plain http:// is allowed only for 127.0.0.1 and localhost). Got ${url.protocol}//${url.host}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new InvalidBaseUrlError('The API base URL must not contain a user name or password; the credential is sent in a header.');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new InvalidBaseUrlError('The API base URL must not contain a query string (?…) or fragment (#…).');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function scalar(v: QueryScalar): string {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new RangeError('Invalid Date in query parameters');
    return v.toISOString();
  }
  return String(v);
}

/** Encodes a parameter name, keeping brackets and dots readable (`activity_types[]`, `created_at.gte`). */
function encodeName(name: string): string {
  return encodeURIComponent(name).replace(/%5B/gi, '[').replace(/%5D/gi, ']');
}

/**
 * Serialises query parameters. Arrays use bracket syntax, one pair per value
 * (`activity_types[]=a&activity_types[]=b`); a name given as `ids[]` is not bracketed twice.
 * `undefined`, `null` and empty arrays are left out. Order follows the object's key order.
 */
export function encodeQuery(query: Query | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      const key = encodeName(name.endsWith('[]') ? name : `${name}[]`);
      for (const v of value as readonly QueryScalar[]) parts.push(`${key}=${encodeURIComponent(scalar(v))}`);
    } else {
      parts.push(`${encodeName(name)}=${encodeURIComponent(scalar(value as QueryScalar))}`);
    }
  }
  return parts.join('&');
}

/**
 * Joins a normalised base URL and a path by string concatenation (never `new URL(path, base)`, which
 * would drop the base's own path, e.g. SCIM's `/scim/v2.0/<directory>`).
 */
export function buildUrl(baseUrl: string, path: string, query?: Query): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) {
    throw new TypeError('Request paths are relative to the connection base URL; absolute URLs are not accepted.');
  }
  const p = path === '' ? '' : path.startsWith('/') ? path : `/${path}`;
  const qs = encodeQuery(query);
  return qs === '' ? `${baseUrl}${p}` : `${baseUrl}${p}${p.includes('?') ? '&' : '?'}${qs}`;
}

/**
 * Tagged template for paths with ids: every interpolated value is percent-encoded as one segment.
 * `apiPath\`/v1/compliance/organizations/${orgId}/users\``
 */
export function apiPath(strings: TemplateStringsArray, ...values: ReadonlyArray<string | number>): string {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += encodeURIComponent(String(v)) + (strings[i + 1] ?? '');
  });
  return out;
}
