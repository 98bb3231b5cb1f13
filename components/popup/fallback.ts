import type { KeyCheck } from '../../lib/sources/compliance/key-status.ts';
import { JOB_ID } from '../../lib/sources/compliance/checkpoint.ts';
import { buildPopupSummary, type PopupSummary } from '../../lib/summary/popup.ts';
import { ask } from '../extension.ts';
import { pageDb } from '../db.ts';

/** The popup summary built from the database, for when the worker has not stored one yet. */
export async function summaryFromDatabase(): Promise<PopupSummary> {
  const db = pageDb();
  const [snapshot, keyCheck, job, credential] = await Promise.all([
    db.snapshots.orderBy('completedAt').last(),
    // The raw record (validated where it is written): the popup does not load zod for it.
    db.kv.get('compliance.keyCheck').then((r) => r?.value as KeyCheck | undefined),
    db.jobs.get(JOB_ID),
    ask({ type: 'credential/status', connection: 'compliance' }).catch(() => ({ present: false, locked: false })),
  ]);
  return buildPopupSummary({ snapshot, keyCheck, job, credential, now: new Date() });
}
