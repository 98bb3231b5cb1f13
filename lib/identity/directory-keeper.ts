import Dexie from 'dexie';
import type { AppDb } from '../sources/database.ts';
import { directoryIsCurrent, rebuildDirectory } from './directory.ts';
import { PEOPLE_INPUT_TABLES } from './people-input.ts';

/**
 * Keeps the published directory (./directory.ts) current, in the worker: a write to any table the join
 * reads — a publish by any source, a provisioning write's pending row or local mirror, a restore from a
 * page (Dexie relays a page's writes to the worker) — schedules one rebuild; writes in a burst coalesce,
 * and a write during a rebuild schedules another after it. A starting worker rebuilds when its stored
 * copy does not match the tables ({@link ensure}).
 */
export interface DirectoryKeeper {
  /** Schedules a rebuild (coalesced). */
  request(): void;
  /** Rebuilds now unless the stored directory is current; resolves when it is. */
  ensure(): Promise<void>;
  /** Resolves once no rebuild is scheduled or running (tests, and callers that must read a fresh copy). */
  idle(): Promise<void>;
  stop(): void;
}

export function createDirectoryKeeper(opts: { db: AppDb; now?: () => Date; delayMs?: number; onError?: (err: unknown) => void }): DirectoryKeeper {
  const { db } = opts;
  const now = opts.now ?? (() => new Date());
  const delay = opts.delayMs ?? 200;
  const watched = new Set<string>(PEOPLE_INPUT_TABLES.map((t) => `idb://${db.name}/${t}/`));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  const waiters: Array<() => void> = [];

  const settle = () => {
    if (timer === undefined && !running) for (const w of waiters.splice(0)) w();
  };
  const run = () => {
    timer = undefined;
    if (running) {
      again = true;
      return;
    }
    running = rebuildDirectory(db, now())
      .then(() => undefined, (err: unknown) => opts.onError?.(err))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          schedule();
        } else settle();
      });
  };
  const schedule = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(run, delay);
  };
  const onMutated = (parts: Record<string, unknown>) => {
    for (const part of Object.keys(parts)) {
      if (watched.has(part)) {
        schedule();
        return;
      }
    }
  };
  Dexie.on('storagemutated', onMutated);

  return {
    request: schedule,
    async ensure() {
      if (await directoryIsCurrent(db, now())) return;
      schedule();
      await this.idle();
    },
    idle: () => new Promise<void>((resolve) => {
      waiters.push(resolve);
      settle();
    }),
    stop() {
      Dexie.on.storagemutated.unsubscribe(onMutated);
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
