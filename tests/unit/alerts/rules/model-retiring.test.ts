import { describe, expect, it } from 'vitest';
import { alertContext } from '../../../../lib/alerts/types.ts';
import { modelRetiring } from '../../../../lib/alerts/rules/model-retiring.ts';
import { item, NOW } from '../helpers.ts';

describe('alert rule: a model in use retiring within 60 days', () => {
  // claude-opus-4-5-20251101 retires on 2027-01-22 in the bundled catalog.
  it('fires 46 days before, and critical once retired while still in use', () => {
    const ctx = alertContext({ now: NOW, items: [item('model', 'claude-opus-4-5-20251101', { chats: 12 }, 'Claude Opus 4.5')] });
    expect(modelRetiring.evaluate(ctx)).toEqual([
      { subject: 'claude-opus-4-5-20251101', level: 'warning', title: 'Claude Opus 4.5 retires in 46 days', detail: 'Retirement date 2027-01-22; 12 chats in the inventory use it.', href: 'inventory.html#/models/claude-opus-4-5-20251101' },
    ]);
    const later = alertContext({ now: new Date('2027-02-01T00:00:00Z'), items: [item('model', 'claude-opus-4-5-20251101', { chats: 1 })] });
    expect(modelRetiring.evaluate(later)[0]?.level).toBe('critical');
  });
  it('does not fire more than 60 days before, nor for unknown or active models', () => {
    const early = alertContext({ now: new Date('2026-11-20T00:00:00Z'), items: [item('model', 'claude-opus-4-5-20251101')] });
    expect(modelRetiring.evaluate(early)).toEqual([]);
    expect(modelRetiring.evaluate(alertContext({ now: NOW, items: [item('model', 'claude-opus-5-5'), item('model', 'not-a-model')] }))).toEqual([]);
  });
});
