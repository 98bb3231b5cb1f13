import type Dexie from 'dexie';
import { containsSecret } from '../util/redact.ts';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BackupError, durableTables, encodeValue, SKIPPED_KV_KEYS } from './format.ts';

export interface BackupProgress {
  /** "Reading audit" … */
  label: string;
  done: number;
  total: number;
}

export interface WriteBackupOptions {
  /** The database version this extension runs (LATEST_VERSION). */
  schemaVersion: number;
  extensionVersion: string;
  /** Non-secret settings to include (storage.local "settings"); undefined to leave them out. */
  settings?: unknown;
  now: Date;
  onProgress?: (p: BackupProgress) => void;
}

export interface WrittenBackup {
  /** The file's text in parts (a Blob takes them without joining one huge string). */
  parts: string[];
  bytes: number;
  counts: Record<string, number>;
}

/** Rows per read while writing (keeps memory per step bounded for large tables). */
const PAGE = 5_000;

async function readAll(db: Dexie, name: string): Promise<unknown[]> {
  const table = db.table(name);
  const key = table.schema.primKey;
  // Outbound or compound keys: read the table whole (these tables are small); else page by primary key.
  if (!key.keyPath || Array.isArray(key.keyPath)) return table.toArray();
  const out: unknown[] = [];
  let last: unknown = undefined;
  for (;;) {
    const coll = last === undefined ? table.orderBy(':id') : table.where(':id').above(last);
    const page = await coll.limit(PAGE).toArray();
    out.push(...page);
    if (page.length < PAGE) return out;
    last = (page[page.length - 1] as Record<string, unknown>)[key.keyPath];
  }
}

function describeRow(row: unknown, keyPath: string | string[] | undefined): string {
  if (!keyPath || !row || typeof row !== 'object') return 'a row';
  const r = row as Record<string, unknown>;
  const key = Array.isArray(keyPath) ? keyPath.map((k) => String(r[k])).join(' + ') : String(r[keyPath]);
  return `the row "${key.slice(0, 80)}"`;
}

/**
 * Writes a backup of every durable table and the non-secret settings. Refuses (BackupError, nothing
 * written) when anything in it looks like a credential (lib/util/redact.ts patterns): a backup is a file
 * an admin may store anywhere.
 */
export async function writeBackup(db: Dexie, options: WriteBackupOptions): Promise<WrittenBackup> {
  if (!db.isOpen()) await db.open();
  const names = durableTables(db);
  const counts: Record<string, number> = {};
  const tableParts: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    options.onProgress?.({ label: `Reading ${name}`, done: i, total: names.length });
    let rows = await readAll(db, name);
    if (name === 'kv') rows = rows.filter((r) => !SKIPPED_KV_KEYS.has((r as { key: string }).key));
    const text = JSON.stringify(rows, encodeValue);
    if (containsSecret(text)) {
      const keyPath = db.table(name).schema.primKey.keyPath;
      const culprit = rows.find((r) => containsSecret(JSON.stringify(r, encodeValue)));
      throw new BackupError(
        `The backup was not written: ${describeRow(culprit, keyPath)} in the table "${name}" contains something that looks like a credential (an API key, a token or a password). Remove it (for example delete the connection's data and collect it again), then back up again.`,
      );
    }
    counts[name] = rows.length;
    tableParts.push(`${JSON.stringify(name)}:${text}`);
  }
  const settingsText = options.settings === undefined ? undefined : JSON.stringify(options.settings);
  if (settingsText !== undefined && containsSecret(settingsText)) {
    throw new BackupError('The backup was not written: the settings contain something that looks like a credential. Check the addresses in Advanced settings, then back up again.');
  }
  options.onProgress?.({ label: 'Writing the file', done: names.length, total: names.length });
  const head = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    schemaVersion: options.schemaVersion,
    createdAt: options.now.toISOString(),
    extensionVersion: options.extensionVersion,
  };
  const parts: string[] = [JSON.stringify(head).slice(0, -1)];
  if (settingsText !== undefined) parts.push(`,"settings":${settingsText}`);
  parts.push(',"tables":{');
  tableParts.forEach((p, i) => parts.push(i === 0 ? p : `,${p}`));
  parts.push('}}\n');
  const bytes = parts.reduce((n, p) => n + new TextEncoder().encode(p).length, 0);
  return { parts, bytes, counts };
}
