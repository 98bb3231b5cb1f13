import type { ComplianceDb, ChatBatchRow, ChatRow, PackedChatBatchRow } from '../tables.ts';

/**
 * Where each chat's last contribution to the model inventory is kept — as batches, not one row per
 * chat. Writing a million IndexedDB rows costs a request each; writing a hundred batches of 10,000
 * costs a hundred. A chat's newest version lives in the newest batch that contains it (later batches
 * shadow earlier ones, like a log-structured store), and a small Bloom filter per batch, kept in
 * memory, tells which batches can contain an id, so a lookup loads only those.
 *
 * Every function must run inside the caller's Dexie transaction over CHAT_STORE_TABLES. The in-memory
 * filter cache is re-synchronised with the database at the start of each call (by sequence number),
 * so an aborted transaction can never leave it claiming a batch that does not exist.
 */
export const CHAT_STORE_TABLES = ['chatBatches', 'chatFilters'] as const;

/** A removed chat's tombstone in `deleted`. */
const GONE = 2;
const BITS_PER_ID = 10;
const HASHES = 7;

interface Filter {
  seq: number;
  bits: Uint8Array;
  m: number;
  maxUpdatedAt: string;
  count: number;
}

const caches = new WeakMap<ComplianceDb, Filter[]>();

function hashes(id: string): [number, number] {
  // Two 32-bit FNV-1a variants; double hashing gives the k probe positions.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return [h1 >>> 0, (h2 | 1) >>> 0];
}

function mayContain(f: Filter, h: [number, number]): boolean {
  for (let i = 0; i < HASHES; i++) {
    const bit = (h[0] + i * h[1]) % f.m;
    if ((f.bits[bit >>> 3]! & (1 << (bit & 7))) === 0) return false;
  }
  return true;
}

/** The Bloom filter of a batch's ids (exported for tests that write older row forms). */
export function filterFor(ids: readonly string[]): { bits: Uint8Array; m: number } {
  return buildFilter(ids);
}

function buildFilter(ids: readonly string[]): { bits: Uint8Array; m: number } {
  const m = Math.max(1024, ids.length * BITS_PER_ID);
  const bits = new Uint8Array(Math.ceil(m / 8));
  for (const id of ids) {
    const h = hashes(id);
    for (let i = 0; i < HASHES; i++) {
      const bit = (h[0] + i * h[1]) % m;
      bits[bit >>> 3]! |= 1 << (bit & 7);
    }
  }
  return { bits, m };
}

/** The filters of every committed batch, newest last, brought up to date with the database. */
async function filters(db: ComplianceDb): Promise<Filter[]> {
  let list = caches.get(db);
  const last = await db.chatFilters.orderBy('seq').last();
  const lastSeq = last?.seq ?? 0;
  if (!list || (list.length > 0 && list[list.length - 1]!.seq > lastSeq)) list = [];
  const known = list.length > 0 ? list[list.length - 1]!.seq : 0;
  if (lastSeq > known) {
    const rows = await db.chatFilters.where('seq').above(known).toArray();
    list = [...list, ...rows.map((r) => ({ seq: r.seq, bits: r.bits, m: r.m, maxUpdatedAt: r.maxUpdatedAt, count: r.count }))];
  }
  caches.set(db, list);
  return list;
}

function commonPrefix(ids: readonly string[]): string {
  if (ids.length === 0) return '';
  let p = ids[0]!;
  for (const id of ids) {
    let k = 0;
    while (k < p.length && k < id.length && p.charCodeAt(k) === id.charCodeAt(k)) k++;
    if (k < p.length) p = p.slice(0, k);
    if (p === '') break;
  }
  return p;
}

/** How a batch's timestamps round-trip through epoch ms, or 'text' when they do not. */
function timeFormat(values: readonly string[]): 's' | 'ms' | 'text' {
  let s = true;
  let ms = true;
  for (const v of values) {
    if (v === '') continue;
    const t = Date.parse(v);
    if (Number.isNaN(t)) return 'text';
    const iso = new Date(t).toISOString();
    if (iso !== v) ms = false;
    if (iso.replace('.000Z', 'Z') !== v) s = false;
    if (!s && !ms) return 'text';
  }
  return s ? 's' : 'ms';
}

