import { redactSecrets } from '../../util/redact.ts';
import type { ApiName } from './rate-limit.ts';

/**
 * Typed failures of the HTTP layer. Every instance is safe to show, log, save or send to another
 * extension context: the message, the server's message and the `cause` are redacted (the credential
 * of the request verbatim, plus anything shaped like a key or token), and no property holds request
 * headers or the raw body.
 */

export type ApiErrorKind = 'http' | 'network' | 'timeout' | 'aborted' | 'invalid_response' | 'credential' | 'origin_not_permitted';

/** One failed check of the caller's zod schema: where, and what was expected (never the data). */
export interface SchemaIssue {
  /** JSON-path-like location, e.g. `data[3].actor.email_address` (`(root)` for the whole body). */
  path: string;
  code: string;
  message: string;
}

export interface ApiErrorInit {
  kind: ApiErrorKind;
  /** Admin-facing text (redacted again here). */
  message: string;
  api: ApiName | null;
  method: string;
  /** Request path without the query string. */
  path: string;
  status?: number | undefined;
  /** `error.type` of the Anthropic envelope, or `scimType` of a SCIM error. */
  apiErrorType?: string | undefined;
  errorCode?: string | undefined;
  /** The server's own message (`error.message` / SCIM `detail`), redacted. */
  serverMessage?: string | undefined;
  requestId?: string | undefined;
  retryable?: boolean | undefined;
  retryAfterSeconds?: number | undefined;
  attempts?: number | undefined;
  issues?: readonly SchemaIssue[] | undefined;
  /** Anything thrown underneath; only its name and redacted message are kept. */
  cause?: unknown;
}

/** A copy of `cause` that keeps the name, a redacted message and a `code`, and nothing else. */
export function sanitizeCause(cause: unknown, knownSecrets: readonly string[]): Error | undefined {
  if (cause === undefined || cause === null) return undefined;
  const name = cause instanceof Error ? cause.name : typeof cause;
  const rawMessage = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : '';
  const nested = cause instanceof Error ? (cause as { cause?: unknown }).cause : undefined;
  const nestedCode = nested && typeof nested === 'object' && 'code' in nested ? String((nested as { code: unknown }).code) : undefined;
  const nestedMessage = nested instanceof Error ? nested.message : undefined;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : nestedCode;
  const text = [rawMessage, nestedMessage].filter((s): s is string => !!s && s.length > 0).join(': ');
  const safe = new Error(redactSecrets(text, knownSecrets).slice(0, 500));
  safe.name = name;
  // Drop the copy's own stack: it would only point here.
  Object.defineProperty(safe, 'stack', { value: `${name}: ${safe.message}`, enumerable: false, configurable: true, writable: true });
  if (code !== undefined) Object.defineProperty(safe, 'code', { value: redactSecrets(code, knownSecrets), enumerable: true });
  return safe;
}

export class ApiError extends Error {
  override name = 'ApiError';
  readonly kind: ApiErrorKind;
  readonly api: ApiName | null;
  readonly method: string;
  readonly path: string;
  /** HTTP status, when a response arrived. */
  readonly status: number | null;
  readonly apiErrorType: string | null;
  /** `error.details.error_code`, when the server named the refusal (e.g. `report_page_too_large`). */
  readonly errorCode: string | null;
  readonly serverMessage: string | null;
  /** `request-id` header or the body's `request_id`: quote it to support. */
  readonly requestId: string | null;
  /** Whether this failure could be retried (after the client's own attempts ran out, a later run may succeed). */
  readonly retryable: boolean;
  /** The server's `retry-after`, in seconds, when it sent one. */
  readonly retryAfterSeconds: number | null;
  /** Attempts made (1 = no retry). */
  attempts: number;
  /** Schema failures (invalid_response only). */
  readonly issues: readonly SchemaIssue[];

  constructor(init: ApiErrorInit, knownSecrets: readonly string[] = []) {
    const cause = sanitizeCause(init.cause, knownSecrets);
    super(redactSecrets(init.message, knownSecrets), cause ? { cause } : undefined);
    this.kind = init.kind;
    this.api = init.api;
    this.method = init.method;
    this.path = redactSecrets(init.path, knownSecrets);
    this.status = init.status ?? null;
    this.apiErrorType = init.apiErrorType !== undefined ? redactSecrets(init.apiErrorType, knownSecrets) : null;
    this.errorCode = init.errorCode !== undefined ? redactSecrets(init.errorCode, knownSecrets) : null;
    this.serverMessage = init.serverMessage !== undefined ? redactSecrets(init.serverMessage, knownSecrets) : null;
    this.requestId = init.requestId ?? null;
    this.retryable = init.retryable ?? false;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.attempts = init.attempts ?? 1;
    this.issues = (init.issues ?? []).map((i) => ({ path: redactSecrets(i.path, knownSecrets), code: i.code, message: redactSecrets(i.message, knownSecrets) }));
  }

  /** A plain, redacted record for logs, the audit table and messages between extension contexts. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      api: this.api,
      method: this.method,
      path: this.path,
      status: this.status,
      apiErrorType: this.apiErrorType,
      errorCode: this.errorCode,
      serverMessage: this.serverMessage,
      requestId: this.requestId,
      retryable: this.retryable,
      retryAfterSeconds: this.retryAfterSeconds,
      attempts: this.attempts,
      issues: this.issues,
    };
  }
}

/** The server answered with a non-2xx status. */
export class ApiHttpError extends ApiError {
  override name = 'ApiHttpError';
}
/** No response: DNS, refused or reset connection, a connection dropped before or during the body. */
export class ApiNetworkError extends ApiError {
  override name = 'ApiNetworkError';
}
/** No complete response within the per-request timeout. */
export class ApiTimeoutError extends ApiError {
  override name = 'ApiTimeoutError';
}
/** The caller cancelled (its AbortSignal fired) while waiting for budget, a response or a backoff. */
export class ApiAbortedError extends ApiError {
  override name = 'ApiAbortedError';
}
/** A 2xx whose body is not JSON (truncated, HTML …) or does not match the caller's schema. */
export class ApiInvalidResponseError extends ApiError {
  override name = 'ApiInvalidResponseError';
}
/** The credential supplier failed or returned nothing usable (vault locked, key never entered …). */
export class ApiCredentialError extends ApiError {
  override name = 'ApiCredentialError';
}

/**
 * The extension holds no host permission for the request's origin, so no credential was attached and
 * nothing was sent (the base URL was changed to an address the admin never granted).
 */
export class ApiOriginNotPermittedError extends ApiError {
  override name = 'ApiOriginNotPermittedError';
}

const CLASSES = {
  http: ApiHttpError,
  network: ApiNetworkError,
  timeout: ApiTimeoutError,
  aborted: ApiAbortedError,
  invalid_response: ApiInvalidResponseError,
  credential: ApiCredentialError,
  origin_not_permitted: ApiOriginNotPermittedError,
} satisfies Record<ApiErrorKind, typeof ApiError>;

/** Builds the subclass that matches `init.kind`. */
export function createApiError(init: ApiErrorInit, knownSecrets: readonly string[] = []): ApiError {
  return new CLASSES[init.kind](init, knownSecrets);
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
