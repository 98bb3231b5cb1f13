/**
 * Compact chat storage. A million chats would cost gigabytes as objects, so chat i lives as a few
 * numbers in typed arrays (times, model, organization, user, project, flags) and everything textual
 * (id, name, href) is derived from (seed, i) when a response needs it.
 *
 * Orders:
 * - updated_at: a list of slots (time, chat index) appended in non-decreasing order. Initially slot k is
 *   chat k (updated_at grows with i). Touching a chat appends a new slot and leaves the old one as a
 *   tombstone, so binary search over slot keys stays valid and the chat moves to the end.
 * - created_at: a permutation of chat indices sorted by (created_at, index). New chats are appended.
 * Ties are broken by index, and chat ids encode the index in fixed-width base62, so "tie-break by id"
 * and "tie-break by index" agree.
 */
import { base62Decode, base62Fixed, hash, hashChars, salt, unit, uuidFrom } from './prng.ts';
import { MODEL_TABLE } from './catalog.ts';
import { DAY, HOUR, SECOND } from './time.ts';

export const NO_MODEL = 255;
export const NO_REF = -1;
const CHAT_PREFIX = 'claude_chat_01';
const ID_INDEX_WIDTH = 5;
const SALT_CHAT_ID = salt('chat-id');
const SALT_CHAT_HREF = salt('chat-href');

export interface ChatGenInput {
  seed: number;
  count: number;
  /** First and last possible updated_at. */
  spanStartMs: number;
  nowMs: number;
  /** Maps a uniform draw to a user index (skewed: a few heavy users). */
  pickUser: (r: number) => number;
  userPrimaryOrg: (userIndex: number) => number;
  claudeOrgs: readonly number[];
  /** Per organization, the projects that take chats, sorted by creation. */
  projectsByOrg: ReadonlyArray<ReadonlyArray<{ index: number; createdAtMs: number }>>;
  projectCount: number;
}

interface ModelEpoch {
  start: number;
  models: number[];
  cumulative: number[];
}

export class ChatStore {
  readonly seed: number;
  /** Number of chat indices allocated (hard-deleted ones included). */
  n = 0;
  liveCount = 0;
  created: Float64Array;
  updated: Float64Array;
  /** NaN = not soft-deleted. */
  deletedAt: Float64Array;
  model: Uint8Array;
  org: Uint8Array;
  user: Int32Array;
  project: Int32Array;
  hard: Uint8Array;

  createdPerm: Int32Array;
  createdLen = 0;
  slotTime: Float64Array;
  slotIdx: Int32Array;
  slotLen = 0;
  /** Current slot of each chat (older slots are tombstones). */
  slotOf: Int32Array;

  /** Model table: index → id. Grows if a mutation introduces a new model id. */
  models: string[];
  private modelIndex = new Map<string, number>();
  /** Live chats per project (for project deletes and project details). */
  projectChats: Int32Array;
  /** Chats changed after generation: the original updated_at and the times of appended exchanges. */
  readonly touched = new Map<number, { baseUpdatedMs: number; extraExchanges: number[] }>();

  private userIndexDirty = true;
  private userStart: Int32Array = new Int32Array(0);
  private userChats: Int32Array = new Int32Array(0);
  private userCount = 0;

  constructor(seed: number, capacity: number, projectCount: number, userCount: number) {
    this.seed = seed;
    const cap = Math.max(16, capacity);
    this.created = new Float64Array(cap);
    this.updated = new Float64Array(cap);
    this.deletedAt = new Float64Array(cap);
    this.model = new Uint8Array(cap);
    this.org = new Uint8Array(cap);
    this.user = new Int32Array(cap);
    this.project = new Int32Array(cap);
    this.hard = new Uint8Array(cap);
    this.createdPerm = new Int32Array(cap);
    this.slotTime = new Float64Array(cap);
    this.slotIdx = new Int32Array(cap);
    this.slotOf = new Int32Array(cap);
    this.models = MODEL_TABLE.map((m) => m.id);
    this.models.forEach((id, i) => this.modelIndex.set(id, i));
    this.projectChats = new Int32Array(Math.max(1, projectCount));
    this.userCount = userCount;
  }

  // ---------------------------------------------------------------- identity

  id(i: number): string {
    return CHAT_PREFIX + base62Fixed(i, ID_INDEX_WIDTH) + hashChars(17, this.seed, SALT_CHAT_ID, i);
  }

  /** Chat index for an id, or -1 (unknown, malformed, or never allocated). Hard-deleted chats still resolve. */
  indexOf(id: string): number {
    if (id.length !== CHAT_PREFIX.length + 22 || !id.startsWith(CHAT_PREFIX)) return -1;
    const i = base62Decode(id.slice(CHAT_PREFIX.length, CHAT_PREFIX.length + ID_INDEX_WIDTH));
    if (i < 0 || i >= this.n) return -1;
    return this.id(i) === id ? i : -1;
  }

