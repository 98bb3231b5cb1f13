/**
 * The one place the inventory page reads the bundled catalog (lib/catalog), with ./catalog-facts.ts (the part the
 * tables need on first render). Everything else uses these shapes, so a change in the catalog's API is absorbed
 * here. Pure functions (unit-tested in Node).
 */
import { evidenceFor, RISK_CATEGORIES, type EvidenceLike } from '../../lib/catalog/models.ts';
import { importOrgEvaluations, parseStoredEvaluations, type ImportedEvaluation, type ImportIssue } from '../../lib/catalog/org-evaluations.ts';
import { permissionLabel as mcpPermissionLabel, toolFindings } from '../../lib/catalog/mcp-permissions.ts';
import type { McpServerRow, ToolPolicyRow } from '../../lib/sources/compliance/tables.ts';

export { catalogFacts, type CatalogFacts } from './catalog-facts.ts';

// ---- Risk evidence ----

export interface EvidenceView {
  key: string;
  category: string;
  metric: string | null;
  value: string;
  unit: string;
  direction: string | null;
  sourceTitle: string;
  sourceUrl: string | null;
  sourceSection: string | null;
  sourceDate: string;
  imported: boolean;
  notes: string | null;
}

const DIRECTION: Record<string, string> = { lower_is_better: 'lower is better', higher_is_better: 'higher is better' };

export function evidenceView(r: EvidenceLike, key: string): EvidenceView {
  return {
    key,
    category: r.category,
    metric: r.metric_name,
    ...valueAndUnit(r.value, r.unit),
    direction: r.direction ? (DIRECTION[r.direction] ?? r.direction) : null,
    sourceTitle: r.source_title,
    sourceUrl: r.source_url,
    sourceSection: r.source_section,
    sourceDate: r.source_version_or_date,
    imported: r.imported === true,
    notes: 'notes' in r && typeof r.notes === 'string' ? r.notes : null,
  };
}

const UNIT_TEXT: Record<string, string> = { index_0_1000: 'on the 0–1000 index', fraction: '(fraction)', score: '(score)', grade: '(grade)', count: '' };

/** 120 + index_0_1000 → "120" "on the 0–1000 index"; 12.5 + percent → "12.5%". */
export function valueAndUnit(value: number | string, unit: string): { value: string; unit: string } {
  const v = typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 6 }) : value;
  if (unit === 'percent') return { value: `${v}%`, unit: '' };
  return { value: v, unit: UNIT_TEXT[unit] ?? unit };
}

export interface RiskGroup {
  key: string;
  category: string;
  evidence: EvidenceView[];
}

/**
 * The five categories for one model id, each with the bundled sourced evidence for that exact snapshot and the
 * organization's imported records; records of a finer source taxonomy go to `other`. An empty category means
 * "No public evidence".
 */
export function riskProfile(modelId: string, imported: readonly EvidenceLike[]): { groups: RiskGroup[]; other: EvidenceView[] } {
  const extra = imported.map((r) => ({ ...r, imported: true }));
  const byCat = evidenceFor(modelId === '' ? null : modelId, { extra });
  const views = (list: readonly EvidenceLike[], prefix: string) =>
    [...list].sort((a, b) => Number(a.imported === true) - Number(b.imported === true)).map((r, i) => evidenceView(r, `${prefix}-${i}`));
  return {
    groups: RISK_CATEGORIES.map((c) => ({ key: c.key, category: c.label, evidence: views(byCat[c.key], c.key) })),
    other: views(byCat.other, 'other'),
  };
}

// ---- Imported evaluations (kept in kv "orgEvaluations", validated on read) ----

export type { ImportedEvaluation };

export interface EvaluationFileResult {
  records: ImportedEvaluation[];
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

/** Reads a JSON or CSV evaluation file; rows with problems are listed (1-based data rows; 0 = the whole file). */
export function parseEvaluationFile(text: string, fileName: string): EvaluationFileResult {
  const r = importOrgEvaluations(text, { fileName });
  return { records: r.records, errors: r.errors, warnings: r.warnings };
}

/** The stored value, validated with the catalog's schema; records that no longer validate are counted and dropped. */
export function storedEvaluations(value: unknown): { records: ImportedEvaluation[]; invalid: number } {
  return parseStoredEvaluations(value);
}

const identity = (r: ImportedEvaluation) => JSON.stringify([r.model_id, r.category, r.metric_name, r.unit, r.source_title, r.source_version_or_date]);

/** Adds newly imported records; one with the same model, category, metric, unit, source and date replaces the stored one. */
export function mergeEvaluations(existing: readonly ImportedEvaluation[], incoming: readonly ImportedEvaluation[]): ImportedEvaluation[] {
  const replaced = new Set(incoming.map(identity));
  return [...existing.filter((r) => !replaced.has(identity(r))), ...incoming];
}

export function countForModel(records: readonly EvidenceLike[], modelId: string): number {
  const b = riskProfile(modelId, records);
  return [...b.groups.flatMap((g) => g.evidence), ...b.other].filter((e) => e.imported).length;
}

/** "Row 3 (line 4): …" for an import problem; file-level problems have no prefix. */
export function issueText(i: ImportIssue): string {
  if (i.row <= 0) return i.message;
  return `Row ${i.row}${i.line !== undefined ? ` (line ${i.line})` : ''}: ${i.message}`;
}

// ---- MCP tool permissions ----

/** allow/ask/blocked → "Always allow"/"Needs approval"/"Blocked"; an unknown value is shown as sent. */
export function permissionLabel(p: string): { label: string; known: boolean } {
  const d = mcpPermissionLabel(p);
  return { label: d.label, known: d.kind === 'known' };
}

export interface FindingView {
  key: string;
  severity: 'info' | 'notice' | 'warning';
  statement: string;
  facts: string[];
  references: string[];
}

/** §3.4 fact-based findings for one server (statements, never scores); the per-policy provenance rows are left out (the table shows them). */
export function serverFindings(server: McpServerRow, policies: readonly ToolPolicyRow[]): FindingView[] {
  return toolFindings({
    server: { id: server.id, name: server.name, connectedUsers: server.connectedUsers, projects: server.projects, preAudit: server.preAudit },
    policies: policies.map((p) => ({ tool: p.tool, permission: p.permission, at: p.at, setBy: p.setBy })),
  })
    .filter((f) => f.code !== 'policy_set' && f.code !== 'pre_audit_server')
    .map((f, i) => ({
      key: `${f.code}-${f.toolName ?? ''}-${i}`,
      severity: f.severity,
      statement: f.statement,
      facts: f.facts.map((x) => `${x.field} = ${x.value === null ? 'null' : String(x.value)} (${x.source}${x.note ? `; ${x.note}` : ''})`),
      references: f.references,
    }));
}
