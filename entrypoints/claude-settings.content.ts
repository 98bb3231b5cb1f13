import { browser } from 'wxt/browser';
import { checksFor } from '../lib/context/checks.ts';
import { send } from '../lib/messaging/client.ts';
import { renderPanel } from '../components/context/panel.ts';

export default defineContentScript({
  matches: ['https://claude.ai/settings/*', 'https://claude.ai/admin-settings/*'],
  runAt: 'document_idle',
  main(ctx) {
    const run = async () => {
      const url = new URL(location.href);
      const local = checksFor(url).flatMap((c) => c.detect(document));
      let fromWorker: Awaited<ReturnType<typeof send<'context/check'>>>['findings'] = [];
      try {
        fromWorker = (await send((m) => browser.runtime.sendMessage(m), { type: 'context/check', url: url.href })).findings;
      } catch {
        // The worker may be restarting; page-local findings still show.
      }
      renderPanel(document, [...local, ...fromWorker]);
    };
    void run();
    ctx.addEventListener(window, 'wxt:locationchange', () => void run());
  },
});
