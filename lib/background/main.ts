import { browser } from 'wxt/browser';
import { dispatch } from '../messaging/router.ts';
import { createHandlers } from './handlers.ts';

export function startBackground(): void {
  const handlers = createHandlers({ version: browser.runtime.getManifest().version, startedAt: new Date().toISOString() });
  const ownOrigin = browser.runtime.getURL('/');
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (sender.id !== browser.runtime.id) return undefined;
    const fromContentScript = !(sender.url ?? '').startsWith(ownOrigin);
    return dispatch(handlers, message, { fromContentScript });
  });
}
