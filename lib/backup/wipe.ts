import type Dexie from 'dexie';
import { BackupError } from './format.ts';

/**
 * Deletes every record this extension keeps in IndexedDB (snapshot, Analytics, directories, reviews,
 * audit, job state), in one transaction. Credentials are not in IndexedDB and are not touched: delete a
 * connection for that. Refused while a job runs (it would write again right after).
 */
export async function deleteAllData(db: Dexie): Promise<void> {
  if (!db.isOpen()) await db.open();
  const running = await db
    .table('jobs')
    .filter((j: { status: string }) => j.status === 'running' || j.status === 'queued')
    .count();
  if (running > 0) throw new BackupError('A snapshot or sync is running. Wait for it to finish (or cancel it), then delete the data.');
  await db.transaction('rw', db.tables, async () => {
    for (const t of db.tables) await t.clear();
  });
}
