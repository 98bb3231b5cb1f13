/**
 * Catalog facts for a model id, for the inventory's tables and model pages: the lookups of lib/catalog/models.ts
 * only (no zod, no evaluation import), so the tables' first render loads nothing more. Pure (unit-tested in Node).
 */
import { lifecycle, lookupModel, modelDisplayName } from '../../lib/catalog/models.ts';
import { lifecycleView, type LifecycleView } from './model.ts';

export interface CatalogFacts {
  id: string;
  displayName: string;
  /** 'alias' when the inventory's id is an alias of the catalog row (evidence then applies to no snapshot). */
  match: 'exact' | 'alias' | 'family';
  aliases: string[];
  vendor: string;
  family: string;
  version: string | null;
  variant: string | null;
  tasks: string[] | null;
  modalitiesIn: string[];
  modalitiesOut: string[];
  licence: string | null;
  costTier: string | null;
  contextWindow: string | null;
  contextNote: string | null;
  maxOutput: string | null;
  maxOutputNote: string | null;
  /** USD per million tokens, decimal strings as the catalog keeps them ("0.80"). */
  priceIn: string | null;
  priceOut: string | null;
  priceNote: string | null;
  knowledgeCutoff: string | null;
  status: string;
  released: string | null;
  deprecatedOn: string | null;
  retiresOn: string | null;
  retirementFloor: string | null;
  floorPassed: boolean;
  lifecycleNote: string | null;
  replacement: { id: string; name: string } | null;
  docsUrl: string;
  /** Catalog field names the source marks unverified. */
  unverified: string[];
  sources: Array<{ title: string; url: string | null; asOf: string; covers: string | null }>;
  lifecycle: LifecycleView;
}

/** Catalog facts for a raw model id (API id, alias or Bedrock form); null when the bundled catalog does not list it. */
export function catalogFacts(id: string, today: Date): CatalogFacts | null {
  const hit = lookupModel(id);
  if (!hit) return null;
  const e = hit.entry;
  const l = lifecycle(e, today);
  return {
    id: hit.snapshot.id,
    displayName: modelDisplayName(id),
    match: hit.match,
    aliases: e.aliases,
    vendor: e.vendor,
    family: e.family,
    version: e.version,
    variant: e.variant,
    tasks: e.tasks,
    modalitiesIn: e.input_modalities,
    modalitiesOut: e.output_modalities,
    licence: e.licence_type,
    costTier: e.cost_tier,
    contextWindow: e.context_window_label,
    contextNote: e.context_window_note,
    maxOutput: e.max_output_label,
    maxOutputNote: e.max_output_note,
    priceIn: e.input_price_usd_per_mtok,
    priceOut: e.output_price_usd_per_mtok,
    priceNote: e.price_note,
    knowledgeCutoff: e.knowledge_cutoff,
    status: e.status_label,
    released: hit.snapshot.released ?? e.released,
    deprecatedOn: e.deprecated_on,
    retiresOn: e.retires_on,
    retirementFloor: e.retirement_floor,
    floorPassed: l.floorPassed,
    lifecycleNote: e.lifecycle_note,
    replacement: e.replacement_id ? { id: e.replacement_id, name: modelDisplayName(e.replacement_id) } : null,
    docsUrl: e.docs_url,
    unverified: [...e.unverified_fields],
    sources: e.sources.map((s) => ({ title: s.title, url: s.url, asOf: s.as_of, covers: s.covers })),
    lifecycle: lifecycleView(l),
  };
}
