import { modelDisplayName } from '../../catalog/index.ts';
import type { AppDb } from '../../sources/database.ts';
import { hrefs } from '../hrefs.ts';
import type { SummaryItem } from '../tables.ts';
import type { ChangeSource } from '../types.ts';

/**
 * The Analytics collection's summary, where a change means something to an admin: connectors in use
 * (a connector people started using) and models with spend in the collected months (a model that began
 * costing money). Spend amounts move with every poll and are not changes; budgets watch them instead.
 */
export async function summarizeAnalytics(db: AppDb): Promise<SummaryItem[]> {
  const items: SummaryItem[] = [];
  for (const c of await db.anConnectors.toArray()) {
    if (c.distinctUsers <= 0) continue;
    items.push({ kind: 'connector', id: c.name, label: c.displayName ?? c.name, fields: { users: c.distinctUsers } });
  }
  const models = new Set<string>();
  await db.anSpend.orderBy('model').eachUniqueKey((m) => void models.add(String(m)));
  for (const m of models) if (m !== '') items.push({ kind: 'spendModel', id: m, label: modelDisplayName(m), fields: {} });
  return items;
}

export const analyticsChanges: ChangeSource = {
  source: 'analytics',
  label: 'Analytics',
  summarize: summarizeAnalytics,
  kinds: {
    connector: { noun: 'Connector in use', href: () => hrefs.usage() },
    spendModel: { noun: 'Model with spend', href: () => hrefs.usage() },
  },
};
