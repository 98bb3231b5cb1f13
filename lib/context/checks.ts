import type { Finding } from './finding.ts';
import { DELETE_SCOPE, REQUIRED_SCOPES } from '../keys/scopes.ts';

export type { Finding } from './finding.ts';

/**
 * A context check runs on one kind of claude.ai settings page. `matches` decides by URL; `detect` reads
 * the page (text only, never form values) and reports what the admin should know while they work there.
 */
export interface PageCheck {
  id: string;
  title: string;
  matches(url: URL): boolean;
  detect(doc: Document): Finding[];
}


/** Organization settings → API: where Compliance Access Keys and Analytics keys are created. */
export const apiAccessCheck: PageCheck = {
  id: 'api-access',
  title: 'API keys',
  matches: (url) => url.hostname === 'claude.ai' && /^\/admin-settings\/api-access\/?$/.test(url.pathname),
  detect(doc) {
    const text = doc.body?.innerText ?? doc.body?.textContent ?? '';
    const findings: Finding[] = [
      {
        id: 'api-access.scopes',
        level: 'info',
        title: 'Scopes for the admin companion',
        detail: `Create a Compliance Access Key with ${REQUIRED_SCOPES.join(', ')}. Leave ${DELETE_SCOPE} off: the companion never deletes anything.`,
      },
    ];
    const deleteMentions = text.split(DELETE_SCOPE).length - 1;
    if (deleteMentions > 0) {
      findings.push({
        id: 'api-access.delete-scope',
        level: 'warning',
        title: `${deleteMentions === 1 ? 'A key on this page carries' : `${deleteMentions} mentions of`} ${DELETE_SCOPE}`,
        detail: 'A key with the delete scope can permanently delete chats, files and projects. Keep it only where deletion is the job, and separate from read keys.',
      });
    }
    return findings;
  },
};

export const PAGE_CHECKS: PageCheck[] = [apiAccessCheck];

export function checksFor(url: URL): PageCheck[] {
  return PAGE_CHECKS.filter((c) => c.matches(url));
}
