import type { Page } from 'playwright-core';

/**
 * Reads the extension's IndexedDB from one of its pages (same origin as the worker), for assertions
 * and benchmarks that must not depend on what a screen happens to show.
 */
export async function readStore<T = unknown>(page: Page, store: string, key?: string): Promise<T> {
  return page.evaluate(
    ({ store, key }) =>
      new Promise<unknown>((resolve, reject) => {
        const open = indexedDB.open('admin-companion');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(store)) {
            db.close();
            resolve(key === undefined ? [] : undefined);
            return;
          }
          const req = key === undefined ? db.transaction(store).objectStore(store).getAll() : db.transaction(store).objectStore(store).get(key);
          req.onsuccess = () => {
            resolve(req.result);
            db.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
    { store, key },
  ) as Promise<T>;
}

export interface JobView {
  status: string;
  error: string | null;
  checkpoint: { runId: string; phase: string; requests: number; counts: { chats: number }; timings?: { stepsMs: number; waitMs: number } };
}

export const readJob = (page: Page) => readStore<JobView | undefined>(page, 'jobs', 'compliance-snapshot');

/** Waits until the snapshot job reaches one of `statuses`. */
export async function waitForJob(page: Page, statuses: string[], timeoutMs: number, pollMs = 250): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await readJob(page);
    if (job && statuses.includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`Snapshot job still ${job?.status ?? 'absent'} after ${timeoutMs} ms (wanted ${statuses.join('/')})`);
    await page.waitForTimeout(pollMs);
  }
}
