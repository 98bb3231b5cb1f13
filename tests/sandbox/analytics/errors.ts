import type { Response } from 'express';
import { newRequestId } from '../shared/http.ts';

/** An error answer in the platform-wide envelope; thrown by validators, sent by the router. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function badRequest(message: string, details?: Record<string, unknown>): ApiError {
  return new ApiError(400, 'invalid_request_error', message, details);
}

/**
 * Sends `{type:"error", error:{type, message[, details]}, request_id}` with a matching `request-id`
 * header (same envelope as shared/http.ts `sendApiError`, plus the optional `error.details` object
 * that the SDK inspects for `organization_not_enrolled_in_beta`).
 */
export function sendError(res: Response, err: ApiError): void {
  const requestId = (res.getHeader('request-id') as string | undefined) ?? newRequestId();
  res.setHeader('request-id', requestId);
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  const error: Record<string, unknown> = { type: err.type, message: err.message };
  if (err.details) error.details = err.details;
  res.status(err.status).json({ type: 'error', error, request_id: requestId });
}
