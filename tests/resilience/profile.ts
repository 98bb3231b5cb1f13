import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * Profile-level tools for the restart and upgrade specs: kill the whole browser as a crash would,
 * search the profile's files on disk, and export or import the extension's IndexedDB exactly (stores,
 * key paths, indexes, rows) so a database written by an earlier release can be put in a fresh profile.
 */

// ------------------------------------------------------------------------------------------------
// The browser process

/** Process ids whose command line holds `--user-data-dir=<dir>`; the browser process is the one without `--type=`. */
function chromiumProcesses(userDataDir: string): Array<{ pid: number; browser: boolean }> {
  const out: Array<{ pid: number; browser: boolean }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    if (!args.includes(`--user-data-dir=${userDataDir}`)) continue;
    out.push({ pid: Number(entry), browser: !args.some((a) => a.startsWith('--type=')) });
  }
  return out;
}

/**
 * SIGKILLs the browser process of the profile (no graceful close: no unload, no shutdown flush), as a
 * crash, a power cut of the process or a killed task would, and waits until Playwright sees it gone.
 */
export async function killBrowser(context: BrowserContext, userDataDir: string): Promise<void> {
  const browsers = chromiumProcesses(userDataDir).filter((p) => p.browser);
  if (browsers.length !== 1) throw new Error(`Expected one browser process for ${userDataDir}, found ${browsers.length}`);
  const closed = new Promise<void>((resolve) => context.once('close', () => resolve()));
  process.kill(browsers[0]!.pid, 'SIGKILL');
  await closed;
  // The helpers (renderers, utility processes) notice their parent is gone and exit on their own.
  const deadline = Date.now() + 10_000;
  while (chromiumProcesses(userDataDir).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

// ------------------------------------------------------------------------------------------------
// The profile on disk

export function* profileFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* profileFiles(p);
    else if (entry.isFile()) yield p;
  }
}

/** The forms a leaked secret would take on disk: raw, UTF-16, base64, URL-encoded, hex. */
export function encodings(secret: string): Array<{ name: string; bytes: Buffer }> {
  return [
    { name: 'raw', bytes: Buffer.from(secret, 'utf8') },
    { name: 'utf-16', bytes: Buffer.from(secret, 'utf16le') },
    { name: 'base64', bytes: Buffer.from(Buffer.from(secret).toString('base64').replace(/=+$/, '')) },
    { name: 'url-encoded', bytes: Buffer.from(encodeURIComponent(secret)) },
    { name: 'hex', bytes: Buffer.from(Buffer.from(secret).toString('hex')) },
  ];
}

/** Every (secret, encoding, file) where a secret was found in the profile's files; and how many files were read. */
export function scanProfile(dir: string, secrets: Record<string, string>, canary?: string): { found: string[]; scanned: number; canaryFound: boolean } {
  const found: string[] = [];
  let scanned = 0;
  let canaryFound = false;
  for (const file of profileFiles(dir)) {
    let bytes: Buffer;
    try {
      if (statSync(file).size > 200 * 1024 * 1024) continue;
      bytes = readFileSync(file);
    } catch {
      continue; // a lock or temporary file that went away
    }
    scanned++;
    if (canary) canaryFound ||= bytes.includes(Buffer.from(canary));
    for (const [name, secret] of Object.entries(secrets)) for (const e of encodings(secret)) if (bytes.includes(e.bytes)) found.push(`${name} key (${e.name}) in ${path.relative(dir, file)}`);
  }
  return { found, scanned, canaryFound };
}

// ------------------------------------------------------------------------------------------------
// IndexedDB, exported and imported exactly

export interface StoreDump {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: Array<{ name: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean }>;
  /** Rows, encoded (see `encode` below): Dates and binary data are tagged so JSON keeps them. */
  rows: unknown[];
}

export interface DatabaseDump {
  name: string;
  /** IndexedDB version (Dexie stores its schema version × 10). */
  version: number;
  stores: StoreDump[];
}

