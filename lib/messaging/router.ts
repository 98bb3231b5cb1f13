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

/** What the admin calls each field a page can send. */
const FIELD_WORDS: Record<string, string> = {
  secret: 'pasted key or token',
  passphrase: 'passphrase',
  url: 'page address',
  connection: 'connection',
  mode: 'storage choice',
  source: 'source',
};

/**
 * A plain sentence for a message that failed its schema: the admin sees it when, say, a paste is far
 * too long. Never zod's own text (which is for developers) and never the value itself.
 */
function describeInvalid(type: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const field = typeof issue?.path[0] === 'string' ? issue.path[0] : undefined;
  const words = field ? (FIELD_WORDS[field] ?? field) : undefined;
  if (issue?.code === 'too_big' && words) {
    const max = 'maximum' in issue ? Number(issue.maximum) : undefined;
    return `The ${words} is too long${max ? ` (at most ${max.toLocaleString('en-US')} characters)` : ''}. Paste only the ${field === 'passphrase' ? 'passphrase' : 'secret itself, without surrounding text'}.`;
  }
  if (issue?.code === 'too_small' && words) return `The ${words} is empty. Fill it in and try again.`;
  return `The extension could not read this request (${type.slice(0, 64)}${words ? `, ${words}` : ''}). Reload the page and try again.`;
}

/**
 * Validates and dispatches one raw message. Never throws: every failure becomes an error envelope, so a
 * malformed message cannot take the worker down.
 */
export async function dispatch(handlers: Handlers, raw: unknown, sender: SenderInfo): Promise<Envelope<unknown>> {
  const typeOnly = z.object({ type: z.string() }).safeParse(raw);
  if (!typeOnly.success) return { ok: false, error: { code: 'bad_request', message: 'Message must be an object with a string "type".' } };
  // A content script is refused by type before its payload is parsed: what it sends for a privileged
  // request never reaches a schema, and the answer says nothing about what that schema expects.
  if (sender.fromContentScript && !(CONTENT_SCRIPT_ALLOWED as ReadonlySet<string>).has(typeOnly.data.type)) {
    return { ok: false, error: { code: 'forbidden', message: `"${typeOnly.data.type.slice(0, 64)}" is not available to web pages.` } };
  }
  const parsed = RequestSchema.safeParse(raw);
  if (!parsed.success) {
    const known = RequestSchema.options.some((o) => o.shape.type.value === typeOnly.data.type);
    return known
      ? { ok: false, error: { code: 'bad_request', message: describeInvalid(typeOnly.data.type, parsed.error) } }
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
