/**
 * Redaction of credentials from any text the product shows, logs, exports or saves.
 *
 * Two layers:
 * - pattern-based: anything shaped like an Anthropic key (`sk-ant-<kind>NN-…`), a bearer token,
 *   a JWT, a URL password, or a credential-looking value after `Authorization:`, `x-api-key:`,
 *   `token=`, `api_key=`, `secret=`, `password=` … is masked wherever it appears;
 * - exact: callers that know the secret in use (the HTTP layer knows the credential of the
 *   request it is making) pass it in `knownSecrets`, so opaque tokens without a recognisable shape
 *   (a SCIM bearer token echoed by a server, say) are masked too.
 *
 * The output is stable under repetition: `redactSecrets(redactSecrets(x)) === redactSecrets(x)`.
 */

export const REDACTED = '[REDACTED]';

/** Anthropic keys: `sk-ant-api01-…`, `sk-ant-admin01-…`, `sk-ant-api03-…`, `sk-ant-oat01-…`, and malformed `sk-ant-…` fragments. */
const ANTHROPIC_KEY = /\bsk-ant-[A-Za-z0-9_-]*/gi;
const ANTHROPIC_KIND = /^sk-ant-([a-z]+\d*)-/i;

/** `Bearer <token>` in any context (headers, curl snippets, prose copied from a log). */
const BEARER = /\b(Bearer)(\s+)(?!\[REDACTED\])([A-Za-z0-9\-._~+/]+=*)/gi;
/** Words that follow "Bearer" in ordinary prose rather than a real token. */
const BEARER_PROSE = new Set(['token', 'tokens', 'auth', 'authentication', 'scheme', 'header', 'authorization', 'credentials', 'credential']);

/** `Authorization: <scheme> <value>` / `x-api-key: <value>` (also JSON and `=` forms); any value length. */
const HEADER_VALUE = /\b((?:proxy-)?authorization|x-api-key|x-auth-token)(["']?\s*[:=]\s*["']?)((?:(?:bearer|basic|digest|token|ssws)\s+)?)([^\s"',;&]+)/gi;

/** `token=…`, `api_key: …`, `"client_secret": "…"`: only long opaque values, so prose such as "token: expired" stays readable. */
const NAMED_OPAQUE =
  /(?<![A-Za-z0-9_-])(access[_-]?token|refresh[_-]?token|id[_-]?token|auth[_-]?token|bearer[_-]?token|scim[_-]?token|token|api[_-]?key|apikey|client[_-]?secret|secret|private[_-]?key)(["']?\s*[:=]\s*["']?)(?!\[REDACTED\])([A-Za-z0-9\-._~+/]{16,}=*)/gi;

/** `password=…` / `"passwd": "…"`: any value. */
const PASSWORD = /(?<![A-Za-z0-9_-])(password|passwd|passphrase)(["']?\s*[:=]\s*["']?)(?!\[REDACTED\])([^\s"',;&]+)/gi;

/** JSON Web Tokens (header.payload.signature, base64url). */
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;

/** `scheme://user:password@host` */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)(?!\[REDACTED\])([^\s/@]+)@/gi;

/** Secrets shorter than this are not replaced by exact match (they would mangle ordinary words). */
const MIN_KNOWN_SECRET_LENGTH = 8;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Masks credentials in `text`. `knownSecrets` are replaced wherever they occur (raw and
 * percent-encoded), before the patterns run.
 */
export function redactSecrets(text: string, knownSecrets: Iterable<string | undefined | null> = []): string {
  let out = String(text);
  for (const secret of knownSecrets) {
    if (typeof secret !== 'string') continue;
    const s = secret.trim();
    if (s.length < MIN_KNOWN_SECRET_LENGTH) continue;
    const forms = new Set([s, encodeURIComponent(s)]);
    for (const form of forms) out = out.replace(new RegExp(escapeRegExp(form), 'g'), REDACTED);
  }
  out = out.replace(ANTHROPIC_KEY, (m: string) => {
    const prefix = ANTHROPIC_KIND.exec(m)?.[0] ?? 'sk-ant-';
    // Nothing after the prefix: already redacted (`sk-ant-api01-[REDACTED]`) or no secret at all.
    return m.length === prefix.length ? m : `${prefix}${REDACTED}`;
  });
  out = out.replace(JWT, REDACTED);
  out = out.replace(URL_PASSWORD, (_m, head: string) => `${head}${REDACTED}@`);
  out = out.replace(HEADER_VALUE, (m: string, name: string, sep: string, scheme: string, value: string) =>
    value.startsWith(REDACTED) ? m : `${name}${sep}${scheme}${REDACTED}`,
  );
  // "…not a SCIM bearer token." is prose: the sentence's full stop is not part of a token.
  out = out.replace(BEARER, (m, word: string, space: string, value: string) =>
    BEARER_PROSE.has(value.replace(/[.]+$/, '').toLowerCase()) ? m : `${word}${space}${REDACTED}`,
  );
  out = out.replace(NAMED_OPAQUE, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`);
  out = out.replace(PASSWORD, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`);
  return out;
}

/** True when `text` contains something `redactSecrets` would mask. */
export function containsSecret(text: string, knownSecrets: Iterable<string | undefined | null> = []): boolean {
  return redactSecrets(text, knownSecrets) !== text;
}

/**
 * Deep copy of `value` with every string redacted (object keys included), for structured logs and
 * exports. Cycles become `"[Circular]"`; Errors become `{ name, message, stack }`.
 */
export function redactValue(value: unknown, knownSecrets: readonly (string | undefined | null)[] = [], seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactSecrets(value, knownSecrets);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactSecrets(value.message, knownSecrets),
      ...(value.stack === undefined ? {} : { stack: redactSecrets(value.stack, knownSecrets) }),
    };
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, knownSecrets, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[redactSecrets(k, knownSecrets)] = redactValue(v, knownSecrets, seen);
  return out;
}