function isoOf(t: number, format: 's' | 'ms'): string {
  if (Number.isNaN(t)) return '';
  const iso = new Date(t).toISOString();
  return format === 's' ? iso.replace('.000Z', 'Z') : iso;
}

/** The packed form of an array-form batch (ids sorted, one entry each). */
export function packBatch(b: ChatBatchRow): PackedChatBatchRow {
  const dict: string[] = [];
  const index = new Map<string, number>();
  const code = (v: string): number => {
    let c = index.get(v);
    if (c === undefined) {
      c = dict.length;
      dict.push(v);
      index.set(v, c);
    }
    return c;
  };
  const n = b.ids.length;
  const cols = [b.model, b.org, b.project, b.user].map((col) => col.map(code));
  const Codes = dict.length <= 0xffff ? Uint16Array : Uint32Array;
  const [model, org, project, user] = cols.map((c) => Codes.from(c)) as [Uint16Array, Uint16Array, Uint16Array, Uint16Array];
  const prefix = commonPrefix(b.ids);
  const time = timeFormat([...b.createdAt, ...b.updatedAt]);
  const times = (col: readonly string[]): Float64Array | string => (time === 'text' ? col.join('\n') : Float64Array.from(col, (v) => (v === '' ? NaN : Date.parse(v))));
  return {
    seq: b.seq,
    v: 2,
    prefix,
    ids: b.ids.map((id) => id.slice(prefix.length)).join('\n'),
    dict,
    model,
    org,
    project,
    user,
    time,
    createdAt: times(b.createdAt),
    updatedAt: times(b.updatedAt),
    deleted: Uint8Array.from(b.deleted.slice(0, n)),
  };
}

/** Either stored form as columns of strings (what lookups binary-search). */
export function unpackBatch(row: ChatBatchRow | PackedChatBatchRow): ChatBatchRow {
  if (!('v' in row)) return row;
  const ids = row.ids === '' && row.deleted.length === 0 ? [] : row.ids.split('\n').map((s) => row.prefix + s);
  const values = (c: Uint16Array | Uint32Array) => Array.from(c, (k) => row.dict[k]!);
  const times = (c: Float64Array | string): string[] => (typeof c === 'string' ? c.split('\n') : Array.from(c, (t) => isoOf(t, row.time as 's' | 'ms')));
  return { seq: row.seq, ids, model: values(row.model), org: values(row.org), project: values(row.project), user: values(row.user), createdAt: times(row.createdAt), updatedAt: times(row.updatedAt), deleted: Array.from(row.deleted) };
}

/** Batches by sequence number, unpacked. */
async function loadBatches(db: ComplianceDb, seqs: number[]): Promise<Array<ChatBatchRow | undefined>> {
  return (await db.chatBatches.bulkGet(seqs)).map((r) => (r ? unpackBatch(r) : undefined));
}

function rowAt(batch: ChatBatchRow, i: number): ChatRow {
  return {
    id: batch.ids[i]!,
    model: batch.model[i]!,
    org: batch.org[i]!,
    project: batch.project[i]!,
    user: batch.user[i]!,
    createdAt: batch.createdAt[i]!,
    updatedAt: batch.updatedAt[i]!,
    deleted: batch.deleted[i] === 1 ? 1 : 0,
  };
}

