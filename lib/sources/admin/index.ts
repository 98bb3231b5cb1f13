import { sourceJob, type SourceDefinition } from '../../jobs/source.ts';
import { AdminClient } from './client.ts';
import { describeAdminError } from './errors.ts';
import { SYNC_JOB } from './job.ts';
import { logUnfinishedAdminSync } from './state.ts';

/** The organization's Admin API: every member with their role, RBAC groups (direct and SCIM), roles and permissions. */
export const adminSource: SourceDefinition = {
  id: 'admin',
  connection: 'admin',
  label: 'Admin API',
  baseUrl: (s) => s.adminBaseUrl,
  describeError: describeAdminError,
  probe: async (http, _now, signal) => {
    const org = await new AdminClient(http).organization(signal);
    return { ok: true, summary: `Connected to ${org.name}`, requestId: org.requestId };
  },
  job: sourceJob(SYNC_JOB, {
    client: (http) => new AdminClient(http),
    options: () => ({}),
    // Hourly by default; 0 turns it off.
    scheduleMinutes: (s) => (s.adminSyncMinutes > 0 ? s.adminSyncMinutes : null),
    finished: (db, outcome, now) => logUnfinishedAdminSync(db, outcome, now),
  }),
};
