import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';

/** A claude.ai page state from tests/fixtures/claude/, as a DOM (linkedom: no layout, no scripts). */
export function fixture(name: string): Document {
  const html = readFileSync(new URL(`../../fixtures/claude/${name}`, import.meta.url), 'utf8');
  return parseHTML(html).document as unknown as Document;
}

export const url = (path: string) => new URL(`https://claude.ai${path}`);
