import { z } from 'zod';
import type Dexie from 'dexie';

/**
 * The backup file: one JSON document
 * `{ format, formatVersion, schemaVersion, createdAt, extensionVersion, settings, tables: { <table>: [rows] } }`.
 *
 * - `formatVersion` is this envelope's version (how the file is laid out);
 * - `schemaVersion` is the database version the rows were written under (lib/sources/database.ts): a newer
 *   extension reads an older backup (rows are moved forward by lib/backup/upgrade.ts), an older extension
 *   refuses a newer one instead of guessing.
 *
 * What is in it: every durable table (the published snapshot and its history, Analytics, SCIM and Admin
 * API directories, pending writes, access reviews, the audit trail, typed kv records) and the non-secret
 * settings. What is not: credentials (they live in the vault in storage.session/local, never in
 * IndexedDB; the writer also refuses a file in which anything looks like one), staging tables, job
 * checkpoints, and the Compliance snapshot's working tables (the incremental state a snapshot builds on:
 * large and re-read by the next snapshot; leaving them out with their cursors makes that next snapshot a
 * full read, which keeps them consistent).
 */
export const BACKUP_FORMAT = 'claude-enterprise-admin-backup';
export const BACKUP_FORMAT_VERSION = 1;
/** A file larger than this is refused before it is read (a backup of a large organization is tens of MB). */
export const MAX_BACKUP_BYTES = 512 * 1024 * 1024;

/** Tables never written to a backup, with the reason (tables ending in "Stage" are staging tables too). */
export const SKIPPED_TABLES: Readonly<Record<string, string>> = {
  jobs: 'job checkpoints',
  // The Compliance snapshot's working tables: re-derived by the next (full) snapshot.
  chatBatches: 'snapshot working data',
  chatFilters: 'snapshot working data',
  modelUsage: 'snapshot working data',
  models: 'snapshot working data',
  mcpServers: 'snapshot working data',
  mcpConnections: 'snapshot working data',
  toolPolicies: 'snapshot working data',
  mcpEvents: 'snapshot working data',
  orgs: 'snapshot working data',
  users: 'snapshot working data',
  groups: 'snapshot working data',
  groupMembers: 'snapshot working data',
  roles: 'snapshot working data',
  projects: 'snapshot working data',
  orgSettings: 'snapshot working data',
  deepScanChats: 'snapshot working data',
  deepScanServers: 'snapshot working data',
  policyTombstones: 'snapshot working data',
  // The published directory: re-joined by the worker from the restored tables.
  people: 'derived directory',
};

/**
 * kv records never written and kept as they are on restore: the snapshot's cursors and generation (they
 * belong with the skipped working tables, so the two always match), the schedule's skip log, and the
 * check of the key now in the vault (it describes this browser's credential, with its masked ending),
 * and the published directory (derived; the worker re-joins it after a restore changes its tables).
 */
export const SKIPPED_KV_KEYS: ReadonlySet<string> = new Set(['compliance.state', 'compliance.lastGeneration', 'compliance.reconcile', 'jobs.scheduleSkipped', 'compliance.keyCheck', 'identity.directory', 'identity.directoryRows', 'identity.directoryHead']);

export function isSkippedTable(name: string): boolean {
  return name in SKIPPED_TABLES || /Stage$/.test(name);
}

/** The durable tables of `db`, in a stable order. New tables are included unless they are staging tables (…Stage) or listed above. */
export function durableTables(db: Dexie): string[] {
  return db.tables
    .map((t) => t.name)
    .filter((n) => !isSkippedTable(n))
    .sort();
}

// ---- Values IndexedDB keeps that JSON does not (typed arrays, dates): tagged objects in the file ----

const TYPED = {
  Uint8Array,
  Uint16Array,
  Uint32Array,
  Int8Array,
  Int16Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const;
type TypedName = keyof typeof TYPED;

/** JSON.stringify replacer: typed arrays and dates become tagged objects. */
export function encodeValue(this: unknown, key: string, value: unknown): unknown {
  const holder = this as Record<string, unknown> | undefined;
  const raw = holder && key in holder ? holder[key] : value;
  if (raw instanceof Date) return { $date: Number.isNaN(raw.getTime()) ? null : raw.toISOString() };
  if (ArrayBuffer.isView(raw) && !(raw instanceof DataView)) {
    const name = raw.constructor.name;
    if (name in TYPED) return { $typed: name, values: Array.from(raw as unknown as ArrayLike<number>) };
  }
  return value;
}

/** JSON.parse reviver: the inverse of {@link encodeValue}. */
export function decodeValue(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$date') return typeof v.$date === 'string' ? new Date(v.$date) : new Date(NaN);
    if (keys.length === 2 && typeof v.$typed === 'string' && v.$typed in TYPED && Array.isArray(v.values)) {
      return (TYPED[v.$typed as TypedName] as { from(a: unknown[]): unknown }).from(v.values as unknown[]);
    }
  }
  return value;
}

// ---- The envelope, validated on restore ----

const Row = z.record(z.string(), z.unknown());

export const BackupFileSchema = z.object({
  format: z.literal(BACKUP_FORMAT, { error: 'not a backup made by this extension' }),
  formatVersion: z.number().int().min(1),
  schemaVersion: z.number().int().min(1),
  createdAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'createdAt is not a date'),
  extensionVersion: z.string().max(100),
  /** Non-secret settings (storage.local "settings"); validated again by the settings schema when restored. */
  settings: z.unknown().optional(),
  tables: z.record(z.string().max(200), z.array(Row)),
});
export type BackupFile = z.infer<typeof BackupFileSchema>;

/** A backup problem said so an admin knows what to do; nothing was changed when one is thrown. */
export class BackupError extends Error {
  override name = 'BackupError';
}
