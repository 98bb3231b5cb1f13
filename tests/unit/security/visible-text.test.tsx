import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { hasHiddenCharacters, visibleText } from '../../../lib/util/visible-text.ts';
import { ApiText } from '../../../components/ApiText.tsx';

describe('API-supplied text cannot spoof its direction (issue 6 §1.3)', () => {
  it('shows bidi overrides, isolates, marks and invisible characters as ⟪U+XXXX⟫', () => {
    expect(visibleText('Jira \u202Eexe.fdp')).toBe('Jira ⟪U+202E⟫exe.fdp');
    expect(visibleText('a\u2066b\u2069c\u200Fd\u200Be\uFEFFf\u0000g')).toBe('a⟪U+2066⟫b⟪U+2069⟫c⟪U+200F⟫d⟪U+200B⟫e⟪U+FEFF⟫f⟪U+0000⟫g');
    expect(visibleText('tag\u{E0041}x')).toBe('tag⟪U+E0041⟫x');
  });

  it('leaves ordinary text, accents, emoji and right-to-left scripts alone', () => {
    for (const s of ['Jira', 'Zürich café', 'مرحبا', 'שלום', '👩‍💻 dev']) {
      expect(visibleText(s)).toBe(s);
    }
    expect(hasHiddenCharacters('Jira')).toBe(false);
    expect(hasHiddenCharacters('Jira \u202E')).toBe(true);
  });

  it('renders in an isolating <bdi> with the controls visible', () => {
    const html = renderToStaticMarkup(<ApiText>{'Jira \u202Eexe.fdp'}</ApiText>);
    expect(html).toMatch(/^<bdi class="api-text" title="[^"]+">Jira ⟪U\+202E⟫exe\.fdp<\/bdi>$/);
    expect(html).not.toContain('\u202E');
    expect(renderToStaticMarkup(<ApiText>{'Jira'}</ApiText>)).toBe('<bdi class="api-text">Jira</bdi>');
  });
});
