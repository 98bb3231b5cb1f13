import type { Table } from 'dexie';
import type { SchemaVersion } from '../db/schema.ts';
import type { Person } from './people.ts';
import type { AccessReviewRow, PendingChangeRow, ReviewDecisionRow } from './rows.ts';

export type { AccessReviewRow, PendingChangeRow, ReviewDecisionRow } from './rows.ts';

/** A person of the published directory (./directory.ts): the joined person plus its two lookup fields. */
export interface StoredPerson extends Person {
  /** Normalised email (trimmed, lower-cased) for lookups; '' when none. */
  emailNorm: string;
  /** Keys of the person's groups (multi-entry index). */
  groupKeys: string[];
}

export const IDENTITY_SCHEMA: SchemaVersion[] = [
  {
    // v9: pending writes and access reviews.
    version: 9,
    stores: {
      pendingChanges: '++id, kind, userId, groupId, at',
      accessReviews: 'id, startedAt',
      reviewDecisions: '++id, reviewId, personKey',
    },
  },
  {
    // v12: the published directory (./directory.ts), one joined person per row. Derived: rebuilt by the
    // worker from the synced tables, so the upgrade leaves it empty and the worker fills it.
    version: 12,
    stores: {
      people: 'key, userId, emailNorm, *groupKeys',
    },
  },
];

export interface IdentityTables {
  pendingChanges: Table<PendingChangeRow, number>;
  accessReviews: Table<AccessReviewRow, string>;
  reviewDecisions: Table<ReviewDecisionRow, number>;
  people: Table<StoredPerson, string>;
}
