import type { AppDb } from '../sources/database.ts';
import { joinGroups, joinPeople, normEmail, type FlagId, type GroupView, type PeopleInput, type Person, type PersonSource } from './people.ts';
import { readPeopleInput, PEOPLE_INPUT_TABLES } from './people-input.ts';
import type { StoredPerson } from './tables.ts';

/**
 * The published directory: the People join (./people.ts) computed once in the worker after the data it
 * reads changes, and kept where pages read it cheaply, instead of every page reading ~7 rows per person
 * from eight tables and joining them on open (at 20k people that took seconds).
 *
 * - `people` table (schema v12): one full {@link Person} per row, plus the indexed `emailNorm` and
 *   `groupKeys`, for the person page, the group page's members and claude.ai's member flags.
 * - kv `identity.directory`: the small facts every identity page needs (which sources are connected, the
 *   engagement window, the groups, the roles in use, the count) — one small record.
 * - kv `identity.directoryRows`: the People table's rows, light ({@link PersonRow}: no flag facts, no
 *   group list), all in one record, because one IndexedDB value is read far faster than 20k records.
 * - kv `identity.directoryHead`: the first {@link HEAD_ROWS} of those rows in the table's first order
 *   (by name), so the tab paints its first screen before the whole list (megabytes at 20k) is read.
 *
 * Rebuilt by lib/identity/directory-keeper.ts (worker) whenever one of the join's tables changes; the
 * stored `signature` lets a starting worker tell whether its copy is current.
 */

/** Bumped when the stored shapes change: a record of another format reads as absent and is rebuilt. */
export const DIRECTORY_FORMAT = 1;
export const DIRECTORY_META_KEY = 'identity.directory';
export const DIRECTORY_ROWS_KEY = 'identity.directoryRows';
export const DIRECTORY_HEAD_KEY = 'identity.directoryHead';
/** Rows in the head record: more than a screen of the People table (52-px rows), and no more, since the first paint renders each one. */
export const HEAD_ROWS = 40;

export type { StoredPerson };

/** One row of the People table: what the list shows, sorts, searches and filters by. */
export interface PersonRow {
  key: string;
  name: string;
  email: string | null;
  role: string | null;
  sources: PersonSource[];
  /** Flag ids in the person's order (the facts are on the person page). */
  flagIds: FlagId[];
  lastActiveDate: string | null;
  spendToDate: string | null;
  userId: string | null;
  scimId: string | null;
  scimUserName: string | null;
  /** Lower-cased name, email and ids, for search. */
  search: string;
}

export interface DirectoryMeta {
  format: number;
  builtAt: string;
  /** Which sources have published data (an unconnected source makes its flags unknown). */
  connected: PeopleInput['connected'];
  asOf: string;
  window: PeopleInput['window'];
  total: number;
  groups: GroupView[];
  /** Roles in use, sorted (the People tab's role filter). */
  roles: string[];
  /** What the directory was built from (see {@link inputSignature}). */
  signature: string;
}

export interface DirectoryRows {
  format: number;
  builtAt: string;
  rows: PersonRow[];
}

export function personRow(p: Person): PersonRow {
  return {
    key: p.key,
    name: p.name,
    email: p.email,
    role: p.role,
    sources: p.sources,
    flagIds: p.flags.map((f) => f.id),
    lastActiveDate: p.lastActiveDate,
    spendToDate: p.spendToDate,
    userId: p.userId,
    scimId: p.scimId,
    scimUserName: p.scimUserName,
    search: p.search,
  };
}

/**
 * The People table's first order: by name, compared lower-cased as the table's text sort does, ties in
 * the rows' stored order (the table's sort is stable), so the head shows exactly the table's first rows.
 */
export function headRows(rows: readonly PersonRow[], n = HEAD_ROWS): PersonRow[] {
  return rows
    .map((r, i) => ({ r, i, k: r.name.toLowerCase() }))
    .sort((a, b) => (a.k === b.k ? a.i - b.i : a.k > b.k ? 1 : -1))
    .slice(0, n)
    .map((x) => x.r);
}

export function storedPerson(p: Person): StoredPerson {
  return { ...p, emailNorm: normEmail(p.email), groupKeys: p.groups.map((g) => g.key) };
}

