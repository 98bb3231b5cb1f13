import { z } from 'zod';
import { sourceJob, type SourceDefinition } from '../../jobs/source.ts';
import { ScimClient } from './client.ts';
import { SYNC_JOB } from './job.ts';
import { logUnfinishedSync } from './state.ts';

/** SCIM 2.0 (the organization's directory-sync endpoint): users, groups and provisioning. */
export const scimSource: SourceDefinition = {
  id: 'scim',
  connection: 'scim',
  label: 'SCIM service',
  baseUrl: (s) => s.scimUrl,
  missingBaseUrl: 'Enter the SCIM URL first (Options → SCIM).',
  probe: async (http, _now, signal) => {
    const res = await http.request('/Users', { query: { startIndex: 1, count: 1 }, schema: z.looseObject({ totalResults: z.number().optional() }), ...(signal ? { signal } : {}) });
    const total = res.data.totalResults;
    return { ok: true, summary: total === undefined ? 'Connected to the SCIM service' : `Connected: ${total} provisioned user${total === 1 ? '' : 's'}`, requestId: res.requestId };
  },
  job: sourceJob(SYNC_JOB, {
    client: (http) => new ScimClient(http),
    options: () => ({}),
    // Hourly by default, as admins know it from directory-sync connectors; 0 turns it off.
    scheduleMinutes: (s) => (s.scimSyncMinutes > 0 ? s.scimSyncMinutes : null),
    finished: (db, outcome, now) => logUnfinishedSync(db, outcome, now),
  }),
};
