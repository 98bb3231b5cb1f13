import type { z } from 'zod';
import { redactSecrets } from '../../util/redact.ts';
import { systemClock, type Clock } from './clock.ts';
import { parseErrorBody } from './envelope.ts';
import { createApiError, sanitizeCause, type ApiError, type ApiErrorKind, type SchemaIssue } from './errors.ts';
import { defaultErrorMessage, type ErrorContext, type ErrorDescriber } from './messages.ts';
import { API_PRESETS, type AuthStyle } from './presets.ts';
import { getRequestLimiter, parseRateLimitHeaders, type ApiName, type Permit, type ObservedRateLimit, type RateLimitState, type RequestLimiter } from './rate-limit.ts';
import {
  DEFAULT_RETRY_POLICY,
  isIdempotentMethod,
  isRetryable,
  parseRetryAfterMs,
  parseShouldRetry,
  retryDelayMs,
  type AttemptFailure,
  type RetryPolicy,
} from './retry.ts';
import { buildUrl, normalizeBaseUrl, type Query } from './url.ts';

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Reported before each retry's wait (for job progress: "Rate limited, retrying in 25 s (attempt 2 of 5)"). */
export interface RetryInfo {
  api: ApiName;
  method: string;
  path: string;
  /** The attempt that just failed (1-based). */
  attempt: number;
  /** Most attempts this request may make (maxRetries + 1). */
  maxAttempts: number;
  /** Wait before the next attempt. */
  delayMs: number;
  /** The failure of `attempt` (redacted, like every error of this layer). */
  error: ApiError;
}

export interface HttpClientOptions {
  /** Selects the presets (auth style, headers, wording) and the shared request budget. */
  api: ApiName;
  /** Validated and normalised by `normalizeBaseUrl` (https, or http on loopback; trailing `/` removed). */
  baseUrl: string;
  /**
   * Returns the current credential. Called once per attempt, so the key lives only in the vault and
   * in the attempt's local scope; the client object never stores it.
   */
  credential: () => Promise<string>;
  /** Default from the API preset: `x-api-key` for Compliance and Analytics, `bearer` for SCIM. */
  auth?: AuthStyle;
  /** Merged over the preset headers (e.g. `anthropic-beta`). Must not contain a credential header. */
  defaultHeaders?: Readonly<Record<string, string>>;
  /** Per attempt, covering the response and its body. Default 30 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Default: the worker-wide limiter of `api` (`getRequestLimiter(api)`). */
  limiter?: RequestLimiter;
  /** Backoff sleeps. Default: real time. */
  clock?: Clock;
  /** Jitter source, [0, 1). Default Math.random. */
  random?: () => number;
  fetch?: typeof fetch;
  /** Wording overrides for messages ("Compliance API", "Compliance key", where to check it). */
  label?: string;
  credentialName?: string;
  credentialHelp?: string;
  describeError?: ErrorDescriber;
  onRetry?: (info: RetryInfo) => void;
  /**
   * Asked before every attempt, before the credential is read: may a credential go to `origin`?
   * The worker answers from its host permissions (`hostPermissionCheck`), so a base URL changed by
   * anything but the admin's own grant never receives a key. Without it every origin is allowed
   * (unit tests, Node tools).
   */
  authorizeOrigin?: (origin: string) => Promise<boolean>;
}

/** The part of `browser.permissions` {@link hostPermissionCheck} needs. */
export interface PermissionsLike {
  contains(permissions: { origins: string[] }): Promise<boolean>;
}

/**
 * The worker's `authorizeOrigin`: an origin may receive a credential only when the extension holds
 * host permission for it (granted at install, or by the admin from the options page).
 */
export function hostPermissionCheck(permissions: PermissionsLike): (origin: string) => Promise<boolean> {
  return async (origin) => {
    try {
      return await permissions.contains({ origins: [`${origin}/*`] });
    } catch {
      return false;
    }
  };
}

export interface RequestOptions<T> {
  /** Default GET. */
  method?: string;
  query?: Query;
  /** Sent as JSON with the API's media type. */
  body?: unknown;
  /** Validates the JSON body (and `undefined` for an empty body / 204). Without it, `data` is the raw JSON. */
  schema?: z.ZodType<T>;
  headers?: Readonly<Record<string, string>>;
  /** Cancels the request, including its wait for budget and any backoff. */
  signal?: AbortSignal;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /**
   * Whether re-sending cannot do harm. Default: true for GET, HEAD, OPTIONS, PUT, DELETE. Only
   * idempotent requests are retried after a network error, a timeout, 408/500/502/504 or a body
   * that could not be read. (A SCIM PATCH that adds or removes one member can set it.)
   */
  idempotent?: boolean;
  onRetry?: (info: RetryInfo) => void;
  describeError?: ErrorDescriber;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  /** `request-id` response header. */
  requestId: string | null;
  headers: Headers;
  /** `anthropic-ratelimit-requests-*` of this response, when sent. */
  rateLimit: ObservedRateLimit | null;
  /** Attempts it took (1 = first try). */
  attempts: number;
}

