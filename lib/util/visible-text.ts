/**
 * Makes text from an API safe to look at: characters that change how the text around them is drawn
 * (bidirectional overrides and isolates, direction marks, zero-width and other invisible controls)
 * are replaced by a visible token such as ⟪U+202E⟫. "Jira \u202Eexe.fdp" would otherwise display as
 * "Jira pdf.exe". Pure; used with a direction-isolating element (components/ApiText.tsx).
 */

/**
 * C0 controls except tab/newline, DEL and C1 controls, soft hyphen, Arabic letter mark, Mongolian
 * vowel separator, zero-width space, LRM/RLM (the joiners U+200C/U+200D stay: Persian, Indic scripts and emoji need them), line/paragraph separators, bidi embeddings and
 * overrides (U+202A–202E), word joiner and invisible operators (U+2060–2064), bidi isolates
 * (U+2066–2069), deprecated format characters (U+206A–206F), BOM / zero-width no-break space,
 * interlinear annotation marks and the tag block's language tags.
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B\u200E\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]|\uDB40[\uDC01\uDC20-\uDC7F]/g;

function token(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  return `⟪U+${cp.toString(16).toUpperCase().padStart(4, '0')}⟫`;
}

/** `text` with every invisible or direction-changing character shown as ⟪U+XXXX⟫. */
export function visibleText(text: string): string {
  return String(text).replace(INVISIBLE, token);
}

/** Whether `text` holds a character {@link visibleText} would make visible. */
export function hasHiddenCharacters(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  const found = INVISIBLE.test(String(text));
  INVISIBLE.lastIndex = 0;
  return found;
}
