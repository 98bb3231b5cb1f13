import { headings, isTicked, labelOf, textOf, type Finding, type PageCheck } from '../types.ts';

/**
 * Analytics API keys (claude.ai/analytics/api-keys): the Analytics API must be enabled and the key needs
 * read:analytics. Shows the extension's Analytics connection status and how fresh its data is.
 *
 * The enable toggle is a form value the check does not read (only scope boxes are read): the panel says
 * it must be on, and turns that into a warning when the extension's last collection was refused.
 * [unverified] the page's headings and whether the scope is offered as a checkbox.
 */

const PATH = /^\/analytics\/api-keys\/?$/;
const HEADING = /\b(?:analytics api|api keys?)\b/i;
const SCOPE = 'read:analytics';
/** Words of an Analytics API refusal that mean the API is switched off for the organization. */
const DISABLED = /\b(?:disabled|not enabled|turned off|enable the analytics api)\b/i;

export interface AnalyticsKeysPage {
  /** The read:analytics box when a key is being created: ticked or not; null when no box is shown. */
  scopeTicked: boolean | null;
}

const ago = (iso: string, now: Date): string => {
  const ms = now.getTime() - Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const h = Math.floor(ms / 3_600_000);
  if (h < 1) return 'less than an hour ago';
  if (h < 48) return `${h} hour${h === 1 ? '' : 's'} ago`;
  return `${Math.floor(h / 24)} days ago`;
};

export const analyticsKeysCheck: PageCheck<AnalyticsKeysPage> = {
  id: 'analytics-keys',
  title: 'Analytics API keys',
  matches: (url) => url.hostname === 'claude.ai' && PATH.test(url.pathname),
  detect(doc) {
    if (!headings(doc).some((h) => HEADING.test(textOf(h)))) return null;
    const box = Array.from(doc.querySelectorAll('input[type="checkbox"], [role="checkbox"]')).find((b) => labelOf(doc, b).includes(SCOPE));
    return { scopeTicked: box ? isTicked(box) : null };
  },
  local({ scopeTicked }) {
    const findings: Finding[] = [{ id: 'analytics-keys.toggle', level: 'info', title: 'The Analytics API must be on', detail: 'Keys work only while the organization’s Analytics API toggle on this page is on.' }];
    if (scopeTicked === true) findings.push({ id: 'analytics-keys.scope-ok', level: 'ok', title: `${SCOPE} is ticked`, detail: 'That is the only scope the extension needs.' });
    else if (scopeTicked === false) findings.push({ id: 'analytics-keys.scope-missing', level: 'warning', title: `Tick ${SCOPE}`, detail: 'Without it the extension cannot read usage, tokens or spend.' });
    else findings.push({ id: 'analytics-keys.scope', level: 'info', title: `The key needs ${SCOPE}`, detail: 'Create it here, then paste it in the extension: Options → Analytics API key → Connect.' });
    return findings;
  },
  async answer(_input, facts) {
    const a = await facts.analytics();
    const now = facts.now();
    if (!a.stored) {
      return { findings: [{ id: 'analytics-keys.not-connected', level: 'info', title: 'Analytics: not connected', detail: a.completedAt ? `The data of the last collection (${ago(a.completedAt, now)}) is still shown.` : 'Paste the key in Options → Analytics API key and click Connect.' }] };
    }
    if (a.locked) return { findings: [{ id: 'analytics-keys.locked', level: 'warning', title: 'Analytics: key locked', detail: 'Unlock it in Options with your passphrase.' }] };
    if (a.running) return { findings: [{ id: 'analytics-keys.collecting', level: 'info', title: 'Analytics: Collecting', detail: 'The extension is reading usage and spend now.' }] };
    if (a.error) {
      const off = DISABLED.test(a.error);
      return {
        findings: [
          { id: 'analytics-keys.reconnect', level: 'warning', title: off ? 'Analytics: Reconnect — the Analytics API looks switched off' : 'Analytics: Reconnect', detail: off ? 'Turn the Analytics API toggle on here, then click Connect in Options.' : a.error },
        ],
      };
    }
    if (a.completedAt) {
      return { findings: [{ id: 'analytics-keys.connected', level: 'ok', title: 'Analytics: Connected', detail: `Data as of ${ago(a.dataRefreshedAt ?? a.completedAt, now)}.` }] };
    }
    return { findings: [{ id: 'analytics-keys.waiting', level: 'info', title: 'Analytics: key saved, no collection yet', detail: 'Click Connect in Options to collect.' }] };
  },
  watch(doc, changed) {
    const on = (e: Event) => {
      const t = e.target as Element | null;
      if (t?.closest?.('input[type="checkbox"], [role="checkbox"], label')) changed();
    };
    doc.addEventListener('change', on, true);
    doc.addEventListener('click', on, true);
    return () => {
      doc.removeEventListener('change', on, true);
      doc.removeEventListener('click', on, true);
    };
  },
};