  exists(i: number): boolean {
    return i >= 0 && i < this.n && this.hard[i] === 0;
  }

  /** `https://claude.ai/chat/<uuid>`. */
  href(i: number): string {
    return `https://claude.ai/chat/${uuidFrom(this.seed, SALT_CHAT_HREF, i)}`;
  }

  modelId(i: number): string | null {
    const m = this.model[i]!;
    return m === NO_MODEL ? null : (this.models[m] ?? null);
  }

  modelCode(id: string | null): number {
    if (id === null) return NO_MODEL;
    let code = this.modelIndex.get(id);
    if (code === undefined) {
      code = this.models.length;
      if (code >= NO_MODEL) throw new Error('too many distinct model ids');
      this.models.push(id);
      this.modelIndex.set(id, code);
    }
    return code;
  }

  // ---------------------------------------------------------------- generation

  generate(input: ChatGenInput): { modelCounts: Map<string | null, number> } {
    const { seed, count } = input;
    this.ensureCapacity(count);
    const epochs = buildModelEpochs();
    const span = (input.nowMs - input.spanStartMs) / SECOND;
    const startSec = input.spanStartMs / SECOND;
    const legacyUntil = input.spanStartMs + (input.nowMs - input.spanStartMs) * 0.25;
    const counts = new Uint32Array(NO_MODEL + 1);
    const S_U = salt('chat-u');
    const S_GAP = salt('chat-gap');
    const S_USER = salt('chat-user');
    const S_PROJ = salt('chat-project');
    const S_MODEL = salt('chat-model');
    const S_DEL = salt('chat-deleted');
    const S_ORG = salt('chat-org');
    let prevUpdated = 0;
    for (let i = 0; i < count; i++) {
      // updated_at grows with i (denser towards "now": adoption grows), whole seconds.
      const x = (i + unit(seed, S_U, i)) / count;
      let upd = (startSec + Math.floor(span * Math.sqrt(x))) * SECOND;
      if (upd >= input.nowMs) upd = input.nowMs - SECOND;
      if (upd < prevUpdated) upd = prevUpdated;
      prevUpdated = upd;
      const g = unit(seed, S_GAP, i);
      const g2 = unit(seed, S_GAP, i, 1);
      const gap = g < 0.45 ? 30 * SECOND + g2 * 3 * HOUR : g < 0.8 ? 3 * HOUR + g2 * 10 * DAY : 10 * DAY + g2 * 200 * DAY;
      let cre = Math.floor((upd - gap) / SECOND) * SECOND;
      const minCre = input.spanStartMs - 60 * DAY;
      if (cre < minCre) cre = Math.floor((minCre + unit(seed, S_GAP, i, 2) * (upd - minCre)) / SECOND) * SECOND;

      // A few chats are forced so even `tiny` has each edge case: a legacy chat without a model
      // (chat 0, the oldest), a chat without a user, and a soft-deleted chat.
      const ur = i === Math.floor(count / 3) ? 0 : unit(seed, S_USER, i);
      let u = NO_REF;
      let o: number;
      if (ur < 0.004) {
        o = input.claudeOrgs[hash(seed, S_ORG, i) % input.claudeOrgs.length]!;
      } else {
        u = input.pickUser(unit(seed, S_USER, i, 1));
        o = input.userPrimaryOrg(u);
      }

      let p = NO_REF;
      if (unit(seed, S_PROJ, i) < 0.15) {
        const list = input.projectsByOrg[o];
        if (list && list.length > 0) {
          const cand = list[hash(seed, S_PROJ, i, 1) % list.length]!;
          if (cand.createdAtMs <= cre) p = cand.index;
        }
      }

      let m = NO_MODEL;
      if (i !== 0 && !(cre < legacyUntil && unit(seed, S_MODEL, i, 2) < 0.02)) m = pickModel(epochs, cre, unit(seed, S_MODEL, i));

      this.created[i] = cre;
      this.updated[i] = upd;
      this.deletedAt[i] = i === Math.floor(count / 2) || unit(seed, S_DEL, i) < 0.03 ? upd : NaN;
      this.model[i] = m;
      this.org[i] = o;
      this.user[i] = u;
      this.project[i] = p;
      this.hard[i] = 0;
      this.slotTime[i] = upd;
      this.slotIdx[i] = i;
      this.slotOf[i] = i;
      counts[m]!++;
      if (p !== NO_REF) this.projectChats[p]!++;
    }
    this.n = count;
    this.liveCount = count;
    this.slotLen = count;
    this.sortCreated(count);
    this.userIndexDirty = true;
    const modelCounts = new Map<string | null, number>();
    for (let m = 0; m <= NO_MODEL; m++) if (counts[m]! > 0) modelCounts.set(m === NO_MODEL ? null : this.models[m]!, counts[m]!);
    return { modelCounts };
  }

