import { lifecycle, lookupModel } from '../../catalog/index.ts';
import { hrefs } from '../../changes/hrefs.ts';
import type { AlertRule } from '../types.ts';

export const RETIREMENT_ALERT_DAYS = 60;

/** A model in use whose scheduled retirement is at most 60 days away (or already past: still in use). */
export const modelRetiring: AlertRule = {
  id: 'model-retiring',
  title: 'A model in use retires within 60 days',
  evaluate: (ctx) =>
    ctx.items('model').flatMap((m) => {
      const match = lookupModel(m.id);
      if (!match) return [];
      const life = lifecycle(match.entry, ctx.now, { windowDays: RETIREMENT_ALERT_DAYS });
      if (life.state !== 'retiring-soon' && !(life.state === 'retired' && life.retiresOn)) return [];
      const retired = life.state === 'retired';
      return [
        {
          subject: m.id,
          level: retired ? ('critical' as const) : ('warning' as const),
          title: retired ? `Retired model still in use: ${m.label}` : `${m.label} retires in ${life.daysLeft} days`,
          detail: `Retirement date ${life.retiresOn ?? 'unknown'}; ${String(m.fields.chats ?? 0)} chats in the inventory use it.`,
          href: hrefs.model(m.id),
        },
      ];
    }),
};
