import { headings, isTicked, labelOf, textOf, type Finding, type PageCheck } from '../types.ts';

/**
 * Compliance access keys: Organization settings → API (claude.ai/admin-settings/api-access), and the
 * older location under Data and privacy. While a key is being created, a live checklist of the scope
 * boxes (the only form values a check may read); on the key list, which key the extension uses and
 * every active key with the delete scope (from the worker's stored key check: names only).
 *
 * [unverified] the exact paths of the older location and the wording of claude.ai's headings: the
 * patterns below are tolerant, and a page that matches none of them shows nothing.
 */

const PATHS = [/^\/admin-settings\/api-access\/?$/, /^\/(?:admin-)?settings\/data-(?:and-)?privacy(?:-controls)?\/?$/];
/** The page is about Compliance keys when a heading says so. */
const HEADING = /\b(?:compliance (?:access )?keys?|compliance api|api keys?|api access)\b/i;
const SCOPE = /\b(?:read|delete):compliance_[a-z_]+\b/;
/** Kept here (not imported from lib/keys) so the content script stays small; a unit test pins them to lib/keys/scopes.ts. */
export const READ_SCOPES = ['read:compliance_activities', 'read:compliance_user_data', 'read:compliance_org_data'] as const;
export const DELETE_SCOPE = 'delete:compliance_user_data';

export interface ComplianceKeysPage {
  /** Scope boxes visible (a key is being created): scope → ticked. Empty when no form is open. */
  scopes: Map<string, boolean>;
  /** Names of listed keys whose row shows the delete scope. */
  listedDeleteKeys: string[];
  /** Keys listed on the page (names). */
  listedKeys: string[];
}

function scopeBoxes(doc: Document): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const box of Array.from(doc.querySelectorAll('input[type="checkbox"], [role="checkbox"]'))) {
    const scope = SCOPE.exec(labelOf(doc, box))?.[0];
    if (scope) out.set(scope, isTicked(box));
  }
  return out;
}

function keyRows(doc: Document): Array<{ name: string; text: string }> {
  const rows = Array.from(doc.querySelectorAll('tbody tr, [role="row"]'));
  return rows
    .map((row) => {
      const cells = Array.from(row.querySelectorAll('td, th, [role="cell"], [role="gridcell"], [role="rowheader"]'));
      return { name: textOf(cells[0]), text: cells.length > 0 ? cells.map(textOf).join(' ') : textOf(row) };
    })
    .filter((r) => r.name !== '' && SCOPE.test(r.text) && !SCOPE.test(r.name));
}

export const complianceKeysCheck: PageCheck<ComplianceKeysPage> = {
  id: 'compliance-keys',
  title: 'Compliance access keys',
  matches: (url) => url.hostname === 'claude.ai' && PATHS.some((p) => p.test(url.pathname)),
  detect(doc) {
    const scopes = scopeBoxes(doc);
    const rows = keyRows(doc);
    if (scopes.size === 0 && rows.length === 0 && !headings(doc).some((h) => HEADING.test(textOf(h)))) return null;
    return { scopes, listedKeys: rows.map((r) => r.name), listedDeleteKeys: rows.filter((r) => r.text.includes(DELETE_SCOPE)).map((r) => r.name) };
  },
  local({ scopes, listedDeleteKeys }) {
    const findings: Finding[] = [];
    if (scopes.size > 0) {
      const missing = READ_SCOPES.filter((s) => scopes.get(s) !== true);
      findings.push(
        missing.length === 0
          ? { id: 'compliance-keys.scopes-ok', level: 'ok', title: 'All three read scopes are ticked', detail: `${READ_SCOPES.join(', ')}: everything the inventory reads.` }
          : { id: 'compliance-keys.scopes-missing', level: 'warning', title: `Tick ${missing.join(', ')}`, detail: `The extension needs all three read scopes; ${missing.length === 1 ? 'this one is' : 'these are'} still unticked.` },
      );
      if (scopes.get(DELETE_SCOPE) === true) {
        findings.push({
          id: 'compliance-keys.delete-ticked',
          level: 'warning',
          title: `Untick ${DELETE_SCOPE}`,
          detail: 'The extension never deletes anything and never needs it. Anyone holding a key with this scope can permanently delete chats, files and projects, and scopes cannot be removed from a key later.',
        });
      }
    } else {
      findings.push({
        id: 'compliance-keys.scopes',
        level: 'info',
        title: 'Scopes for the extension',
        detail: `Create a Compliance access key with ${READ_SCOPES.join(', ')}. Leave ${DELETE_SCOPE} off: the extension never deletes anything.`,
      });
    }
    if (listedDeleteKeys.length > 0) {
      findings.push({
        id: 'compliance-keys.listed-delete',
        level: 'warning',
        title: `${listedDeleteKeys.length === 1 ? '1 listed key carries' : `${listedDeleteKeys.length} listed keys carry`} ${DELETE_SCOPE}`,
        detail: `${listedDeleteKeys.join(', ')}. Keep delete keys only where deletion is the job, separate from read keys.`,
      });
    }
    return findings;
  },
  async answer(_input, facts) {
    const key = await facts.complianceKey();
    const findings: Finding[] = [];
    if (!key.stored) {
      findings.push({ id: 'compliance-keys.no-key', level: 'info', title: 'No Compliance key in the extension yet', detail: 'After creating the key here, paste it into the extension: Options → Compliance key.' });
      return { findings };
    }
    if (key.ownKeyName) findings.push({ id: 'compliance-keys.own-key', level: 'info', title: `The extension uses “${key.ownKeyName}”`, detail: 'Deleting that key here stops the inventory from refreshing.' });
    if (key.status && key.status !== 'ok') {
      findings.push({ id: 'compliance-keys.key-problem', level: 'warning', title: 'The extension’s Compliance key needs attention', detail: key.message ?? 'Check it in Options.' });
    } else if (key.deleteScope === 'present') {
      findings.push({ id: 'compliance-keys.key-delete', level: 'warning', title: 'The extension’s key can delete data', detail: `Create a key without ${DELETE_SCOPE}, replace it in Options, then delete the old key here.` });
    } else if (key.status === 'ok') {
      findings.push({ id: 'compliance-keys.key-ok', level: 'ok', title: 'The extension’s Compliance key is healthy', detail: 'It has the three read scopes the inventory needs.' });
    }
    if (key.deleteKeys.length > 0) {
      const names = key.deleteKeys.map((k) => `${k.name}${k.createdAt ? ` (created ${k.createdAt.slice(0, 10)})` : ''}${k.possiblyThisKey ? ' — possibly the extension’s' : ''}`);
      findings.push({
        id: 'compliance-keys.active-delete',
        level: 'warning',
        title: `${key.deleteKeys.length === 1 ? '1 active key has' : `${key.deleteKeys.length} active keys have`} the delete scope`,
        detail: `From the last key check: ${names.join(', ')}.`,
      });
    }
    return { findings };
  },
  watch(doc, changed) {
    // Scope boxes change without navigation: react to every change event (and to clicks on role="checkbox").
    const onChange = (e: Event) => {
      const t = e.target as Element | null;
      if (t && (t.matches?.('input[type="checkbox"], [role="checkbox"]') || t.closest?.('[role="checkbox"], label'))) changed();
    };
    doc.addEventListener('change', onChange, true);
    doc.addEventListener('click', onChange, true);
    return () => {
      doc.removeEventListener('change', onChange, true);
      doc.removeEventListener('click', onChange, true);
    };
  },
};
