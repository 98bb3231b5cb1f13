/**
 * The activity feed, stored compactly. Each event has a sequence number (`seq`) that is also encoded,
 * fixed-width, in its id, so ids sort like sequence numbers. The feed order is (created_at, seq), which
 * equals the API's (created_at, id) order.
 *
 * Two kinds of events:
 * - stored: a full object kept in a Map (inventory-relevant events, directory events, anything
 *   appended after generation, including `compliance_api_accessed` per request);
 * - lazy: the bulk "noise" (sign-ins, chat events …), kept as a handful of numbers and turned into an
 *   object by a builder function only when a page needs it.
 * Filterable attributes (time, type, actor user, organization) are in typed arrays for both kinds.
 */
import { base62Decode, base62Fixed, hashChars, salt } from './prng.ts';
import { iso } from './time.ts';

export type Actor = { type: string } & Record<string, unknown>;

export interface Activity {
  id: string;
  created_at: string;
  organization_id: string | null;
  organization_uuid: string | null;
  actor: Actor;
  type: string;
  [field: string]: unknown;
}

/** An event before it gets an id and a position. */
export interface ActivityDraft {
  atMs: number;
  type: string;
  /** Organization index (-1 = not tied to an organization). Ignored when `organization` is given. */
  orgIndex?: number;
  /** An organization outside the generated directory (for tests of unknown data). */
  organization?: { id: string | null; uuid: string | null };
  actor: Actor;
  /** Type-specific fields, in the order they should serialise. */
  payload?: Record<string, unknown>;
}

/** Builds a lazy event's object (without id and created_at, which the log adds). */
export type LazyBuilder = (seq: number, type: string, actorKind: number, actorCode: number, orgCode: number, ref: number) => {
  actor: Actor;
  payload: Record<string, unknown>;
};

const ACTIVITY_PREFIX = 'activity_01';
const SEQ_WIDTH = 5;
const SALT_ACTIVITY = salt('activity-id');

interface Stored {
  actor: Actor;
  payload: Record<string, unknown>;
}

export class ActivityLog {
  readonly seed: number;
  count = 0;
  time: Float64Array;
  type: Uint16Array;
  /** Actor code: index into `actorIds` for user actors, -1 for everything else. */
  actorCode: Int32Array;
  /** Organization code: index into `orgTable`, -1 = null. */
  orgCode: Int16Array;
  actorKind: Uint8Array;
  ref: Int32Array;
  lazy: Uint8Array;
  /** Feed order: position → seq, sorted by (time, seq). */
  order: number[] = [];

  readonly types: string[] = [];
  private readonly typeIndex = new Map<string, number>();
  readonly actorIds: string[] = [];
  private readonly actorIndex = new Map<string, number>();
  readonly orgTable: Array<{ id: string | null; uuid: string | null }> = [];
  private readonly orgIndex = new Map<string, number>();
  private readonly stored = new Map<number, Stored>();
  private builder: LazyBuilder | undefined;

  constructor(seed: number, capacity: number) {
    this.seed = seed;
    const cap = Math.max(64, capacity);
    this.time = new Float64Array(cap);
    this.type = new Uint16Array(cap);
    this.actorCode = new Int32Array(cap);
    this.orgCode = new Int16Array(cap);
    this.actorKind = new Uint8Array(cap);
    this.ref = new Int32Array(cap);
    this.lazy = new Uint8Array(cap);
  }

  setLazyBuilder(builder: LazyBuilder): void {
    this.builder = builder;
  }

  // ---------------------------------------------------------------- code tables

  typeCode(type: string): number {
    let c = this.typeIndex.get(type);
    if (c === undefined) {
      c = this.types.length;
      this.types.push(type);
      this.typeIndex.set(type, c);
    }
    return c;
  }

  /** Code of an existing type, or -1 (used by filters: an unknown type matches nothing). */
  findTypeCode(type: string): number {
    return this.typeIndex.get(type) ?? -1;
  }

  userCode(userId: string): number {
    let c = this.actorIndex.get(userId);
    if (c === undefined) {
      c = this.actorIds.length;
      this.actorIds.push(userId);
      this.actorIndex.set(userId, c);
    }
    return c;
  }

  findUserCode(userId: string): number {
    return this.actorIndex.get(userId) ?? -1;
  }

  /** Registers an organization; both its forms resolve to the same code. */
  registerOrg(id: string | null, uuid: string | null): number {
    const known = (id !== null ? this.orgIndex.get(id) : undefined) ?? (uuid !== null ? this.orgIndex.get(uuid) : undefined);
    if (known !== undefined) return known;
    const c = this.orgTable.length;
    this.orgTable.push({ id, uuid });
    if (id !== null) this.orgIndex.set(id, c);
    if (uuid !== null) this.orgIndex.set(uuid, c);
    return c;
  }

  /** Code of an organization given as `org_…` or UUID, or -1. */
  findOrgCode(idOrUuid: string): number {
    return this.orgIndex.get(idOrUuid) ?? -1;
  }

  // ---------------------------------------------------------------- ids

  idOf(seq: number): string {
    return ACTIVITY_PREFIX + base62Fixed(seq, SEQ_WIDTH) + hashChars(17, this.seed, SALT_ACTIVITY, seq);
  }

