import { z } from 'zod';

/** Messages of the Changes view, alerts and team budgets (handled in lib/background/changes-handlers.ts). */

export const MarkSeenRequestSchema = z.object({
  type: z.literal('changes/mark-seen'),
  /** Change ids and alert keys to mark; both omitted = everything. */
  changeIds: z.array(z.number().int().nonnegative()).max(10_000).optional(),
  alertKeys: z.array(z.string().max(1024)).max(10_000).optional(),
});

/** "1500", "1,500.50", "$1,500": US dollars with at most two decimals. */
export const UsdAmountSchema = z
  .string()
  .trim()
  .max(32)
  .regex(/^\$?\s*(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/, 'Enter the budget in US dollars, for example 1500 or 1,500.50.');

export const SetBudgetRequestSchema = z.object({
  type: z.literal('budget/set'),
  kind: z.enum(['rbac', 'scim']),
  groupId: z.string().min(1).max(256),
  name: z.string().max(512),
  monthlyUsd: UsdAmountSchema,
  /** Percent shares at which to warn, 1–1000 (default 75, 90, 100). */
  thresholds: z.array(z.number().int().min(1).max(1000)).min(1).max(6).optional(),
});

export const RemoveBudgetRequestSchema = z.object({ type: z.literal('budget/remove'), teamKey: z.string().min(1).max(300) });

export const UnseenResponseSchema = z.object({ unseen: z.number().int() });
export const RemoveBudgetResponseSchema = z.object({ removed: z.boolean() });
export const BudgetResponseSchema = z.object({ teamKey: z.string(), monthly: z.string(), alerts: z.number().int() });

/** "$1,500.50" → cents "150050". */
export function usdToCents(usd: string): string {
  const clean = usd.replace(/[$,\s]/g, '');
  const [whole, frac = ''] = clean.split('.');
  const cents = `${whole}${frac.padEnd(2, '0')}`.replace(/^0+(?=\d)/, '');
  return cents;
}
