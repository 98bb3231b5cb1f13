import { checksFor } from '../../lib/context/checks.ts';
import type { Badge, ContextAnswer, ContextInput, Finding, PageCheck } from '../../lib/context/types.ts';

/** One check's part of the panel. */
export interface PanelSection {
  checkId: string;
  title: string;
  findings: Finding[];
}

/** Everything the content script shows on a page: panel sections and badges placed after page elements. */
export interface ContextView {
  sections: PanelSection[];
  badges: Array<{ badge: Badge; anchor: Element }>;
  /** Checks whose panel the admin dismissed. */
  dismissed: string[];
}

export const EMPTY_VIEW: ContextView = { sections: [], badges: [], dismissed: [] };

/** Asks the worker for the checks' facts; null when it cannot answer (restarting, or the page left). */
export type AskWorker = (url: string, input: ContextInput) => Promise<ContextAnswer | null>;

/** A light shape check of the worker's answer (the worker validated it with zod; this keeps zod out of the content script). */
export function isContextAnswer(v: unknown): v is ContextAnswer {
  if (v === null || typeof v !== 'object') return false;
  const a = v as Record<string, unknown>;
  const findingOk = (f: unknown) => f !== null && typeof f === 'object' && typeof (f as Finding).id === 'string' && typeof (f as Finding).title === 'string' && typeof (f as Finding).detail === 'string';
  const badgeOk = (b: unknown) => b !== null && typeof b === 'object' && typeof (b as Badge).target === 'string' && typeof (b as Badge).label === 'string' && typeof (b as Badge).detail === 'string';
  return Array.isArray(a.findings) && a.findings.every(findingOk) && Array.isArray(a.badges) && a.badges.every(badgeOk) && Array.isArray(a.dismissed) && a.dismissed.every((d) => typeof d === 'string');
}

/**
 * Runs every check that matches `url` on `doc`: detection and page findings here, facts from the worker
 * through `ask`. A check that throws or does not recognise the page contributes nothing.
 */
export async function collectView(doc: Document, url: URL, ask: AskWorker): Promise<ContextView> {
  const detected: Array<{ check: PageCheck; detection: unknown }> = [];
  for (const check of checksFor(url)) {
    try {
      const detection = check.detect(doc);
      if (detection !== null) detected.push({ check, detection });
    } catch {
      // claude.ai changed in a way this check did not expect: it stays silent.
    }
  }
  if (detected.length === 0) return EMPTY_VIEW;
  const input: ContextInput = {};
  for (const { check, detection } of detected) Object.assign(input, safe(() => check.input?.(detection), {}));
  const answer = await ask(url.href, input).catch(() => null);
  const byCheck = new Map<string, Finding[]>();
  for (const f of answer?.findings ?? []) {
    const id = f.id.split('.')[0]!;
    byCheck.set(id, [...(byCheck.get(id) ?? []), f]);
  }
  const sections: PanelSection[] = [];
  const badges: ContextView['badges'] = [];
  for (const { check, detection } of detected) {
    const findings = [...safe(() => check.local?.(detection) ?? [], []), ...(byCheck.get(check.id) ?? [])];
    if (findings.length > 0) sections.push({ checkId: check.id, title: check.title, findings });
    const anchors = safe(() => check.anchors?.(detection), undefined);
    if (anchors) {
      for (const badge of answer?.badges ?? []) {
        const anchor = anchors.get(badge.target);
        if (anchor) badges.push({ badge, anchor });
      }
    }
  }
  return { sections, badges, dismissed: answer?.dismissed ?? [] };
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn() ?? fallback;
  } catch {
    return fallback;
  }
}

/** A key that changes when what is shown changes (to skip re-rendering on unrelated page mutations). */
export function viewKey(view: ContextView): string {
  return JSON.stringify([view.sections, view.badges.map((b) => b.badge), view.dismissed]);
}