  /** seq for an activity id, or -1. */
  seqOf(id: string): number {
    if (id.length !== ACTIVITY_PREFIX.length + 22 || !id.startsWith(ACTIVITY_PREFIX)) return -1;
    const seq = base62Decode(id.slice(ACTIVITY_PREFIX.length, ACTIVITY_PREFIX.length + SEQ_WIDTH));
    if (seq < 0 || seq >= this.count) return -1;
    return this.idOf(seq) === id ? seq : -1;
  }

  // ---------------------------------------------------------------- writing

  private grow(need: number): void {
    if (need <= this.time.length) return;
    const cap = Math.max(need, Math.ceil(this.time.length * 1.5));
    const t = new Float64Array(cap);
    t.set(this.time);
    this.time = t;
    const ty = new Uint16Array(cap);
    ty.set(this.type);
    this.type = ty;
    const a = new Int32Array(cap);
    a.set(this.actorCode);
    this.actorCode = a;
    const o = new Int16Array(cap);
    o.set(this.orgCode);
    this.orgCode = o;
    const k = new Uint8Array(cap);
    k.set(this.actorKind);
    this.actorKind = k;
    const r = new Int32Array(cap);
    r.set(this.ref);
    this.ref = r;
    const l = new Uint8Array(cap);
    l.set(this.lazy);
    this.lazy = l;
  }

  private orgCodeOf(draft: ActivityDraft): number {
    if (draft.organization) {
      if (draft.organization.id === null && draft.organization.uuid === null) return -1;
      return this.registerOrg(draft.organization.id, draft.organization.uuid);
    }
    return draft.orgIndex ?? -1;
  }

  private actorCodeOf(actor: Actor): number {
    return actor.type === 'user_actor' && typeof actor.user_id === 'string' ? this.userCode(actor.user_id) : -1;
  }

  /** Generation only: adds a lazy event at the end (callers push in feed order). */
  pushLazy(atMs: number, type: number, actorKind: number, actorCode: number, orgCode: number, ref: number): number {
    const seq = this.count++;
    this.grow(this.count);
    this.time[seq] = atMs;
    this.type[seq] = type;
    this.actorKind[seq] = actorKind;
    this.actorCode[seq] = actorCode;
    this.orgCode[seq] = orgCode;
    this.ref[seq] = ref;
    this.lazy[seq] = 1;
    this.order.push(seq);
    return seq;
  }

  /** Generation only: adds a stored event at the end (callers push in feed order). */
  pushStored(draft: ActivityDraft): number {
    const seq = this.count++;
    this.grow(this.count);
    this.writeStored(seq, draft);
    this.order.push(seq);
    return seq;
  }

  private writeStored(seq: number, draft: ActivityDraft): void {
    this.time[seq] = draft.atMs;
    this.type[seq] = this.typeCode(draft.type);
    this.actorKind[seq] = 0;
    this.actorCode[seq] = this.actorCodeOf(draft.actor);
    this.orgCode[seq] = this.orgCodeOf(draft);
    this.ref[seq] = -1;
    this.lazy[seq] = 0;
    this.stored.set(seq, { actor: draft.actor, payload: draft.payload ?? {} });
  }

  /**
   * Adds an event after generation. It takes the next sequence number and is placed by its time
   * (normally at the end; an event dated in the past lands in the middle, like a late-indexed event).
   */
  append(draft: ActivityDraft): Activity {
    const seq = this.count++;
    this.grow(this.count);
    this.writeStored(seq, draft);
    const pos = this.upperBoundKey(draft.atMs, seq);
    if (pos === this.order.length) this.order.push(seq);
    else this.order.splice(pos, 0, seq);
    return this.materialise(seq);
  }

  /** Time of the newest event (or -Infinity). */
  lastTime(): number {
    const n = this.order.length;
    return n === 0 ? -Infinity : this.time[this.order[n - 1]!]!;
  }

  // ---------------------------------------------------------------- reading

  /** First position whose (time, seq) is greater than the given key. */
  private upperBoundKey(t: number, seq: number): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.order[mid]!;
      const c = this.time[s]! - t || s - seq;
      if (c <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Position of an event in the feed order. */
  positionOf(seq: number): number {
    return this.upperBoundKey(this.time[seq]!, seq) - 1;
  }

  /** First position with time ≥ t (inclusive) or > t. */
  timeBound(t: number, inclusive: boolean): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.time[this.order[mid]!]!;
      if (v < t || (!inclusive && v === t)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  orgFields(code: number): { id: string | null; uuid: string | null } {
    return code < 0 ? { id: null, uuid: null } : (this.orgTable[code] ?? { id: null, uuid: null });
  }

  materialise(seq: number): Activity {
    let body: Stored | undefined = this.stored.get(seq);
    const type = this.types[this.type[seq]!]!;
    if (!body) {
      if (!this.builder) throw new Error('no builder for lazy activities');
      body = this.builder(seq, type, this.actorKind[seq]!, this.actorCode[seq]!, this.orgCode[seq]!, this.ref[seq]!);
    }
    const org = this.orgFields(this.orgCode[seq]!);
    return { id: this.idOf(seq), created_at: iso(this.time[seq]!), organization_id: org.id, organization_uuid: org.uuid, actor: body.actor, type, ...body.payload };
  }
}
