/**
 * Display names for provisioning (specs/scim.md §2.2, §5): trimmed, inner whitespace collapsed, Unicode
 * normalised (NFC) so the same name typed on two keyboards is one string; then split the way directory
 * connectors do it: the first word is the given name, the rest the family name. A one-word name has no
 * family name: the key is left out (never sent as null or ""), which the SCIM service accepts but logs
 * as a processing error on its side.
 */

/** Any run of whitespace, including no-break and other Unicode spaces. */
const WHITESPACE = /[\s\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/gu;

/** The name as it will be sent: NFC, no leading or trailing space, single spaces inside. */
export function normaliseDisplayName(raw: string): string {
  return raw.normalize('NFC').replace(WHITESPACE, ' ').trim();
}

export interface SplitName {
  givenName: string;
  /** null for a one-word name (the key is then left out of the request). */
  familyName: string | null;
}

/** First word → given name, the rest → family name. Expects a normalised, non-empty name. */
export function splitDisplayName(name: string): SplitName {
  const normal = normaliseDisplayName(name);
  const space = normal.indexOf(' ');
  if (space < 0) return { givenName: normal, familyName: null };
  return { givenName: normal.slice(0, space), familyName: normal.slice(space + 1) };
}
