import type { JobRow } from '../db/schema.ts';
import type { KeyCheck } from '../sources/compliance/key-status.ts';
import type { SnapshotRow } from '../sources/compliance/tables.ts';
import { redactSecrets } from '../util/redact.ts';

/**
 * What the toolbar popup shows first, kept by the worker under one key in `browser.storage.session`
 * (memory only, not readable by content scripts), so the popup renders without opening IndexedDB or
 * loading Dexie. The worker rewrites it when a snapshot is published, when the Compliance key check or
 * the stored key changes, and when a job starts or ends. Display facts only: no key, no masked key, no
 * request ids.
 */
export const POPUP_SUMMARY_KEY = 'popupSummary';

export interface PopupSummary {
  /** Bumped when the shape changes; the popup ignores a summary of another version. */
  version: 1;
  writtenAt: string;
  snapshot: { completedAt: string; counts: { models: number; chatsWithoutModel: number; mcpServers: number; users: number; organizations: number } } | null;
  credential: { present: boolean; locked: boolean };
  keyCheck: { status: KeyCheck['status']; deleteScope: KeyCheck['deleteScope']; message: string } | null;
  /** The Compliance snapshot job's state; progress is read live from the database while it runs. */
  job: { status: JobRow['status']; error: string | null } | null;
}

export interface PopupSummaryInput {
  snapshot: SnapshotRow | undefined;
  credential: { present: boolean; locked: boolean };
  keyCheck: KeyCheck | undefined;
  job: JobRow | undefined;
  now: Date;
}

/** Builds the summary from the stored records (pure). */
export function buildPopupSummary(input: PopupSummaryInput): PopupSummary {
  const { snapshot, keyCheck, job } = input;
  return {
    version: 1,
    writtenAt: input.now.toISOString(),
    snapshot: snapshot
      ? {
          completedAt: snapshot.completedAt,
          counts: { models: snapshot.counts.models, chatsWithoutModel: snapshot.counts.chatsWithoutModel ?? 0, mcpServers: snapshot.counts.mcpServers, users: snapshot.counts.users, organizations: snapshot.counts.organizations },
        }
      : null,
    credential: { present: input.credential.present, locked: input.credential.locked },
    keyCheck: keyCheck ? { status: keyCheck.status, deleteScope: keyCheck.deleteScope, message: redactSecrets(keyCheck.message) } : null,
    job: job ? { status: job.status, error: job.error === null ? null : redactSecrets(job.error) } : null,
  };
}

/** A stored value, if it is a summary of this version (anything else reads as absent). */
export function parsePopupSummary(raw: unknown): PopupSummary | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const s = raw as Partial<PopupSummary>;
  return s.version === 1 && typeof s.writtenAt === 'string' && typeof s.credential === 'object' && s.credential !== null ? (s as PopupSummary) : undefined;
}
