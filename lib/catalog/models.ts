/**
 * The bundled Claude model catalog and model risk evidence (specs/claude-models.md §1 and §2), with the lookups the
 * inventory needs:
 * - `lookupModel(id)` resolves the raw `model` string of a chat (Compliance API) or a cost/usage report (Analytics
 *   API) to a catalog row: API ID first, then alias (§1.4). Unknown IDs stay unknown — no family guessing.
 * - `lifecycle(entry, today)` says whether a model is active, deprecated, retiring soon or retired.
 * - `evidenceFor(modelId)` returns the sourced risk evidence per category for that exact snapshot (§2.1: never a
 *   synthesised score, never a predecessor's result).
 *
 * The bundled JSON files are not validated at runtime: they ship with the code, and validating them cost about a
 * third of the inventory's first render. The unit tests prove they parse with the schemas (./model-schemas.ts) and that
 * the values used here equal the parsed ones; `parseModelCatalog` and `parseEvidenceDataset` there check other data.
 */
import catalogJson from './claude-models.json';
import evidenceJson from './model-risk-evidence.json';
import type { CatalogModel, EvidenceDataset, EvidenceDirection, EvidenceRecord, ModelCatalogData, ModelSnapshot } from './model-schemas.ts';

// The schemas live in ./model-schemas.ts, so the lookups here (on the inventory's first render) do not load zod.
export type { CatalogMeta, CatalogModel, EvidenceDataset, EvidenceDirection, EvidenceRecord, ModelCatalogData, ModelSnapshot, ModelStatus } from './model-schemas.ts';

// ---------------------------------------------------------------------------------------------------------------
// Risk categories and evidence records (§2.4)
// ---------------------------------------------------------------------------------------------------------------

export const RISK_CATEGORIES = [
  { key: 'bias', label: 'Bias & discrimination' },
  { key: 'insecure_code', label: 'Insecure code generation' },
  { key: 'sensitive_data', label: 'Sensitive data exposure' },
  { key: 'attack_recon', label: 'Attack reconnaissance' },
  { key: 'guardrail_bypass', label: 'Safety guardrail bypass' },
] as const;
export type RiskCategoryKey = (typeof RISK_CATEGORIES)[number]['key'];
export const RISK_CATEGORY_KEYS: readonly RiskCategoryKey[] = RISK_CATEGORIES.map((c) => c.key);

export function isRiskCategoryKey(value: string): value is RiskCategoryKey {
  return (RISK_CATEGORY_KEYS as readonly string[]).includes(value);
}

/** The UI label of a category key; a finer source-taxonomy label is returned as is. */
export function riskCategoryLabel(category: string): string {
  return RISK_CATEGORIES.find((c) => c.key === category)?.label ?? category;
}

/** What the UI shows for a category without a record. Never 0, never an estimate (§2.1). */
export const NO_PUBLIC_EVIDENCE = 'No public evidence';