function indexOf(sortedIds: readonly string[], id: string): number {
  let lo = 0;
  let hi = sortedIds.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sortedIds[mid]!;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The stored contribution of each id (absent when never stored or removed). */
export async function lookupChats(db: ComplianceDb, ids: readonly string[]): Promise<Map<string, ChatRow>> {
  const found = new Map<string, ChatRow>();
  if (ids.length === 0) return found;
  const list = await filters(db);
  if (list.length === 0) return found;
  // Candidate batches per id, newest first.
  const pending = new Map<string, number[]>();
  for (const id of ids) {
    const h = hashes(id);
    const seqs: number[] = [];
    for (let i = list.length - 1; i >= 0; i--) if (mayContain(list[i]!, h)) seqs.push(list[i]!.seq);
    if (seqs.length > 0) pending.set(id, seqs);
  }
  const batches = new Map<number, ChatBatchRow | undefined>();
  // Resolve newest candidates first; an id found (or tombstoned) stops there.
  while (pending.size > 0) {
    const want = [...new Set([...pending.values()].map((s) => s[0]!))].filter((s) => !batches.has(s));
    if (want.length > 0) {
      const rows = await loadBatches(db, want);
      want.forEach((s, i) => batches.set(s, rows[i]));
    }
    for (const [id, seqs] of pending) {
      const batch = batches.get(seqs[0]!);
      const at = batch ? indexOf(batch.ids, id) : -1;
      if (at >= 0) {
        if (batch!.deleted[at] !== GONE) found.set(id, rowAt(batch!, at));
        pending.delete(id);
      } else {
        seqs.shift();
        if (seqs.length === 0) pending.delete(id);
      }
    }
  }
  return found;
}

/** Stores new contributions (and tombstones for `removed` ids) as one batch. */
export async function appendChats(db: ComplianceDb, rows: readonly ChatRow[], removed: readonly string[] = []): Promise<void> {
  if (rows.length === 0 && removed.length === 0) return;
  const list = await filters(db);
  const seq = (list.length > 0 ? list[list.length - 1]!.seq : 0) + 1;
  await writeBatch(db, seq, rows, removed);
}

/** Writes one batch (and its filter) at `seq` from new contributions and tombstones. */
async function writeBatch(db: ComplianceDb, seq: number, rows: readonly ChatRow[], removed: readonly string[]): Promise<void> {
  if (rows.length === 0 && removed.length === 0) return;
  const entries: Array<{ id: string; row: ChatRow | null }> = [...rows.map((row) => ({ id: row.id, row })), ...removed.map((id) => ({ id, row: null }))];
  entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const batch: ChatBatchRow = { seq, ids: [], model: [], org: [], project: [], user: [], createdAt: [], updatedAt: [], deleted: [] };
  let maxUpdatedAt = '';
  for (const { id, row } of entries) {
    if (batch.ids.length > 0 && batch.ids[batch.ids.length - 1] === id) continue; // one entry per id
    batch.ids.push(id);
    batch.model.push(row?.model ?? '');
    batch.org.push(row?.org ?? '');
    batch.project.push(row?.project ?? '');
    batch.user.push(row?.user ?? '');
    batch.createdAt.push(row?.createdAt ?? '');
    batch.updatedAt.push(row?.updatedAt ?? '');
    batch.deleted.push(row ? row.deleted : GONE);
    if (row && row.updatedAt > maxUpdatedAt) maxUpdatedAt = row.updatedAt;
  }
  const { bits, m } = buildFilter(batch.ids);
  await Promise.all([db.chatBatches.add(packBatch(batch)), db.chatFilters.add({ seq, bits, m, maxUpdatedAt, count: batch.ids.length })]);
}

/** Entries a merged batch may hold (a full page batch of the chats phase is 10,000). */
export const COMPACT_TARGET = 10_000;
/** A batch below this many entries is "small" and may be merged with its neighbours. */
const SMALL = COMPACT_TARGET / 2;

export interface CompactResult {
  /** Merges done (each replaces a run of adjacent batches by one). */
  merges: number;
  batchesBefore: number;
  batchesAfter: number;
  /** Entries dropped: versions shadowed inside a merged run, and tombstones with nothing older to shadow. */
  dropped: number;
}

/**
 * Merges runs of adjacent small batches (oldest first) into one batch each, so months of hourly
 * refreshes (one small batch each) do not turn every lookup into hundreds of filter checks and batch
 * loads. A merged run keeps the newest version of each id, takes the sequence number of its newest
 * batch (so it still shadows everything older and is shadowed by everything newer), and drops a
 * tombstone when no older batch can hold that id. Content is unchanged: every lookup answers the same.
 * At most `maxMerges` runs are merged per call (bounded work per step). Runs inside the caller's
 * transaction over CHAT_STORE_TABLES. (The weekly full walk rebuilds the store and so also drops the
 * old versions that newer batches shadow inside large batches.)
 */
export async function compactChats(db: ComplianceDb, options: { target?: number; maxMerges?: number } = {}): Promise<CompactResult> {
  const target = options.target ?? COMPACT_TARGET;
  const small = Math.min(SMALL, target / 2);
  const maxMerges = options.maxMerges ?? 8;
  const list = await filters(db);
  const result: CompactResult = { merges: 0, batchesBefore: list.length, batchesAfter: list.length, dropped: 0 };
  // Runs of adjacent small batches whose entries fit the target, oldest first.
  const runs: Array<{ from: number; to: number }> = [];
  for (let i = 0; i < list.length && runs.length < maxMerges; ) {
    if (list[i]!.count >= small) {
      i++;
      continue;
    }
    let j = i;
    let total = list[i]!.count;
    while (j + 1 < list.length && list[j + 1]!.count < small && total + list[j + 1]!.count <= target) total += list[++j]!.count;
    if (j > i) runs.push({ from: i, to: j });
    i = j + 1;
  }
  if (runs.length === 0) return result;
  for (const { from, to } of runs) {
    const seqs = list.slice(from, to + 1).map((f) => f.seq);
    const rows = await loadBatches(db, seqs);
    const merged = new Map<string, { row: ChatRow | null }>();
    let entries = 0;
    for (const batch of rows) {
      if (!batch) continue;
      entries += batch.ids.length;
      for (let i = 0; i < batch.ids.length; i++) merged.set(batch.ids[i]!, { row: batch.deleted[i] === GONE ? null : rowAt(batch, i) });
    }
    const older = list.slice(0, from);
    const live: ChatRow[] = [];
    const removed: string[] = [];
    for (const [id, { row }] of merged) {
      if (row) live.push(row);
      else {
        const h = hashes(id);
        if (older.some((f) => mayContain(f, h))) removed.push(id); // may shadow an older version: keep
      }
    }
    result.dropped += entries - live.length - removed.length;
    const seq = seqs[seqs.length - 1]!;
    await Promise.all([db.chatBatches.bulkDelete(seqs), db.chatFilters.bulkDelete(seqs)]);
    await writeBatch(db, seq, live, removed);
    result.merges++;
  }
  result.batchesAfter = await db.chatFilters.count();
  // The cache is rebuilt from the database on the next call (never patched: the transaction may abort).
  caches.delete(db);
  return result;
}

/** Forgets every stored chat (inside a transaction over CHAT_STORE_TABLES). */
export async function clearChatStore(db: ComplianceDb): Promise<void> {
  caches.delete(db);
  await Promise.all([db.chatBatches.clear(), db.chatFilters.clear()]);
}

/** Whether any chat was ever stored. */
export async function hasChats(db: ComplianceDb): Promise<boolean> {
  return (await db.chatFilters.count()) > 0;
}

/** Up to `limit` chat ids updated at or after `cutoff`, newest batches first (a chat's newest version wins). */
export async function recentChatIds(db: ComplianceDb, cutoff: string, limit: number): Promise<string[]> {
  const list = await filters(db);
  const seen = new Set<string>();
  const out: Array<{ id: string; updatedAt: string }> = [];
  for (let i = list.length - 1; i >= 0; i--) {
    const f = list[i]!;
    if (f.maxUpdatedAt < cutoff) continue;
    const [batch] = await loadBatches(db, [f.seq]);
    if (!batch) continue;
    for (let j = 0; j < batch.ids.length; j++) {
      const id = batch.ids[j]!;
      if (seen.has(id)) continue;
      seen.add(id);
      if (batch.deleted[j] !== GONE && batch.updatedAt[j]! >= cutoff) out.push({ id, updatedAt: batch.updatedAt[j]! });
    }
  }
  return out
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0))
    .slice(0, limit)
    .map((c) => c.id);
}

/** Every stored chat's newest contribution (a full scan: diagnostics and tests only, never ingestion). */
export async function readAllChats(db: ComplianceDb): Promise<ChatRow[]> {
  const out = new Map<string, ChatRow | null>();
  const batches = (await db.chatBatches.orderBy('seq').toArray()).map(unpackBatch);
  for (const batch of batches) for (let i = 0; i < batch.ids.length; i++) out.set(batch.ids[i]!, batch.deleted[i] === GONE ? null : rowAt(batch, i));
  return [...out.values()].filter((r): r is ChatRow => r !== null);
}
