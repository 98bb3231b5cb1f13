import Dexie, { type EntityTable } from 'dexie';

/**
 * The extension's IndexedDB database. Each entry of SCHEMA_VERSIONS is one released schema; a new
 * version is appended (never edited) with an `upgrade` that moves existing data forward. Tests open
 * a database at version N, write data, reopen it at N+1 and check nothing was lost
 * (tests/unit/db/migrations.test.ts).
 */
export const DB_NAME = 'admin-companion';

export interface KvRow {
  key: string;
  value: unknown;
}

export interface JobRow {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'paused' | 'failed' | 'done' | 'cancelled';
  createdAt: string;
  updatedAt: string;
  /** Phase, cursor and counters of a checkpointed job; written in the same transaction as the data. */
  checkpoint: unknown;
  error: string | null;
  /** Added in version 2. */
  attempts: number;
}

export interface AuditRow {
  id?: number;
  at: string;
  connection: 'compliance' | 'analytics' | 'scim';
  action: string;
  target: string | null;
  outcome: 'ok' | 'failed';
  detail: string;
  requestId: string | null;
}

export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: import('dexie').Transaction) => Promise<void> | void;
}

export const SCHEMA_VERSIONS: SchemaVersion[] = [
  {
    version: 1,
    stores: {
      kv: 'key',
      jobs: 'id, kind, status, updatedAt',
    },
  },
  {
    // v2: an audit trail for every call that changes something (provisioning) or fails, and a retry
    // counter on jobs so a job that keeps failing can be paused instead of looping.
    version: 2,
    stores: {
      jobs: 'id, kind, status, updatedAt, [kind+status]',
      audit: '++id, at, connection, action',
    },
    upgrade: async (tx) => {
      await tx
        .table('jobs')
        .toCollection()
        .modify((job: Partial<JobRow>) => {
          job.attempts ??= 0;
        });
    },
  },
];

export const LATEST_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version;

export type AppDb = Dexie & {
  kv: EntityTable<KvRow, 'key'>;
  jobs: EntityTable<JobRow, 'id'>;
  audit: EntityTable<AuditRow, 'id'>;
};

/**
 * Opens the database declaring every schema version up to `upTo` (default: the latest). Pass
 * `indexedDB`/`IDBKeyRange` in Node tests (fake-indexeddb).
 */
export function createDb(options: { name?: string; upTo?: number; indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {}): AppDb {
  const db = new Dexie(options.name ?? DB_NAME, {
    ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
    ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
  }) as AppDb;
  for (const v of SCHEMA_VERSIONS) {
    if (v.version > (options.upTo ?? LATEST_VERSION)) break;
    const declared = db.version(v.version).stores(v.stores);
    if (v.upgrade) declared.upgrade(v.upgrade);
  }
  return db;
}
