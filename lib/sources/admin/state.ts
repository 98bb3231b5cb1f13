import { z } from 'zod';
import { defineKv } from '../../db/kv.ts';
import type { CoreDb } from '../../db/schema.ts';
import type { AdminTables } from './tables.ts';

/** One line of the Admin API sync log: what a sync read, when, and what went wrong or was missing. */
export const AdminSyncLogEntrySchema = z.object({
  at: z.string(),
  outcome: z.enum(['done', 'failed', 'paused', 'cancelled']),
  users: z.number().int().nonnegative(),
  groups: z.number().int().nonnegative(),
  members: z.number().int().nonnegative(),
  roles: z.number().int().nonnegative(),
  requests: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  message: z.string().nullable(),
});
export type AdminSyncLogEntry = z.infer<typeof AdminSyncLogEntrySchema>;

/** The last syncs, newest first (at most 50). */
export const ADMIN_SYNC_LOG = defineKv('admin.syncLog', z.array(AdminSyncLogEntrySchema));

export async function appendAdminSyncLog(db: CoreDb, entry: AdminSyncLogEntry): Promise<void> {
  const log = (await ADMIN_SYNC_LOG.read(db)) ?? [];
  await ADMIN_SYNC_LOG.write(db, [entry, ...log].slice(0, 50));
}

/** Logs a sync that did not publish (a published one is logged inside its own transaction). */
export async function logUnfinishedAdminSync(db: CoreDb, outcome: { status: string; error?: string }, now: Date): Promise<void> {
  if (outcome.status === 'done') return;
  await appendAdminSyncLog(db, {
    at: now.toISOString(),
    outcome: outcome.status === 'paused' || outcome.status === 'cancelled' ? outcome.status : 'failed',
    users: 0,
    groups: 0,
    members: 0,
    roles: 0,
    requests: 0,
    skipped: 0,
    message: outcome.error ?? null,
  });
}

/**
 * Groups the API refused to change because a role attached to them grants owner access
 * (`rbac_group_grants_owner_access`), with the role ids the group had then. The refusal is the only
 * fact the API gives about owner access (no permission action is documented to mean it), so a sync
 * marks such a group as owner-granting for as long as its roles stay the same.
 */
export const OwnerAccessFactSchema = z.object({ at: z.string(), roleIds: z.array(z.string()).nullable() });
export const ADMIN_OWNER_ACCESS = defineKv('admin.ownerAccess', z.record(z.string(), OwnerAccessFactSchema));

/**
 * Records an owner-access refusal of a write to `groupId` (call it when an AdminWrites call fails with
 * errorCode `rbac_group_grants_owner_access`), and marks the published group at once.
 */
export async function recordOwnerAccessRefusal(db: CoreDb & AdminTables, groupId: string, now: Date): Promise<void> {
  await db.transaction('rw', ['kv', 'adminGroups'], async () => {
    const group = await db.adminGroups.get(groupId);
    const facts = (await ADMIN_OWNER_ACCESS.read(db)) ?? {};
    facts[groupId] = { at: now.toISOString(), roleIds: group?.roleIds ?? null };
    await ADMIN_OWNER_ACCESS.write(db, facts);
    if (group) await db.adminGroups.update(groupId, { ownerAccess: true });
  });
}

function sameIds(a: readonly string[] | null, b: readonly string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
}

/**
 * Whether a group grants owner access, from facts only:
 * - true: the API refused a change to it with `rbac_group_grants_owner_access`, and its roles have
 *   not changed since (a recorded refusal with unknown roles counts while the roles are still unknown);
 * - false: no role is attached (`role_ids: []`), so no role can grant owner access;
 * - null otherwise. [unverified] Which role permission grants owner access is not documented (no
 *   `action` value is named for it in admin-api.md §3.4), so permissions are not read as proof either way.
 */
export function deriveOwnerAccess(roleIds: string[] | null, fact: z.infer<typeof OwnerAccessFactSchema> | undefined): boolean | null {
  if (fact && (fact.roleIds === null || sameIds(fact.roleIds, roleIds))) return true;
  if (roleIds !== null && roleIds.length === 0) return false;
  return null;
}
