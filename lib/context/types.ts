/**
 * The shapes of the claude.ai context checks, as plain TypeScript (no zod): the content script imports
 * these and must stay small. The worker validates the same shapes with zod (./finding.ts).
 */

/** What a check says on a claude.ai page: a short title and one line of detail, never a secret. */
export interface Finding {
  id: string;
  level: 'info' | 'warning' | 'ok';
  title: string;
  detail: string;
  /** An action the admin can take from the panel (one explicit click). */
  action?: { kind: 'use-scim-url'; label: string; value: string };
}

/** What the content script tells the worker about the page: labels it can see, never form values. */
export interface ContextInput {
  /** Connector names listed on the page (the Connectors check). */
  connectors?: string[];
  /** Member email addresses listed on the page (the Members check). */
  members?: string[];
}

/** A compact label the page shows next to one listed item (a connector or a member). */
export interface Badge {
  /** The page label it belongs to: the connector name or the member's email, as sent. */
  target: string;
  /** Short text, e.g. "Always allow 3 · Needs approval 1 · 12 users". */
  label: string;
  /** One line more for the tooltip and screen readers. */
  detail: string;
  level: 'info' | 'warning' | 'ok';
  /** The inventory page it opens (a hash of inventory.html: #/mcp/<id>, #/people/<id>). */
  open: string | null;
}

/** The worker's answer for one check on one page. */
export interface CheckAnswer {
  findings: Finding[];
  badges?: Badge[];
}

/** The worker's answer to `context/check`: per check id, plus whether the admin dismissed the panel there. */
export interface ContextAnswer {
  page: string | null;
  /** Findings of every check for this page (kept for callers that read one list). */
  findings: Finding[];
  badges: Badge[];
  /** Check ids whose panel the admin dismissed (remembered by the worker, not in the page). */
  dismissed: string[];
}

/** Facts about the extension's own connections, as counts and labels only (the worker fills them in). */
export interface ContextFacts {
  now(): Date;
  /** The stored Compliance key and its last check (no secret, no masked key). */
  complianceKey(): Promise<{
    stored: boolean;
    status: string | null;
    message: string | null;
    deleteScope: 'present' | 'absent' | 'unknown' | null;
    /** The name of the organization key the extension uses, when the check could tell. */
    ownKeyName: string | null;
    /** Active keys of the organization with the delete scope (names and dates only). */
    deleteKeys: Array<{ name: string; createdAt: string | null; possiblyThisKey: boolean }>;
  }>;
  /** The Analytics connection: stored key, last run, data freshness. */
  analytics(): Promise<{ stored: boolean; locked: boolean; running: boolean; error: string | null; completedAt: string | null; dataRefreshedAt: string | null }>;
  /** The SCIM connection: stored token, saved URL, last sync from the sync log. */
  scim(): Promise<{ stored: boolean; locked: boolean; url: string | null; lastSync: { at: string; outcome: string; users: number; groups: number; message: string | null } | null }>;
  /** MCP servers of the published inventory matching connector names (case-insensitive). */
  connectors(names: string[]): Promise<Badge[]>;
  /** Access-review flags of listed members; empty when no People data exists. */
  members(emails: string[]): Promise<Badge[]>;
}

/**
 * One context check, in one file under lib/context/checks/: its URL match, its detection (URL plus
 * visible text or ARIA roles, never generated class names), what it finds on the page itself, what it
 * asks the worker, and what it watches live. Detection returns null when the page does not look as
 * expected (claude.ai changed): then the check shows nothing and throws nothing.
 */
export interface PageCheck<D = unknown> {
  id: string;
  title: string;
  matches(url: URL): boolean;
  detect(doc: Document): D | null;
  /** Findings from the page alone (e.g. the scope checklist), recomputed live. */
  local?(detection: D): Finding[];
  /** What the worker needs to know about the page (labels only). */
  input?(detection: D): ContextInput;
  /** Worker side: findings and badges from the extension's own data. */
  answer?(input: ContextInput, facts: ContextFacts): Promise<CheckAnswer>;
  /** Where each badge goes: the element after which the badge for `target` is placed. */
  anchors?(detection: D): Map<string, Element>;
  /** Starts watching the page for changes the check reacts to at once; returns the teardown. */
  watch?(doc: Document, changed: () => void): () => void;
}

/** Visible text of an element, whitespace collapsed (innerText where layout exists, else textContent). */
export function textOf(el: Element | null | undefined): string {
  if (!el) return '';
  const raw = (el as HTMLElement).innerText ?? el.textContent ?? '';
  return raw.replace(/\s+/g, ' ').trim();
}

/** Headings by role or tag (h1–h6 and role="heading"). */
export function headings(doc: Document | Element): Element[] {
  return Array.from(doc.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]'));
}

/** The accessible label text of a form control: aria-label, aria-labelledby, a wrapping or linked <label>. */
export function labelOf(doc: Document, el: Element): string {
  const aria = el.getAttribute('aria-label');
  if (aria) return aria;
  const by = el.getAttribute('aria-labelledby');
  if (by) return by.split(/\s+/).map((id) => textOf(doc.getElementById(id))).join(' ');
  const id = el.getAttribute('id');
  const linked = id ? Array.from(doc.querySelectorAll('label[for]')).find((l) => l.getAttribute('for') === id) : undefined;
  return textOf(linked ?? el.closest('label'));
}

/** Whether a checkbox-like control is ticked: a native checkbox's checked state or aria-checked. */
export function isTicked(el: Element): boolean {
  if (el.tagName === 'INPUT') return (el as HTMLInputElement).checked ?? el.hasAttribute('checked');
  return el.getAttribute('aria-checked') === 'true';
}
