/**
 * Import of an organization's own model evaluation results (red-team runs, vendor reports) from JSON or CSV text
 * (specs/claude-models.md §2.3–2.4). Every accepted row becomes a §2.4 evidence record tagged `imported`; every
 * rejected row is reported with what to fix. Never throws.
 *
 * Columns / keys (names are case-insensitive; spaces and dashes count as underscores):
 *   required  model_id, category, value, unit, source (a title or an http(s) address) or source_url, date
 *   optional  metric_name, direction, source_url, source_section, licence, notes
 * Categories: the five UI names ("Bias & discrimination", …) or their keys (bias, insecure_code, sensitive_data,
 * attack_recon, guardrail_bypass). Units: see EVALUATION_UNITS (`index_0_1000`, lower is better; percent; …).
 * JSON: an array of objects, or an object with a `records` (or `evaluations`) array.
 */
import { z } from 'zod';
import { redactSecrets } from '../util/redact.ts';
import { parseCsv } from './csv.ts';
import { RISK_CATEGORIES, lookupModel, normalizeModelId, type EvidenceDirection, type EvidenceLike, type ModelCatalogData, type RiskCategoryKey } from './models.ts';
import { evidenceDirectionSchema, riskCategoryKeySchema } from './model-schemas.ts';

// ---------------------------------------------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------------------------------------------

export interface EvaluationUnit {
  key: string;
  label: string;
  kind: 'number' | 'integer' | 'text';
  min?: number;
  max?: number;
  /** Fixed by the unit (the 0–1000 index is lower-is-better); null when it depends on the metric. */
  direction: EvidenceDirection | null;
  /** Spellings accepted in imports, compared after lower-casing and trimming. */
  spellings: readonly string[];
}

export const EVALUATION_UNITS: readonly EvaluationUnit[] = [
  {
    key: 'index_0_1000',
    label: '0–1000 index (lower is better)',
    kind: 'number',
    min: 0,
    max: 1000,
    direction: 'lower_is_better',
    spellings: ['index_0_1000', 'index 0-1000', 'index 0–1000', '0-1000', '0–1000'],
  },
  { key: 'percent', label: 'percent (0–100)', kind: 'number', min: 0, max: 100, direction: null, spellings: ['percent', '%', 'percentage', 'pct'] },
  { key: 'fraction', label: 'fraction (0–1)', kind: 'number', min: 0, max: 1, direction: null, spellings: ['fraction', 'fraction_0_1', 'ratio', 'proportion'] },
  { key: 'count', label: 'count (whole number ≥ 0)', kind: 'integer', min: 0, direction: null, spellings: ['count'] },
  { key: 'score', label: 'score (no fixed range)', kind: 'number', direction: null, spellings: ['score', 'number', 'raw'] },
  { key: 'grade', label: 'grade (text, e.g. "Very Good")', kind: 'text', direction: null, spellings: ['grade', 'rating'] },
];

export function findUnit(raw: string): EvaluationUnit | undefined {
  const s = raw.trim().toLowerCase();
  return EVALUATION_UNITS.find((u) => u.key === s || u.spellings.includes(s));
}

// ---------------------------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------------------------

/** A §2.4 record plus the "imported" tag and the organization's notes. */
export interface ImportedEvaluation extends EvidenceLike {
  category: RiskCategoryKey;
  imported: true;
  /** The model string as written in the file (the record's `model_id` is its normalised API ID). */
  model_id_as_given: string;
  notes: string | null;
  /** When the file was imported (ISO). */
  imported_at: string | null;
}

const MAX_TEXT = 500;
const MAX_NOTES = 4000;
const DATE_FORMS = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Schema for records read back from storage (they were produced by `importOrgEvaluations`). */
export const importedEvaluationSchema = z
  .strictObject({
    model_id: z.string().min(1).max(MAX_TEXT),
    model_id_as_given: z.string().min(1).max(MAX_TEXT),
    category: riskCategoryKeySchema,
    metric_name: z.string().min(1).max(MAX_TEXT).nullable(),
    value: z.union([z.number().finite(), z.string().min(1).max(MAX_TEXT)]),
    unit: z.string().min(1),
    direction: evidenceDirectionSchema.nullable(),
    source_title: z.string().min(1).max(MAX_TEXT),
    source_url: z.url({ protocol: /^https?$/ }).nullable(),
    source_section: z.string().min(1).max(MAX_TEXT).nullable(),
    source_version_or_date: z.string().regex(DATE_FORMS),
    licence: z.string().min(1).max(MAX_TEXT).nullable(),
    retrieved_at: z.string().nullable(),
    imported: z.literal(true),
    notes: z.string().max(MAX_NOTES).nullable(),
    imported_at: z.string().nullable(),
  })
  .superRefine((r, ctx) => {
    const problem = checkValue(r.value, r.unit);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  });

