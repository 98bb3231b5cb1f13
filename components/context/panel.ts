import type { Finding } from '../../lib/context/types.ts';
import type { PanelSection } from './view.ts';
import { ownHosts } from './hosts.ts';

const HOST_ID = 'claude-admin-companion-panel';

/** The panel this content script put in each document (held here, not looked up in the page's DOM). */
const shown = new WeakMap<Document, HTMLElement>();

export interface PanelHandlers {
  /** The admin dismissed the panel: remembered by the worker for these checks. */
  dismiss?: (checkIds: string[]) => void;
  /** The admin clicked a finding's action (e.g. use the SCIM URL); resolves to the message to show. */
  action?: (finding: Finding) => Promise<string>;
}

const STYLE = `
  :host { all: initial; }
  aside { box-sizing: border-box; max-width: 420px; margin: 12px 0; font: 13px/1.45 system-ui, sans-serif; color-scheme: light dark;
    background: #fff; color: #1f1e1c; border: 1px solid #dcd8cf; border-radius: 8px; padding: 10px 12px; }
  aside.floating { position: fixed; right: 16px; bottom: 16px; z-index: 2147483646; box-shadow: 0 4px 18px rgba(0,0,0,.15); max-height: 50vh; overflow: auto; }
  @media (prefers-color-scheme: dark) { aside { background: #24231f; color: #eeebe4; border-color: #45423b; } }
  header { display: flex; align-items: center; justify-content: space-between; gap: 8px; }
  h2 { font-size: 13px; margin: 0; }
  h3 { font-size: 12px; margin: 8px 0 2px; text-transform: uppercase; letter-spacing: .03em; opacity: .75; }
  ul { margin: 0; padding: 0; list-style: none; }
  li { margin: 6px 0; padding-left: 10px; border-left: 3px solid #8a867c; }
  li.ok { border-color: #2e7d32; }
  li.warning { border-color: #b3261e; }
  li.warning strong { color: #b3261e; }
  @media (prefers-color-scheme: dark) { li.warning strong { color: #ff8a80; } li.ok { border-color: #81c784; } li.warning { border-color: #ff8a80; } }
  button { font: inherit; color: inherit; background: transparent; border: 1px solid currentColor; border-radius: 6px; padding: 3px 8px; cursor: pointer; margin-top: 4px; }
  button.close { border: none; font-size: 16px; line-height: 1; padding: 2px 6px; margin: 0; }
  button:focus-visible { outline: 2px solid #b5532f; outline-offset: 2px; }
  p.note { margin: 4px 0 0; }`;

/** Where the panel goes: in the page's flow after the main heading (so it covers nothing), else floating. */
function placement(doc: Document): { after: Element } | null {
  const main = doc.querySelector('main, [role="main"]');
  const heading = main?.querySelector('h1, [role="heading"][aria-level="1"]') ?? doc.querySelector('h1');
  return heading ? { after: heading } : null;
}

/**
 * Shows the findings of the checks for this page in a small panel in a closed shadow root, so the page's
 * styles and scripts cannot reach into it. Built with DOM nodes and textContent only. The host element
 * carries nothing but its id: what the panel says stays inside the closed root.
 */
export function renderPanel(doc: Document, sections: PanelSection[], handlers: PanelHandlers = {}): HTMLElement | null {
  removePanel(doc);
  const visible = sections.filter((s) => s.findings.length > 0);
  if (visible.length === 0) return null;
  const host = doc.createElement('div');
  host.id = HOST_ID;
  const root = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = STYLE;
  const where = placement(doc);
  const aside = doc.createElement('aside');
  if (!where) aside.className = 'floating';
  aside.setAttribute('aria-label', 'Admin companion checks');
  const header = doc.createElement('header');
  const heading = doc.createElement('h2');
  heading.textContent = 'Admin companion';
  const close = doc.createElement('button');
  close.type = 'button';
  close.className = 'close';
  close.setAttribute('aria-label', 'Dismiss admin companion checks');
  close.textContent = '×';
  close.addEventListener('click', () => {
    removePanel(doc);
    handlers.dismiss?.(visible.map((s) => s.checkId));
  });
  header.append(heading, close);
  aside.append(header);
  for (const section of visible) {
    if (visible.length > 1) {
      const h = doc.createElement('h3');
      h.textContent = section.title;
      aside.append(h);
    }
    const list = doc.createElement('ul');
    for (const f of section.findings) list.append(findingItem(doc, f, handlers));
    aside.append(list);
  }
  root.append(style, aside);
  ownHosts.add(host);
  if (where) where.after.after(host);
  else doc.body.append(host);
  shown.set(doc, host);
  return host;
}

function findingItem(doc: Document, f: Finding, handlers: PanelHandlers): HTMLLIElement {
  const li = doc.createElement('li');
  li.className = f.level;
  li.dataset.findingId = f.id;
  const title = doc.createElement('strong');
  title.textContent = f.title;
  const detail = doc.createElement('div');
  detail.textContent = f.detail;
  li.append(title, detail);
  if (f.action && handlers.action) {
    const button = doc.createElement('button');
    button.type = 'button';
    button.textContent = f.action.label;
    const note = doc.createElement('p');
    note.className = 'note';
    note.setAttribute('role', 'status');
    button.addEventListener('click', () => {
      button.disabled = true;
      void handlers.action!(f)
        .then((message) => (note.textContent = message))
        .catch(() => (note.textContent = 'The extension did not answer. Reload this page and try again.'))
        .finally(() => (button.disabled = false));
    });
    li.append(button, note);
  }
  return li;
}

export function removePanel(doc: Document): void {
  shown.get(doc)?.remove();
  shown.delete(doc);
}

/** Whether this content script's panel is still in the page (a re-render of claude.ai may have removed it). */
export function panelShown(doc: Document): boolean {
  return shown.get(doc)?.isConnected === true;
}
