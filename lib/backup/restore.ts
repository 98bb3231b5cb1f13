import type Dexie from 'dexie';
import { containsSecret } from '../util/redact.ts';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BackupError, BackupFileSchema, decodeValue, durableTables, encodeValue, isSkippedTable, MAX_BACKUP_BYTES, SKIPPED_KV_KEYS, type BackupFile } from './format.ts';
import { upgradeBackup } from './upgrade.ts';

/**
 * Restore, in two steps: {@link readBackupFile} parses and validates a file and says what it would
 * replace (nothing is written); {@link applyRestore} then replaces the tables in one transaction, so a
 * failure half-way leaves the database exactly as it was.
 */

export interface TablePreview {
  table: string;
  /** Rows now in this browser. */
  now: number;
  /** Rows in the file (they replace the current ones). */
  inFile: number;
}

export interface RestorePreview {
  createdAt: string;
  extensionVersion: string;
  schemaVersion: number;
  /** Tables the restore replaces. */
  tables: TablePreview[];
  /** Tables in the file this version does not know (or never restores): ignored. */
  ignored: string[];
  /** Durable tables the file does not have (an older backup): kept as they are. */
  kept: string[];
  hasSettings: boolean;
  /** Rows moved forward from an older database version, when any. */
  upgradedFrom: number | null;
}

export interface ParsedBackup {
  file: BackupFile;
  preview: RestorePreview;
}

export interface ReadOptions {
  /** The database version this extension runs. */
  schemaVersion: number;
  maxBytes?: number;
}

function plainMessage(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  const first = issues[0];
  if (!first) return 'its contents are not what a backup holds';
  const where = first.path.length ? ` (at ${first.path.map(String).join('.')})` : '';
  return `${first.message}${where}`;
}

/** Checks that a row has the table's primary key (inbound keys), so the write cannot fail half-way for that reason. */
function checkKeys(db: Dexie, table: string, rows: readonly Record<string, unknown>[]): void {
  const key = db.table(table).schema.primKey;
  if (!key.keyPath) return;
  const paths = Array.isArray(key.keyPath) ? key.keyPath : [key.keyPath];
  rows.forEach((row, i) => {
    for (const p of paths) {
      const v = row[p];
      const ok = typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || Array.isArray(v) || v instanceof Date || (v === undefined && key.auto);
      if (!ok) throw new BackupError(`This backup cannot be restored: row ${i + 1} of the table "${table}" has no valid "${p}". The file is damaged; nothing was changed.`);
    }
  });
}

