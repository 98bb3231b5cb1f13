import { sourceJob, type SourceDefinition } from '../../jobs/source.ts';
import { ComplianceClient } from './client.ts';
import { SNAPSHOT_JOB } from './job.ts';
import { probeCompliance } from './probe.ts';
import { originOf } from './tenant.ts';
import { requestFullWalk } from './reconcile.ts';

const SCHEDULE_MINUTES = { off: null, hourly: 60, daily: 24 * 60 } as const;

/** The Compliance API: the inventory of models and MCP servers, from snapshots of the organization. */
export const complianceSource: SourceDefinition = {
  id: 'compliance',
  connection: 'compliance',
  label: 'Compliance API',
  baseUrl: (s) => s.complianceBaseUrl,
  probe: probeCompliance,
  job: sourceJob(SNAPSHOT_JOB, {
    client: (http) => new ComplianceClient(http),
    options: (s) => ({
      origin: originOf(s.complianceBaseUrl),
      deepScan: {
        enabled: s.deepScan.enabled,
        days: s.deepScan.days,
        maxChats: s.deepScan.maxChats,
        minIntervalMs: Math.ceil(60_000 / Math.max(1, s.budgets.compliance * s.deepScan.budgetShare)),
      },
    }),
    scheduleMinutes: (s) => SCHEDULE_MINUTES[s.schedule],
    requestFullWalk: (db) => requestFullWalk(db),
  }),
};
