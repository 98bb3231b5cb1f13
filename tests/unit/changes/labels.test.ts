import { describe, expect, it } from 'vitest';
import { CHANGE_SOURCES } from '../../../lib/changes/registry.ts';
import { KIND_NOUNS, RULE_TITLES, SOURCE_LABELS } from '../../../lib/changes/labels.ts';
import { ALERT_RULES } from '../../../lib/alerts/rules/index.ts';

describe('Changes view words', () => {
  it('name every registered source and kind as the registrations do', () => {
    for (const s of CHANGE_SOURCES) {
      expect(SOURCE_LABELS[s.source]).toBe(s.label);
      for (const [kind, rules] of Object.entries(s.kinds)) expect(KIND_NOUNS[kind]).toBe(rules.noun);
    }
  });
  it('title every alert rule as Options shows it', () => {
    expect(Object.keys(RULE_TITLES)).toEqual(ALERT_RULES.map((r) => r.id));
    for (const r of ALERT_RULES) expect(RULE_TITLES[r.id]).toBe(r.title);
  });
});
