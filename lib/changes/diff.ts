import type { SummaryItem, SummaryValue } from './tables.ts';
import type { ChangeDraft, ChangeSource, KindRules } from './types.ts';

/** The text of a stored value; null for null/absent. */
function text(value: SummaryValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  return String(value);
}

function field(item: SummaryItem, name: string | undefined): string | null {
  return name ? text(item.fields[name]) : null;
}

/** The value of an added or removed subject, read as its tracked field reads (e.g. "Always allow"). */
function valueOf(rules: KindRules, item: SummaryItem): string | null {
  if (!rules.value) return null;
  const show = rules.track?.[rules.value]?.show ?? text;
  return show(item.fields[rules.value] ?? null);
}

const keyOf = (item: SummaryItem) => `${item.kind}\u0000${item.id}`;

/** The changes of one subject between two summaries (either side may be missing). */
export function diffItem(rules: KindRules, prev: SummaryItem | undefined, next: SummaryItem | undefined): ChangeDraft[] {
  const present = rules.present ?? (() => true);
  const was = prev !== undefined && present(prev);
  const is = next !== undefined && present(next);
  const item = next ?? prev!;
  const base = { kind: item.kind, subject: item.id, label: item.label, href: rules.href(item) };
  if (!was && is) {
    if (rules.added === false || (typeof rules.added === 'function' && !rules.added(next))) return [];
    return [{ ...base, change: 'added', old: null, new: valueOf(rules, next), who: field(next, rules.addedWho), when: field(next, rules.addedWhen) }];
  }
  if (was && !is) {
    if (rules.removed === false) return [];
    return [{ ...base, change: 'removed', old: valueOf(rules, prev), new: null, who: next ? field(next, rules.removedWho) : null, when: next ? field(next, rules.removedWhen) : null }];
  }
  if (!was || !is) return [];
  const out: ChangeDraft[] = [];
  for (const [name, spec] of Object.entries(rules.track ?? {})) {
    const a = prev.fields[name] ?? null;
    const b = next.fields[name] ?? null;
    if (a === b) continue;
    const show = spec.show ?? text;
    out.push({
      ...base,
      change: typeof spec.change === 'function' ? spec.change(a, b) : spec.change,
      old: show(a),
      new: show(b),
      who: field(next, spec.who),
      when: field(next, spec.when),
    });
  }
  return out;
}

/**
 * Everything that differs between two summaries of one source, by the source's rules. Kinds without rules
 * are ignored (a newer summary may carry kinds this version does not report). Deterministic order:
 * by kind as declared, then by subject id.
 */
export function diffSummaries(source: Pick<ChangeSource, 'kinds'>, prev: readonly SummaryItem[], next: readonly SummaryItem[]): ChangeDraft[] {
  const before = new Map(prev.map((i) => [keyOf(i), i]));
  const after = new Map(next.map((i) => [keyOf(i), i]));
  const out: ChangeDraft[] = [];
  for (const [kind, rules] of Object.entries(source.kinds)) {
    const keys = new Set<string>();
    for (const i of prev) if (i.kind === kind) keys.add(keyOf(i));
    for (const i of next) if (i.kind === kind) keys.add(keyOf(i));
    for (const key of [...keys].sort()) out.push(...diffItem(rules, before.get(key), after.get(key)));
  }
  return out;
}
