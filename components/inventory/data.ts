import { useLiveQuery } from 'dexie-react-hooks';
import type { McpServerRow, ModelRow, SnapshotRow, ToolPolicyRow } from '../../lib/sources/compliance/tables.ts';
import { pageDb as inventoryDb } from '../db.ts';

/**
 * Live reads of the published snapshot. Every hook returns `undefined` while loading; the published tables are
 * replaced in one transaction, so a page re-renders once per new snapshot and never sees half of one.
 */

/**
 * Starts opening the database before React renders, so the first queries (run after React's first commit)
 * find it open instead of waiting for it. An error surfaces through those queries (the page's error boundary).
 */
export function openInventoryDb(): void {
  inventoryDb()
    .open()
    .catch(() => undefined);
}

/** The latest completed snapshot, or null when none was ever published. */
export function useLatestSnapshot(): SnapshotRow | null | undefined {
  return useLiveQuery(async () => (await inventoryDb().snapshots.orderBy('completedAt').last()) ?? null, []);
}

export function usePublishedModels(): ModelRow[] | undefined {
  return useLiveQuery(() => inventoryDb().pubModels.toArray(), []);
}

export function usePublishedServers(): McpServerRow[] | undefined {
  return useLiveQuery(() => inventoryDb().pubMcpServers.toArray(), []);
}

/** Organization uuid → name (organizations are few; the whole published table is read). */
export function useOrgNames(): ReadonlyMap<string, string> | undefined {
  return useLiveQuery(async () => new Map((await inventoryDb().pubOrgs.toArray()).map((o) => [o.uuid, o.name] as const)), []);
}

/** One model's row; null when it is not in the published snapshot. */
export function usePublishedModel(id: string): ModelRow | null | undefined {
  return useLiveQuery(async () => (await inventoryDb().pubModels.get(id)) ?? null, [id]);
}

export function useModelOrgs(id: string): Array<{ value: string; chats: number }> | undefined {
  return useLiveQuery(() => inventoryDb().pubModelOrgs.where('model').equals(id).toArray(), [id]);
}

export function usePublishedServer(id: string): McpServerRow | null | undefined {
  return useLiveQuery(async () => (await inventoryDb().pubMcpServers.get(id)) ?? null, [id]);
}

export function useToolPolicies(serverId: string): ToolPolicyRow[] | undefined {
  return useLiveQuery(() => inventoryDb().pubToolPolicies.where('serverId').equals(serverId).toArray(), [serverId]);
}

/** The kv key holding the organization's imported model evaluations (an array, validated on read). */
export const ORG_EVALUATIONS_KEY = 'orgEvaluations';

/** The raw stored value of the imported evaluations (null when none); validate with catalog.ts before use. */
export function useStoredEvaluations(): unknown {
  return useLiveQuery(async () => (await inventoryDb().kv.get(ORG_EVALUATIONS_KEY))?.value ?? null, []);
}

export async function writeStoredEvaluations(records: unknown[]): Promise<void> {
  await inventoryDb().kv.put({ key: ORG_EVALUATIONS_KEY, value: records });
}

/** How many snapshots were published (the first one reports no changes: there is nothing to compare with). */
export function useSnapshotCount(): number | undefined {
  return useLiveQuery(() => inventoryDb().snapshots.count(), []);
}
