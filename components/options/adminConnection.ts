import type { AppDb } from '../../lib/sources/database.ts';
import { ADMIN_SYNC_LOG, ADMIN_OWNER_ACCESS } from '../../lib/sources/admin/state.ts';

/** The tables an Admin API sync fills (lib/sources/admin/tables.ts). */
const ADMIN_TABLES = ['adminUsers', 'adminGroups', 'adminMembers', 'adminRoles', 'adminStage'] as const;

/** "Delete connection" with the data: every synced Admin API row, the sync log and the learned owner-access facts, in one transaction. */
export async function deleteAdminData(db: AppDb): Promise<void> {
  await db.transaction('rw', [...ADMIN_TABLES.map((t) => db.table(t)), db.kv], async () => {
    await Promise.all(ADMIN_TABLES.map((t) => db.table(t).clear()));
    await ADMIN_SYNC_LOG.remove(db);
    await ADMIN_OWNER_ACCESS.remove(db);
  });
}
