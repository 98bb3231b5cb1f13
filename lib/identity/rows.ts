/**
 * What identity management keeps beside the synced directories: changes written but not yet confirmed by
 * a read (providers settle slowly, so a written row shows as "pending sync" instead of as drift), and
 * access reviews with one decision per person. Every write attempt itself is in the core `audit` table.
 */
export interface PendingChangeRow {
  id?: number;
  /** What was written: a user created or deleted, a membership added or removed. */
  kind: 'user-created' | 'user-deleted' | 'member-added' | 'member-removed';
  /** Which directory it went to. */
  via: 'scim' | 'admin';
  /** The user id in that directory (after a create: the id the service returned). */
  userId: string;
  /** The user's email / userName, for matching rows before the id is known. */
  email: string | null;
  /** The group, for membership changes. */
  groupId: string | null;
  /** When it was written (RFC 3339). */
  at: string;
  /** The audit record of the write. */
  auditId: number | null;
}

export interface AccessReviewRow {
  /** A random id. */
  id: string;
  title: string;
  startedAt: string;
  /** Set when the admin closes the review. */
  closedAt: string | null;
}

export interface ReviewDecisionRow {
  id?: number;
  reviewId: string;
  /** The person's join key (lib/identity/people.ts). */
  personKey: string;
  email: string | null;
  decision: 'keep' | 'revoke' | 'deprovision';
  /** For revoke: the group. */
  groupId: string | null;
  /** What happened when the decision was carried out. */
  result: 'done' | 'failed' | 'not-run';
  message: string | null;
  at: string;
}
