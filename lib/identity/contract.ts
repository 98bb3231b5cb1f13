import { z } from 'zod';

/**
 * The contract between the pages and the worker for identity writes (provisioning, group grants), and
 * between provisioning and the Admin API client. Pages never hold credentials: they send these requests
 * and the worker writes, audits and records the pending change.
 */

export const CreateUserRequestSchema = z.object({
  type: z.literal('identity/create-user'),
  /** Required; first word → givenName, the rest → familyName. */
  displayName: z.string().max(256),
  /** Becomes userName and the primary email. */
  email: z.string().max(320),
});

/** Deprovision: through SCIM when the person has a SCIM id, else remove from the organization (Admin API). */
export const DeleteUserRequestSchema = z.object({
  type: z.literal('identity/delete-user'),
  scimUserId: z.string().max(256).optional(),
  adminUserId: z.string().max(256).optional(),
  /** Shown in the audit record, e.g. "Access review 2026-12". */
  reason: z.string().max(200).optional(),
});

/** Grant or revoke one membership: `scim` groups through SCIM, `direct` RBAC groups through the Admin API. */
export const MembershipRequestSchema = z.object({
  type: z.literal('identity/membership'),
  op: z.enum(['add', 'remove']),
  via: z.enum(['scim', 'admin']),
  groupId: z.string().max(256),
  /** The user's id in that directory (SCIM user id, or Admin API `user_…`). */
  userId: z.string().max(256),
  reason: z.string().max(200).optional(),
});

export const WriteResultSchema = z.object({
  /**
   * done: written and confirmed by a read; pending: written, the read-back does not show it yet;
   * already: nothing to do (a 409 on create resolved to the existing user, a delete of a missing user);
   * refused: the service refused (the message says why and what to do); failed: could not complete.
   */
  outcome: z.enum(['done', 'pending', 'already', 'refused', 'failed']),
  message: z.string(),
  /** The user id the change concerns (after a create, the service's id). */
  userId: z.string().nullable(),
  auditId: z.number().nullable(),
  requestId: z.string().nullable(),
});
export type WriteResult = z.infer<typeof WriteResultSchema>;

/** What the Admin API client offers provisioning (lib/sources/admin/client.ts implements it). Failures throw ApiError. */
export interface AdminWrites {
  addGroupMember(groupId: string, userId: string): Promise<{ requestId: string | null }>;
  removeGroupMember(groupId: string, userId: string): Promise<{ requestId: string | null }>;
  /** Removes the person from the organization. */
  removeUser(userId: string): Promise<{ requestId: string | null }>;
  /** Every member's user id of one group (for the read-back after a change). */
  listGroupMemberIds(groupId: string): Promise<string[]>;
}
