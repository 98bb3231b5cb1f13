import type { PersistentState } from './state.ts';
import type { ComplianceDb } from './tables.ts';

/**
 * Stored Compliance state belongs to one (API origin, parent organization). A run against another
 * origin, or one whose key sees none of the stored organizations, must not send the stored cursors to
 * the new host nor merge two tenants' data: it empties the working tables and starts over, and its
 * snapshot says why. The published snapshot stays on screen until that run publishes.
 */

/** Tables a run builds up; emptied when a run starts over. Published tables (pub*, snapshots) are not. */
export const WORKING_TABLES = [
  'chatBatches',
  'chatFilters',
  'modelUsage',
  'models',
  'mcpServers',
  'mcpConnections',
  'toolPolicies',
  'mcpEvents',
  'orgs',
  'users',
  'groups',
  'groupMembers',
  'roles',
  'projects',
  'orgSettings',
  'deepScanChats',
  'deepScanServers',
  'policyTombstones',
] as const;

export async function clearWorkingTables(db: ComplianceDb): Promise<void> {
  await db.transaction('rw', [...WORKING_TABLES], async () => {
    await Promise.all(WORKING_TABLES.map((name) => db.table(name).clear()));
  });
}

/** Why a run against `origin` cannot build on the stored state, or null when it can. */
export function originChange(state: PersistentState, origin: string | undefined): string | null {
  if (!origin || state.origin === null || state.origin === origin) return null;
  return `The Compliance API address changed (${state.origin} → ${origin}), so this snapshot was read from scratch; nothing read from the previous address was reused.`;
}

/** Why the organizations a key sees cannot share stored state with the previous ones, or null. */
export function tenantChange(state: PersistentState, orgUuids: readonly string[]): string | null {
  if (state.orgUuids.length === 0 || orgUuids.length === 0) return null;
  const before = new Set(state.orgUuids);
  if (orgUuids.some((u) => before.has(u))) return null;
  return 'The Compliance key belongs to another parent organization (none of its organizations were in the previous snapshot), so this snapshot was read from scratch; nothing from the previous organization was reused.';
}

/** The origin of a base URL, or undefined when it is not a URL. */
export function originOf(baseUrl: string | null | undefined): string | undefined {
  if (!baseUrl) return undefined;
  try {
    return new URL(baseUrl).origin;
  } catch {
    return undefined;
  }
}
