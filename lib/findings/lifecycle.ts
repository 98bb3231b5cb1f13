import { catalogModels, lifecycle, lookupModel, modelDisplayName, type CatalogModel, type LifecycleState } from '../catalog/index.ts';
import type { ModelRow } from '../sources/compliance/tables.ts';
import type { Evidence } from './types.ts';

/**
 * Models in use that are deprecated, retiring or retired (claude-models.md §1.2–1.3 and its "Lifecycle
 * updates (SDK 1.16.0)"; admin-api.md §8): dates from the bundled catalogue, people and chats from the
 * published model usage, and the catalogue's successor. Sorted by urgency: the nearest retirement first, then
 * deprecated models without a date, then models already retired (most recent first).
 */

export interface LifecycleEntry {
  model: string;
  name: string;
  state: Exclude<LifecycleState, 'active'>;
  deprecatedOn: string | null;
  retiresOn: string | null;
  /** Days to the retirement (negative once past); null without a scheduled date. */
  daysLeft: number | null;
  chats: number;
  users: number;
  statusLabel: string;
  lifecycleNote: string | null;
  /** The catalogue's replacement, or null when it names none. */
  successor: { id: string; name: string; inferred: false } | { id: string; name: string; inferred: true; basis: string } | null;
  evidence: Evidence[];
}

const CATALOG_SOURCE = 'Bundled model catalogue (claude-models.md)';

/** The newest active model of the same family, when the catalogue names no replacement ([inferred], labelled). */
function familySuccessor(entry: CatalogModel): { id: string; name: string } | null {
  const candidates = catalogModels().filter((m) => m.family === entry.family && m.status === 'active' && m.id !== entry.id);
  const newest = candidates.sort((a, b) => ((b.released ?? '') < (a.released ?? '') ? -1 : 1))[0];
  return newest ? { id: newest.id, name: newest.display_name } : null;
}

export function lifecycleEntries(models: readonly Pick<ModelRow, 'model' | 'chats' | 'users' | 'deletedChats'>[], today: Date | string, windowDays = 90): LifecycleEntry[] {
  const out: LifecycleEntry[] = [];
  for (const m of models) {
    if (m.model === '' || m.chats <= 0) continue;
    const hit = lookupModel(m.model);
    if (!hit) continue;
    const e = hit.entry;
    const l = lifecycle(e, today, { windowDays });
    if (l.state === 'active') continue;
    let successor: LifecycleEntry['successor'] = null;
    if (e.replacement_id) {
      successor = { id: e.replacement_id, name: modelDisplayName(e.replacement_id), inferred: false };
    } else {
      const fam = familySuccessor(e);
      if (fam) successor = { ...fam, inferred: true, basis: `the catalogue names no replacement; the newest active ${e.family} model is shown` };
    }
    out.push({
      model: m.model,
      name: modelDisplayName(m.model),
      state: l.state,
      deprecatedOn: l.deprecatedOn,
      retiresOn: l.retiresOn,
      daysLeft: l.daysLeft,
      chats: m.chats,
      users: m.users,
      statusLabel: e.status_label,
      lifecycleNote: e.lifecycle_note,
      successor,
      evidence: [
        { source: CATALOG_SOURCE, id: e.id, date: l.retiresOn ?? l.deprecatedOn, detail: `status = ${e.status}; deprecated_on = ${e.deprecated_on ?? 'null'}; retires_on = ${e.retires_on ?? 'null'}; replacement_id = ${e.replacement_id ?? 'null'}`, ref: { type: 'catalog', id: e.id } },
        { source: 'Published model usage (chats’ model field)', id: m.model, date: null, detail: `chats = ${m.chats} (incl. ${m.deletedChats} deleted); users = ${m.users}`, ref: { type: 'model', id: m.model } },
      ],
    });
  }
  const rank = (x: LifecycleEntry) => (x.daysLeft !== null && x.daysLeft > 0 ? 0 : x.state === 'deprecated' ? 1 : 2);
  return out.sort((a, b) => {
    const r = rank(a) - rank(b);
    if (r !== 0) return r;
    if (rank(a) === 0) return a.daysLeft! - b.daysLeft! || b.chats - a.chats;
    if (rank(a) === 2) return (b.retiresOn ?? '').localeCompare(a.retiresOn ?? '') || b.chats - a.chats;
    return b.chats - a.chats;
  });
}
