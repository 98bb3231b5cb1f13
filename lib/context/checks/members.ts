import { headings, textOf, type PageCheck } from '../types.ts';

/**
 * Members (organization settings → Members): next to each person, the access-review flags the extension
 * knows (inactive 30/60/90 days, not managed by SCIM, in a group that grants owner access) and when they
 * were last active, opening their People row. Only when People data exists; nothing otherwise. The page
 * sends the worker only the email addresses it lists.
 *
 * [unverified] the path and the list markup: a person is a row or list item showing an email address.
 */

const PATH = /^\/(?:admin-settings|settings)\/(?:members|people|users)\/?$/;
const HEADING = /\b(?:members|people|users)\b/i;
const ITEM = 'tbody tr, [role="row"], [role="listitem"], li';
const EMAIL = /^[^\s@<>()]{1,64}@[a-z0-9.-]{1,253}\.[a-z]{2,}$/i;
const MAX_MEMBERS = 2000;

export interface MembersPage {
  /** Email (lower case) → the element showing it, after which the badge goes. */
  people: Map<string, Element>;
}

export const membersCheck: PageCheck<MembersPage> = {
  id: 'members',
  title: 'Members',
  matches: (url) => url.hostname === 'claude.ai' && PATH.test(url.pathname),
  detect(doc) {
    if (!headings(doc).some((h) => HEADING.test(textOf(h)))) return null;
    const people = new Map<string, Element>();
    for (const item of Array.from(doc.querySelectorAll(ITEM))) {
      if (people.size >= MAX_MEMBERS) break;
      // The smallest element of the row whose whole text is an email address.
      const el = Array.from(item.querySelectorAll('*')).find((e) => e.children.length === 0 && EMAIL.test(textOf(e)));
      if (!el) continue;
      const email = textOf(el).toLowerCase();
      if (!people.has(email)) people.set(email, el);
    }
    return { people };
  },
  input: ({ people }) => ({ members: [...people.keys()] }),
  anchors: ({ people }) => people,
  async answer(input, facts) {
    const emails = input.members ?? [];
    return { findings: [], badges: emails.length > 0 ? await facts.members(emails) : [] };
  },
};
