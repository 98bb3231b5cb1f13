import type { AuditRow } from '../db/schema.ts';
import type { AccessReviewRow, ReviewDecisionRow } from '../identity/tables.ts';
import { redactSecrets } from '../util/redact.ts';
import type { ExportColumn } from './table.ts';

/**
 * Export columns of the records an auditor asks for: the audit trail of every write and failure, and
 * access-review decisions. Free text is redacted again on the way out (it already is when written).
 */
const text = (s: string | null) => (s === null ? null : redactSecrets(s));

export const AUDIT_EXPORT: ReadonlyArray<ExportColumn<AuditRow>> = [
  { header: 'Id', value: (r) => r.id ?? null },
  { header: 'Date', value: (r) => r.at },
  { header: 'Connection', value: (r) => r.connection },
  { header: 'Action', value: (r) => r.action },
  { header: 'Target', value: (r) => text(r.target) },
  { header: 'Outcome', value: (r) => r.outcome },
  { header: 'Detail', value: (r) => text(r.detail) },
  { header: 'Request id', value: (r) => r.requestId },
];

export type ReviewDecisionExportRow = ReviewDecisionRow & { review: AccessReviewRow | null };

export const ACCESS_REVIEW_EXPORT: ReadonlyArray<ExportColumn<ReviewDecisionExportRow>> = [
  { header: 'Review', value: (r) => r.review?.title ?? r.reviewId },
  { header: 'Review id', value: (r) => r.reviewId },
  { header: 'Review started', value: (r) => r.review?.startedAt ?? null },
  { header: 'Review closed', value: (r) => r.review?.closedAt ?? null },
  { header: 'Person', value: (r) => r.email ?? r.personKey },
  { header: 'Person key', value: (r) => r.personKey },
  { header: 'Decision', value: (r) => r.decision },
  { header: 'Group', value: (r) => r.groupId },
  { header: 'Result', value: (r) => r.result },
  { header: 'Message', value: (r) => text(r.message) },
  { header: 'Decided at', value: (r) => r.at },
];

/** Decisions joined with their review, oldest review first, then by decision time. */
export function reviewDecisionRows(reviews: readonly AccessReviewRow[], decisions: readonly ReviewDecisionRow[]): ReviewDecisionExportRow[] {
  const byId = new Map(reviews.map((r) => [r.id, r] as const));
  return decisions
    .map((d) => ({ ...d, review: byId.get(d.reviewId) ?? null }))
    .sort((a, b) => (a.review?.startedAt ?? '').localeCompare(b.review?.startedAt ?? '') || a.at.localeCompare(b.at));
}

/** One effective spend limit as the Budgets view lists it, with the names it shows. */
export interface SpendLimitExportRow {
  userId: string | null;
  email: string | null;
  name: string | null;
  period: string;
  currency: string;
  amount: string | null;
  spent: string;
  share: number | null;
  origin: string;
  source: string;
}

/** Per-person spend limits: amounts stay exact strings in the currency's minor unit (cents for USD), as the API sends them. */
export const SPEND_LIMIT_EXPORT: ReadonlyArray<ExportColumn<SpendLimitExportRow>> = [
  { header: 'Person', value: (r) => r.email ?? r.name ?? r.userId },
  { header: 'User id', value: (r) => r.userId },
  { header: 'Name', value: (r) => r.name },
  { header: 'Period', value: (r) => r.period },
  { header: 'Currency', value: (r) => r.currency },
  { header: 'Limit (minor units)', value: (r) => r.amount },
  { header: 'Period to date (minor units)', value: (r) => r.spent },
  { header: 'Share used (%)', value: (r) => (r.share === null ? null : Number(r.share.toFixed(2))) },
  { header: 'Limit kind', value: (r) => r.origin },
  { header: 'Limit from', value: (r) => r.source },
];
