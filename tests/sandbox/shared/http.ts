import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';

/** Anthropic-style request ids: `req_` + 24 base62-ish characters. */
export function newRequestId(): string {
  return 'req_' + randomBytes(18).toString('base64url').replace(/[-_]/g, 'x').slice(0, 24);
}

/** Reads the key from `x-api-key` or `Authorization: Bearer` (the SDK sends the latter). */
export function readApiKey(req: Request): string | undefined {
  const x = req.header('x-api-key');
  if (x !== undefined && x !== '') return x;
  const auth = req.header('authorization');
  const m = auth?.match(/^Bearer\s+(.+)$/i);
  return m?.[1];
}

/** Sends the platform-wide error envelope with a matching `request-id` header. */
export function sendApiError(res: Response, status: number, type: string, message: string, extraHeaders: Record<string, string> = {}): void {
  const requestId = (res.getHeader('request-id') as string | undefined) ?? newRequestId();
  res.setHeader('request-id', requestId);
  for (const [k, v] of Object.entries(extraHeaders)) res.setHeader(k, v);
  res.status(status).json({ type: 'error', error: { type, message }, request_id: requestId });
}

/**
 * Reads an array query parameter written in bracket syntax (`name[]=a&name[]=b`, brackets possibly
 * percent-encoded). Express's parser is replaced by a flat URLSearchParams parser in server.ts, so
 * values arrive as `req.query['name[]']` (string or string[]).
 */
export function arrayParam(req: Request, name: string): string[] | undefined {
  const raw = (req.query as Record<string, unknown>)[`${name}[]`];
  if (raw === undefined) return undefined;
  return Array.isArray(raw) ? (raw as string[]) : [raw as string];
}

export function stringParam(req: Request, name: string): string | undefined {
  const raw = (req.query as Record<string, unknown>)[name];
  if (raw === undefined) return undefined;
  return Array.isArray(raw) ? String(raw[raw.length - 1]) : String(raw);
}
