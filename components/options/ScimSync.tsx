import { SCIM_SYNC_LOG } from '../../lib/sources/scim/state.ts';
import { JOB_ID as SCIM_JOB_ID } from '../../lib/sources/scim/checkpoint.ts';
import { SyncPanel } from './SyncPanel.tsx';

const n = (v: number) => v.toLocaleString('en-US');

/** SCIM card: Sync now, the running sync's progress, the last sync and the sync log. */
export function ScimSync({ canSync }: { canSync: boolean }) {
  return (
    <SyncPanel
      source="scim"
      jobId={SCIM_JOB_ID}
      log={SCIM_SYNC_LOG}
      canSync={canSync}
      cannotSyncHint="Save the SCIM URL and token first"
      countsText={(e) => `${n(e.users)} users, ${n(e.groups)} groups, ${n(e.members)} memberships`}
      columns={[
        { header: 'Users', value: (e) => e.users },
        { header: 'Groups', value: (e) => e.groups },
        { header: 'Memberships', value: (e) => e.members },
      ]}
      caption="The last SCIM syncs, newest first"
    />
  );
}
