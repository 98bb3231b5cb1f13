import { validateNewUser } from './validate.ts';
import { createUserBody, type ScimCreateBody } from './scim-forms.ts';

/**
 * What the Create user dialog validates and previews before anything is sent: the worker's own
 * validation (lib/identity/validate.ts) and request body (lib/identity/scim-forms.ts), so the preview is
 * exactly what goes out: first word of the display name → `name.givenName`, the rest → `name.familyName`
 * (left out for a one-word name); the email, lower-cased, becomes `userName` and the primary work email;
 * no password (SSO). Pure, so the page and the tests share it.
 */
export { splitDisplayName } from './names.ts';

export interface CreatePreview {
  /** Per field: the message to show, or null when the value is fine (only the first problem found is reported). */
  errors: { displayName: string | null; email: string | null };
  /** Notes that do not block (a one-word name; angle brackets sent as text). */
  notes: string[];
  /** The SCIM body that would be sent; null while a field is invalid. */
  body: ScimCreateBody | null;
}

export function createPreview(displayName: string, email: string): CreatePreview {
  const check = validateNewUser({ displayName, email });
  if (!check.ok) {
    // Report the name's problem and, independently, the email's.
    const other = check.field === 'displayName' ? validateNewUser({ displayName: 'A B', email }) : null;
    return {
      errors: { displayName: check.field === 'displayName' ? check.message : null, email: check.field === 'email' ? check.message : other && !other.ok ? other.message : null },
      notes: [],
      body: null,
    };
  }
  const notes = [...check.warnings];
  if (/[<>&]/.test(check.user.displayName)) notes.push('The name contains <, > or &: it is sent and shown exactly as typed, as text.');
  if (email.trim() !== check.user.email) notes.push(`The email is sent lower-cased (${check.user.email}): the SCIM service compares user names without case.`);
  return { errors: { displayName: null, email: null }, notes, body: createUserBody(check.user) };
}
