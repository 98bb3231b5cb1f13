import type { StepEnv } from '../../../jobs/types.ts';
import type { CoreDb } from '../../../db/schema.ts';
import type { ScimCheckpoint } from '../checkpoint.ts';
import type { ScimPage, ScimSource } from '../client.ts';
import { scimUserRow, type ScimGroup, type ScimUser } from '../schemas.ts';
import type { ScimStagedRow, ScimTables } from '../tables.ts';

export type ScimDb = CoreDb & ScimTables;
export type Env = StepEnv<ScimCheckpoint, ScimSource, object, ScimDb>;

/** A hard cap on pages per list, against a server that ignores startIndex forever. */
const MAX_PAGES = 10_000;

/**
 * One page of a SCIM list (specs/scim.md §3, "Robust loop"): advance startIndex by what was returned,
 * dedupe by id, and stop when a page is empty, adds no new id, or the collected count reaches a
 * totalResults that looks genuine (a server that reports the page size as totalResults is not believed).
 * A page shorter than asked for is never a reason to stop.
 */
async function listStep<T extends { id: string }>(
  cp: ScimCheckpoint,
  env: Env,
  fetch: (startIndex: number) => Promise<ScimPage<T>>,
  table: 'scimUsers' | 'scimGroups',
  toRows: (item: T) => Array<Pick<ScimStagedRow, 'table' | 'key' | 'row'>>,
): Promise<ScimCheckpoint> {
  const { db } = env;
  const page = await fetch(cp.startIndex);
  return db.transaction('rw', ['scimStage', 'jobs'], async () => {
    const unique = [...new Map(page.items.map((i) => [i.id, i])).values()];
    const seen = unique.length > 0 ? await db.scimStage.where('[table+key]').anyOf(unique.map((i) => [table, i.id])).toArray() : [];
    const seenIds = new Set(seen.map((s) => s.key));
    const fresh = unique.filter((i) => !seenIds.has(i.id));
    const rows = fresh.flatMap(toRows);
    if (rows.length > 0) await db.scimStage.bulkAdd(rows);
    if (page.skipped > 0) cp.skipped[table] = (cp.skipped[table] ?? 0) + page.skipped;
    const kind = table === 'scimUsers' ? 'users' : 'groups';
    cp.counts[kind] += fresh.length;
    if (table === 'scimGroups') cp.counts.members += rows.filter((r) => r.table === 'scimMembers').length;
    const collected = cp.counts[kind];
    // A server that echoes the page size as totalResults is not believed, except for a first page
    // shorter than asked for, which is the whole list (assuming a server does not both cap the page
    // size and misreport the total).
    const believable = page.totalResults !== null && (page.totalResults !== page.returned || (cp.startIndex === 1 && page.returned < page.requested));
    const pages = Math.ceil(cp.startIndex / Math.max(1, page.returned));
    const done = page.returned === 0 || fresh.length === 0 || (believable && collected >= page.totalResults!) || pages > MAX_PAGES;
    const next: ScimCheckpoint = done ? { ...env.nextPhase(cp), startIndex: 1, total: null } : { ...cp, startIndex: cp.startIndex + page.returned, total: page.totalResults ?? cp.total };
    await env.commit(next);
    return next;
  });
}

export function users(cp: ScimCheckpoint, env: Env): Promise<ScimCheckpoint> {
  return listStep(cp, env, (i) => env.client.users(i, env.signal), 'scimUsers', (u: ScimUser) => [
    {
      table: 'scimUsers',
      key: u.id,
      row: scimUserRow(u),
    },
  ]);
}

export function groups(cp: ScimCheckpoint, env: Env): Promise<ScimCheckpoint> {
  return listStep(cp, env, (i) => env.client.groups(i, env.signal), 'scimGroups', (g: ScimGroup) => {
    const members = [...new Set((g.members ?? []).map((m) => m.value))];
    return [
      { table: 'scimGroups' as const, key: g.id, row: { id: g.id, displayName: g.displayName, externalId: g.externalId ?? null, memberCount: members.length } },
      ...members.map((userId) => ({ table: 'scimMembers' as const, key: `${g.id}:${userId}`, row: { groupId: g.id, userId } })),
    ];
  });
}
