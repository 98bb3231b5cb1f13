import type { AppDb } from '../sources/database.ts';
import { JOB_ID } from '../sources/compliance/checkpoint.ts';
import { KEY_CHECK } from '../sources/compliance/key-status.ts';
import { buildPopupSummary, POPUP_SUMMARY_KEY, type PopupSummary } from './popup.ts';

export interface PopupSummaryDeps {
  db: AppDb;
  /** Whether a Compliance key is stored, and locked (the vault's status; never the key). */
  credential: () => Promise<{ present: boolean; locked: boolean }>;
  /** Where the summary goes: `browser.storage.session.set` in the worker. */
  store: (items: Record<string, PopupSummary>) => Promise<void>;
  now?: () => Date;
}

/** Reads what the popup summary is built from. */
export async function collectPopupSummary(deps: PopupSummaryDeps): Promise<PopupSummary> {
  const [snapshot, keyCheck, job, credential] = await Promise.all([
    deps.db.snapshots.orderBy('completedAt').last(),
    KEY_CHECK.read(deps.db),
    deps.db.jobs.get(JOB_ID),
    deps.credential().catch(() => ({ present: false, locked: false })),
  ]);
  return buildPopupSummary({ snapshot, keyCheck, job, credential, now: (deps.now ?? (() => new Date()))() });
}

/**
 * Returns `refresh()`: rebuilds and stores the summary. Calls while a write is in flight are coalesced
 * into one more write after it, so the stored summary always reflects the latest state.
 */
export function popupSummaryWriter(deps: PopupSummaryDeps): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  const loop = async () => {
    do {
      again = false;
      await deps.store({ [POPUP_SUMMARY_KEY]: await collectPopupSummary(deps) });
    } while (again);
  };
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = loop().finally(() => {
      running = null;
    });
    return running;
  };
}
