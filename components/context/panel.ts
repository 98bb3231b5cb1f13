import type { Finding } from '../../lib/context/checks.ts';

const HOST_ID = 'claude-admin-companion-panel';

/** The panel this content script put in each document (held here, not looked up in the page's DOM). */
const shown = new WeakMap<Document, HTMLElement>();

/**
 * Shows findings in a small panel in a closed shadow root, so the page's styles and scripts cannot
 * reach into it. Built with DOM nodes and textContent only. The host element carries nothing but its
 * id: which findings were shown (they describe the admin's keys) stays inside the closed root.
 */
export function renderPanel(doc: Document, findings: Finding[]): HTMLElement | null {
  shown.get(doc)?.remove();
  shown.delete(doc);
  if (findings.length === 0) return null;
  const host = doc.createElement('div');
  host.id = HOST_ID;
  const root = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = `
    aside { position: fixed; right: 16px; bottom: 16px; z-index: 2147483646; max-width: 360px; font: 13px/1.4 system-ui, sans-serif;
      background: #fff; color: #1f1e1c; border: 1px solid #dcd8cf; border-radius: 8px; box-shadow: 0 4px 18px rgba(0,0,0,.15); padding: 10px 12px; }
    @media (prefers-color-scheme: dark) { aside { background: #24231f; color: #eeebe4; border-color: #45423b; } }
    h2 { font-size: 13px; margin: 0 0 6px; }
    ul { margin: 0; padding: 0; list-style: none; }
    li { margin: 6px 0; }
    li.warning strong { color: #b3261e; }
    @media (prefers-color-scheme: dark) { li.warning strong { color: #ff8a80; } }
    button { float: right; border: none; background: none; cursor: pointer; font-size: 16px; color: inherit; }`;
  const aside = doc.createElement('aside');
  aside.setAttribute('role', 'complementary');
  aside.setAttribute('aria-label', 'Admin companion checks');
  const close = doc.createElement('button');
  close.type = 'button';
  close.setAttribute('aria-label', 'Dismiss admin companion checks');
  close.textContent = '×';
  close.addEventListener('click', () => host.remove());
  const heading = doc.createElement('h2');
  heading.textContent = 'Admin companion';
  const list = doc.createElement('ul');
  for (const f of findings) {
    const li = doc.createElement('li');
    li.className = f.level;
    li.dataset.findingId = f.id;
    const title = doc.createElement('strong');
    title.textContent = f.title;
    const detail = doc.createElement('div');
    detail.textContent = f.detail;
    li.append(title, detail);
    list.append(li);
  }
  aside.append(close, heading, list);
  root.append(style, aside);
  doc.body.append(host);
  shown.set(doc, host);
  return host;
}
