import { useEffect, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { joinGroups, joinPeople, type GroupView, type PeopleInput, type Person } from '../../lib/identity/people.ts';
import { lastCoveredDay } from '../../lib/sources/analytics/views.ts';
import { readSettings, watchSettings } from '../../lib/settings/store.ts';
import { pageDb } from '../db.ts';
import { ANALYTICS_STATE_KEY, asAnalyticsState } from '../usage/data.ts';

/** The kv key of the SCIM sync log (lib/sources/scim/state.ts), read raw so the tab does not load zod first. */
const SCIM_SYNC_LOG_KEY = 'scim.syncLog';

/**
 * Everything the People and Groups tabs join, read live from the published tables in one go (each
 * table with getAll, in parallel). Returns undefined while loading.
 */
export function usePeopleInput(): PeopleInput | undefined {
  return useLiveQuery(async () => {
    const db = pageDb();
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
    const today = new Date().toISOString().slice(0, 10);
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
    } satisfies PeopleInput;
  }, []);
}

export interface Directory {
  input: PeopleInput;
  people: Person[];
  groups: GroupView[];
  byKey: Map<string, Person>;
  groupByKey: Map<string, GroupView>;
}

export function useDirectory(): Directory | undefined {
  const input = usePeopleInput();
  return useMemo(() => {
    if (!input) return undefined;
    const people = joinPeople(input);
    const groups = joinGroups(input);
    return { input, people, groups, byKey: new Map(people.map((p) => [p.key, p] as const)), groupByKey: new Map(groups.map((g) => [g.key, g] as const)) };
  }, [input]);
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
