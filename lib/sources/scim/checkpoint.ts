import type { BaseCheckpoint } from '../../jobs/types.ts';

export const JOB_ID = 'scim-sync';
export const PHASES = ['users', 'groups', 'publish'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, string> = { users: 'Reading SCIM users', groups: 'Reading SCIM groups and members', publish: 'Publishing' };

export interface ScimCheckpoint extends BaseCheckpoint<Phase> {
  /** SCIM's 1-based startIndex of the next page in the current list. */
  startIndex: number;
  /** The list's totalResults as last reported (shown as progress; never the only stop rule). */
  total: number | null;
  counts: { users: number; groups: number; members: number };
}

export function syncProgress(cp: ScimCheckpoint): { label: string; fraction: number | null; detail: string | null } {
  const read = cp.phase === 'users' ? cp.counts.users : cp.phase === 'groups' ? cp.counts.groups : 0;
  const fraction = cp.total && cp.total > 0 && cp.phase !== 'publish' ? Math.min(1, read / cp.total) : null;
  return { label: PHASE_LABELS[cp.phase], fraction, detail: cp.total !== null && cp.phase !== 'publish' ? `${read.toLocaleString('en-US')} of about ${cp.total.toLocaleString('en-US')}` : null };
}
