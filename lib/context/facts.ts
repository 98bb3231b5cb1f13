import type { AppDb } from '../sources/database.ts';
import type { CredentialVault } from '../keys/vault.ts';
import { KEY_CHECK } from '../sources/compliance/key-status.ts';
import { ANALYTICS_STATE } from '../sources/analytics/state.ts';
import { SCIM_SYNC_LOG } from '../sources/scim/state.ts';
import { SOURCES } from '../sources/index.ts';
import type { Settings } from '../settings/settings.ts';
import { connectorBadge, connectorSummaries } from './connector-badges.ts';
import { memberBadge, memberFlags } from './member-flags.ts';
import type { ContextFacts } from './types.ts';
import { redactSecrets } from '../util/redact.ts';

export interface FactsDeps {
  db: AppDb;
  vault: Pick<CredentialVault, 'status'>;
  settings: () => Promise<Pick<Settings, 'scimUrl'>>;
  now: () => Date;
}

/**
 * The worker's side of the context checks: the extension's own state reduced to counts and labels.
 * Nothing here returns a secret, a masked key or a raw record.
 */
export function createContextFacts(deps: FactsDeps): ContextFacts {
  const { db } = deps;
  const jobOf = async (sourceId: string) => {
    const id = SOURCES.find((s) => s.id === sourceId)?.job?.id;
    return id ? db.jobs.get(id) : undefined;
  };
  return {
    now: deps.now,
    async complianceKey() {
      const stored = await deps.vault.status('compliance');
      const check = await KEY_CHECK.read(db);
      return {
        stored: stored.present,
        status: check?.status ?? null,
        message: check?.message ? redactSecrets(check.message) : null,
        deleteScope: check?.deleteScope ?? null,
        ownKeyName: check?.ownKeyName ?? null,
        deleteKeys: (check?.otherDeleteKeys ?? []).map((k) => ({ name: k.name, createdAt: k.createdAt, possiblyThisKey: k.possiblyThisKey === true })),
      };
    },
    async analytics() {
      const [stored, state, job] = await Promise.all([deps.vault.status('analytics'), ANALYTICS_STATE.read(db), jobOf('analytics')]);
      const running = job?.status === 'running' || job?.status === 'queued';
      const failed = job && (job.status === 'failed' || job.status === 'paused') ? job.error : null;
      return { stored: stored.present, locked: stored.locked === true, running, error: failed ? redactSecrets(failed) : null, completedAt: state?.completedAt ?? null, dataRefreshedAt: state?.dataRefreshedAt ?? null };
    },
    async scim() {
      const [stored, log, settings] = await Promise.all([deps.vault.status('scim'), SCIM_SYNC_LOG.read(db), deps.settings()]);
      const last = log?.[0];
      return {
        stored: stored.present,
        locked: stored.locked === true,
        url: settings.scimUrl || null,
        lastSync: last ? { at: last.at, outcome: last.outcome, users: last.users, groups: last.groups, message: last.message ? redactSecrets(last.message) : null } : null,
      };
    },
    async connectors(names) {
      const found = await connectorSummaries(db, names);
      return [...found].map(([target, s]) => connectorBadge(target, s));
    },
    async members(emails) {
      return (await memberFlags(db, emails, deps.now())).map(memberBadge);
    },
  };
}
