import type { AppDb } from '../sources/database.ts';
import { ANALYTICS_STATE_KEY, asAnalyticsState } from '../sources/analytics/state-view.ts';
import { lastCoveredDay } from '../sources/analytics/views.ts';
import type { PeopleInput } from './people.ts';

/** The kv key of the SCIM sync log (lib/sources/scim/state.ts), read raw so pages do not load zod first. */
const SCIM_SYNC_LOG_KEY = 'scim.syncLog';

/** The tables the join reads (besides two kv records): a write to any of them makes the directory stale. */
export const PEOPLE_INPUT_TABLES = ['scimUsers', 'scimGroups', 'scimMembers', 'adminUsers', 'adminGroups', 'adminMembers', 'adminRoles', 'users', 'anUsers', 'anSpend', 'pendingChanges'] as const;

/**
 * Everything the People join (./people.ts) reads, from the published tables in one go (each table with
 * getAll, in parallel). The worker reads it to build the stored directory (./directory.ts), which the
 * People and Groups tabs and claude.ai's member flags all read, so they always say the same about a person.
 */
export async function readPeopleInput(db: AppDb, now: Date): Promise<PeopleInput> {
  const [scimUsers, scimGroups, scimMembers, adminUsers, adminGroups, adminMembers, adminRoles, users, engagement, spend, pending, scimLog, analytics] = await Promise.all([
    db.scimUsers.toArray(),
    db.scimGroups.toArray(),
    db.scimMembers.toArray(),
    db.adminUsers.toArray(),
    db.adminGroups.toArray(),
    db.adminMembers.toArray(),
    db.adminRoles.toArray(),
    db.users.toArray(),
    db.anUsers.toArray(),
    db.anSpend.toArray(),
    db.pendingChanges.toArray(),
    db.kv.get(SCIM_SYNC_LOG_KEY),
    db.kv.get(ANALYTICS_STATE_KEY),
  ]);
  const state = asAnalyticsState(analytics?.value);
  const scimSynced = Array.isArray(scimLog?.value) && scimLog.value.some((e: { outcome?: string }) => e?.outcome === 'done');
  const today = now.toISOString().slice(0, 10);
  return {
    scimUsers,
    scimGroups,
    scimMembers,
    adminUsers,
    adminGroups,
    adminMembers,
    adminRoles,
    complianceUsers: users.map((u) => ({ id: u.id, email: u.email, fullName: u.fullName, org: u.org, role: u.role, createdAt: u.createdAt })),
    engagement,
    spend,
    pending,
    connected: { scim: scimSynced || scimUsers.length > 0, admin: adminUsers.length > 0, compliance: users.length > 0, analytics: state !== null },
    asOf: lastCoveredDay(state?.engagementTo ?? null) ?? today,
    window: { from: state?.engagementFrom ?? null, to: state?.engagementTo ?? null },
  };
}
