import type { AuditRow } from '../db/schema.ts';
import { toCsv, type CsvColumn } from '../util/csv.ts';

/**
 * What the "Changes made by this extension" view shows of the audit table: words for the stored codes,
 * the filters, and the CSV export (papaparse, formula cells neutralised). Pure, for the options page.
 */
export const OUTCOME_LABEL: Record<AuditRow['outcome'], string> = {
  done: 'Done',
  pending: 'Pending sync',
  already: 'Already so',
  refused: 'Refused',
  failed: 'Failed',
  ok: 'OK',
};

export const CONNECTION_LABEL: Record<string, string> = { scim: 'SCIM', admin: 'Admin API', compliance: 'Compliance API', analytics: 'Analytics API' };

export const ACTION_LABEL: Record<string, string> = {
  'user.create': 'Create user',
  'user.delete': 'Delete user',
  'group.member.add': 'Grant group membership',
  'group.member.remove': 'Revoke group membership',
};

export const label = (map: Record<string, string>, code: string): string => map[code] ?? code;

export interface AuditFilter {
  outcome: AuditRow['outcome'] | 'all';
  connection: string | 'all';
}

export function matchesAudit(row: AuditRow, f: AuditFilter): boolean {
  return (f.outcome === 'all' || row.outcome === f.outcome) && (f.connection === 'all' || row.connection === f.connection);
}

export const AUDIT_CSV_COLUMNS: readonly CsvColumn<AuditRow>[] = [
  { header: 'When (UTC)', value: (r) => r.at },
  { header: 'Connection', value: (r) => label(CONNECTION_LABEL, r.connection) },
  { header: 'Action', value: (r) => label(ACTION_LABEL, r.action) },
  { header: 'Target', value: (r) => r.target },
  { header: 'Outcome', value: (r) => label(OUTCOME_LABEL, r.outcome) },
  { header: 'Request ID', value: (r) => r.requestId },
  { header: 'Detail', value: (r) => r.detail },
];

export function auditCsv(rows: readonly AuditRow[]): string {
  return toCsv(rows, AUDIT_CSV_COLUMNS);
}

/** "claude-admin-changes-2026-12-07.csv" (the UTC date of the export). */
export function auditFileName(now: Date): string {
  return `claude-admin-changes-${now.toISOString().slice(0, 10)}.csv`;
}
