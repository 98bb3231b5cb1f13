import type { AdminTables } from '../sources/admin/tables.ts';
import type { ScimTables } from '../sources/scim/tables.ts';
import type { IdentityTables, PendingChangeRow } from './tables.ts';

/**
 * Pending sync: a change written but not yet seen by a read. Providers settle slowly (minutes, sometimes
 * hours), so such a row shows as "pending sync" instead of as drift, until a later sync of the same
 * directory confirms it (`settlePending`, called inside that sync's publish transaction). A row that
 * stays unconfirmed past a threshold is reported as "not confirmed after N h".
 */

/** After this many hours an unconfirmed change is reported as not confirmed. */
export const PENDING_OVERDUE_HOURS = 24;

/** What `settlePending` reads: the pending rows and the published tables of the directory being settled. */
export type PendingDb = IdentityTables & Partial<Pick<ScimTables, 'scimUsers' | 'scimMembers'>> & Partial<Pick<AdminTables, 'adminUsers' | 'adminMembers'>>;

async function confirmed(db: PendingDb, row: PendingChangeRow): Promise<boolean | null> {
  const users = row.via === 'scim' ? db.scimUsers : db.adminUsers;
  const members = row.via === 'scim' ? db.scimMembers : db.adminMembers;
  switch (row.kind) {
    case 'user-created': {
      if (!users) return null;
      if (await users.get(row.userId)) return true;
      return row.email !== null && (await users.where('email').equalsIgnoreCase(row.email).count()) > 0;
    }
    case 'user-deleted':
      return users ? !(await users.get(row.userId)) : null;
    case 'member-added':
    case 'member-removed': {
      if (!members || row.groupId === null) return null;
      const present = (await members.get([row.groupId, row.userId])) !== undefined;
      return row.kind === 'member-added' ? present : !present;
    }
  }
}

/**
 * Removes the pending rows of `directory` that its just-published tables confirm. Call it inside the
 * publish transaction (with 'pendingChanges' and the directory's user and member tables in its scope).
 * Returns how many were settled.
 */
export async function settlePending(db: PendingDb, directory: 'scim' | 'admin'): Promise<number> {
  const rows = (await db.pendingChanges.toArray()).filter((r) => r.via === directory);
  const done: number[] = [];
  for (const row of rows) if ((await confirmed(db, row)) === true && row.id !== undefined) done.push(row.id);
  if (done.length > 0) await db.pendingChanges.bulkDelete(done);
  return done.length;
}

export interface PendingView extends PendingChangeRow {
  /** Whole hours since the write. */
  ageHours: number;
  /** Older than the threshold and still not confirmed. */
  overdue: boolean;
  /** "Pending sync" or "Not confirmed after 26 h". */
  label: string;
}

export function describePending(row: PendingChangeRow, now: Date, overdueHours = PENDING_OVERDUE_HOURS): PendingView {
  const ageHours = Math.max(0, Math.floor((now.getTime() - Date.parse(row.at)) / 3_600_000));
  const overdue = ageHours >= overdueHours;
  return { ...row, ageHours, overdue, label: overdue ? `Not confirmed after ${ageHours} h` : 'Pending sync' };
}

/** Every pending change, newest first, with its label (for the People and Groups tabs). */
export async function listPending(db: IdentityTables, now: Date, overdueHours = PENDING_OVERDUE_HOURS): Promise<PendingView[]> {
  const rows = await db.pendingChanges.orderBy('at').reverse().toArray();
  return rows.map((r) => describePending(r, now, overdueHours));
}

/** Only the changes still unconfirmed after the threshold. */
export async function overduePending(db: IdentityTables, now: Date, overdueHours = PENDING_OVERDUE_HOURS): Promise<PendingView[]> {
  return (await listPending(db, now, overdueHours)).filter((r) => r.overdue);
}
