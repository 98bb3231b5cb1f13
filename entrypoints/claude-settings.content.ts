import { browser } from 'wxt/browser';
import { checksFor } from '../lib/context/checks.ts';
import { send } from '../lib/messaging/client.ts';
import { renderPanel } from '../components/context/panel.ts';
import { createContextChecks } from '../components/context/controller.ts';

export default defineContentScript({
  matches: ['https://claude.ai/settings/*', 'https://claude.ai/admin-settings/*'],
  runAt: 'document_idle',
  main(ctx) {
    const checks = createContextChecks({
      collect: async () => {
        const url = new URL(location.href);
        const local = checksFor(url).flatMap((c) => c.detect(document));
        try {
          return [...local, ...(await send((m) => browser.runtime.sendMessage(m), { type: 'context/check', url: url.href })).findings];
        } catch {
          return local; // The worker may be restarting; page-local findings still show.
        }
      },
      render: (findings) => renderPanel(document, findings),
    });
    void checks.runNow();
    ctx.addEventListener(window, 'wxt:locationchange', () => checks.locationChanged());
    ctx.onInvalidated(() => checks.stop());
  },
});