  private sortCreated(count: number): void {
    const SHIFT = 2 ** 21;
    if (count < SHIFT) {
      // Pack (created seconds, index) into one float so the native numeric sort does the work.
      const keys = new Float64Array(count);
      for (let i = 0; i < count; i++) keys[i] = Math.floor(this.created[i]! / SECOND) * SHIFT + i;
      keys.sort();
      for (let k = 0; k < count; k++) {
        const key = keys[k]!;
        this.createdPerm[k] = key - Math.floor(key / SHIFT) * SHIFT;
      }
    } else {
      const perm = new Int32Array(count);
      for (let i = 0; i < count; i++) perm[i] = i;
      perm.sort((a, b) => this.created[a]! - this.created[b]! || a - b);
      this.createdPerm.set(perm);
    }
    this.createdLen = count;
  }

  private ensureCapacity(need: number): void {
    if (need <= this.created.length) return;
    const cap = Math.max(need, Math.ceil(this.created.length * 1.5));
    const grow = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.created = grow(this.created, (k) => new Float64Array(k));
    this.updated = grow(this.updated, (k) => new Float64Array(k));
    this.deletedAt = grow(this.deletedAt, (k) => new Float64Array(k));
    this.model = grow(this.model, (k) => new Uint8Array(k));
    this.org = grow(this.org, (k) => new Uint8Array(k));
    this.user = grow(this.user, (k) => new Int32Array(k));
    this.project = grow(this.project, (k) => new Int32Array(k));
    this.hard = grow(this.hard, (k) => new Uint8Array(k));
    this.createdPerm = grow(this.createdPerm, (k) => new Int32Array(k));
    this.slotOf = grow(this.slotOf, (k) => new Int32Array(k));
  }

  private ensureSlotCapacity(need: number): void {
    if (need <= this.slotTime.length) return;
    const cap = Math.max(need, Math.ceil(this.slotTime.length * 1.5));
    const t = new Float64Array(cap);
    t.set(this.slotTime);
    this.slotTime = t;
    const s = new Int32Array(cap);
    s.set(this.slotIdx);
    this.slotIdx = s;
  }

  // ---------------------------------------------------------------- orders

