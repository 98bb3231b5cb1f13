import { browser } from 'wxt/browser';
import { send } from '../lib/messaging/client.ts';
import type { RequestOf, RequestType, ResponseOf } from '../lib/messaging/protocol.ts';

/** The pages' only way to reach the background worker. */
export function ask<T extends RequestType>(request: RequestOf<T>): Promise<ResponseOf<T>> {
  return send((m) => browser.runtime.sendMessage(m), request);
}
