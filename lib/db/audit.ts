import { redactSecrets } from '../util/redact.ts';
import type { AuditRow, CoreDb } from './schema.ts';

/** Appends an audit record. Text is redacted so no credential can reach the database. */
export async function recordAudit(db: CoreDb, row: Omit<AuditRow, 'id' | 'at'> & { at?: string }): Promise<number> {
  return (await db.audit.add({ ...row, at: row.at ?? new Date().toISOString(), detail: redactSecrets(row.detail) })) as number;
}