/** Parses and validates a backup file's text. Throws BackupError with a plain message; writes nothing. */
export async function readBackupFile(text: string, db: Dexie, options: ReadOptions): Promise<ParsedBackup> {
  const maxBytes = options.maxBytes ?? MAX_BACKUP_BYTES;
  if (text.length > maxBytes) throw new BackupError(`This file is larger than a backup can be (${Math.round(maxBytes / 1_048_576)} MB). Nothing was changed.`);
  let raw: unknown;
  try {
    raw = JSON.parse(text, decodeValue);
  } catch {
    throw new BackupError('This file is not a backup from this extension: it is not valid JSON (it may be damaged or cut short). Choose a file made with Download backup. Nothing was changed.');
  }
  if (!raw || typeof raw !== 'object' || (raw as { format?: unknown }).format !== BACKUP_FORMAT) {
    throw new BackupError('This file is not a backup from this extension. Choose a file made with Download backup. Nothing was changed.');
  }
  const envelope = raw as { formatVersion?: unknown; schemaVersion?: unknown };
  if (typeof envelope.formatVersion === 'number' && envelope.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new BackupError('This backup was made by a newer version of the extension, in a layout this version cannot read. Update the extension, then restore it. Nothing was changed.');
  }
  if (typeof envelope.schemaVersion === 'number' && envelope.schemaVersion > options.schemaVersion) {
    throw new BackupError(
      `This backup was made by a newer version of the extension (database version ${envelope.schemaVersion}; this version reads up to ${options.schemaVersion}). Update the extension, then restore it. Nothing was changed.`,
    );
  }
  const parsed = BackupFileSchema.safeParse(raw);
  if (!parsed.success) throw new BackupError(`This backup cannot be restored: ${plainMessage(parsed.error.issues)}. The file is damaged or was edited; nothing was changed.`);
  const upgraded = upgradeBackup(parsed.data, options.schemaVersion);
  const file = upgraded.file;

  // A backup is a file that may have been stored anywhere: refuse to plant a credential in the database.
  for (const [name, rows] of Object.entries(file.tables)) {
    if (containsSecret(JSON.stringify(rows, encodeValue))) {
      throw new BackupError(`This backup cannot be restored: the table "${name}" contains something that looks like a credential. Backups made by this extension never do; nothing was changed.`);
    }
  }
  if (file.settings !== undefined && containsSecret(JSON.stringify(file.settings))) {
    throw new BackupError('This backup cannot be restored: its settings contain something that looks like a credential. Nothing was changed.');
  }

  if (!db.isOpen()) await db.open();
  const durable = new Set(durableTables(db));
  const tables: TablePreview[] = [];
  const ignored: string[] = [];
  for (const [name, rows] of Object.entries(file.tables)) {
    if (!durable.has(name)) {
      ignored.push(name);
      continue;
    }
    checkKeys(db, name, rows);
    const now = name === 'kv' ? await db.table('kv').filter((r: { key: string }) => !SKIPPED_KV_KEYS.has(r.key)).count() : await db.table(name).count();
    tables.push({ table: name, now, inFile: name === 'kv' ? rows.filter((r) => !SKIPPED_KV_KEYS.has(String(r.key))).length : rows.length });
  }
  tables.sort((a, b) => a.table.localeCompare(b.table));
  const kept = [...durable].filter((n) => !(n in file.tables)).sort();
  return {
    file,
    preview: {
      createdAt: file.createdAt,
      extensionVersion: file.extensionVersion,
      schemaVersion: parsed.data.schemaVersion,
      tables,
      ignored: ignored.sort(),
      kept,
      hasSettings: file.settings !== undefined,
      upgradedFrom: upgraded.from,
    },
  };
}

export interface RestoreProgress {
  label: string;
  done: number;
  total: number;
}

/** Rows per bulk write inside the one transaction (progress is reported between them). */
const CHUNK = 2_000;

/**
 * Replaces every table the preview lists with the file's rows, in one transaction: all of it happens or,
 * on any error, none of it. kv records that belong to the snapshot's working state stay as they are.
 */
export async function applyRestore(db: Dexie, parsed: ParsedBackup, onProgress?: (p: RestoreProgress) => void): Promise<{ rows: number }> {
  const names = parsed.preview.tables.map((t) => t.table);
  const total = parsed.preview.tables.reduce((n, t) => n + t.inFile, 0);
  let done = 0;
  const running = await db
    .table('jobs')
    .filter((j: { status: string }) => j.status === 'running' || j.status === 'queued')
    .count()
    .catch(() => 0);
  if (running > 0) throw new BackupError('A snapshot or sync is running. Wait for it to finish (or cancel it), then restore. Nothing was changed.');
  try {
    await db.transaction('rw', names.map((n) => db.table(n)), async () => {
      for (const name of names) {
        const table = db.table(name);
        let rows = parsed.file.tables[name]!;
        if (name === 'kv') {
          rows = rows.filter((r) => !SKIPPED_KV_KEYS.has(String(r.key)));
          await table.filter((r: { key: string }) => !SKIPPED_KV_KEYS.has(r.key)).delete();
        } else await table.clear();
        for (let i = 0; i < rows.length; i += CHUNK) {
          const chunk = rows.slice(i, i + CHUNK);
          await table.bulkPut(chunk);
          done += chunk.length;
          onProgress?.({ label: `Restoring ${name}`, done, total });
        }
      }
    });
  } catch (e) {
    if (e instanceof BackupError) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new BackupError(`The restore failed and was undone; nothing was changed. (${reason})`);
  }
  onProgress?.({ label: 'Done', done: total, total });
  return { rows: total };
}

export { isSkippedTable };