/** Validates stored imported records; invalid ones are counted, not thrown. */
export function parseStoredEvaluations(value: unknown): { records: ImportedEvaluation[]; invalid: number } {
  if (!Array.isArray(value)) return { records: [], invalid: value == null ? 0 : 1 };
  const records: ImportedEvaluation[] = [];
  let invalid = 0;
  for (const item of value) {
    const r = importedEvaluationSchema.safeParse(item);
    if (r.success) records.push(r.data);
    else invalid++;
  }
  return { records, invalid };
}

/** A problem with a stored value against its unit, or undefined. */
function checkValue(value: number | string, unitKey: string): string | undefined {
  const unit = findUnit(unitKey);
  if (!unit) return `unknown unit ${unitKey}`;
  if (unit.kind === 'text') return typeof value === 'string' ? undefined : 'a grade is text';
  if (typeof value !== 'number') return 'expected a number';
  return rangeProblem(value, unit);
}

function rangeProblem(n: number, unit: EvaluationUnit): string | undefined {
  if (unit.kind === 'integer' && !Number.isInteger(n)) return `value ${n} is not a whole number, which unit ${unit.key} requires.`;
  const lo = unit.min;
  const hi = unit.max;
  if ((lo !== undefined && n < lo) || (hi !== undefined && n > hi)) {
    const range = hi === undefined ? `at least ${lo}` : `between ${lo ?? '−∞'} and ${hi}`;
    return `value ${n} is out of range for unit ${unit.key}: it must be ${range}${unit.direction === 'lower_is_better' ? ' (lower is better)' : ''}.`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------------------------

export interface ImportIssue {
  /** 1-based data row (the CSV header and the JSON wrapper are not counted); 0 = the file as a whole. */
  row: number;
  /** CSV only: the line on which the record starts. */
  line?: number;
  /** The column the problem is in, when there is one. */
  field?: string;
  message: string;
}

export interface ImportResult {
  records: ImportedEvaluation[];
  /** Rows listed here were not imported. */
  errors: ImportIssue[];
  /** Imported anyway, but worth a look (unknown model, ignored column, duplicate, redacted text). */
  warnings: ImportIssue[];
  format: 'json' | 'csv' | null;
}

export interface ImportOptions {
  /** Forces the format; otherwise taken from the file name, else from the first character. */
  format?: 'json' | 'csv';
  fileName?: string;
  /** Stamped on every record (ISO); defaults to now. */
  importedAt?: string;
  /** Rows beyond this are refused (default 10,000). */
  maxRows?: number;
  catalog?: ModelCatalogData;
}

export const MAX_IMPORT_CHARS = 10_000_000;
export const DEFAULT_MAX_IMPORT_ROWS = 10_000;

/** The columns of a CSV file, in the order a template should list them. */
export const ORG_EVALUATION_COLUMNS = [
  'model_id',
  'category',
  'value',
  'unit',
  'source',
  'date',
  'notes',
  'metric_name',
  'direction',
  'source_url',
  'source_section',
  'licence',
] as const;
type Column = (typeof ORG_EVALUATION_COLUMNS)[number];

const COLUMN_SPELLINGS: Record<Column, readonly string[]> = {
  model_id: ['model_id', 'model', 'modelid', 'model_api_id', 'api_id'],
  category: ['category', 'risk_category'],
  value: ['value', 'result'],
  unit: ['unit', 'units'],
  source: ['source', 'source_title'],
  date: ['date', 'source_date', 'source_version_or_date', 'evaluated_on', 'evaluation_date'],
  notes: ['notes', 'note', 'comment', 'comments'],
  metric_name: ['metric_name', 'metric'],
  direction: ['direction'],
  source_url: ['source_url', 'url', 'link'],
  source_section: ['source_section', 'section'],
  licence: ['licence', 'license'],
};
const REQUIRED: readonly Column[] = ['model_id', 'category', 'value', 'unit', 'date'];

function normalizeKey(key: string): string {
  return key
    .trim()
    .toLowerCase()
    .replace(/[\s\-./]+/g, '_')
    .replace(/[^a-z0-9_]/g, '');
}

function columnFor(key: string): Column | undefined {
  const k = normalizeKey(key);
  return ORG_EVALUATION_COLUMNS.find((c) => COLUMN_SPELLINGS[c].includes(k));
}

const CATEGORY_LOOKUP = new Map<string, RiskCategoryKey>();
for (const c of RISK_CATEGORIES) {
  CATEGORY_LOOKUP.set(c.key, c.key);
  CATEGORY_LOOKUP.set(normalizeCategory(c.label), c.key);
}
function normalizeCategory(s: string): string {
  return s.trim().toLowerCase().replace(/\s+/g, ' ').replace(/ and /g, ' & ');
}
const CATEGORY_HELP = `${RISK_CATEGORIES.map((c) => `"${c.label}"`).join(', ')} (or the keys ${RISK_CATEGORIES.map((c) => c.key).join(', ')})`;
const UNIT_HELP = EVALUATION_UNITS.map((u) => `${u.key} — ${u.label}`).join('; ');

/** A user value quoted for a message: credentials masked, long values shortened. */
function q(value: string): string {
  const safe = redactSecrets(value);
  return `"${safe.length > 80 ? `${safe.slice(0, 77)}…` : safe}"`;
}

type RawValue = string | number | null;
type RawRow = Partial<Record<Column, RawValue>>;

/**
 * Reads an evaluation file. Rows with problems are left out and listed in `errors` (each says what to fix); the
 * other rows are returned in `records`. File-level problems (unreadable JSON, missing columns, …) have row 0.
 */
export function importOrgEvaluations(text: string, options: ImportOptions = {}): ImportResult {
  try {
    return importUnsafe(text, options);
  } catch (e) {
    // Defensive: nothing above is expected to throw.
    const message = e instanceof Error ? e.message : String(e);
    return { records: [], errors: [{ row: 0, message: `The file could not be read: ${redactSecrets(message)}` }], warnings: [], format: null };
  }
}

function detectFormat(text: string, options: ImportOptions): 'json' | 'csv' {
  if (options.format) return options.format;
  const name = options.fileName?.toLowerCase() ?? '';
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.csv')) return 'csv';
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '[' || first === '{' ? 'json' : 'csv';
}

function importUnsafe(text: string, options: ImportOptions): ImportResult {
  const fail = (message: string, format: 'json' | 'csv' | null = null): ImportResult => ({ records: [], errors: [{ row: 0, message }], warnings: [], format });
  if (typeof text !== 'string') return fail('The file is not text.');
  if (text.length > MAX_IMPORT_CHARS) return fail(`The file is too large (${text.length.toLocaleString('en-US')} characters; the limit is ${MAX_IMPORT_CHARS.toLocaleString('en-US')}). Split it into smaller files.`);
  if (text.replace(/^\uFEFF/, '').trim() === '') return fail('The file is empty. Add a header row and at least one result.');
  const format = detectFormat(text, options);
  const rows = format === 'json' ? readJson(text) : readCsv(text);
  if ('fatal' in rows) return fail(rows.fatal, format);
  const maxRows = options.maxRows ?? DEFAULT_MAX_IMPORT_ROWS;
  const errors: ImportIssue[] = [...rows.errors];
  const warnings: ImportIssue[] = [...rows.warnings];
  if (rows.rows.length === 0 && errors.length === 0) return fail('The file has no results: add at least one row under the header.', format);
  if (rows.rows.length > maxRows) return fail(`The file has ${rows.rows.length} rows; at most ${maxRows} can be imported at once. Split it into smaller files.`, format);

  const importedAt = options.importedAt ?? new Date().toISOString();
  const records: ImportedEvaluation[] = [];
  const seen = new Map<string, number>();
  for (const { row, line, values } of rows.rows) {
    const at = line === undefined ? { row } : { row, line };
    const out = readRow(values, options.catalog);
    for (const p of out.errors) errors.push({ ...at, ...p });
    for (const p of out.warnings) warnings.push({ ...at, ...p });
    if (!out.record) continue;
    const record: ImportedEvaluation = { ...out.record, imported_at: importedAt };
    const key = JSON.stringify([record.model_id, record.category, record.metric_name, record.value, record.unit, record.source_title, record.source_version_or_date]);
    const first = seen.get(key);
    if (first !== undefined) warnings.push({ ...at, message: `Same result as row ${first} (model, category, metric, value, unit, source and date all match); imported twice.` });
    else seen.set(key, row);
    records.push(record);
  }
  errors.sort((a, b) => a.row - b.row);
  warnings.sort((a, b) => a.row - b.row);
  return { records, errors, warnings, format };
}

interface SourceRows {
  rows: Array<{ row: number; line?: number; values: RawRow }>;
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

function readJson(text: string): SourceRows | { fatal: string } {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const detail = e instanceof SyntaxError ? ` (${e.message})` : '';
    return { fatal: `The file is not valid JSON${detail}. Check for a missing comma, bracket or quote — or save it as CSV.` };
  }
  let items: unknown;
  if (Array.isArray(data)) items = data;
  else if (data !== null && typeof data === 'object' && Array.isArray((data as Record<string, unknown>).records)) items = (data as Record<string, unknown>).records;
  else if (data !== null && typeof data === 'object' && Array.isArray((data as Record<string, unknown>).evaluations)) items = (data as Record<string, unknown>).evaluations;
  else return { fatal: 'The JSON must be an array of result objects, or an object with a "records" array.' };
  const out: SourceRows = { rows: [], errors: [], warnings: [] };
  const ignored = new Set<string>();
  (items as unknown[]).forEach((item, i) => {
    const row = i + 1;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      out.errors.push({ row, message: 'This entry is not an object: each result must be an object such as {"model_id": …, "category": …}.' });
      return;
    }
    const values: RawRow = {};
    let bad = false;
    for (const [key, v] of Object.entries(item as Record<string, unknown>)) {
      const col = columnFor(key);
      if (!col) {
        ignored.add(key);
        continue;
      }
      if (v === null || v === undefined) values[col] = null;
      else if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) values[col] = v;
      else {
        out.errors.push({ row, field: col, message: `${q(key)} must be text or a number, not ${Array.isArray(v) ? 'a list' : typeof v}.` });
        bad = true;
      }
    }
    if (!bad) out.rows.push({ row, values });
  });
  if (ignored.size > 0) out.warnings.push({ row: 0, message: `Ignored unknown keys: ${[...ignored].join(', ')}. Known keys: ${ORG_EVALUATION_COLUMNS.join(', ')}.` });
  return out;
}

