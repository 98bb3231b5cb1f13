/**
 * Draws the extension icon (a terracotta rounded square with a white check-mark shield) at 16, 32, 48
 * and 128 px into public/icon/. Run with `npx tsx scripts/make-icons.ts` after changing the design.
 */
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Coverage of a point (u, v in 0..1) by the icon's shapes, supersampled for anti-aliasing. */
function shade(u: number, v: number): [number, number, number, number] {
  const r = 0.22;
  const dx = Math.max(Math.abs(u - 0.5) - (0.5 - r), 0);
  const dy = Math.max(Math.abs(v - 0.5) - (0.5 - r), 0);
  if (dx * dx + dy * dy > r * r) return [0, 0, 0, 0];
  // Shield: top edge at 0.2, sides narrowing to a point at 0.84.
  const inShield = v > 0.2 && v < 0.84 && Math.abs(u - 0.5) < (v < 0.52 ? 0.28 : 0.28 * (0.84 - v) / 0.32);
  // Check mark strokes inside the shield.
  const dist = (ax: number, ay: number, bx: number, by: number) => {
    const t = Math.max(0, Math.min(1, ((u - ax) * (bx - ax) + (v - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return Math.hypot(u - (ax + t * (bx - ax)), v - (ay + t * (by - ay)));
  };
  const inCheck = Math.min(dist(0.37, 0.5, 0.47, 0.6), dist(0.47, 0.6, 0.65, 0.4)) < 0.045;
  if (inShield && !inCheck) return [255, 255, 255, 255];
  return [181, 83, 47, 255];
}

mkdirSync('public/icon', { recursive: true });
for (const size of [16, 32, 48, 128]) {
  const S = 4;
  const buf = png(size, (x, y) => {
    const acc = [0, 0, 0, 0];
    for (let i = 0; i < S; i++)
      for (let j = 0; j < S; j++) {
        const p = shade((x + (i + 0.5) / S) / size, (y + (j + 0.5) / S) / size);
        for (let k = 0; k < 4; k++) acc[k]! += p[k]! * (k < 3 ? p[3]! / 255 : 1);
      }
    const a = acc[3]! / (S * S);
    return a === 0 ? [0, 0, 0, 0] : [Math.round(acc[0]! / (S * S) / (a / 255)), Math.round(acc[1]! / (S * S) / (a / 255)), Math.round(acc[2]! / (S * S) / (a / 255)), Math.round(a)];
  });
  writeFileSync(`public/icon/${size}.png`, buf);
}
console.log('Icons written to public/icon/');