/** Exports a database from an extension page of the same origin. Throws on values JSON cannot carry. */
export async function exportDatabase(page: Page, name: string): Promise<DatabaseDump> {
  return page.evaluate(async (dbName) => {
    const encode = (value: unknown, at: string): unknown => {
      if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) return { $number: String(value) };
        return value;
      }
      if (value === undefined) return { $undefined: true };
      if (value instanceof Date) return { $date: value.toISOString() };
      if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
        const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
        return { $bytes: btoa(String.fromCharCode(...bytes)), type: value.constructor.name };
      }
      if (Array.isArray(value)) return value.map((v, i) => encode(v, `${at}[${i}]`));
      if (Object.getPrototypeOf(value) === Object.prototype) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
          if (k.startsWith('$')) throw new Error(`A stored key starts with "$" at ${at}.${k}; the dump format cannot carry it`);
          out[k] = encode(v, `${at}.${k}`);
        }
        return out;
      }
      throw new Error(`Cannot export the value at ${at} (${Object.prototype.toString.call(value)})`);
    };
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const open = indexedDB.open(dbName);
      open.onerror = () => reject(open.error);
      open.onsuccess = () => resolve(open.result);
    });
    try {
      const stores = [];
      for (const storeName of Array.from(db.objectStoreNames)) {
        const store = db.transaction(storeName).objectStore(storeName);
        const indexes = Array.from(store.indexNames).map((n) => {
          const ix = store.index(n);
          return { name: n, keyPath: ix.keyPath, unique: ix.unique, multiEntry: ix.multiEntry };
        });
        const rows: unknown[] = await new Promise((resolve, reject) => {
          const req = store.getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        if (store.keyPath === null) throw new Error(`${storeName} has out-of-line keys; the dump format keeps inline keys only`);
        stores.push({ name: storeName, keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes, rows: rows.map((r, i) => encode(r, `${storeName}[${i}]`)) });
      }
      return { name: dbName, version: db.version, stores };
    } finally {
      db.close();
    }
  }, name);
}

/** Decodes rows of a {@link DatabaseDump} in Node (the inverse of the page-side encoding), for comparisons. */
export function decodeRow(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeRow);
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.$date === 'string') return new Date(v.$date);
    if (typeof v.$number === 'string') return Number(v.$number);
    if (v.$undefined === true) return undefined;
    if (typeof v.$bytes === 'string') return Buffer.from(v.$bytes, 'base64');
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decodeRow(x)]));
  }
  return value;
}

/**
 * Creates the database exactly as dumped (version, stores, key paths, indexes, rows) from an extension
 * page of the origin it belongs to. The database must not exist yet.
 */
export async function importDatabase(page: Page, dump: DatabaseDump): Promise<void> {
  await page.evaluate(async (d) => {
    const decode = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(decode);
      if (value && typeof value === 'object') {
        const v = value as Record<string, unknown>;
        if (typeof v.$date === 'string') return new Date(v.$date);
        if (typeof v.$number === 'string') return Number(v.$number);
        if (v.$undefined === true) return undefined;
        if (typeof v.$bytes === 'string') {
          const bytes = Uint8Array.from(atob(v.$bytes), (c) => c.charCodeAt(0));
          return v.type === 'ArrayBuffer' ? bytes.buffer : bytes;
        }
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
      }
      return value;
    };
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const open = indexedDB.open(d.name, d.version);
      open.onerror = () => reject(open.error);
      open.onupgradeneeded = (event) => {
        if (event.oldVersion !== 0) {
          open.transaction?.abort();
          return;
        }
        for (const s of d.stores) {
          const store = open.result.createObjectStore(s.name, { keyPath: s.keyPath, autoIncrement: s.autoIncrement });
          for (const ix of s.indexes) store.createIndex(ix.name, ix.keyPath, { unique: ix.unique, multiEntry: ix.multiEntry });
        }
      };
      open.onsuccess = () => resolve(open.result);
    });
    try {
      if (d.stores.length === 0) return;
      const tx = db.transaction(d.stores.map((s) => s.name), 'readwrite');
      for (const s of d.stores) for (const row of s.rows) tx.objectStore(s.name).add(decode(row));
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error ?? new Error('import aborted'));
      });
    } finally {
      db.close();
    }
  }, dump);
}
