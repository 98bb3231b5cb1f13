/**
 * Deterministic randomness for the sandbox generator. Nothing here touches Math.random: every value is
 * a pure function of the seed and of the coordinates of the thing being generated, so chat #734 512 of
 * seed 42 is the same chat whether it is produced during generation or lazily for one request.
 */

/** A 32-bit finaliser with good avalanche (the "lowbias32" constants). */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hash of up to four integer coordinates under a seed; unsigned 32-bit. */
export function hash(seed: number, a: number, b = 0, c = 0): number {
  let h = mix32((seed | 0) ^ 0x9e3779b9);
  h = mix32(h ^ (a | 0));
  h = mix32((h + Math.imul(b | 0, 0x85ebca6b)) | 0);
  h = mix32(h ^ Math.imul(c | 0, 0xc2b2ae35));
  return h;
}

/** Uniform in [0, 1) from the same coordinates. */
export function unit(seed: number, a: number, b = 0, c = 0): number {
  return hash(seed, a, b, c) / 4294967296;
}

/** Integer in [lo, hi] from the same coordinates. */
export function intIn(seed: number, lo: number, hi: number, a: number, b = 0, c = 0): number {
  return lo + Math.floor(unit(seed, a, b, c) * (hi - lo + 1));
}

/** FNV-1a of a string: turns a label into a numeric salt. */
export function salt(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A small sequential PRNG (sfc32) for the parts generated once, in order (directory, MCP servers,
 * feed events). Seeded from (seed, stream) so independent parts do not shift each other.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream: string | number) {
    const s = typeof stream === 'string' ? salt(stream) : stream;
    this.a = hash(seed, s, 1);
    this.b = hash(seed, s, 2);
    this.c = hash(seed, s, 3);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i]!;
      if (r < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
    return items;
  }

  /** `count` distinct elements, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = items.slice();
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      const t = copy[i]!;
      copy[i] = copy[j]!;
      copy[j] = t;
    }
    return copy.slice(0, n);
  }
}

/** Base62 in ASCII order (0-9, A-Z, a-z), so fixed-width encodings sort like the numbers they encode. */
export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE62_INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE62.length; i++) BASE62_INDEX[BASE62.charCodeAt(i)] = i;

export function base62Fixed(value: number, width: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < width; i++) {
    out = BASE62[v % 62]! + out;
    v = Math.floor(v / 62);
  }
  if (v !== 0) throw new Error(`value ${value} does not fit in ${width} base62 characters`);
  return out;
}

/** Decodes a fixed-width base62 field; -1 when a character is outside the alphabet. */
export function base62Decode(s: string): number {
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const d = c < 128 ? BASE62_INDEX[c]! : -1;
    if (d < 0) return -1;
    v = v * 62 + d;
  }
  return v;
}

/** `n` base62 characters derived from the coordinates (looks random, is reproducible). */
export function hashChars(n: number, seed: number, a: number, b = 0, c = 0): string {
  let out = '';
  let round = 0;
  while (out.length < n) {
    let h = hash(seed, a, b, (c * 131 + round) | 0);
    for (let k = 0; k < 5 && out.length < n; k++) {
      out += BASE62[h % 62]!;
      h = Math.floor(h / 62);
    }
    round++;
  }
  return out;
}

/** A tagged id in the Anthropic style: `<prefix>01` + 22 characters. */
export function taggedId(prefix: string, seed: number, kind: number, index: number): string {
  return `${prefix}01${hashChars(22, seed, kind, index)}`;
}

const HEX = '0123456789abcdef';
/** A version-4-shaped UUID derived from the coordinates. */
export function uuidFrom(seed: number, kind: number, index: number): string {
  let hex = '';
  for (let w = 0; w < 4; w++) {
    let h = hash(seed, kind, index, w + 7);
    for (let k = 0; k < 8; k++) {
      hex += HEX[h & 15]!;
      h >>>= 4;
    }
  }
  const variant = HEX[8 + (hash(seed, kind, index, 99) & 3)]!;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
