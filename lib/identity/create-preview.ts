import { hasHiddenCharacters, visibleText } from '../util/visible-text.ts';

/**
 * What the Create user dialog validates and previews before anything is sent (scim.md §1, §2.2):
 * the display name's first word becomes `name.givenName`, the rest `name.familyName`; a one-word name
 * sends no family name (WorkOS accepts it and logs a processing error); the email becomes `userName`
 * and the primary work email; no password (sign-in is SSO). Pure, so the page and the tests share it.
 */
export interface NameSplit {
  givenName: string;
  /** null for a one-word name: the key is left out (never sent as null or ""). */
  familyName: string | null;
}

export function splitDisplayName(displayName: string): NameSplit {
  const words = displayName.trim().split(/\s+/).filter(Boolean);
  return { givenName: words[0] ?? '', familyName: words.length > 1 ? words.slice(1).join(' ') : null };
}

export interface CreatePreview {
  /** Per field: the message to show, or null when the value is fine. */
  errors: { displayName: string | null; email: string | null };
  /** Notes that do not block (e.g. a one-word name). */
  notes: string[];
  /** The SCIM body that would be sent; null while a field is invalid. */
  body: { userName: string; displayName: string; name: { givenName: string; familyName?: string }; emails: Array<{ value: string; type: 'work'; primary: true }>; active: true } | null;
}

// A pragmatic check: one @, something before it, a dotted domain after it, no spaces.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function createPreview(displayNameRaw: string, emailRaw: string): CreatePreview {
  const displayName = displayNameRaw.trim().replace(/\s+/g, ' ');
  const email = emailRaw.trim();
  const notes: string[] = [];
  let nameError: string | null = null;
  if (!displayName) nameError = 'Enter a display name, e.g. “Jane Smith”.';
  else if (displayName.length > 256) nameError = `The display name is ${displayName.length} characters long; use at most 256.`;
  else if (hasHiddenCharacters(displayName)) nameError = `The display name contains invisible or direction-changing characters (${visibleText(displayName).match(/⟪U\+[0-9A-F]+⟫/g)?.join(' ')}). Remove them and type the name again.`;
  let emailError: string | null = null;
  if (!email) emailError = 'Enter the person’s work email: it becomes their SCIM user name and primary email.';
  else if (email.length > 320) emailError = 'The email is longer than 320 characters.';
  else if (hasHiddenCharacters(email) || !EMAIL.test(email)) emailError = `“${visibleText(email)}” is not an email address. Use the form name@example.com.`;
  const split = splitDisplayName(displayName);
  if (!nameError && split.familyName === null) notes.push('One-word name: it is sent as the given name, with no family name (the SCIM service accepts this and logs it).');
  if (!nameError && /[<>&]/.test(displayName)) notes.push('The name contains <, > or &: it is sent and shown exactly as typed, as text.');
  if (!emailError && email !== email.toLowerCase()) notes.push(`The SCIM service compares user names without case: ${email.toLowerCase()} and ${email} are the same person.`);
  const body =
    nameError || emailError
      ? null
      : {
          userName: email,
          displayName,
          name: split.familyName === null ? { givenName: split.givenName } : { givenName: split.givenName, familyName: split.familyName },
          emails: [{ value: email, type: 'work' as const, primary: true as const }],
          active: true as const,
        };
  return { errors: { displayName: nameError, email: emailError }, notes, body };
}