  /** First created-order position whose key is greater than (t, i) (or ≥ when inclusive). */
  createdBound(t: number, i: number, inclusive: boolean): number {
    let lo = 0;
    let hi = this.createdLen;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const j = this.createdPerm[mid]!;
      const c = this.created[j]! - t || j - i;
      if (c < 0 || (c === 0 && !inclusive)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First updated-order slot whose key is greater than (t, i) (or ≥ when inclusive). */
  slotBound(t: number, i: number, inclusive: boolean): number {
    let lo = 0;
    let hi = this.slotLen;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.slotTime[mid]! - t || this.slotIdx[mid]! - i;
      if (c < 0 || (c === 0 && !inclusive)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The chat in slot s, or -1 for a tombstone / hard-deleted chat. */
  slotChat(s: number): number {
    const i = this.slotIdx[s]!;
    return this.slotOf[i] === s && this.hard[i] === 0 ? i : -1;
  }

  /** Chat indices of one user in created order (hard-deleted ones included; callers filter). */
  chatsOfUser(userIndex: number): Int32Array {
    if (this.userIndexDirty) this.buildUserIndex();
    if (userIndex < 0 || userIndex >= this.userCount) return new Int32Array(0);
    return this.userChats.subarray(this.userStart[userIndex]!, this.userStart[userIndex + 1]!);
  }

  private buildUserIndex(): void {
    const start = new Int32Array(this.userCount + 1);
    for (let k = 0; k < this.createdLen; k++) {
      const u = this.user[this.createdPerm[k]!]!;
      if (u >= 0 && u < this.userCount) start[u + 1]!++;
    }
    for (let u = 0; u < this.userCount; u++) start[u + 1]! += start[u]!;
    const fill = start.slice(0, this.userCount);
    const list = new Int32Array(start[this.userCount]!);
    for (let k = 0; k < this.createdLen; k++) {
      const i = this.createdPerm[k]!;
      const u = this.user[i]!;
      if (u >= 0 && u < this.userCount) list[fill[u]!++] = i;
    }
    this.userStart = start;
    this.userChats = list;
    this.userIndexDirty = false;
  }

  // ---------------------------------------------------------------- mutations

  private lastSlotKey(): { t: number; i: number } {
    return this.slotLen === 0 ? { t: -Infinity, i: -1 } : { t: this.slotTime[this.slotLen - 1]!, i: this.slotIdx[this.slotLen - 1]! };
  }

  /** A time for a new slot of chat i that keeps slot keys sorted (never before the last one). */
  private nextSlotTime(i: number, nowMs: number): number {
    const last = this.lastSlotKey();
    let t = Math.max(nowMs, last.t);
    if (t === last.t && i <= last.i) t += 1;
    return t;
  }

  private appendSlot(i: number, t: number): void {
    this.ensureSlotCapacity(this.slotLen + 1);
    this.slotTime[this.slotLen] = t;
    this.slotIdx[this.slotLen] = i;
    this.slotOf[i] = this.slotLen;
    this.slotLen++;
  }

  /**
   * Marks chat i as modified "now": updated_at moves to now (never backwards relative to other chats),
   * the chat moves to the end of the updated_at order, optionally with a new model, and by default a new
   * exchange (user message + reply) is appended to its transcript. Returns the new updated_at.
   */
  touch(i: number, nowMs: number, opts: { model?: string | null; addExchange?: boolean; softDelete?: boolean } = {}): number {
    if (!this.exists(i)) throw new Error(`chat ${i} does not exist`);
    const t = this.nextSlotTime(i, nowMs);
    let info = this.touched.get(i);
    if (!info) {
      info = { baseUpdatedMs: this.updated[i]!, extraExchanges: [] };
      this.touched.set(i, info);
    }
    if (opts.addExchange ?? !opts.softDelete) info.extraExchanges.push(t);
    this.updated[i] = t;
    if (opts.model !== undefined) this.model[i] = this.modelCode(opts.model);
    if (opts.softDelete) this.deletedAt[i] = t;
    this.appendSlot(i, t);
    return t;
  }

  /** Removes chat i for good (it disappears from every list; its id answers 404). */
  hardDelete(i: number): boolean {
    if (!this.exists(i)) return false;
    this.hard[i] = 1;
    this.liveCount--;
    const p = this.project[i]!;
    if (p !== NO_REF) this.projectChats[p]!--;
    return true;
  }

  /** Creates a new chat at "now"; it lands at the end of both orders. Returns its index. */
  add(nowMs: number, init: { org: number; user: number; project: number; model: string | null }): number {
    const i = this.n;
    this.ensureCapacity(i + 1);
    const lastCreated = this.createdLen === 0 ? -Infinity : this.created[this.createdPerm[this.createdLen - 1]!]!;
    const cre = Math.max(nowMs, lastCreated);
    this.created[i] = cre;
    this.deletedAt[i] = NaN;
    this.model[i] = this.modelCode(init.model);
    this.org[i] = init.org;
    this.user[i] = init.user;
    this.project[i] = init.project;
    this.hard[i] = 0;
    this.n++;
    this.liveCount++;
    this.createdPerm[this.createdLen++] = i;
    const t = this.nextSlotTime(i, cre);
    this.updated[i] = t;
    this.appendSlot(i, t);
    if (init.project !== NO_REF) this.projectChats[init.project]!++;
    this.userIndexDirty = true;
    return i;
  }
}

function buildModelEpochs(): ModelEpoch[] {
  const bounds = new Set<number>([-Infinity]);
  const windows = MODEL_TABLE.map((m) => ({ from: Date.parse(m.from + 'T00:00:00Z'), until: m.until ? Date.parse(m.until + 'T00:00:00Z') : Infinity, weight: m.weight }));
  for (const w of windows) {
    bounds.add(w.from);
    if (w.until !== Infinity) bounds.add(w.until);
  }
  const starts = [...bounds].sort((a, b) => a - b);
  return starts.map((start) => {
    const models: number[] = [];
    const cumulative: number[] = [];
    let total = 0;
    windows.forEach((w, idx) => {
      if (w.from <= start && start < w.until) {
        total += w.weight;
        models.push(idx);
        cumulative.push(total);
      }
    });
    if (models.length === 0) {
      // Before every release date (a sandbox "now" far in the past): fall back to the oldest model.
      let oldest = 0;
      windows.forEach((w, idx) => {
        if (w.from < windows[oldest]!.from) oldest = idx;
      });
      models.push(oldest);
      cumulative.push(1);
    }
    return { start, models, cumulative };
  });
}

function pickModel(epochs: ModelEpoch[], atMs: number, r: number): number {
  let lo = 0;
  let hi = epochs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (epochs[mid]!.start <= atMs) lo = mid;
    else hi = mid - 1;
  }
  const e = epochs[lo]!;
  const target = r * e.cumulative[e.cumulative.length - 1]!;
  let a = 0;
  let b = e.cumulative.length - 1;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (e.cumulative[mid]! <= target) a = mid + 1;
    else b = mid;
  }
  return e.models[a]!;
}
