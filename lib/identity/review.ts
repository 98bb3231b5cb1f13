import type { Dexie, Table } from 'dexie';
import { toCsv } from '../util/csv.ts';
import type { AccessReviewRow, ReviewDecisionRow } from './tables.ts';
import { membershipPlan, type GroupView, type Person } from './people.ts';

/**
 * Access reviews: the plan of a bulk decision (one line per person: the change, or why it cannot be
 * made), the review record (db.accessReviews + db.reviewDecisions, one decision per person, when, and
 * the result) and its CSV. The writes themselves go through the worker (identity/* messages); the
 * review record is the admin's own note and holds no credential, so the page keeps it.
 */
export type Decision = ReviewDecisionRow['decision'];

export interface PlanLine {
  person: Pick<Person, 'key' | 'name' | 'email' | 'scimId' | 'userId'>;
  decision: Decision;
  /** What will be done, in words. */
  change: string;
  /** The request to send, or null when nothing is sent (keep, or cannot be done). */
  request:
    | { type: 'identity/delete-user'; scimUserId?: string; adminUserId?: string; reason: string }
    | { type: 'identity/membership'; op: 'remove'; via: 'scim' | 'admin'; groupId: string; userId: string; reason: string }
    | null;
  /** Why the change cannot be made (then it is recorded as not run). */
  blocked: string | null;
  groupId: string | null;
}

export function planReview(
  people: readonly Person[],
  decision: Decision,
  options: { group?: GroupView | null; adminWritesEnabled: boolean; reason: string },
): PlanLine[] {
  return people.map((p) => {
    const person = { key: p.key, name: p.name, email: p.email, scimId: p.scimId, userId: p.userId };
    if (decision === 'keep') return { person, decision, change: 'Keep access (nothing is changed)', request: null, blocked: null, groupId: null };
    if (decision === 'deprovision') {
      if (p.scimId) return { person, decision, change: 'Deprovision: delete the SCIM user', request: { type: 'identity/delete-user', scimUserId: p.scimId, ...(p.userId ? { adminUserId: p.userId } : {}), reason: options.reason }, blocked: null, groupId: null };
      if (p.userId && p.sources.includes('admin')) {
        return options.adminWritesEnabled
          ? { person, decision, change: 'Deprovision: remove from the organization (Admin API)', request: { type: 'identity/delete-user', adminUserId: p.userId, reason: options.reason }, blocked: null, groupId: null }
          : { person, decision, change: 'Deprovision', request: null, blocked: 'Not managed by SCIM, and changes through the Admin API are off (Options → Admin API).', groupId: null };
      }
      return { person, decision, change: 'Deprovision', request: null, blocked: 'Neither a SCIM user nor an Admin API member: nothing this extension can remove.', groupId: null };
    }
    const group = options.group;
    if (!group) return { person, decision, change: 'Revoke', request: null, blocked: 'No group chosen.', groupId: null };
    const change = `Revoke from “${group.name}”`;
    if (!p.groups.some((g) => g.key === group.key)) return { person, decision, change, request: null, blocked: 'Not a member of this group.', groupId: group.id };
    const plan = membershipPlan(group, p, options.adminWritesEnabled);
    if (!plan.ok) return { person, decision, change, request: null, blocked: plan.reason, groupId: group.id };
    return { person, decision, change, request: { type: 'identity/membership', op: 'remove', via: plan.via, groupId: plan.groupId, userId: plan.userId, reason: options.reason }, blocked: null, groupId: group.id };
  });
}

type ReviewDb = Dexie & {
  accessReviews: Table<AccessReviewRow, string>;
  reviewDecisions: Table<ReviewDecisionRow, number>;
};

/** Opens a review (or reuses `reviewId`) and records every line as not run yet; returns the review id and decision ids in plan order. */
export async function recordPlan(db: ReviewDb, lines: readonly PlanLine[], title: string, now: Date, reviewId?: string): Promise<{ reviewId: string; ids: number[] }> {
  const id = reviewId ?? crypto.randomUUID();
  const at = now.toISOString();
  const ids: number[] = [];
  await db.transaction('rw', [db.accessReviews, db.reviewDecisions], async () => {
    if (!(await db.accessReviews.get(id))) await db.accessReviews.put({ id, title, startedAt: at, closedAt: null });
    for (const l of lines) {
      ids.push(
        await db.reviewDecisions.add({
          reviewId: id,
          personKey: l.person.key,
          email: l.person.email,
          decision: l.decision,
          groupId: l.groupId,
          result: l.decision === 'keep' ? 'done' : 'not-run',
          message: l.decision === 'keep' ? 'Kept; nothing was changed.' : l.blocked,
          at,
        }),
      );
    }
  });
  return { reviewId: id, ids };
}

/** The outcome of one carried-out decision. `done`, `pending` and `already` count as done (the write took, or had nothing to do). */
export async function recordResult(db: ReviewDb, decisionId: number, outcome: string, message: string, now: Date): Promise<void> {
  const result = outcome === 'done' || outcome === 'pending' || outcome === 'already' ? 'done' : 'failed';
  await db.reviewDecisions.update(decisionId, { result, message: `${outcome}: ${message}`, at: now.toISOString() });
}

/** The review record as CSV (one row per decision). */
export function reviewCsv(review: AccessReviewRow, decisions: readonly ReviewDecisionRow[]): string {
  return toCsv(decisions, [
    { header: 'Review', value: () => review.title },
    { header: 'Review started', value: () => review.startedAt },
    { header: 'Person', value: (d) => d.personKey },
    { header: 'Email', value: (d) => d.email },
    { header: 'Decision', value: (d) => d.decision },
    { header: 'Group', value: (d) => d.groupId },
    { header: 'Result', value: (d) => d.result },
    { header: 'Message', value: (d) => d.message },
    { header: 'When', value: (d) => d.at },
  ]);
}
