import type { Response } from 'express';
import SCIMMY from 'scimmy';

export const SCIM_CONTENT_TYPE = 'application/scim+json';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export type ScimErrorType = SCIMMY.Messages.ErrorResponse.ValidScimTypes;

/**
 * A SCIMMY error to throw from handlers; the scimmy-routers error handler turns it into the RFC 7644
 * §3.12 envelope. (SCIMMY's declaration types `scimType` as a string; at run time "no scimType" is
 * any falsy value.)
 */
export function scimError(status: number, detail: string, scimType?: ScimErrorType): SCIMMY.Types.SCIMError {
  return new SCIMMY.Types.Error(status, scimType ?? '', detail);
}

/** Sends an error envelope for statuses the layer answers itself (SCIMMY's ErrorResponse rejects 429). */
export function sendScimError(res: Response, status: number, detail: string, scimType?: ScimErrorType): void {
  const body: Record<string, unknown> = { schemas: [ERROR_SCHEMA], status: String(status) };
  if (scimType) body.scimType = scimType;
  body.detail = detail;
  res.status(status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(body));
}
