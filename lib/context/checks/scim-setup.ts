import { headings, textOf, type Finding, type PageCheck } from '../types.ts';

/**
 * Identity and access / SCIM setup: when the page shows a SCIM endpoint URL, offer to use it in the
 * extension (one explicit click sends it to the worker, which validates it and keeps it for the options
 * page). The SCIM token is never read: only visible text that is a URL with "scim" in its path is taken,
 * and never from a form field. Also shows the extension's SCIM connection status and last sync.
 *
 * [unverified] the page's paths and wording; if claude.ai shows the URL only inside a text field, the
 * check offers nothing (it reads no form values) and says where to copy it from.
 */

const PATH = /^\/(?:admin-)?settings\/(?:identity|identity-and-access|sso|scim|security)(?:\/|$)/;
const HEADING = /\b(?:identity|scim|single sign-on|sso|provisioning)\b/i;
/** A SCIM base URL as shown: https, a host, a path containing "scim". No spaces, no user info. */
const SCIM_URL = /https:\/\/[a-z0-9.-]+(?::\d+)?\/[^\s"'<>]*scim[^\s"'<>]*/i;

export interface ScimSetupPage {
  /** The SCIM endpoint URL shown on the page, or null. */
  url: string | null;
}

/** Visible text elements (never inputs or text areas) whose whole text is a SCIM URL. */
function shownScimUrl(doc: Document): string | null {
  const candidates = Array.from(doc.querySelectorAll('code, pre, a[href], span, p, div, dd, td, [role="textbox"][aria-readonly="true"]'));
  for (const el of candidates) {
    if (el.closest('input, textarea, [contenteditable="true"]')) continue;
    if (el.children.length > 0 && el.tagName !== 'A') continue; // leaves only: the URL itself, not a paragraph around it
    const text = textOf(el);
    const m = SCIM_URL.exec(text);
    if (m && m[0].length === text.length && !m[0].includes('@')) return m[0].replace(/[).,;]+$/, '');
  }
  return null;
}

export const scimSetupCheck: PageCheck<ScimSetupPage> = {
  id: 'scim-setup',
  title: 'SCIM setup',
  matches: (url) => url.hostname === 'claude.ai' && PATH.test(url.pathname),
  detect(doc) {
    if (!headings(doc).some((h) => HEADING.test(textOf(h)))) return null;
    return { url: shownScimUrl(doc) };
  },
  local({ url }) {
    if (!url) return [];
    return [
      {
        id: 'scim-setup.url',
        level: 'info',
        title: 'SCIM endpoint URL found on this page',
        detail: 'Use it in the extension; then paste the SCIM token in Options yourself (the extension never reads it from this page).',
        action: { kind: 'use-scim-url', label: 'Use this SCIM URL in the extension', value: url },
      },
    ];
  },
  async answer(_input, facts) {
    const s = await facts.scim();
    const findings: Finding[] = [];
    if (!s.stored) {
      findings.push({ id: 'scim-setup.not-connected', level: 'info', title: 'SCIM: not connected', detail: s.url ? 'The SCIM URL is saved; paste the SCIM token in Options.' : 'Add the SCIM URL and token in Options to sync users and groups.' });
    } else if (s.locked) {
      findings.push({ id: 'scim-setup.locked', level: 'warning', title: 'SCIM: token locked', detail: 'Unlock it in Options with your passphrase.' });
    } else if (!s.lastSync) {
      findings.push({ id: 'scim-setup.no-sync', level: 'info', title: 'SCIM: connected, not synced yet', detail: 'Click Sync in Options.' });
    } else if (s.lastSync.outcome === 'done') {
      findings.push({ id: 'scim-setup.connected', level: 'ok', title: 'SCIM: Connected', detail: `Last sync ${s.lastSync.at.slice(0, 16).replace('T', ' ')} UTC: ${s.lastSync.users} users, ${s.lastSync.groups} groups.` });
    } else {
      findings.push({ id: 'scim-setup.sync-failed', level: 'warning', title: `SCIM: last sync ${s.lastSync.outcome}`, detail: s.lastSync.message ?? 'See the sync log in Options.' });
    }
    return { findings };
  },
};
