import type { Request, Response } from 'express';
import type { SandboxKey } from '../shared/contracts.ts';
import type { SandboxOrg } from '../generator/index.ts';
import type { ApiKeyRecord } from '../generator/api-keys.ts';

export const SCOPE = {
  activities: 'read:compliance_activities',
  userData: 'read:compliance_user_data',
  orgData: 'read:compliance_org_data',
  delete: 'delete:compliance_user_data',
} as const;

/** What the endpoint handlers share. */
export interface ApiState {
  org: SandboxOrg;
  /** The sandbox clock (epoch ms). */
  clock: () => number;
  /** `api_keys[]` of the settings endpoint. */
  apiKeys: ApiKeyRecord[];
  /** How A1 reports `first_id`/`last_id`: opaque cursors (default) or raw activity ids. */
  activityCursorStyle: 'opaque' | 'id';
}

/** The authenticated caller of one request. */
export interface RequestCtx {
  key: SandboxKey;
  /** Effective scopes (an Admin API key only ever has `read:compliance_activities`). */
  scopes: readonly string[];
  apiKeyId: string;
}

export type Handler = (req: Request, res: Response, ctx: RequestCtx) => void;

export interface RouteDef {
  method: 'get' | 'delete';
  path: string;
  scope: string;
  handler: Handler;
}

/** A path parameter as a string (Express 5 types them as string | string[]). */
export function pathParam(req: Request, name: string): string {
  const v = (req.params as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v.join('/') : (v ?? '');
}
