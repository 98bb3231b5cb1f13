import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { asDirectoryRows, DIRECTORY_ROWS_KEY, type DirectoryMeta, type PersonRow, type StoredPerson } from '../../lib/identity/directory.ts';
import { readDirectoryHead, readDirectoryMeta, readPerson } from './first-read.ts';
import { readSettings, watchSettings } from '../../lib/settings/store.ts';
import { pageDb } from '../db.ts';
import { ask } from '../extension.ts';

/**
 * The People and Groups pages read the directory the worker publishes (lib/identity/directory.ts): one
 * small record of facts and groups, one record of list rows, and single people by key or group. Each
 * page asks the worker once on open to make sure the copy is current (it rebuilds only when a table it
 * joins changed); the live queries show the new copy when it lands.
 */

let asked: Promise<unknown> | null = null;
/** Asks the worker to bring the directory up to date (once per page load; again after a failure). */
function ensureDirectory(): void {
  asked ??= ask({ type: 'identity/directory' }).catch(() => {
    asked = null;
  });
}
/**
 * How long a page that has a directory to show waits before asking: the worker's check counts the joined
 * tables, and in IndexedDB those reads queue with the page's own, so asking at once would hold back the
 * first screen (the worker's keeper rebuilds on every change anyway; the ask is a safety net).
 */
const ENSURE_AFTER_MS = 1_500;

/** The directory's facts and groups; null while the worker builds the first copy; undefined while loading. `initial` is shown until the live query answers. */
export function useDirectoryMeta(initial?: DirectoryMeta | null): DirectoryMeta | null | undefined {
  const meta = useLiveQuery(readDirectoryMeta, [], initial);
  const state = meta === undefined ? 'loading' : meta === null ? 'missing' : 'present';
  useEffect(() => {
    if (state === 'loading') return;
    if (state === 'missing') return ensureDirectory();
    const t = setTimeout(ensureDirectory, ENSURE_AFTER_MS);
    return () => clearTimeout(t);
  }, [state]);
  return meta;
}

/** The People table's rows (undefined while loading or not `enabled`, null while the first copy is built). Use with {@link useDirectoryMeta}, which keeps the copy current. */
export function useDirectoryRows(enabled = true): PersonRow[] | null | undefined {
  return useLiveQuery(async () => (enabled ? (asDirectoryRows((await pageDb().kv.get(DIRECTORY_ROWS_KEY))?.value)?.rows ?? null) : undefined), [enabled]);
}

/** The first screen of the People table (lib/identity/directory.ts `headRows`), read before the whole list. */
export function useDirectoryHead(initial?: PersonRow[] | null): PersonRow[] | null | undefined {
  return useLiveQuery(readDirectoryHead, [], initial);
}

/** One person of the directory by key; null when not in it. */
export function usePerson(key: string, initial?: StoredPerson | null): StoredPerson | null | undefined {
  return useLiveQuery(() => readPerson(key), [key], initial);
}

/** The members of one group (by group key), by name. */
export function useGroupMembers(groupKey: string): StoredPerson[] | undefined {
  return useLiveQuery(async () => (await pageDb().people.where('groupKeys').equals(groupKey).toArray()).sort((a, b) => a.name.localeCompare(b.name)), [groupKey]);
}

/** Full records of the chosen people (for a dialog), in the order given; keys no longer in the directory are left out. */
export async function loadPeople(keys: readonly string[]): Promise<StoredPerson[]> {
  return (await pageDb().people.bulkGet([...keys])).filter((p): p is StoredPerson => !!p);
}

/** "Allow changes through the Admin API" (settings.adminWritesEnabled), kept current. */
export function useAdminWritesEnabled(): boolean {
  const [on, setOn] = useState(false);
  useEffect(() => {
    let live = true;
    const load = () => void readSettings().then((s) => live && setOn(s.adminWritesEnabled), () => undefined);
    load();
    const stop = watchSettings(load);
    return () => {
      live = false;
      stop();
    };
  }, []);
  return on;
}