function readCsv(text: string): SourceRows | { fatal: string } {
  const parsed = parseCsv(text);
  const headerError = parsed.errors.find((e) => e.index === 1);
  if (headerError) return { fatal: `The header row cannot be read: ${headerError.message}` };
  const header = parsed.records.find((r) => r.index === 1);
  if (!header) return { fatal: 'The file has no header row. The first line must name the columns, e.g. model_id,category,value,unit,source,date,notes.' };
  if (header.fields.length === 1 && /;/.test(header.fields[0] ?? '')) {
    return { fatal: 'The header has no commas but has semicolons: save the file as CSV with commas as separators ("CSV UTF-8, comma delimited").' };
  }
  const out: SourceRows = { rows: [], errors: [], warnings: [] };
  const columns: Array<Column | undefined> = [];
  const ignored: string[] = [];
  const dupes: string[] = [];
  for (const name of header.fields) {
    const col = columnFor(name);
    if (col && columns.includes(col)) dupes.push(name.trim());
    columns.push(col);
    if (!col && name.trim() !== '') ignored.push(name.trim());
  }
  if (dupes.length > 0) return { fatal: `The header names the same column twice (${dupes.join(', ')}). Keep one of each.` };
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (!columns.includes('source') && !columns.includes('source_url')) missing.push('source');
  if (missing.length > 0) {
    return { fatal: `The header is missing required column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. Required: model_id, category, value, unit, source (or source_url), date.` };
  }
  if (ignored.length > 0) out.warnings.push({ row: 0, line: header.line, message: `Ignored unknown columns: ${ignored.join(', ')}. Known columns: ${ORG_EVALUATION_COLUMNS.join(', ')}.` });
  for (const e of parsed.errors) out.errors.push({ row: e.index - 1, line: e.line, message: e.message });
  for (const rec of parsed.records) {
    if (rec.index === 1) continue;
    const row = rec.index - 1;
    if (rec.fields.length > header.fields.length) {
      out.errors.push({
        row,
        line: rec.line,
        message: `This row has ${rec.fields.length} fields but the header has ${header.fields.length}: a value probably contains a comma — wrap that value in double quotes.`,
      });
      continue;
    }
    // Spreadsheets often save trailing empty rows as ",,,,": nothing to import there.
    if (rec.fields.every((f) => f.trim() === '')) continue;
    const values: RawRow = {};
    rec.fields.forEach((f, i) => {
      const col = columns[i];
      if (col) values[col] = f;
    });
    out.rows.push({ row, line: rec.line, values });
  }
  return out;
}

