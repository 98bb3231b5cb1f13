/**
 * `npm run sizes` — gzip sizes of each entrypoint's JavaScript in a build (default: the e2e build,
 * .output/chrome-mv3-e2e): what a page loads before its first paint (its HTML's scripts, module preloads
 * and stylesheets, and their static imports) and what it loads later (dynamic imports, followed
 * transitively). Prints a table and writes bench-results/bundle-sizes.json.
 *
 *   npm run sizes -- --dir .output/chrome-mv3 --out bench-results/bundle-sizes-prod.json
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';

export interface EntrypointSizes {
  entrypoint: string;
  /** Files loaded before first paint, with gzip bytes. */
  firstPaint: { files: string[]; gzipBytes: number; rawBytes: number };
  /** Files only reached through dynamic imports. */
  lazy: { files: string[]; gzipBytes: number; rawBytes: number };
}

const gz = (dir: string, file: string) => gzipSync(readFileSync(path.join(dir, file)), { level: 9 }).length;
const raw = (dir: string, file: string) => readFileSync(path.join(dir, file)).length;

/** Static and dynamic imports of one built JS file, as paths relative to the build root. */
function importsOf(dir: string, file: string): { staticDeps: string[]; dynamicDeps: string[] } {
  const text = readFileSync(path.join(dir, file), 'utf8');
  const resolve = (spec: string) => (spec.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)) : spec.replace(/^\//, ''));
  const staticDeps = new Set<string>();
  const dynamicDeps = new Set<string>();
  for (const m of text.matchAll(/(?:\bimport|\bfrom)\s*["'`]([^"'`]+\.js)["'`]/g)) staticDeps.add(resolve(m[1]!));
  for (const m of text.matchAll(/\bimport\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g)) dynamicDeps.add(resolve(m[1]!));
  // Vite lists a dynamic import's own dependencies in __vite__mapDeps (paths from the build root).
  for (const m of text.matchAll(/__vite__mapDeps=[^\]]*\[([^\]]*)\]/g)) for (const d of m[1]!.matchAll(/["'`]([^"'`]+\.(?:js|css))["'`]/g)) dynamicDeps.add(d[1]!.replace(/^\//, ''));
  return { staticDeps: [...staticDeps].filter((d) => existsSync(path.join(dir, d))), dynamicDeps: [...dynamicDeps].filter((d) => existsSync(path.join(dir, d))) };
}

function closure(dir: string, roots: string[], followDynamic: boolean): Set<string> {
  const seen = new Set<string>();
  const todo = [...roots];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    if (!f.endsWith('.js')) continue;
    const { staticDeps, dynamicDeps } = importsOf(dir, f);
    todo.push(...staticDeps, ...(followDynamic ? dynamicDeps : []));
  }
  return seen;
}

export function entrypointSizes(dir: string): EntrypointSizes[] {
  const out: EntrypointSizes[] = [];
  const sum = (files: string[]) => ({ files, gzipBytes: files.reduce((s, f) => s + gz(dir, f), 0), rawBytes: files.reduce((s, f) => s + raw(dir, f), 0) });
  for (const html of readdirSync(dir).filter((f) => f.endsWith('.html')).sort()) {
    const text = readFileSync(path.join(dir, html), 'utf8');
    const roots = [...text.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]!.replace(/^\//, ''));
    const first = closure(dir, roots, false);
    const all = closure(dir, roots, true);
    const lazy = [...all].filter((f) => !first.has(f));
    out.push({ entrypoint: html.replace(/\.html$/, ''), firstPaint: sum([...first].sort()), lazy: sum(lazy.sort()) });
  }
  // Scripts without an HTML page: the worker and the content scripts (all loaded at once).
  const scripts = ['background.js', ...(existsSync(path.join(dir, 'content-scripts')) ? readdirSync(path.join(dir, 'content-scripts')).filter((f) => f.endsWith('.js')).map((f) => `content-scripts/${f}`) : [])];
  for (const s of scripts.filter((f) => existsSync(path.join(dir, f)))) {
    out.push({ entrypoint: s.replace(/\.js$/, ''), firstPaint: sum([...closure(dir, [s], false)].sort()), lazy: sum([]) });
  }
  return out;
}

const kB = (b: number) => (b / 1000).toFixed(1);

export function formatSizes(rows: EntrypointSizes[]): string {
  const lines = ['entrypoint                         first paint JS+CSS (gzip kB)   lazy (gzip kB)'];
  for (const r of rows) lines.push(`${r.entrypoint.padEnd(34)} ${kB(r.firstPaint.gzipBytes).padStart(17)}   ${kB(r.lazy.gzipBytes).padStart(15)}`);
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { values } = parseArgs({ options: { dir: { type: 'string', default: '.output/chrome-mv3-e2e' }, out: { type: 'string', default: 'bench-results/bundle-sizes.json' } } });
  if (!existsSync(path.join(values.dir, 'manifest.json'))) throw new Error(`No build in ${values.dir}: run npm run build:e2e first.`);
  const rows = entrypointSizes(values.dir);
  console.log(formatSizes(rows));
  mkdirSync(path.dirname(values.out), { recursive: true });
  writeFileSync(values.out, JSON.stringify({ dir: values.dir, entrypoints: rows }, null, 2) + '\n');
}
