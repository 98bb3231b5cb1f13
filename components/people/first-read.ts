import { asDirectoryMeta, asDirectoryRows, DIRECTORY_HEAD_KEY, DIRECTORY_META_KEY, type DirectoryMeta, type PersonRow } from '../../lib/identity/directory.ts';
import { pageDb } from '../db.ts';

/** The directory's small facts record; null when the worker has not published one. */
export const readDirectoryMeta = async (): Promise<DirectoryMeta | null> => asDirectoryMeta((await pageDb().kv.get(DIRECTORY_META_KEY))?.value);

/** The People table's first screen (lib/identity/directory.ts `headRows`); null when not published. */
export const readDirectoryHead = async (): Promise<PersonRow[] | null> => asDirectoryRows((await pageDb().kv.get(DIRECTORY_HEAD_KEY))?.value)?.rows ?? null;

export interface PeopleFirstRead {
  meta: DirectoryMeta | null;
  head: PersonRow[] | null;
}

let firstRead: PeopleFirstRead | undefined;

/**
 * Reads what the People tab's first screen shows while the tab's code loads, when the page opens on it
 * (components/inventory/lazy-views.ts), so its first render has rows instead of waiting for live queries
 * that start after mounting. Taken once by the next mount; the live queries keep the tab current.
 */
export async function prefetchPeopleFirstRead(): Promise<void> {
  const [meta, head] = await Promise.all([readDirectoryMeta(), readDirectoryHead()]);
  firstRead = { meta, head };
}

export function takePeopleFirstRead(): PeopleFirstRead | undefined {
  const r = firstRead;
  firstRead = undefined;
  return r;
}
