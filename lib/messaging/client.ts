import type { RequestOf, RequestType, ResponseOf } from './protocol.ts';

/** The error a page sees when the background answered with an error envelope. */
export class MessageError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'MessageError';
  }
}

export type Transport = (message: unknown) => Promise<unknown>;

/** Sends a typed request through `transport` (browser.runtime.sendMessage) and validates the answer. */
export async function send<T extends RequestType>(transport: Transport, request: RequestOf<T>): Promise<ResponseOf<T>> {
  // The schemas (and zod) load with the first message rather than with the page, so a page's first
  // paint does not wait for them (the toolbar popup must be interactive within 150 ms).
  const [raw, { EnvelopeSchema, ResponseSchemas }] = await Promise.all([transport(request), import('./protocol.ts')]);
  const envelope = EnvelopeSchema.safeParse(raw);
  if (!envelope.success) throw new MessageError('bad_response', 'The background worker gave an unexpected answer. Reload the extension and try again.');
  if (!envelope.data.ok) throw new MessageError(envelope.data.error.code, envelope.data.error.message);
  const schema = ResponseSchemas[request.type];
  return schema.parse(envelope.data.data) as ResponseOf<T>;
}
