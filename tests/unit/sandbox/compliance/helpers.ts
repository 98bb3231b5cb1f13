/**
 * Starts the Compliance API imitation on its own loopback Express app (independent of the other
 * sandbox parts) and offers a small fetch wrapper for the tests.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createComplianceApi, type ComplianceApiOptions } from '../../../sandbox/compliance/index.ts';
import { generateOrg, type SandboxOrg } from '../../../sandbox/generator/index.ts';
import { sandboxKeys } from '../../../sandbox/keys.ts';
import { SIZE_PRESETS, type OrgSize, type SizePreset } from '../../../sandbox/shared/contracts.ts';

/** The sandbox server's flat query parser (repeated keys → arrays, brackets kept in the name). */
export function parseQuery(qs: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(qs)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

export const NOW = '2026-11-22T03:00:00.000Z';

export interface Harness {
  url: string;
  org: SandboxOrg;
  keys: ReturnType<typeof sandboxKeys>;
  api: ReturnType<typeof createComplianceApi>;
  call(path: string, init?: CallInit): Promise<CallResult>;
  close(): Promise<void>;
}

export interface CallInit {
  /** The secret to send; `null` sends no key. Default: the full read key. */
  key?: string | null;
  /** Send the key as `Authorization: Bearer` instead of `x-api-key`. */
  bearer?: boolean;
  method?: 'GET' | 'DELETE' | 'POST';
  query?: Record<string, string | number | ReadonlyArray<string>>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test bodies are inspected field by field
  body: any;
  text: string;
}

export async function startCompliance(
  options: {
    size?: SizePreset | OrgSize;
    seed?: number;
    /** The generated org's "now". */
    now?: string;
    /** The API clock; default: stands still one minute after NOW (advance it with api.advanceClock). */
    clock?: () => number;
    rateLimitPerMinute?: number;
  } & Partial<Pick<ComplianceApiOptions, 'recordAccessEvents' | 'activityCursorStyle'>> = {},
): Promise<Harness> {
  const seed = options.seed ?? 42;
  const size = typeof options.size === 'object' ? options.size : SIZE_PRESETS[options.size ?? 'tiny'];
  const org = generateOrg({ seed, size, now: options.now ?? NOW });
  const keys = sandboxKeys(seed);
  const api = createComplianceApi(org, {
    keys: Object.values(keys.compliance),
    rateLimitPerMinute: options.rateLimitPerMinute ?? 100_000,
    now: options.clock ?? fixedClock(Date.parse(options.now ?? NOW) + 60_000),
    ...(options.recordAccessEvents !== undefined ? { recordAccessEvents: options.recordAccessEvents } : {}),
    ...(options.activityCursorStyle !== undefined ? { activityCursorStyle: options.activityCursorStyle } : {}),
  });
  const app = express();
  app.set('query parser', parseQuery);
  app.use('/v1/compliance', api.router);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const call = async (path: string, init: CallInit = {}): Promise<CallResult> => {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(init.query ?? {})) {
      if (Array.isArray(v)) for (const item of v as string[]) qs.append(k, item);
      else qs.append(k, String(v));
    }
    const headers: Record<string, string> = { 'anthropic-version': '2023-06-01' };
    const key = init.key === undefined ? keys.compliance.full.secret : init.key;
    if (key !== null) {
      if (init.bearer) headers.authorization = `Bearer ${key}`;
      else headers['x-api-key'] = key;
    }
    const q = qs.toString();
    const res = await fetch(`${url}/v1/compliance${path}${q ? `?${q}` : ''}`, { method: init.method ?? 'GET', headers });
    const text = await res.text();
    let body: unknown = undefined;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: res.status, headers: res.headers, body, text };
  };

  return {
    url,
    org,
    keys,
    api,
    call,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A clock that stands still unless advanced through the API's `advanceClock`. */
export function fixedClock(ms: number): () => number {
  return () => ms;
}

/** Follows a cursor-paged endpoint to the end; returns every page body. */
export async function walkCursor(h: Harness, path: string, query: Record<string, string | number | ReadonlyArray<string>>, param: 'after_id' | 'before_id', start?: string, maxPages = 10_000) {
  const pages: CallResult[] = [];
  let cursor = start;
  for (let n = 0; n < maxPages; n++) {
    const r = await h.call(path, { query: cursor === undefined ? query : { ...query, [param]: cursor } });
    if (r.status !== 200) throw new Error(`${path} → ${r.status} ${r.text}`);
    pages.push(r);
    if (!r.body.has_more) return pages;
    cursor = param === 'after_id' ? r.body.last_id : r.body.first_id;
  }
  throw new Error('walk did not finish');
}

/** Follows a page-token endpoint to the end. */
export async function walkPages(h: Harness, path: string, query: Record<string, string | number | ReadonlyArray<string>> = {}, key?: string) {
  const items: unknown[] = [];
  let page: string | undefined;
  let pages = 0;
  for (;;) {
    const r = await h.call(path, { query: page === undefined ? query : { ...query, page }, ...(key !== undefined ? { key } : {}) });
    if (r.status !== 200) throw new Error(`${path} → ${r.status} ${r.text}`);
    pages++;
    items.push(...(r.body.data as unknown[]));
    if (!r.body.next_page) {
      if (r.body.has_more !== false) throw new Error('last page must say has_more: false');
      return { items, pages };
    }
    if (r.body.has_more !== true) throw new Error('a page with next_page must say has_more: true');
    page = r.body.next_page;
  }
}
