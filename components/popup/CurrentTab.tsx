import { browser } from 'wxt/browser';
import { ask } from '../extension.ts';
import { useAsync } from '../useAsync.ts';
import { ApiText } from '../ApiText.tsx';
import { Status } from '../Status.tsx';

/** The active tab: its URL only when it is a claude.ai page (the popup sees it through activeTab), and its id. */
async function currentTab(): Promise<{ url?: string; tabId?: number }> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (!tab) return {};
  const url = tab.url && /^https:\/\/claude\.ai\//.test(tab.url) ? tab.url : undefined;
  return { ...(url ? { url } : {}), ...(tab.id !== undefined ? { tabId: tab.id } : {}) };
}

/**
 * What the context checks say about the current tab: on a claude.ai page they apply to, each check with
 * the extension's facts; elsewhere, the admin's next task and a button that opens the claude.ai page for it.
 */
export function CurrentTab() {
  const state = useAsync(async () => ask({ type: 'context/tab', ...(await currentTab()) }));
  if (state.error || !state.data) return null;
  const { checks, suggestion } = state.data;
  const restore = async (check: string) => {
    await ask({ type: 'context/dismiss', check, dismissed: false });
    state.reload();
  };
  if (checks.length > 0) {
    return (
      <section aria-labelledby="tab-checks-h" className="stack" data-testid="tab-checks" style={{ marginTop: '0.75rem' }}>
        <h2 id="tab-checks-h">On this page</h2>
        {checks.map((c) => (
          <div key={c.id} className="stack">
            <strong>{c.title}</strong>
            {c.findings.length === 0 && <p className="muted">The panel on the page shows what this check sees there.</p>}
            {c.findings.map((f) => (
              <Status key={f.id} kind={f.level === 'warning' ? 'warning' : f.level === 'ok' ? 'ok' : 'info'}>
                <ApiText>{`${f.title}. ${f.detail}`}</ApiText>
              </Status>
            ))}
            {c.dismissed && (
              <div className="row">
                <button onClick={() => void restore(c.id)}>Show the panel again on this page</button>
              </div>
            )}
          </div>
        ))}
      </section>
    );
  }
  if (!suggestion) return null;
  return (
    <section aria-labelledby="next-task-h" className="stack" data-testid="next-task" style={{ marginTop: '0.75rem' }}>
      <h2 id="next-task-h">Next in claude.ai</h2>
      <p className="muted">{suggestion.why}</p>
      <div className="row">
        <button onClick={() => void browser.tabs.create({ url: suggestion.url }).then(() => window.close())}>{suggestion.label}</button>
      </div>
    </section>
  );
}