/** The whole directory of one join input: pure, for the worker and for tests. */
export function buildDirectory(input: PeopleInput, builtAt: string, signature: string): { people: StoredPerson[]; meta: DirectoryMeta; rows: DirectoryRows; head: DirectoryRows } {
  const people = joinPeople(input);
  const groups = joinGroups(input);
  const roles = [...new Set(people.map((p) => p.role).filter((r): r is string => !!r))].sort();
  const rows = people.map(personRow);
  return {
    people: people.map(storedPerson),
    meta: { format: DIRECTORY_FORMAT, builtAt, connected: input.connected, asOf: input.asOf, window: input.window, total: people.length, groups, roles, signature },
    rows: { format: DIRECTORY_FORMAT, builtAt, rows },
    head: { format: DIRECTORY_FORMAT, builtAt, rows: headRows(rows) },
  };
}

/**
 * A cheap fingerprint of the join's inputs: the row count of each table, plus the kv records it reads.
 * Misses an in-place edit that keeps every count, which is why the keeper also listens to writes; this
 * only decides whether a starting worker must rebuild.
 */
export async function inputSignature(db: AppDb, now: Date): Promise<string> {
  return db.transaction('r', [...PEOPLE_INPUT_TABLES.map((t) => db.table(t)), db.kv], async () => {
    const counts = await Promise.all(PEOPLE_INPUT_TABLES.map((t) => db.table(t).count()));
    const [log, analytics] = await Promise.all([db.kv.get('scim.syncLog'), db.kv.get('analytics.state')]);
    const logDone = Array.isArray(log?.value) ? log.value.filter((e: { outcome?: string }) => e?.outcome === 'done').length : 0;
    const state = analytics?.value as { completedAt?: unknown; engagementTo?: unknown } | undefined;
    // Without Analytics, "as of" is today: a new day is a new directory.
    const day = state ? '' : now.toISOString().slice(0, 10);
    return JSON.stringify([DIRECTORY_FORMAT, counts, logDone, state?.completedAt ?? null, state?.engagementTo ?? null, day]);
  });
}

/** Reads every input in one transaction (so a publish is seen whole or not at all), joins, and replaces the stored directory. */
export async function rebuildDirectory(db: AppDb, now: Date): Promise<DirectoryMeta> {
  const { input, signature } = await db.transaction('r', [...PEOPLE_INPUT_TABLES.map((t) => db.table(t)), db.kv], async () => ({
    input: await readPeopleInput(db, now),
    signature: await inputSignature(db, now),
  }));
  const built = buildDirectory(input, now.toISOString(), signature);
  await db.transaction('rw', db.people, db.kv, async () => {
    await db.people.clear();
    await db.people.bulkPut(built.people);
    await db.kv.bulkPut([
      { key: DIRECTORY_META_KEY, value: built.meta },
      { key: DIRECTORY_ROWS_KEY, value: built.rows },
      { key: DIRECTORY_HEAD_KEY, value: built.head },
    ]);
  });
  return built.meta;
}

/** The stored meta record when it is of this format, else null (absent, older, damaged). */
export function asDirectoryMeta(raw: unknown): DirectoryMeta | null {
  const v = raw as DirectoryMeta | null | undefined;
  return v && typeof v === 'object' && v.format === DIRECTORY_FORMAT && Array.isArray(v.groups) && Array.isArray(v.roles) && v.connected && typeof v.total === 'number' ? v : null;
}

export function asDirectoryRows(raw: unknown): DirectoryRows | null {
  const v = raw as DirectoryRows | null | undefined;
  return v && typeof v === 'object' && v.format === DIRECTORY_FORMAT && Array.isArray(v.rows) ? v : null;
}

/** Whether the stored directory is current for the tables as they are now. */
export async function directoryIsCurrent(db: AppDb, now: Date): Promise<boolean> {
  const meta = asDirectoryMeta((await db.kv.get(DIRECTORY_META_KEY))?.value);
  // The rows record is large: count it rather than read it (both are written in one transaction).
  const rows = await db.kv.where('key').equals(DIRECTORY_ROWS_KEY).count();
  return !!meta && rows === 1 && meta.signature === (await inputSignature(db, now));
}
