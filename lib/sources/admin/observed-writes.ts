import { ApiError } from '../../api/http/index.ts';
import type { CoreDb } from '../../db/schema.ts';
import type { AdminWrites } from '../../identity/contract.ts';
import { recordWriteOutcome } from './scopes.ts';
import { recordOwnerAccessRefusal } from './state.ts';
import type { AdminTables } from './tables.ts';

/**
 * The Admin API client's writes, observed: each result teaches the source what only a write can prove —
 * whether the key carries the write scope (a success, or a 403), and which groups grant owner access
 * (an `rbac_group_grants_owner_access` refusal). Provisioning (lib/identity) uses these writes unchanged.
 */
export function observedAdminWrites(writes: AdminWrites, db: CoreDb & AdminTables, now: () => Date = () => new Date()): AdminWrites {
  const observe = async <T>(scope: 'write:rbac_groups' | 'write:members', groupId: string | null, call: () => Promise<T>): Promise<T> => {
    try {
      const result = await call();
      await recordWriteOutcome(db, scope, true, now()).catch(() => undefined);
      return result;
    } catch (err) {
      if (err instanceof ApiError) {
        if (err.status === 403) await recordWriteOutcome(db, scope, false, now()).catch(() => undefined);
        if (groupId !== null && err.errorCode === 'rbac_group_grants_owner_access') await recordOwnerAccessRefusal(db, groupId, now()).catch(() => undefined);
      }
      throw err;
    }
  };
  return {
    addGroupMember: (groupId, userId) => observe('write:rbac_groups', groupId, () => writes.addGroupMember(groupId, userId)),
    removeGroupMember: (groupId, userId) => observe('write:rbac_groups', groupId, () => writes.removeGroupMember(groupId, userId)),
    removeUser: (userId) => observe('write:members', null, () => writes.removeUser(userId)),
    listGroupMemberIds: (groupId) => writes.listGroupMemberIds(groupId),
  };
}
