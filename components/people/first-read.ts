import { asDirectoryMeta, asDirectoryRows, DIRECTORY_HEAD_KEY, DIRECTORY_META_KEY, type DirectoryMeta, type PersonRow, type StoredPerson } from '../../lib/identity/directory.ts';
import { pageDb } from '../db.ts';
import { firstReadSlot } from '../first-read.ts';
import { prefetchPersonUsage } from '../usage/data.ts';

/** The directory's small facts record; null when the worker has not published one. */
export const readDirectoryMeta = async (): Promise<DirectoryMeta | null> => asDirectoryMeta((await pageDb().kv.get(DIRECTORY_META_KEY))?.value);

/** The People table's first screen (lib/identity/directory.ts `headRows`); null when not published. */
export const readDirectoryHead = async (): Promise<PersonRow[] | null> => asDirectoryRows((await pageDb().kv.get(DIRECTORY_HEAD_KEY))?.value)?.rows ?? null;

/** One person of the directory by key; null when not in it. */
export const readPerson = async (key: string): Promise<StoredPerson | null> => (await pageDb().people.get(key)) ?? null;

export interface PersonFirstRead {
  key: string;
  meta: DirectoryMeta | null;
  person: StoredPerson | null;
}
const personRead = firstReadSlot<PersonFirstRead>();

/**
 * The person page's first read (#/people/<key>), when the page opens on it: the directory's facts, the
 * person, and their usage section's rows (components/usage/data.ts), so the page renders whole at once.
 */
export async function prefetchPersonFirstRead(key: string): Promise<void> {
  const [meta, person] = await Promise.all([readDirectoryMeta(), readPerson(key)]);
  const usageOf = person ? (meta?.connected.analytics ? person.userId : null) : key;
  if (usageOf) await prefetchPersonUsage(usageOf);
  personRead.put({ key, meta, person }, key);
}

export const takePersonFirstRead = (key: string): PersonFirstRead | undefined => personRead.take(key);

export interface PeopleFirstRead {
  meta: DirectoryMeta | null;
  head: PersonRow[] | null;
}

const peopleRead = firstReadSlot<PeopleFirstRead>();

/**
 * Reads what the People tab's first screen shows while the tab's code loads, when the page opens on it
 * (components/inventory/lazy-views.ts), so its first render has rows instead of waiting for live queries
 * that start after mounting. Taken once by the next mount; the live queries keep the tab current.
 */
export async function prefetchPeopleFirstRead(): Promise<void> {
  const [meta, head] = await Promise.all([readDirectoryMeta(), readDirectoryHead()]);
  peopleRead.put({ meta, head });
}

export const takePeopleFirstRead = (): PeopleFirstRead | undefined => peopleRead.take();
