import type { JobSpec } from '../../jobs/types.ts';
import { JOB_ID, PHASES, syncProgress, type ScimCheckpoint } from './checkpoint.ts';
import type { ScimSource } from './client.ts';
import { groups, users, type ScimDb } from './phases/lists.ts';
import { publish } from './phases/publish.ts';

/**
 * A SCIM sync as a job of the shared mechanism (lib/jobs): every user, then every group with its
 * members, then publish. SCIM has no change feed, so every sync reads the whole directory.
 */
export const SYNC_JOB: JobSpec<ScimCheckpoint, ScimSource, object, ScimDb> = {
  id: JOB_ID,
  label: 'SCIM sync',
  phases: PHASES,
  steps: { users, groups, publish },
  beginTables: ['scimStage'],
  begin: async (base, { db }) => {
    await db.scimStage.clear();
    return { ...base, startIndex: 1, total: null, counts: { users: 0, groups: 0, members: 0 } };
  },
  progress: (cp) => syncProgress(cp),
  keepMessage: 'The previous SCIM sync is still shown.',
};