/** Any record the risk profile can show: bundled (§2.4) or imported by the organization (tagged `imported`). */
export interface EvidenceLike {
  model_id: string;
  category: string;
  metric_name: string | null;
  value: number | string;
  unit: string;
  direction: EvidenceDirection | null;
  source_title: string;
  source_url: string | null;
  source_section: string | null;
  source_version_or_date: string;
  licence: string | null;
  retrieved_at: string | null;
  imported?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Loading (bundled, validated by the unit tests)
// ---------------------------------------------------------------------------------------------------------------

let catalogCache: ModelCatalogData | undefined;
let evidenceCache: EvidenceDataset | undefined;
let indexCache: CatalogIndex | undefined;

/** The bundled catalog (validated by the unit tests, not at runtime). */
export function getModelCatalog(): ModelCatalogData {
  catalogCache ??= catalogJson as unknown as ModelCatalogData;
  return catalogCache;
}

/** The bundled evidence (validated against the catalog by the unit tests, not at runtime). */
export function getRiskEvidence(): EvidenceDataset {
  evidenceCache ??= evidenceJson as unknown as EvidenceDataset;
  return evidenceCache;
}

/** All catalog rows, in the spec's order. */
export function catalogModels(): readonly CatalogModel[] {
  return getModelCatalog().models;
}

// ---------------------------------------------------------------------------------------------------------------
// ID normalisation and lookup (§1.4)
// ---------------------------------------------------------------------------------------------------------------

export type ModelPlatform = 'anthropic' | 'bedrock';

export interface NormalizedModelId {
  /** Lower-case API-ID form. */
  id: string;
  /** `bedrock` when the input had Bedrock's `anthropic.` prefix (and possibly an InvokeModel `-v1` / `-v2:0` suffix). */
  platform: ModelPlatform;
}

const BEDROCK_PREFIX = 'anthropic.';
const BEDROCK_VERSION_SUFFIX = /-v\d+(?::\d+)?$/;

/**
 * The API-ID form of a raw model string: trimmed, lower-cased, and for Bedrock IDs (`anthropic.<api-id>`,
 * `anthropic.claude-opus-4-6-v1`) without the prefix and the InvokeModel version suffix (§1.4). Google Cloud and
 * Foundry use the API ID as is. Returns undefined for an empty or non-string value.
 */
export function normalizeModelId(raw: string | null | undefined): NormalizedModelId | undefined {
  if (typeof raw !== 'string') return undefined;
  let id = raw.trim().toLowerCase();
  if (id === '') return undefined;
  let platform: ModelPlatform = 'anthropic';
  if (id.startsWith(BEDROCK_PREFIX) && id.length > BEDROCK_PREFIX.length) {
    platform = 'bedrock';
    id = id.slice(BEDROCK_PREFIX.length).replace(BEDROCK_VERSION_SUFFIX, '');
  }
  return { id, platform };
}

export interface ModelMatch {
  entry: CatalogModel;
  /**
   * `exact`: the string is one of the row's API IDs (after case and platform normalisation);
   * `alias`: it is one of the row's aliases that differ from the API ID.
   * `family` is never returned: §1.4 keeps unknown IDs unknown instead of guessing a family. It stays in the type so
   * callers written against it keep compiling.
   */
  match: 'exact' | 'alias' | 'family';
  /** The snapshot the string names (for an alias: the row's primary snapshot, which the alias points to). */
  snapshot: ModelSnapshot;
  /** The raw input, as given. */
  input: string;
  /** The normalised API-ID form of the input. */
  normalizedId: string;
  platform: ModelPlatform;
}

interface CatalogIndex {
  exact: Map<string, { entry: CatalogModel; snapshot: ModelSnapshot }>;
  alias: Map<string, { entry: CatalogModel; snapshot: ModelSnapshot }>;
}

function buildIndex(catalog: ModelCatalogData): CatalogIndex {
  const exact = new Map<string, { entry: CatalogModel; snapshot: ModelSnapshot }>();
  const alias = new Map<string, { entry: CatalogModel; snapshot: ModelSnapshot }>();
  for (const entry of catalog.models) {
    const primary = entry.snapshots[0];
    if (!primary) continue;
    for (const snapshot of entry.snapshots) exact.set(snapshot.id, { entry, snapshot });
    for (const a of entry.aliases) alias.set(a, { entry, snapshot: primary });
  }
  return { exact, alias };
}

function indexFor(catalog: ModelCatalogData | undefined): CatalogIndex {
  if (catalog === undefined || catalog === getModelCatalog()) {
    indexCache ??= buildIndex(getModelCatalog());
    return indexCache;
  }
  return buildIndex(catalog);
}

/**
 * Resolves a raw `model` string from a chat or a usage/cost report to a catalog row: API ID first, then alias.
 * Returns undefined for null, empty and unknown IDs — use `describeUnknownModel` for their display name.
 */
export function lookupModel(raw: string | null | undefined, catalog?: ModelCatalogData): ModelMatch | undefined {
  const norm = normalizeModelId(raw);
  if (!norm || typeof raw !== 'string') return undefined;
  const index = indexFor(catalog);
  const hit = index.exact.get(norm.id);
  if (hit) return { ...hit, match: 'exact', input: raw, normalizedId: norm.id, platform: norm.platform };
  const aliasHit = index.alias.get(norm.id);
  if (aliasHit) return { ...aliasHit, match: 'alias', input: raw, normalizedId: norm.id, platform: norm.platform };
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Display names
// ---------------------------------------------------------------------------------------------------------------

/** Label for chats whose model is null (legacy chats). */
export const UNKNOWN_MODEL_NAME = 'Unknown model';

export interface UnknownModelDescription {
  /** The raw id, trimmed. */
  id: string;
  /** A readable name built from the id's shape only; no catalog facts are attached. */
  displayName: string;
  known: false;
}

const capitalise = (w: string): string => (w === '' ? w : w[0]!.toUpperCase() + w.slice(1));
const NEW_STYLE = /^claude-([a-z]+)-(\d{1,2})(?:-(\d{1,2}))?(?:-(\d{8}))?(?:-latest)?$/;
const OLD_STYLE = /^claude-(\d{1,2})(?:-(\d{1,2}))?-([a-z]+)(?:-(\d{8}))?(?:-latest)?$/;
const DOTTED = /^claude-(instant-)?(\d{1,2}(?:\.\d{1,2})?)$/;

/**
 * A best-effort display name for an ID the catalog does not know, from the ID's shape alone
 * (`claude-sonnet-9-1` → "Claude Sonnet 9.1", `claude-3-sonnet-20240229` → "Claude Sonnet 3",
 * `claude-instant-1.2` → "Claude Instant 1.2"); anything else is shown as given. It never attaches a family's facts.
 */
export function describeUnknownModel(raw: string | null | undefined): UnknownModelDescription {
  const id = typeof raw === 'string' ? raw.trim() : '';
  const norm = normalizeModelId(id);
  if (!norm) return { id, displayName: UNKNOWN_MODEL_NAME, known: false };
  const s = norm.id;
  const version = (major: string, minor: string | undefined) => (minor === undefined ? major : `${major}.${minor}`);
  let m = NEW_STYLE.exec(s);
  if (m && m[1] !== undefined && m[2] !== undefined) return { id, displayName: `Claude ${capitalise(m[1])} ${version(m[2], m[3])}`, known: false };
  m = OLD_STYLE.exec(s);
  if (m && m[1] !== undefined && m[3] !== undefined) return { id, displayName: `Claude ${capitalise(m[3])} ${version(m[1], m[2])}`, known: false };
  m = DOTTED.exec(s);
  if (m && m[2] !== undefined) return { id, displayName: m[1] ? `Claude Instant ${m[2]}` : `Claude ${m[2]}`, known: false };
  return { id, displayName: id, known: false };
}

/** The name to show for a raw model string: the catalog's (with the snapshot label when a row has several), else a best-effort name. */
export function modelDisplayName(raw: string | null | undefined, catalog?: ModelCatalogData): string {
  const hit = lookupModel(raw, catalog);
  if (!hit) return describeUnknownModel(raw).displayName;
  if (hit.entry.snapshots.length > 1 && hit.snapshot.label) {
    return `${hit.entry.display_name.replace(/\s*\([^)]*\)\s*$/, '')} ${hit.snapshot.label}`;
  }
  return hit.entry.display_name;
}

// ---------------------------------------------------------------------------------------------------------------
// Lifecycle
// ---------------------------------------------------------------------------------------------------------------

export type LifecycleState = 'active' | 'deprecated' | 'retiring-soon' | 'retired';

export interface Lifecycle {
  state: LifecycleState;
  /** Days from `today` to the scheduled retirement: 0 on the day, negative once past; null without a scheduled date. */
  daysLeft: number | null;
  retiresOn: string | null;
  deprecatedOn: string | null;
  /** Not-sooner-than commitment; not a scheduled retirement. */
  retirementFloor: string | null;
  /** True when the floor date has passed without a scheduled retirement (worth re-checking the docs). */
  floorPassed: boolean;
  windowDays: number;
}

export interface LifecycleOptions {
  /** A model whose retirement is at most this many days away is `retiring-soon`. Default 90. */
  windowDays?: number;
}

export const DEFAULT_RETIREMENT_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

/** UTC day number of a Date or an ISO date / date-time string; undefined when it cannot be read. */
function utcDay(value: Date | string): number | undefined {
  if (typeof value === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
    if (m) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : utcDay(d);
  }
  if (Number.isNaN(value.getTime())) return undefined;
  return Date.UTC(value.getUTCFullYear(), value.getUTCMonth(), value.getUTCDate()) / DAY_MS;
}

/**
 * Where a model stands on `today` (UTC calendar day, like the rest of the inventory):
 * - `retired` from the scheduled retirement date on (the retirement day itself counts as retired), or when the
 *   catalog says retired and gives no date;
 * - `retiring-soon` when a scheduled retirement is within `windowDays` (deprecated or not);
 * - `deprecated` once the deprecation date has passed (or the catalog says deprecated without a date);
 * - `active` otherwise. A retirement floor ("retire ≥") is a commitment, not a schedule: it never makes a model
 *   retiring or retired, only sets `floorPassed`.
 * Dates win over the catalog's status text, so the answer stays right for any `today`.
 */
export function lifecycle(
  entry: Pick<CatalogModel, 'status' | 'deprecated_on' | 'retires_on' | 'retirement_floor'>,
  today: Date | string,
  options: LifecycleOptions = {},
): Lifecycle {
  const rawWindow = options.windowDays ?? DEFAULT_RETIREMENT_WINDOW_DAYS;
  const windowDays = Number.isFinite(rawWindow) && rawWindow >= 0 ? Math.floor(rawWindow) : DEFAULT_RETIREMENT_WINDOW_DAYS;
  const base = {
    retiresOn: entry.retires_on,
    deprecatedOn: entry.deprecated_on,
    retirementFloor: entry.retirement_floor,
    windowDays,
  };
  const day = utcDay(today);
  if (day === undefined) throw new RangeError(`lifecycle: "${String(today)}" is not a date`);
  const retireDay = entry.retires_on ? utcDay(entry.retires_on) : undefined;
  const deprecateDay = entry.deprecated_on ? utcDay(entry.deprecated_on) : undefined;
  const floorDay = entry.retirement_floor ? utcDay(entry.retirement_floor) : undefined;
  const daysLeft = retireDay === undefined ? null : retireDay - day;
  const floorPassed = retireDay === undefined && floorDay !== undefined && floorDay < day;

  if (daysLeft !== null) {
    if (daysLeft <= 0) return { ...base, state: 'retired', daysLeft, floorPassed };
    if (daysLeft <= windowDays) return { ...base, state: 'retiring-soon', daysLeft, floorPassed };
  } else if (entry.status === 'retired') {
    return { ...base, state: 'retired', daysLeft, floorPassed };
  }
  const deprecated = deprecateDay !== undefined ? deprecateDay <= day : entry.status === 'deprecated';
  return { ...base, state: deprecated ? 'deprecated' : 'active', daysLeft, floorPassed };
}

// ---------------------------------------------------------------------------------------------------------------
// Evidence lookup
// ---------------------------------------------------------------------------------------------------------------

export type EvidenceByCategory<R extends EvidenceLike = EvidenceLike> = Record<RiskCategoryKey, R[]> & {
  /** Records filed under a finer source-taxonomy label that maps to none of the five categories. */
  other: R[];
};

export interface EvidenceOptions<R extends EvidenceLike> {
  /** Organization-imported records to include (tagged `imported`). */
  extra?: readonly R[];
  /** Leave the bundled records out (e.g. to show imported results only). */
  bundled?: boolean;
  catalog?: ModelCatalogData;
  evidence?: EvidenceDataset;
}

/**
 * The snapshot ID evidence may be filed under for a raw model string, or undefined when there can be none:
 * an exact catalog match (any case, Bedrock form) gives the snapshot's API ID; an alias gives nothing, because an
 * alias does not pin a snapshot and a result is valid for one exact snapshot only (§2.1); an ID the catalog does not
 * know is used as given (lower-cased), for organization-imported results.
 */
export function evidenceModelId(raw: string | null | undefined, catalog?: ModelCatalogData): string | undefined {
  const norm = normalizeModelId(raw);
  if (!norm) return undefined;
  const hit = lookupModel(raw, catalog);
  if (!hit) return norm.id;
  return hit.match === 'exact' ? hit.snapshot.id : undefined;
}

function emptyEvidence<R extends EvidenceLike>(): EvidenceByCategory<R> {
  return { bias: [], insecure_code: [], sensitive_data: [], attack_recon: [], guardrail_bypass: [], other: [] };
}

/**
 * Sourced evidence for one exact model snapshot, per category. An empty array means "No public evidence" for that
 * category — never a 0 and never a value borrowed from another model.
 */
export function evidenceFor<R extends EvidenceLike = EvidenceRecord>(
  modelId: string | null | undefined,
  options: EvidenceOptions<R> = {},
): EvidenceByCategory<R | EvidenceRecord> {
  const out = emptyEvidence<R | EvidenceRecord>();
  const target = evidenceModelId(modelId, options.catalog);
  if (target === undefined) return out;
  const bundled = options.bundled === false ? [] : (options.evidence ?? getRiskEvidence()).records;
  const candidates: Array<R | EvidenceRecord> = [...bundled, ...(options.extra ?? [])];
  for (const rec of candidates) {
    if (normalizeModelId(rec.model_id)?.id !== target) continue;
    if (isRiskCategoryKey(rec.category)) out[rec.category].push(rec);
    else out.other.push(rec);
  }
  return out;
}

/** True when no category (and no other label) has a record. */
export function hasNoEvidence(e: EvidenceByCategory): boolean {
  return RISK_CATEGORY_KEYS.every((k) => e[k].length === 0) && e.other.length === 0;
}
