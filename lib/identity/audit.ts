import { recordAudit } from '../db/audit.ts';
import type { CoreDb } from '../db/schema.ts';
import { redactSecrets } from '../util/redact.ts';
import type { WriteResult } from './contract.ts';
import type { IdentityTables, PendingChangeRow } from './tables.ts';

/**
 * Every attempted identity write ends here: one audit record (when, connection, action, target,
 * outcome, what was sent and what came back, the request id), a pending-sync row when the provider has
 * not applied the change yet, and the WriteResult the page shows. Refusals before sending and failures
 * are recorded too. Records hold paths relative to the connection's address, body summaries and
 * results: never a credential (and recordAudit redacts the text again).
 */
export type WriteAction = 'user.create' | 'user.delete' | 'group.member.add' | 'group.member.remove';

export interface WriteRecord {
  connection: 'scim' | 'admin';
  action: WriteAction;
  /** Who or what the change concerns, in words ("jane@acme.com", "u_01 in group Engineering (g_eng)"). */
  target: string;
  outcome: WriteResult['outcome'];
  message: string;
  /** One line per request made ("POST /Users {…} → 201"); empty when nothing was sent. */
  steps: readonly string[];
  requestId: string | null;
  userId: string | null;
  reason?: string | undefined;
  /** Recorded as pending sync when the outcome is 'pending'. */
  pending?: Omit<PendingChangeRow, 'id' | 'at' | 'auditId'> | undefined;
  at: Date;
}

export function auditDetail(rec: Pick<WriteRecord, 'steps' | 'message' | 'reason'>): string {
  const parts: string[] = [];
  if (rec.reason) parts.push(`Reason: ${rec.reason}.`);
  parts.push(rec.steps.length > 0 ? `Sent: ${rec.steps.join('; ')}.` : 'Nothing was sent.');
  parts.push(`Result: ${rec.message}`);
  return parts.join(' ');
}

/** Records the attempt (and the pending change), and returns what the page is told. */
export async function conclude(db: CoreDb & IdentityTables, rec: WriteRecord): Promise<WriteResult> {
  const at = rec.at.toISOString();
  const message = redactSecrets(rec.message);
  const auditId = await db.transaction('rw', ['audit', 'pendingChanges'], async () => {
    const id = await recordAudit(db, {
      at,
      connection: rec.connection,
      action: rec.action,
      target: redactSecrets(rec.target),
      outcome: rec.outcome,
      detail: auditDetail({ ...rec, message }),
      requestId: rec.requestId,
    });
    if (rec.outcome === 'pending' && rec.pending) await db.pendingChanges.add({ ...rec.pending, at, auditId: id });
    return id;
  });
  return { outcome: rec.outcome, message, userId: rec.userId, auditId, requestId: rec.requestId };
}
