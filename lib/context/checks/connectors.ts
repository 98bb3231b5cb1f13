import { headings, textOf, type PageCheck } from '../types.ts';

/**
 * Connectors (organization settings → Connectors): next to each connector that matches an MCP server of
 * the inventory, a compact badge with its tool policies and connected users, opening its inventory page.
 * The page sends the worker only the connector names it lists.
 *
 * [unverified] the path and the list markup; names are read from list items, table rows or cards by
 * their first heading or first cell, never by class names.
 */

const PATH = /^\/(?:admin-settings|settings)\/(?:connectors|integrations)\/?$/;
const HEADING = /\bconnectors?\b/i;
const ITEM = 'tbody tr, [role="row"], [role="listitem"], li, article';
const NAME = 'h2, h3, h4, h5, [role="heading"], th, td, [role="cell"], [role="gridcell"], [role="rowheader"]';
/** Longer than any connector name: a row whose first cell is this long is not a connector row. */
const MAX_NAME = 120;

export interface ConnectorsPage {
  /** Connector name → the element the badge follows. */
  items: Map<string, Element>;
}

export const connectorsCheck: PageCheck<ConnectorsPage> = {
  id: 'connectors',
  title: 'Connectors',
  matches: (url) => url.hostname === 'claude.ai' && PATH.test(url.pathname),
  detect(doc) {
    if (!headings(doc).some((h) => HEADING.test(textOf(h)))) return null;
    const items = new Map<string, Element>();
    for (const item of Array.from(doc.querySelectorAll(ITEM))) {
      if (item.querySelector(ITEM)) continue; // the innermost item only
      const nameEl = item.querySelector(NAME);
      const name = textOf(nameEl);
      if (!nameEl || name === '' || name.length > MAX_NAME || nameEl.tagName === 'TH' && item.closest('thead')) continue;
      if (!items.has(name)) items.set(name, nameEl);
    }
    return { items };
  },
  input: ({ items }) => ({ connectors: [...items.keys()].slice(0, 500) }),
  anchors: ({ items }) => items,
  async answer(input, facts) {
    const names = input.connectors ?? [];
    return { findings: [], badges: names.length > 0 ? await facts.connectors(names) : [] };
  },
};