interface RowProblem {
  field?: string;
  message: string;
}

function text(v: RawValue | undefined): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'number' ? String(v) : v.trim();
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function readRow(values: RawRow, catalog: ModelCatalogData | undefined): { record?: Omit<ImportedEvaluation, 'imported_at'>; errors: RowProblem[]; warnings: RowProblem[] } {
  const errors: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  const redacted = new Set<string>();
  const clean = (col: Column, max = MAX_TEXT): string | null => {
    const raw = text(values[col]);
    if (raw === '') return null;
    const safe = redactSecrets(raw);
    if (safe !== raw) redacted.add(col);
    if (safe.length > max) {
      errors.push({ field: col, message: `${col} is ${safe.length} characters long; the limit is ${max}. Shorten it.` });
      return null;
    }
    return safe;
  };

  // model_id
  const modelGiven = clean('model_id');
  let modelId: string | null = null;
  if (modelGiven === null) {
    if (!errors.some((e) => e.field === 'model_id')) errors.push({ field: 'model_id', message: 'model_id is empty: give the exact model API ID the result is for, e.g. claude-opus-4-7.' });
  } else if (!/^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/.test(modelGiven)) {
    errors.push({ field: 'model_id', message: `model_id ${q(modelGiven)} is not a model API ID (letters, digits, ".", "-", ":" only), e.g. claude-opus-4-7.` });
  } else {
    const hit = lookupModel(modelGiven, catalog);
    if (hit?.match === 'alias') {
      errors.push({
        field: 'model_id',
        message: `model_id ${q(modelGiven)} is an alias, not a snapshot; a result belongs to one exact snapshot. If you evaluated ${hit.snapshot.id}, write that ID.`,
      });
    } else if (hit) {
      modelId = hit.snapshot.id;
    } else {
      modelId = normalizeModelId(modelGiven)?.id ?? modelGiven.toLowerCase();
      warnings.push({ field: 'model_id', message: `model_id ${q(modelGiven)} is not in the bundled model catalog; imported as given. Check the spelling if you expected a known model.` });
    }
  }

  // category
  const categoryGiven = clean('category');
  let category: RiskCategoryKey | null = null;
  if (categoryGiven === null) {
    errors.push({ field: 'category', message: `category is empty: use one of ${CATEGORY_HELP}.` });
  } else {
    category = CATEGORY_LOOKUP.get(normalizeCategory(categoryGiven)) ?? null;
    if (!category) errors.push({ field: 'category', message: `category ${q(categoryGiven)} is not one of ${CATEGORY_HELP}.` });
  }

  // unit
  const unitGiven = clean('unit');
  let unit: EvaluationUnit | undefined;
  if (unitGiven === null) errors.push({ field: 'unit', message: `unit is empty: use one of ${UNIT_HELP}.` });
  else {
    unit = findUnit(unitGiven);
    if (!unit) errors.push({ field: 'unit', message: `unit ${q(unitGiven)} is not known: use one of ${UNIT_HELP}.` });
  }

  // value
  let value: number | string | null = null;
  const rawValue = values.value;
  const valueText = text(rawValue);
  if (valueText === '') errors.push({ field: 'value', message: 'value is empty: give the result exactly as the source reports it.' });
  else if (unit) {
    if (unit.kind === 'text') {
      value = clean('value');
    } else {
      let s = valueText;
      if (unit.key === 'percent' && s.endsWith('%')) s = s.slice(0, -1).trim();
      const n = typeof rawValue === 'number' ? rawValue : NUMBER.test(s) ? Number(s) : Number.NaN;
      if (!Number.isFinite(n)) {
        const hint = /^\d{1,3}([, ]\d{3})+$/.test(s)
          ? ' Leave out thousands separators (1000, not 1,000); if the comma is a decimal separator, use a dot instead (1.5, not 1,5).'
          : /^\d+,\d+$/.test(s)
            ? ' Use a dot as the decimal separator (12.5, not 12,5).'
            : '';
        errors.push({ field: 'value', message: `value ${q(valueText)} is not a number, which unit ${unit.key} needs.${hint}` });
      } else {
        const problem = rangeProblem(n, unit);
        if (problem) errors.push({ field: 'value', message: problem[0]!.toUpperCase() + problem.slice(1) });
        else value = n;
      }
    }
  }

  // direction
  const directionGiven = clean('direction');
  let direction: EvidenceDirection | null = unit?.direction ?? null;
  if (directionGiven !== null) {
    const d = directionGiven.toLowerCase().replace(/[\s-]+/g, '_');
    const parsed: EvidenceDirection | undefined =
      d === 'lower_is_better' || d === 'lower' ? 'lower_is_better' : d === 'higher_is_better' || d === 'higher' ? 'higher_is_better' : undefined;
    if (!parsed) errors.push({ field: 'direction', message: `direction ${q(directionGiven)} is not known: write lower_is_better or higher_is_better (or leave it empty).` });
    else if (unit?.direction && parsed !== unit.direction) {
      errors.push({ field: 'direction', message: `direction ${q(directionGiven)} contradicts unit ${unit.key}, which is always ${unit.direction.replace(/_/g, ' ')}.` });
    } else direction = parsed;
  }

  // source
  const sourceGiven = clean('source');
  const urlGiven = clean('source_url');
  let sourceUrl: string | null = null;
  let sourceTitle: string | null = sourceGiven;
  const isHttp = (s: string) => /^https?:\/\//i.test(s) && URL.canParse(s);
  if (urlGiven !== null) {
    if (isHttp(urlGiven)) sourceUrl = urlGiven;
    else errors.push({ field: 'source_url', message: `source_url ${q(urlGiven)} is not an http(s) address such as https://example.com/report.` });
  } else if (sourceGiven !== null && isHttp(sourceGiven)) sourceUrl = sourceGiven;
  sourceTitle ??= sourceUrl;
  if (sourceTitle === null && urlGiven === null) {
    errors.push({ field: 'source', message: 'source is empty: name where the result comes from (report title, tool and version, or an https:// address).' });
  }

  // date
  const dateGiven = clean('date');
  let date: string | null = null;
  if (dateGiven === null) errors.push({ field: 'date', message: 'date is empty: give the date of the evaluation or of the source, as YYYY-MM-DD (or YYYY-MM / YYYY).' });
  else {
    date = normalizeDate(dateGiven);
    if (date === null) errors.push({ field: 'date', message: `date ${q(dateGiven)} is not a valid date: write it as YYYY-MM-DD (or YYYY-MM / YYYY when the source gives only a month or year).` });
  }

  const metric = clean('metric_name');
  const section = clean('source_section');
  const licence = clean('licence');
  const notes = clean('notes', MAX_NOTES);
  for (const col of redacted) warnings.push({ field: col, message: `${col} contained something that looks like a credential; it was replaced by [REDACTED].` });

  if (errors.length > 0 || modelId === null || modelGiven === null || category === null || unit === undefined || value === null || sourceTitle === null || date === null) {
    return { errors, warnings };
  }
  return {
    errors,
    warnings,
    record: {
      model_id: modelId,
      model_id_as_given: modelGiven,
      category,
      metric_name: metric,
      value,
      unit: unit.key,
      direction,
      source_title: sourceTitle,
      source_url: sourceUrl,
      source_section: section,
      source_version_or_date: date,
      licence,
      retrieved_at: null,
      imported: true,
      notes,
    },
  };
}

/** YYYY-MM-DD, YYYY-MM or YYYY for a real calendar date; null otherwise. */
function normalizeDate(s: string): string | null {
  const m = DATE_FORMS.exec(s.trim());
  if (!m) return null;
  const y = Number(m[1]);
  if (y < 1900 || y > 2999) return null;
  if (m[2] === undefined) return m[1]!;
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return null;
  if (m[3] === undefined) return `${m[1]}-${m[2]}`;
  const d = Number(m[3]);
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}
