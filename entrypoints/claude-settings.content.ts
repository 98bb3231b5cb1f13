import { browser } from 'wxt/browser';
import { startContextChecks } from '../components/context/content.ts';

// Every claude.ai page: the app navigates in-page, so the script must already be there when the admin
// opens a settings page from a chat. On pages no check matches it does nothing (no observer, no message).
export default defineContentScript({
  matches: ['https://claude.ai/*'],
  runAt: 'document_idle',
  main(ctx) {
    const checks = startContextChecks({ doc: document, href: () => location.href, send: (m) => browser.runtime.sendMessage(m) });
    ctx.addEventListener(window, 'wxt:locationchange', () => checks.locationChanged());
    ctx.onInvalidated(() => checks.stop());
  },
});
