import { hasHiddenCharacters, visibleText } from '../util/visible-text.ts';
import { normaliseDisplayName, splitDisplayName } from './names.ts';

/**
 * Checks a new user before anything is sent (specs/scim.md §2.2 user validation, §5 request bodies).
 * Every refusal says what is wrong and what to type instead. HTML in a name is just text: it is sent
 * as typed and shown as text everywhere.
 */

export interface NewUser {
  displayName: string;
  givenName: string;
  familyName: string | null;
  /** Lower-cased: becomes userName and the primary work email. */
  email: string;
}

export type UserCheck =
  | { ok: true; user: NewUser; warnings: string[] }
  | { ok: false; field: 'displayName' | 'email'; message: string };

/** RFC 5321: 64 octets before the @, 254 for the whole address. */
export const MAX_LOCAL_PART = 64;
export const MAX_EMAIL = 254;
export const MAX_DISPLAY_NAME = 256;

export const ONE_WORD_NAME_WARNING =
  'One-word name: it becomes the given name and the family name is left empty. The SCIM service accepts this but records a processing error; add a family name if the person has one.';

const ATEXT = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function hiddenList(text: string): string {
  const tokens = visibleText(text).match(/⟪U\+[0-9A-F]+⟫/g) ?? [];
  return [...new Set(tokens.map((t) => t.slice(1, -1)))].slice(0, 3).join(', ');
}

/** Checks an email address the way it will be sent (trimmed, lower-cased). Returns a message, or null when fine. */
export function checkEmail(raw: string): { email: string; message: string | null } {
  const email = raw.trim().toLowerCase();
  if (email === '') return { email, message: 'Enter the email address the person signs in with, e.g. jane.smith@example.com.' };
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001F\u007F]/.test(email) || hasHiddenCharacters(email)) {
    return { email, message: `The email address contains invisible or direction-changing characters (${hiddenList(email)}). Type it again instead of pasting it.` };
  }
  if (/\s/.test(email)) return { email, message: 'The email address contains a space. Remove it and try again.' };
  if (email.length > MAX_EMAIL) return { email, message: `The email address is too long (${email.length} characters; at most ${MAX_EMAIL}).` };
  const at = email.lastIndexOf('@');
  if (at < 0 || email.indexOf('@') !== at) return { email, message: 'The email address needs exactly one @, e.g. jane.smith@example.com.' };
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  // eslint-disable-next-line no-control-regex -- ASCII range check
  if (/[^\u0000-\u007F]/.test(email)) {
    return { email, message: 'The email address has characters outside plain ASCII. Use the address the person signs in with; for an internationalised domain, enter its xn-- form.' };
  }
  if (local === '') return { email, message: 'The email address has nothing before the @.' };
  if (local.length > MAX_LOCAL_PART) return { email, message: `The part before the @ is too long (${local.length} characters; at most ${MAX_LOCAL_PART}).` };
  if (!ATEXT.test(local)) return { email, message: 'The part before the @ may contain letters, digits and . _ % + - (no dot at the start or end, no two dots in a row).' };
  const labels = domain.split('.');
  if (domain === '' || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || !/^(?:[a-z]{2,63}|xn--[a-z0-9-]+)$/.test(labels[labels.length - 1]!)) {
    return { email, message: 'The part after the @ must be a domain such as example.com.' };
  }
  return { email, message: null };
}

/** Validates and normalises a create-user request. */
export function validateNewUser(input: { displayName: string; email: string }): UserCheck {
  // Tabs and line breaks are whitespace (collapsed below); every other invisible character is refused.
  if (hasHiddenCharacters(input.displayName.replace(/[\t\n\r]/g, ' '))) {
    return {
      ok: false,
      field: 'displayName',
      message: `The display name contains invisible or direction-changing characters (${hiddenList(input.displayName.replace(/[\t\n\r]/g, ' '))}), which can make a name look like another. Type the name again instead of pasting it.`,
    };
  }
  const displayName = normaliseDisplayName(input.displayName);
  if (displayName === '') return { ok: false, field: 'displayName', message: 'Enter a display name: the person\'s first and last name, e.g. "Jane Smith".' };
  if (displayName.length > MAX_DISPLAY_NAME) {
    return { ok: false, field: 'displayName', message: `The display name is too long (${displayName.length} characters; at most ${MAX_DISPLAY_NAME}).` };
  }
  const { email, message } = checkEmail(input.email);
  if (message) return { ok: false, field: 'email', message };
  const { givenName, familyName } = splitDisplayName(displayName);
  return { ok: true, user: { displayName, givenName, familyName, email }, warnings: familyName === null ? [ONE_WORD_NAME_WARNING] : [] };
}
