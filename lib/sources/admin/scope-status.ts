import { z } from 'zod';
import { defineKv } from '../../db/kv.ts';

/**
 * The stored result of the Admin API key's scope check (./scopes.ts): what the Options card shows.
 * Rows are the scopes the product uses, plus two read capabilities the API names no scope for.
 */
export const ScopeStateSchema = z.enum(['present', 'missing', 'not_checked', 'unavailable']);
export type ScopeState = z.infer<typeof ScopeStateSchema>;

export const ADMIN_SCOPE_IDS = ['read:users', 'read:rbac_groups', 'read:rbac_roles', 'write:rbac_groups', 'write:members'] as const;
export type AdminScopeId = (typeof ADMIN_SCOPE_IDS)[number];

/** What each row names and unlocks, for the card. `read:users` and `read:rbac_roles` are capabilities: the API names no scope for them. */
export const ADMIN_SCOPE_INFO: Record<AdminScopeId, { label: string; unlocks: string }> = {
  'read:users': { label: 'Read members (no scope is named for it)', unlocks: 'Every member with their role, including people created in the Claude UI, whom SCIM cannot see' },
  'read:rbac_groups': { label: 'read:rbac_groups', unlocks: 'RBAC groups (direct and SCIM) with their members and role ids' },
  'read:rbac_roles': { label: 'Read roles (no scope is named for it)', unlocks: 'Role names and permissions, e.g. which roles may run a connector tool without approval' },
  'write:rbac_groups': { label: 'write:rbac_groups', unlocks: 'Adding and removing members of direct RBAC groups (when changes are allowed below)' },
  'write:members': { label: 'write:members', unlocks: 'Removing people from the organization and changing member roles (when changes are allowed below)' },
};

export const AdminScopeCheckSchema = z.object({
  checkedAt: z.string(),
  status: z.enum(['ok', 'invalid_key', 'unreachable']),
  message: z.string(),
  organization: z.object({ id: z.string(), name: z.string() }).nullable(),
  scopes: z.array(z.object({ scope: z.enum(ADMIN_SCOPE_IDS), state: ScopeStateSchema, detail: z.string() })),
  requestId: z.string().nullable(),
});
export type AdminScopeCheck = z.infer<typeof AdminScopeCheckSchema>;

/** The last scope check of the stored Admin API key. */
export const ADMIN_SCOPE_CHECK = defineKv('admin.scopeCheck', AdminScopeCheckSchema);
