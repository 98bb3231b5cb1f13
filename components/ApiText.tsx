import { hasHiddenCharacters, visibleText } from '../lib/util/visible-text.ts';

/**
 * Any string that came from an API (a server, tool, organization or key name, an id, who changed
 * something). Rendered in a `<bdi>`, so right-to-left text or a stray override cannot reorder what
 * is around it, with control characters shown as ⟪U+XXXX⟫ (lib/util/visible-text.ts). Long ids wrap.
 */
export function ApiText({ children, className }: { children: string | null | undefined; className?: string }) {
  const text = children ?? '';
  const hidden = hasHiddenCharacters(text);
  return (
    <bdi className={['api-text', className].filter(Boolean).join(' ')} title={hidden ? 'This name contains invisible or direction-changing characters, shown as ⟪U+…⟫.' : undefined}>
      {visibleText(text)}
    </bdi>
  );
}
