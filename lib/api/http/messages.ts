import type { ApiErrorKind } from './errors.ts';
import type { ApiName } from './rate-limit.ts';

/** Everything known about a failure when its admin-facing message is written. Never holds the credential. */
export interface ErrorContext {
  kind: ApiErrorKind;
  api: ApiName | null;
  /** "Compliance API" */
  label: string;
  /** "Compliance key" */
  credentialName: string;
  credentialHelp: string;
  method: string;
  /** Path without the query string. */
  path: string;
  /** `https://api.anthropic.com` */
  origin: string;
  status?: number | undefined;
  apiErrorType?: string | undefined;
  /** `error.details.error_code`, when the server named the refusal. */
  errorCode?: string | undefined;
  serverMessage?: string | undefined;
  retryAfterSeconds?: number | undefined;
  timeoutMs?: number | undefined;
  /** invalid_response: what could not be read. credential: why no credential was available. */
  detail?: string | undefined;
  attempts?: number | undefined;
}

/**
 * Supplies API-specific wording (e.g. Analytics answers 404 when the key lacks access). Return
 * undefined to use the generic text. The text is redacted; the request id is not part of it (it is
 * `ApiError.requestId`, which the UI shows next to the message).
 */
export type ErrorDescriber = (ctx: ErrorContext) => string | undefined;

function seconds(s: number): string {
  const n = Math.max(1, Math.ceil(s));
  return n === 1 ? '1 second' : `${n} seconds`;
}

function quoted(serverMessage: string | undefined): string {
  return serverMessage ? ` The server said: "${serverMessage.slice(0, 500)}"` : '';
}

/** Generic admin-facing text: what happened, then what to do. */
export function defaultErrorMessage(ctx: ErrorContext): string {
  const { label } = ctx;
  switch (ctx.kind) {
    case 'aborted':
      return `The request to the ${label} was cancelled.`;
    case 'origin_not_permitted':
      return `The ${ctx.credentialName} was not sent: the extension has no host access to ${ctx.origin}, so nothing went there. If that address is right, open the extension's options and save it again to grant access; if you did not set it, restore the usual address (https://api.anthropic.com for the Compliance and Analytics APIs).`;
    case 'credential':
      return `No ${ctx.credentialName} is available${ctx.detail ? ` (${ctx.detail})` : ''}. Enter it again in the extension's options, or unlock the saved credentials.`;
    case 'network':
      return `Could not reach the ${label} at ${ctx.origin}${ctx.detail ? ` (${ctx.detail})` : ''}. Check the network connection and the base URL in the extension's options (and that the extension may reach that address), then try again.`;
    case 'timeout':
      return `The ${label} did not answer within ${seconds((ctx.timeoutMs ?? 0) / 1000)}. Try again later; if it keeps happening, check the network connection.`;
    case 'invalid_response':
      return `The ${label} sent a response this extension could not read (${ctx.detail ?? 'unexpected format'}). Try again; if it persists the API may have changed: report it together with the request ID.`;
    case 'http':
      break;
  }
  const status = ctx.status ?? 0;
  const said = quoted(ctx.serverMessage);
  switch (status) {
    case 400:
    case 422:
      return `The ${label} rejected the request as invalid (HTTP ${status}).${said} This usually means a filter or setting the extension sent is not accepted; adjust it, or report it if it persists.`;
    case 401:
      return `The ${ctx.credentialName} was rejected: it is invalid or has been revoked. ${ctx.credentialHelp}`;
    case 403:
      return `The ${ctx.credentialName} is not allowed to do this (a permission or scope is missing).${said} ${ctx.credentialHelp}`;
    case 404:
      return `The ${label} found nothing at ${ctx.path} (HTTP 404): it may have been deleted, or the ${ctx.credentialName} cannot see it.${said}`;
    case 409:
      return `The ${label} refused the change because it conflicts with the current state (HTTP 409).${said}`;
    case 410:
      return `The ${label} no longer has what was requested (HTTP 410; for example an expired page cursor). Run the job again from the start.${said}`;
    case 413:
      return `The request was too large for the ${label} (HTTP 413). Send less data at once.`;
    case 429:
      return (
        `The ${label} rate limit was reached; the organization's budget is shared with other integrations.` +
        (ctx.retryAfterSeconds !== undefined ? ` Try again in ${seconds(ctx.retryAfterSeconds)},` : ' Try again in a minute,') +
        ` or lower this extension's request budget in its options.`
      );
    case 529:
      return `The ${label} is overloaded (HTTP 529). Try again in a few minutes.`;
    default:
      if (status >= 500) return `The ${label} had a problem on its side (HTTP ${status}).${said} Try again in a few minutes; if it persists, check the service's status page.`;
      return `The ${label} answered HTTP ${status}.${said}`;
  }
}
