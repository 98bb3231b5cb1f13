import Dexie, { type EntityTable, type Transaction } from 'dexie';

/**
 * The extension's IndexedDB database: the core tables every part shares (typed singletons in `kv`,
 * checkpointed `jobs`, the `audit` trail), and the mechanism that assembles the full schema from the
 * versions each source declares beside its own code (lib/sources/<source>/tables.ts; the list of all of
 * them is lib/sources/database.ts).
 *
 * Schema versions are append-only: a new version is added (never edited) with an `upgrade` that moves
 * existing data forward. Tests open a database at version N, write data, reopen it at N+1 and check
 * nothing was lost (tests/unit/db/migrations.test.ts).
 */
export const DB_NAME = 'admin-companion';

export interface KvRow {
  key: string;
  value: unknown;
}

/** What the UI shows of a running job (written on the job row at every commit, so pages need no source code). */
export interface JobProgress {
  phase: string;
  /** "Reading chats". */
  label: string;
  /** 0..1 within the current phase where it can be estimated. */
  fraction: number | null;
  /** When the current phase began (for the time-left estimate). */
  phaseStartedAt: string;
  /** Records read in this run. */
  records: number;
  requests: number;
  kind: 'full' | 'incremental';
  /** Optional extra line, e.g. "Day 12 of 90". */
  detail: string | null;
}

export interface JobRow {
  /** The job's id (one row per job: "compliance-snapshot", "analytics-collection", …). */
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
  /** Progress of the run as the UI shows it; absent on rows written before the job mechanism kept it. */
  progress?: JobProgress;
}

export interface AuditRow {
  id?: number;
  at: string;
  connection: string;
  action: string;
  target: string | null;
  /** 'ok' | 'failed' for calls; identity writes record their WriteResult outcome (lib/identity/contract.ts). */
  outcome: 'ok' | 'failed' | 'done' | 'pending' | 'already' | 'refused';
  detail: string;
  requestId: string | null;
}

export interface SchemaVersion {
  version: number;
  /** Stores added or changed in this version (Dexie syntax); null deletes a store. */
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void> | void;
}

export const CORE_SCHEMA: SchemaVersion[] = [
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

export type CoreDb = Dexie & {
  kv: EntityTable<KvRow, 'key'>;
  jobs: EntityTable<JobRow, 'id'>;
  audit: EntityTable<AuditRow, 'id'>;
};

/**
 * Merges version lists into one, ordered by version. Throws when two parts claim the same version or
 * declare the same store twice in one version, so a clash shows in the first test run.
 */
export function mergeSchemas(...parts: ReadonlyArray<readonly SchemaVersion[]>): SchemaVersion[] {
  const all = parts.flat().sort((a, b) => a.version - b.version);
  for (let i = 1; i < all.length; i++) {
    if (all[i]!.version === all[i - 1]!.version) throw new Error(`Schema version ${all[i]!.version} is declared twice.`);
  }
  return all;
}

export interface OpenOptions {
  name?: string;
  /** Declare versions up to this one only (migration tests). */
  upTo?: number;
  /** fake-indexeddb in Node tests. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

/**
 * The versions Dexie is told about: each version with an upgrade function, and the last one, each carrying
 * the store changes of the versions folded into it. Dexie (3 and later) diffs the declared schema against
 * the installed database's, so a version without an upgrade function adds nothing a later declared version
 * cannot carry; but every declared version makes Dexie parse all the earlier ones again, which cost a page
 * 20–50 ms at start with twelve versions.
 */
export function declaredVersions(versions: readonly SchemaVersion[]): SchemaVersion[] {
  const out: SchemaVersion[] = [];
  let folded: Record<string, string | null> = {};
  versions.forEach((v, i) => {
    folded = { ...folded, ...v.stores };
    if (!v.upgrade && i < versions.length - 1) return;
    out.push({ ...v, stores: folded });
    folded = {};
  });
  return out;
}

/** Opens a Dexie database declaring `versions` (up to `options.upTo`). */
export function openDexie<T extends Dexie>(versions: readonly SchemaVersion[], options: OpenOptions = {}): T {
  const db = new Dexie(options.name ?? DB_NAME, {
    // Snapshot pages are re-fetchable, so a commit need not wait for the disk flush (Chromium only).
    chromeTransactionDurability: 'relaxed',
    ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
    ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
  }) as T;
  const latest = versions[versions.length - 1]?.version ?? 1;
  for (const v of declaredVersions(versions.filter((v) => v.version <= (options.upTo ?? latest)))) {
    const declared = db.version(v.version).stores(v.stores);
    if (v.upgrade) declared.upgrade(v.upgrade);
  }
  return db;
}