export interface HttpClient {
  readonly api: ApiName;
  readonly baseUrl: string;
  request<T = unknown>(path: string, options?: RequestOptions<T>): Promise<ApiResponse<T>>;
  /** The URL a request would go to (no credential involved). */
  url(path: string, query?: Query): string;
  /** This client's limiter state (the shared one unless a private limiter was given). */
  rateLimitState(): RateLimitState;
}

const CREDENTIAL_HEADERS = new Set(['authorization', 'x-api-key', 'proxy-authorization', 'cookie']);
/** Visible ASCII only: what an HTTP header value can carry without surprises. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

function checkHeaders(headers: Readonly<Record<string, string>> | undefined, where: string): void {
  for (const name of Object.keys(headers ?? {})) {
    if (CREDENTIAL_HEADERS.has(name.toLowerCase())) {
      throw new TypeError(`${where} must not set "${name}": the credential comes from the credential callback.`);
    }
  }
}

type AttemptResult<T> =
  | { ok: true; response: Omit<ApiResponse<T>, 'attempts'> }
  | {
      ok: false;
      failure: AttemptFailure;
      ctx: ErrorContext;
      requestId: string | undefined;
      retryAfterMs: number | undefined;
      issues: SchemaIssue[] | undefined;
      /** Already sanitised with the attempt's credential. */
      cause: Error | undefined;
    };

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) out += out === '' ? p : `.${p}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out;
}

function networkDetail(cause: Error | undefined): string | undefined {
  if (!cause) return undefined;
  const code = (cause as { code?: unknown }).code;
  const text = `${String(code ?? '')} ${cause.message}`;
  if (/ECONNREFUSED/i.test(text)) return 'connection refused';
  if (/ENOTFOUND|EAI_AGAIN/i.test(text)) return 'host not found';
  if (/ECONNRESET|UND_ERR_SOCKET|other side closed|socket hang up|terminated/i.test(text)) return 'the connection was dropped';
  if (/certificate|CERT_|SSL|TLS/i.test(text)) return 'the secure connection failed';
  return undefined;
}

/**
 * Creates the HTTP client of one connection. The client holds the base URL, the presets and the
 * credential *callback*; never the credential.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const preset = API_PRESETS[options.api];
  const api = options.api;
  const baseUrl = normalizeBaseUrl(options.baseUrl);
  const origin = new URL(baseUrl).origin;
  const auth = options.auth ?? preset.auth;
  checkHeaders(options.defaultHeaders, 'defaultHeaders');
  const defaultHeaders = { ...preset.headers, ...options.defaultHeaders };
  const clientTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clientRetry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...preset.retry, ...options.retry };
  const limiter = options.limiter ?? getRequestLimiter(api);
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const wording = {
    label: options.label ?? preset.label,
    credentialName: options.credentialName ?? preset.credentialName,
    credentialHelp: options.credentialHelp ?? preset.credentialHelp,
  };
  const credentialSupplier = options.credential;

  async function attempt<T>(
    method: string,
    path: string,
    url: string,
    req: RequestOptions<T>,
    timeoutMs: number,
  ): Promise<AttemptResult<T>> {
    const base: ErrorContext = { kind: 'http', api, ...wording, method, path, origin, timeoutMs };
    const fail = (
      kind: ApiErrorKind,
      extra: Partial<ErrorContext> & { unparseableBody?: boolean; shouldRetryHeader?: boolean; requestId?: string; retryAfterMs?: number; issues?: SchemaIssue[]; cause?: Error },
    ): AttemptResult<T> => ({
      ok: false,
      failure: { kind, status: extra.status, shouldRetryHeader: extra.shouldRetryHeader, unparseableBody: extra.unparseableBody },
      ctx: { ...base, kind, status: extra.status, apiErrorType: extra.apiErrorType, errorCode: extra.errorCode, serverMessage: extra.serverMessage, detail: extra.detail, retryAfterSeconds: extra.retryAfterSeconds },
      requestId: extra.requestId,
      retryAfterMs: extra.retryAfterMs,
      issues: extra.issues,
      cause: extra.cause,
    });

    // 0. Where the request goes is as secret-critical as the secret: no host permission, no credential.
    if (options.authorizeOrigin) {
      let allowed = false;
      try {
        allowed = await options.authorizeOrigin(origin);
      } catch {
        allowed = false;
      }
      if (!allowed) return fail('origin_not_permitted', {});
    }

    // 1. The credential, fetched for this attempt only.
    let secret: string;
    try {
      const value: unknown = await credentialSupplier();
      if (typeof value !== 'string' || value.trim() === '') return fail('credential', { detail: 'none has been entered' });
      secret = value.trim();
    } catch (e) {
      return fail('credential', { detail: 'it could not be read', cause: sanitizeCause(e, []) });
    }
    if (!HEADER_SAFE.test(secret)) {
      return fail('credential', { detail: 'it contains spaces, line breaks or other characters a key never has; paste it again' });
    }
    const secrets = [secret];
    const redact = (s: string): string => redactSecrets(s, secrets);

    // 2. Budget. The caller's signal aborts the wait.
    if (req.signal?.aborted) return fail('aborted', {});
    let permit: Permit;
    try {
      permit = await limiter.acquire(req.signal);
    } catch {
      return fail('aborted', {});
    }

    // 3. The exchange, under a per-attempt timeout linked to the caller's signal.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onCallerAbort = (): void => controller.abort();
    req.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const interrupted = (): AttemptResult<T> | undefined =>
      req.signal?.aborted ? fail('aborted', {}) : timedOut ? fail('timeout', {}) : undefined;

    try {
      const headers: Record<string, string> = { accept: preset.mediaType, ...defaultHeaders, ...req.headers };
      let body: string | undefined;
      if (req.body !== undefined) {
        body = JSON.stringify(req.body);
        headers['content-type'] = preset.mediaType;
      }
      if (auth === 'bearer') headers['authorization'] = `Bearer ${secret}`;
      else headers['x-api-key'] = secret;

      let res: Response;
      try {
        res = await doFetch(url, {
          method,
          headers,
          ...(body === undefined ? {} : { body }),
          signal: controller.signal,
          redirect: 'manual',
          credentials: 'omit',
          cache: 'no-store',
        });
      } catch (e) {
        const cause = sanitizeCause(e, secrets);
        return interrupted() ?? fail('network', { cause, detail: networkDetail(cause) });
      }

      const now = clock.now();
      const requestIdHeader = res.headers.get('request-id') ?? undefined;
      const retryAfterMs = res.ok ? undefined : parseRetryAfterMs(res.headers, now);
      limiter.observe(res.headers, { status: res.status, retryAfterMs });

      // Redirects are not followed: the key header would travel to whatever address the redirect names.
      if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
        void res.body?.cancel().catch(() => undefined);
        return fail('http', {
          status: res.status,
          requestId: requestIdHeader,
          serverMessage: 'The server answered with a redirect; the extension does not follow redirects so the credential is never sent elsewhere. Check the base URL.',
        });
      }

      let text: string;
      try {
        text = method === 'HEAD' || res.status === 204 || res.status === 205 ? '' : await res.text();
      } catch (e) {
        const cause = sanitizeCause(e, secrets);
        return interrupted() ?? fail('network', { cause, detail: networkDetail(cause) ?? 'the connection broke while reading the response' });
      }

      if (!res.ok) {
        const envelope = parseErrorBody(text);
        return fail('http', {
          status: res.status,
          apiErrorType: envelope?.errorType,
          errorCode: envelope?.errorCode,
          serverMessage: envelope?.message !== undefined ? redact(envelope.message) : undefined,
          requestId: requestIdHeader ?? envelope?.requestId,
          shouldRetryHeader: parseShouldRetry(res.headers),
          retryAfterMs,
          retryAfterSeconds: retryAfterMs !== undefined ? retryAfterMs / 1000 : undefined,
        });
      }

      let json: unknown = undefined;
      if (text.trim() !== '') {
        try {
          json = JSON.parse(text);
        } catch {
          // The parser's message quotes the body; it is not kept.
          const type = res.headers.get('content-type')?.split(';')[0]?.trim();
          return fail('invalid_response', {
            status: res.status,
            requestId: requestIdHeader,
            unparseableBody: true,
            shouldRetryHeader: parseShouldRetry(res.headers),
            detail: `the body is not valid JSON (${text.length} characters${type ? `, ${type}` : ''}); it may have been cut off`,
          });
        }
      }

      let data: T = json as T;
      if (req.schema) {
        const parsed = await req.schema.safeParseAsync(json);
        if (!parsed.success) {
          const issues: SchemaIssue[] = parsed.error.issues.map((i) => ({ path: redact(formatPath(i.path)), code: i.code, message: redact(i.message) }));
          const listed = issues
            .slice(0, 3)
            .map((i) => `${i.path}: ${i.message}`)
            .join('; ');
          return fail('invalid_response', {
            status: res.status,
            requestId: requestIdHeader,
            issues,
            detail: `${issues.length === 1 ? 'a field does' : `${issues.length} fields do`} not have the expected shape: ${listed}${issues.length > 3 ? '; …' : ''}`,
          });
        }
        data = parsed.data;
      }

      return {
        ok: true,
        response: { data, status: res.status, requestId: requestIdHeader ?? null, headers: res.headers, rateLimit: parseRateLimitHeaders(res.headers, now) },
      };
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onCallerAbort);
      permit.release();
    }
  }

  function toError(r: Extract<AttemptResult<unknown>, { ok: false }>, attempts: number, retryable: boolean, describe: ErrorDescriber | undefined): ApiError {
    const ctx: ErrorContext = { ...r.ctx, attempts };
    let message = describe?.(ctx) ?? defaultErrorMessage(ctx);
    if (attempts > 1 && r.failure.kind !== 'aborted') message = `${message.trimEnd()} (${attempts} attempts made.)`;
    return createApiError({
      kind: r.failure.kind,
      message,
      api,
      method: ctx.method,
      path: ctx.path,
      status: ctx.status,
      apiErrorType: ctx.apiErrorType,
      errorCode: ctx.errorCode,
      serverMessage: ctx.serverMessage,
      requestId: r.requestId,
      retryable,
      retryAfterSeconds: ctx.retryAfterSeconds,
      attempts,
      issues: r.issues,
      cause: r.cause,
    });
  }

  async function request<T = unknown>(path: string, req: RequestOptions<T> = {}): Promise<ApiResponse<T>> {
    const method = (req.method ?? 'GET').toUpperCase();
    checkHeaders(req.headers, 'Request headers');
    const url = buildUrl(baseUrl, path, req.query);
    const bare = (path.startsWith('/') ? path : `/${path}`).split('?')[0] ?? path;
    const policy: RetryPolicy = { ...clientRetry, ...req.retry };
    const idempotent = req.idempotent ?? isIdempotentMethod(method);
    const timeoutMs = req.timeoutMs ?? clientTimeout;
    const describe = req.describeError ?? options.describeError;
    const onRetry = req.onRetry ?? options.onRetry;
    let invalidJsonRetries = 0;

    for (let attemptNo = 1; ; attemptNo++) {
      const r = await attempt<T>(method, bare, url, req, timeoutMs);
      if (r.ok) return { ...r.response, attempts: attemptNo };

      const retryable = isRetryable(r.failure, idempotent);
      let again = retryable && attemptNo - 1 < policy.maxRetries;
      if (again && r.failure.kind === 'invalid_response') again = invalidJsonRetries < policy.invalidJsonRetries;
      if (again && r.retryAfterMs !== undefined && r.retryAfterMs > policy.maxRetryAfterMs) again = false;
      const error = toError(r, attemptNo, retryable, describe);
      if (!again) throw error;

      if (r.failure.kind === 'invalid_response') invalidJsonRetries++;
      const delayMs = retryDelayMs(attemptNo - 1, r.retryAfterMs, policy, random);
      // A 429 without retry-after still slows every caller of this API down for the backoff.
      if (r.failure.status === 429 && r.retryAfterMs === undefined) limiter.pause(delayMs, 'throttled');
      if (onRetry) {
        try {
          onRetry({ api, method, path: bare, attempt: attemptNo, maxAttempts: policy.maxRetries + 1, delayMs, error });
        } catch {
          // Progress reporting must not change the request's outcome.
        }
      }
      try {
        await clock.sleep(delayMs, req.signal);
      } catch {
        const aborted: Extract<AttemptResult<T>, { ok: false }> = {
          ok: false,
          failure: { kind: 'aborted' },
          ctx: { kind: 'aborted', api, ...wording, method, path: bare, origin, timeoutMs },
          requestId: undefined,
          retryAfterMs: undefined,
          issues: undefined,
          cause: undefined,
        };
        throw toError(aborted, attemptNo, false, describe);
      }
    }
  }

  return {
    api,
    baseUrl,
    request,
    url: (path, query) => buildUrl(baseUrl, path, query),
    rateLimitState: () => limiter.state(),
  };
}
