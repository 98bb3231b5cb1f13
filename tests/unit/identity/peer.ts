/**
 * The SCIM peer for provisioning tests: the sandbox's real SCIMMY endpoint (with its WorkOS-quirk switches)
 * behind a small fault layer that a test arms per request (status answers, slow answers, a create that
 * succeeds but answers 502, a peer that refuses path filters in PATCH). Every request is logged with its
 * parsed body, so tests can count POSTs and check the exact forms sent.
 */
import express, { type Request, type Response } from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createScimApp, type ScimApp } from '../../sandbox/scim/index.ts';
import { directoryFixture, TOKEN } from '../sandbox/scim/fixture.ts';
import { createHttpClient, RequestLimiter, type HttpClient } from '../../../lib/api/http/index.ts';
import { createDb, type AppDb } from '../../../lib/sources/database.ts';
import type { ProvisionDeps } from '../../../lib/identity/deps.ts';
import type { AdminWrites } from '../../../lib/identity/contract.ts';

export { TOKEN };

export interface Fault {
  method: string;
  path: RegExp;
  /** How many matching requests it handles (default 1). */
  times?: number;
  /** Answers the request itself, or returns false to let it through. */
  act: (req: Request, res: Response, next: () => void) => void | false;
}

export interface Logged {
  method: string;
  path: string;
  body: unknown;
}

export interface TestPeer extends ScimApp {
  base: string;
  log: Logged[];
  faults: Fault[];
  close(): Promise<void>;
}

export async function startTestPeer(): Promise<TestPeer> {
  const scim = createScimApp(directoryFixture(), { token: TOKEN });
  const log: Logged[] = [];
  const faults: Fault[] = [];
  const main = express();
  main.disable('x-powered-by');
  main.set('query parser', (qs: string) => Object.fromEntries(new URLSearchParams(qs)));
  // Parse here so faults can read the body; the peer's own parser then skips the consumed stream.
  main.use(express.json({ type: ['application/scim+json', 'application/json'] }));
  main.use((req, res, next) => {
    log.push({ method: req.method, path: decodeURIComponent(req.originalUrl.replace(/^\/scim\/v2/, '')), body: req.body as unknown });
    const i = faults.findIndex((f) => f.method === req.method && f.path.test(req.originalUrl.split('?')[0]!.replace(/^\/scim\/v2/, '')));
    if (i < 0) return next();
    const fault = faults[i]!;
    const left = (fault.times ?? 1) - 1;
    if (left <= 0) faults.splice(i, 1);
    else fault.times = left;
    if (fault.act(req, res, next) === false) next();
  });
  main.use(scim.app);
  const server: Server = await new Promise((resolve) => {
    const s = main.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    ...scim,
    base: `http://127.0.0.1:${port}/scim/v2`,
    log,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** A fault answer: a status with a SCIM error body (or none), optional headers. */
export function answer(status: number, body?: { scimType?: string; detail?: string } | null, headers: Record<string, string> = {}): Fault['act'] {
  return (_req, res) => {
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    if (body === null || body === undefined) {
      res.status(status).end();
      return;
    }
    res.status(status).type('application/scim+json').send(JSON.stringify({ schemas: [ERROR_SCHEMA], status: String(status), ...body }));
  };
}

/** Lets the request through to the peer, then holds its answer back for `ms` (the client times out first). */
export function slowAnswer(ms: number): Fault['act'] {
  return (_req, res, next) => {
    const end = res.end.bind(res) as (...a: unknown[]) => Response;
    (res as unknown as { end: (...a: unknown[]) => Response }).end = (...a: unknown[]) => {
      setTimeout(() => {
        try {
          end(...a);
        } catch {
          // The client has gone.
        }
      }, ms);
      return res;
    };
    next();
  };
}

export interface Harness {
  db: AppDb;
  deps: ProvisionDeps;
  slept: number[];
  http: HttpClient;
}

let dbCount = 0;

/** Provisioning deps against `peer`: a fresh database, a fast-retrying SCIM client, recorded sleeps. */
export function harness(peer: TestPeer, options: { token?: string; timeoutMs?: number; admin?: AdminWrites | null; adminWritesEnabled?: boolean; maxRetries?: number } = {}): Harness {
  const db = createDb({ name: `identity-${dbCount++}`, indexedDB: new IDBFactory(), IDBKeyRange });
  const http = createHttpClient({
    api: 'scim',
    baseUrl: peer.base,
    credential: async () => options.token ?? TOKEN,
    limiter: new RequestLimiter({ perMinute: 100_000, burst: 1000 }),
    retry: { baseDelayMs: 5, maxDelayMs: 20, maxRetries: options.maxRetries ?? 4 },
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const slept: number[] = [];
  let clock = new Date('2026-12-07T12:00:00Z');
  const deps: ProvisionDeps = {
    db,
    scim: async () => http,
    admin: async () => {
      if (!options.admin) throw new Error('Connect the Admin API first (Options → Admin API).');
      return options.admin;
    },
    adminWritesEnabled: async () => options.adminWritesEnabled ?? false,
    now: () => {
      clock = new Date(clock.getTime() + 1000);
      return clock;
    },
    sleep: async (ms) => {
      slept.push(ms);
    },
  };
  return { db, deps, slept, http };
}
