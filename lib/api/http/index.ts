/**
 * The HTTP layer shared by the Compliance, Analytics and SCIM clients: one client per connection,
 * a worker-wide request budget per API, retries with backoff, typed and redacted errors.
 */
export { createHttpClient, DEFAULT_TIMEOUT_MS, hostPermissionCheck } from './client.ts';
export type { ApiResponse, HttpClient, HttpClientOptions, PermissionsLike, RequestOptions, RetryInfo } from './client.ts';
export {
  ApiAbortedError,
  ApiCredentialError,
  ApiError,
  ApiHttpError,
  ApiInvalidResponseError,
  ApiNetworkError,
  ApiOriginNotPermittedError,
  ApiTimeoutError,
  createApiError,
  isApiError,
} from './errors.ts';
export type { ApiErrorInit, ApiErrorKind, SchemaIssue } from './errors.ts';
export { defaultErrorMessage } from './messages.ts';
export type { ErrorContext, ErrorDescriber } from './messages.ts';
export { API_PRESETS, ANTHROPIC_VERSION } from './presets.ts';
export type { ApiPreset, AuthStyle } from './presets.ts';
export {
  configureRequestBudget,
  DEFAULT_BUDGETS,
  getRateLimitState,
  getRequestLimiter,
  parseRateLimitHeaders,
  RequestLimiter,
  resetRequestLimiters,
} from './rate-limit.ts';
export type { ApiName, BudgetOptions, ObservedRateLimit, PauseReason, Permit, RateLimitState } from './rate-limit.ts';
export {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  isIdempotentMethod,
  isRetryable,
  parseRetryAfterMs,
  parseShouldRetry,
  retryDelayMs,
  RETRYABLE_ANY_METHOD,
  RETRYABLE_IDEMPOTENT,
} from './retry.ts';
export type { AttemptFailure, RetryPolicy } from './retry.ts';
export { apiPath, buildUrl, encodeQuery, InvalidBaseUrlError, normalizeBaseUrl } from './url.ts';
export type { Query, QueryScalar, QueryValue } from './url.ts';
export { createVirtualClock, systemClock } from './clock.ts';
export type { Clock, VirtualClock } from './clock.ts';
export { parseErrorBody } from './envelope.ts';
export type { ParsedErrorBody } from './envelope.ts';
