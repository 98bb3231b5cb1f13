import type { Badge } from '../../lib/context/types.ts';
import { ownHosts } from './hosts.ts';

/** The badges this content script placed in each document (held here, never marked in the page's DOM). */
const placed = new WeakMap<Document, HTMLElement[]>();

const STYLE = `
  :host { all: initial; }
  .badge { display: inline-flex; align-items: center; gap: 4px; margin-left: 8px; font: 11px/1.3 system-ui, sans-serif; color-scheme: light dark;
    padding: 1px 7px; border-radius: 999px; border: 1px solid #c9c4b8; background: #f4f2ee; color: #1f1e1c; vertical-align: middle; white-space: nowrap; }
  .badge.warning { border-color: #b3261e; color: #8c1d18; }
  .badge.ok { border-color: #2e7d32; }
  @media (prefers-color-scheme: dark) { .badge { background: #2b2a26; color: #eeebe4; border-color: #55524a; } .badge.warning { border-color: #ff8a80; color: #ffb4ab; } .badge.ok { border-color: #81c784; } }
  button.badge { cursor: pointer; }
  button.badge:focus-visible { outline: 2px solid #b5532f; outline-offset: 2px; }`;

/**
 * Places a compact badge after each anchor (a connector's or a member's name), each in its own closed
 * shadow root. A badge with a link is a button that asks the worker to open the inventory page.
 */
export function renderBadges(doc: Document, badges: Array<{ badge: Badge; anchor: Element }>, open: (hash: string) => void): void {
  removeBadges(doc);
  const hosts: HTMLElement[] = [];
  for (const { badge, anchor } of badges) {
    if (!anchor.isConnected) continue;
    const host = doc.createElement('span');
    const root = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = STYLE;
    const el = doc.createElement(badge.open ? 'button' : 'span');
    el.className = `badge ${badge.level}`;
    el.textContent = badge.label;
    el.title = badge.detail;
    el.setAttribute('aria-label', `Admin companion: ${badge.detail}${badge.open ? ' Opens the inventory.' : ''}`);
    if (badge.open) {
      (el as HTMLButtonElement).type = 'button';
      const hash = badge.open;
      el.addEventListener('click', (e) => {
        e.preventDefault();
        e.stopPropagation(); // a click on the badge is not a click on the row it sits in
        open(hash);
      });
    }
    root.append(style, el);
    ownHosts.add(host);
    anchor.after(host);
    hosts.push(host);
  }
  placed.set(doc, hosts);
}

export function removeBadges(doc: Document): void {
  for (const h of placed.get(doc) ?? []) h.remove();
  placed.delete(doc);
}

export function badgesShown(doc: Document): boolean {
  const hosts = placed.get(doc) ?? [];
  return hosts.every((h) => h.isConnected);
}
