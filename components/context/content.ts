import { checksFor } from '../../lib/context/checks.ts';
import type { ContextAnswer, ContextInput, Finding } from '../../lib/context/types.ts';
import { createContextChecks } from './controller.ts';
import { collectView, isContextAnswer, viewKey, type ContextView } from './view.ts';
import { panelShown, removePanel, renderPanel } from './panel.ts';
import { badgesShown, removeBadges, renderBadges } from './badges.ts';
import { onlyOwnChanges } from './hosts.ts';

/** The worker's envelope, read without zod (the worker validated what it sends). */
type Send = (message: unknown) => Promise<unknown>;

async function request(send: Send, message: Record<string, unknown>): Promise<unknown> {
  const raw = (await send(message)) as { ok?: unknown; data?: unknown } | undefined;
  if (!raw || raw.ok !== true) throw new Error('refused');
  return raw.data;
}

export interface ContentDeps {
  doc: Document;
  href: () => string;
  send: Send;
  debounceMs?: number;
}

/**
 * The content script's whole job on claude.ai: run the checks that match the current URL, show their
 * panel and badges, follow in-app navigation and page changes, and tear everything down on leave. The
 * worker is asked once per page state (labels only); ticking a scope box re-runs only page-local logic.
 */
export function startContextChecks(deps: ContentDeps) {
  const { doc, send } = deps;
  const answers = new Map<string, Promise<ContextAnswer | null>>();
  const localDismissed = new Set<string>();
  let shownKey = '';
  let watching: { ids: string; teardowns: Array<() => void> } = { ids: '', teardowns: [] };
  let observer: MutationObserver | null = null;

  const ask = (url: string, input: ContextInput): Promise<ContextAnswer | null> => {
    const key = `${url}\n${JSON.stringify(input)}`;
    let p = answers.get(key);
    if (!p) {
      p = request(send, { type: 'context/check', url, input }).then((d) => (isContextAnswer(d) ? d : null), () => null);
      answers.set(key, p);
      // A failed ask is tried again next time rather than remembered.
      void p.then((a) => a === null && answers.delete(key));
    }
    return p;
  };

  const teardownWatchers = () => {
    for (const t of watching.teardowns) {
      try {
        t();
      } catch {
        /* ignore */
      }
    }
    watching = { ids: '', teardowns: [] };
  };

  const syncWatchers = (url: URL) => {
    const checks = checksFor(url);
    const ids = checks.map((c) => c.id).join(',');
    if (ids === watching.ids) return;
    teardownWatchers();
    observer?.disconnect();
    observer = null;
    if (checks.length === 0) return;
    const teardowns: Array<() => void> = [];
    for (const c of checks) {
      try {
        const t = c.watch?.(doc, () => controller.pageChanged());
        if (t) teardowns.push(t);
      } catch {
        /* a check that cannot watch still runs on navigation */
      }
    }
    watching = { ids, teardowns };
    // claude.ai renders lists and dialogs after navigation: re-run when the page changes (not for our own nodes).
    observer = new MutationObserver((records) => {
      if (!onlyOwnChanges(records)) controller.pageChanged();
    });
    observer.observe(doc.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-checked'] });
  };

  const render = (view: ContextView) => {
    const sections = view.sections.filter((s) => !view.dismissed.includes(s.checkId) && !localDismissed.has(s.checkId));
    const key = viewKey({ ...view, sections });
    if (key === shownKey && (sections.length === 0 || panelShown(doc)) && badgesShown(doc)) return;
    shownKey = key;
    renderPanel(doc, sections, {
      dismiss: (ids) => {
        for (const id of ids) localDismissed.add(id);
        answers.clear();
        void request(send, { type: 'context/dismiss', check: ids[0], dismissed: true }).catch(() => undefined);
        for (const id of ids.slice(1)) void request(send, { type: 'context/dismiss', check: id, dismissed: true }).catch(() => undefined);
      },
      action: async (f: Finding) => {
        if (f.action?.kind !== 'use-scim-url') return '';
        const res = (await request(send, { type: 'context/scim-url', url: f.action.value })) as { message?: unknown };
        return typeof res?.message === 'string' ? res.message : '';
      },
    });
    renderBadges(doc, view.badges, (hash) => void request(send, { type: 'context/open', hash }).catch(() => undefined));
  };

  const controller = createContextChecks<ContextView>({
    debounceMs: deps.debounceMs,
    collect: async () => {
      const url = new URL(deps.href());
      syncWatchers(url);
      return collectView(doc, url, ask);
    },
    render,
  });

  void controller.runNow();
  return {
    locationChanged: () => {
      answers.clear();
      controller.locationChanged();
    },
    stop: () => {
      controller.stop();
      teardownWatchers();
      observer?.disconnect();
      removePanel(doc);
      removeBadges(doc);
    },
  };
}
