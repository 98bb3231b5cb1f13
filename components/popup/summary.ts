import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { parsePopupSummary, POPUP_SUMMARY_KEY, type PopupSummary } from '../../lib/summary/popup.ts';

/**
 * The popup's first data: the summary the worker keeps in storage.session (lib/summary), kept current
 * through storage change events. When there is none yet (the worker has not run since the browser
 * started), it is built from the database, loaded only then. undefined while loading.
 */
export function usePopupSummary(): PopupSummary | undefined {
  const [summary, setSummary] = useState<PopupSummary | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== 'session' || !(POPUP_SUMMARY_KEY in changes)) return;
      const next = parsePopupSummary(changes[POPUP_SUMMARY_KEY]?.newValue);
      if (next) setSummary(next);
    };
    browser.storage.onChanged.addListener(onChanged);
    void (async () => {
      const stored = parsePopupSummary((await browser.storage.session.get(POPUP_SUMMARY_KEY))[POPUP_SUMMARY_KEY]);
      const next = stored ?? (await (await import('./fallback.ts')).summaryFromDatabase());
      // A change event may have arrived meanwhile: keep the newer one.
      if (live) setSummary((s) => (s && s.writtenAt > next.writtenAt ? s : next));
    })();
    return () => {
      live = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);
  return summary;
}
