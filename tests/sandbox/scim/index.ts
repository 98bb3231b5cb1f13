/**
 * The SCIM 2.0 part of the local sandbox: a WorkOS-like SCIM endpoint built on the real `scimmy` 1.3.5
 * protocol library and its `scimmy-routers` 1.3.2 Express routers (spec `scim.md` §4). We write only the
 * storage glue (`store.ts`, `resources.ts`) and a switchable layer imitating WorkOS and faulty servers
 * (`quirks.ts`); filters, paging, sorting, PATCH, list/error envelopes and discovery are SCIMMY's.
 *
 * Served under `/scim/v2`: `/Users`, `/Groups`, `/.search`, `/Bulk`, `/Me` (501), `/ServiceProviderConfig`,
 * `/ResourceTypes`, `/Schemas`. Every request needs `Authorization: Bearer <token>`.
 *
 * Process-global state. SCIMMY keeps resource declarations, handlers, the service-provider config and
 * resource base paths in static fields shared by the whole process. This module makes that safe for
 * sequential sandboxes: the handlers are stateless and read the store and quirks of the peer that
 * received the request from scimmy-routers' per-router `context`, and every `createScimApp()` re-declares
 * them (idempotently), re-pointing them at this code. The config and base paths it sets are identical
 * for every peer. Treat one SCIM peer per process as the supported case: two live peers do keep separate
 * stores, but anything else in the process that re-declares SCIMMY resources or changes `SCIMMY.Config`
 * would affect both.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';
import type { DirectoryView } from '../shared/contracts.ts';
import { sendScimError } from './errors.ts';
import { checkWorkosRequest, createQueryParser, createQuirkLayer, defaultQuirks, type ScimQuirks } from './quirks.ts';
import { declareScimResources, type ScimContext } from './resources.ts';
import { ScimStore, seedStore } from './store.ts';

export { ScimStore, seedStore, stableUuid, type StoredGroup, type StoredUser, type ScimResourceOut } from './store.ts';
export { defaultQuirks, resetQuirks, WORKOS_MAX_BODY_BYTES, type RateLimitQuirk, type ScimQuirks } from './quirks.ts';

/** Mount point of the SCIM endpoint inside the sandbox. */
export const SCIM_BASE_PATH = '/scim/v2';

export interface ScimAppOptions {
  /** The bearer token the endpoint accepts. */
  token: string;
}

export interface ScimApp {
  /** A complete Express sub-app; mount it with `mainApp.use(scim.app)`. It ignores paths outside `/scim/v2`. */
  app: express.Express;
  /** Mutable switches, read on every request. */
  quirks: ScimQuirks;
  /** The peer's data, for assertions and for seeding extra records in tests. */
  store: ScimStore;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

export function createScimApp(view: DirectoryView, opts: ScimAppOptions): ScimApp {
  const store = new ScimStore();
  seedStore(store, view);
  const quirks = defaultQuirks();
  const context: ScimContext = { store, quirks };
  const expected = digest(opts.token);

  declareScimResources();

  const scim = new SCIMMYRouters({
    type: 'bearer',
    docUri: 'https://workos.com/docs/integrations/scim',
    handler: (req) => {
      const m = /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '');
      if (!m?.[1]) {
        req.res?.setHeader('WWW-Authenticate', 'Bearer realm="scim"');
        throw new Error('Missing bearer token');
      }
      if (!timingSafeEqual(digest(m[1].trim()), expected)) {
        req.res?.setHeader('WWW-Authenticate', 'Bearer realm="scim", error="invalid_token"');
        throw new Error('Invalid token');
      }
      // No authenticated SCIM user behind a directory token, so /Me answers 501.
      return undefined as unknown as string;
    },
    context: (req) => {
      checkWorkosRequest(quirks, req.method, req.originalUrl.split('?')[0] ?? '', req.body);
      return context;
    },
    // Empty base: `meta.location` stays relative (`/scim/v2/Users/<id>`) and no Location header is sent.
    baseUri: () => '',
  });
  // WorkOS serves no bulk endpoint; advertise and enforce that (scimmy-routers answers /Bulk with 501).
  SCIMMY.Config.set('bulk', false);

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', createQueryParser(quirks));
  app.use(SCIM_BASE_PATH, createQuirkLayer(quirks));
  app.use(SCIM_BASE_PATH, scim);
  // scimmy-routers forwards 5xx errors after answering them; don't let the parent app answer twice.
  app.use(SCIM_BASE_PATH, (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    const status = err && typeof err === 'object' && 'status' in err && typeof err.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
    sendScimError(res, status, status === 500 ? 'Internal server error' : String((err as Error).message));
  });
  return { app, quirks, store };
}
