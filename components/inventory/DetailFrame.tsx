import { useEffect, useRef, type MouseEvent, type ReactNode } from 'react';
import { routeHash, type ListView } from './routes.ts';
import { ApiText } from '../ApiText.tsx';

const LIST_LABEL: Record<ListView, string> = { models: 'Models', mcp: 'MCP servers', usage: 'Usage & spend', people: 'People', groups: 'Groups', plugins: 'Plugins', findings: 'Findings', lifecycle: 'Model lifecycle', changes: 'Changes', budgets: 'Budgets' };

/**
 * Back to the list. When the detail was opened from that list (the history entry says so) this is the
 * browser's Back, so the history stays clean; from a pasted link it is an ordinary link to the list.
 */
export function BackLink({ list }: { list: ListView }) {
  const href = routeHash({ view: list });
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const state: unknown = window.history.state;
    if (state && typeof state === 'object' && (state as { back?: unknown }).back === href) {
      e.preventDefault();
      window.history.back();
    }
  };
  return (
    <a className="back-link" href={href} onClick={onClick}>
      <span aria-hidden="true">← </span>Back to {LIST_LABEL[list]}
    </a>
  );
}

/** A detail page: back link, a heading that takes focus when the page opens, then the content. */
export function DetailFrame({ list, title, subtitle, badges, children }: { list: ListView; title: string; subtitle: ReactNode; badges?: ReactNode; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: false });
  }, [title]);
  return (
    <article className="detail" aria-labelledby="detail-h">
      <nav aria-label="Breadcrumb" className="crumbs">
        <BackLink list={list} />
      </nav>
      <header className="detail-head">
        <div className="name-line">
          <h2 id="detail-h" ref={heading} tabIndex={-1}>
            <ApiText>{title}</ApiText>
          </h2>
          {badges}
        </div>
        <div className="sub">{subtitle}</div>
      </header>
      {children}
    </article>
  );
}
