import { z } from 'zod';
import { redactSecrets } from '../util/redact.ts';
import {
  CONTENT_SCRIPT_ALLOWED,
  RequestSchema,
  type Envelope,
  type RequestOf,
  type RequestType,
  type ResponseOf,
} from './protocol.ts';

export type Handlers = { [T in RequestType]: (request: RequestOf<T>) => Promise<ResponseOf<T>> };

/** Who sent a message: an extension page, or a content script running in a web page. */
export interface SenderInfo {
  fromContentScript: boolean;
}

/**
 * Validates and dispatches one raw message. Never throws: every failure becomes an error envelope, so a
 * malformed message cannot take the worker down.
 */
export async function dispatch(handlers: Handlers, raw: unknown, sender: SenderInfo): Promise<Envelope<unknown>> {
  const typeOnly = z.object({ type: z.string() }).safeParse(raw);
  if (!typeOnly.success) return { ok: false, error: { code: 'bad_request', message: 'Message must be an object with a string "type".' } };
  const parsed = RequestSchema.safeParse(raw);
  if (!parsed.success) {
    const known = RequestSchema.options.some((o) => o.shape.type.value === typeOnly.data.type);
    return known
      ? { ok: false, error: { code: 'bad_request', message: `Malformed "${typeOnly.data.type}" message: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}` } }
      : { ok: false, error: { code: 'unknown_type', message: `Unknown message type "${typeOnly.data.type.slice(0, 64)}".` } };
  }
  const request = parsed.data;
  if (sender.fromContentScript && !CONTENT_SCRIPT_ALLOWED.has(request.type)) {
    return { ok: false, error: { code: 'forbidden', message: `"${request.type}" is not available to web pages.` } };
  }
  try {
    const handler = handlers[request.type] as (r: typeof request) => Promise<unknown>;
    return { ok: true, data: await handler(request) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'failed', message: redactSecrets(message) } };
  }
}
