import type { AppDb } from '../sources/database.ts';
import type { ChangeRow, SummaryItem, SummaryValue } from './tables.ts';

/**
 * How a source takes part in the Changes view: one {@link ChangeSource} per source (a `summarize(db)` of its
 * published state and the diff rules of each kind of subject), listed once in ./registry.ts. The worker
 * summarizes after every publish (a run that ended 'done') and stores what differs from the last summary.
 */

/** How a tracked field's change is named and who/when are found. */
export interface TrackedField {
  /** The change's name ("renamed", "permission"), or a function of old and new values. */
  change: string | ((old: SummaryValue, next: SummaryValue) => string);
  /** Fields of the new item holding who made the change and when. */
  who?: string;
  when?: string;
  /** How a value reads ("allow" → "Always allow"); default: as stored. */
  show?: (value: SummaryValue) => string | null;
}

export interface KindRules {
  /** Singular noun for the view ("MCP server"). */
  noun: string;
  /** The inventory route of a subject's evidence. */
  href: (item: SummaryItem) => string;
  /** Whether the subject exists (default: yes). A server kept as deleted is not present. */
  present?: (item: SummaryItem) => boolean;
  /** Whether appearing is a change (default: yes), or which appearing subjects are. */
  added?: boolean | ((item: SummaryItem) => boolean);
  /** Whether disappearing is a change (default: yes). */
  removed?: boolean;
  /** The field shown as the new value of an added subject (and old of a removed one). */
  value?: string;
  /** Who/when fields for an added subject and for a removed one (read from the newest item). */
  addedWho?: string;
  addedWhen?: string;
  removedWho?: string;
  removedWhen?: string;
  /** Fields whose change is reported. Fields not listed (counts, timestamps) never make a change. */
  track?: Record<string, TrackedField>;
}

export interface ChangeSource {
  /** The source id (lib/sources), e.g. "compliance". */
  source: string;
  /** "Compliance", for the view's filter. */
  label: string;
  /** A small, stable summary of the published state. */
  summarize: (db: AppDb) => Promise<SummaryItem[]>;
  kinds: Record<string, KindRules>;
}

/** A change before it is stored. */
export type ChangeDraft = Omit<ChangeRow, 'id' | 'run' | 'source' | 'at' | 'seen'>;
