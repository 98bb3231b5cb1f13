/**
 * Local imitation of the Anthropic Compliance API (`/v1/compliance/*`), serving one generated
 * organization. Behaviour follows compliance-api.md §1–§4 and the fake-server checklist:
 *
 * - every response carries `request-id`;
 * - auth first: a missing, unknown, revoked or non-compliance key (e.g. `sk-ant-api03-…`) is a 401 and
 *   costs no quota; `sk-ant-admin01-…` keys only ever hold `read:compliance_activities`;
 * - then the per-tenant rolling limiter (429 + `retry-after`); authenticated responses carry the
 *   `anthropic-ratelimit-requests-*` headers;
 * - then the scope check (403, Python-list `Got`/`Needed`, costs quota), validation (400), lookup (404);
 * - each authenticated request that passes the limiter appends one `compliance_api_accessed` event
 *   (api_actor, null organization) after its response is computed, so it is newer than anything the
 *   request returned and never shifts a walk in progress [unverified: whether 4xx requests are logged].
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { SandboxKey } from '../shared/contracts.ts';
import { newRequestId, readApiKey, sendApiError } from '../shared/http.ts';
import { RollingWindowLimiter } from '../shared/rate-limit.ts';
import {
  addChat, appendActivity, apiKeyIdFor, complianceApiKeyRecords, hardDeleteChat, touchChat, type Activity, type AppendActivityInput, type SandboxOrg,
} from '../generator/index.ts';
import { iso } from '../generator/time.ts';
import { SCOPE, type ApiState, type RequestCtx, type RouteDef } from './context.ts';
import { ApiError, MSG } from './errors.ts';
import { activityRoutes } from './routes/activities.ts';
import { chatRoutes } from './routes/chats.ts';
import { contentRoutes } from './routes/content.ts';
import { directoryRoutes } from './routes/directory.ts';
import { projectRoutes } from './routes/projects.ts';

export { SCOPE } from './context.ts';
export { MSG, pyList } from './errors.ts';

export interface ComplianceApiOptions {
  keys: SandboxKey[];
  rateLimitPerMinute: number;
  /** The sandbox clock (default Date.now). `advanceClock` adds an offset on top of it. */
  now?: () => number;
  /** Append a `compliance_api_accessed` event per authenticated request (default true). */
  recordAccessEvents?: boolean;
  /** A1 `first_id`/`last_id`: opaque cursors (default) or raw activity ids. Both are accepted as input. */
  activityCursorStyle?: 'opaque' | 'id';
}

export interface ComplianceApi {
  router: Router;
  limiter: RollingWindowLimiter;
  org: SandboxOrg;
  /** Current sandbox time (epoch ms). */
  clock(): number;
  /** Moves the sandbox clock forward (also ages the rate-limit window). */
  advanceClock(ms: number): void;
  setRecordAccessEvents(on: boolean): void;
  /** Chat index for a `claude_chat_…` id, or -1. */
  chatIndex(id: string): number;
  /** Chat id for an index. */
  chatId(index: number): string;
  /** Updates a chat "now" (moves it to the end of the updated_at order); see generator `touchChat`. */
  touchChat(index: number, opts?: { model?: string | null; addExchange?: boolean; softDelete?: boolean }): void;
  hardDeleteChat(index: number): boolean;
  /** Creates a chat "now" and returns its index. */
  addChat(opts?: { userIndex?: number | null; orgIndex?: number; projectIndex?: number | null; model?: string | null }): number;
  /** Appends an activity dated "now" (or at `atMs`). */
  appendActivity(input: AppendActivityInput): Activity;
}

export function createComplianceApi(org: SandboxOrg, opts: { keys: SandboxKey[]; rateLimitPerMinute: number; now?: () => number } & Partial<ComplianceApiOptions>): ComplianceApi {
  const base = opts.now ?? Date.now;
  let offset = 0;
  const clock = () => base() + offset;
  let recordAccess = opts.recordAccessEvents ?? true;
  const limiter = new RollingWindowLimiter(opts.rateLimitPerMinute, 60_000, clock);

  const keys = new Map<string, { key: SandboxKey; apiKeyId: string }>();
  for (const key of opts.keys) keys.set(key.secret, { key, apiKeyId: apiKeyIdFor(key.secret) });
  const primaryOwner = org.users[0]?.id ?? null;
  const state: ApiState = {
    org,
    clock,
    apiKeys: complianceApiKeyRecords(opts.keys, org.auditStartMs + 3 * 86_400_000, primaryOwner),
    activityCursorStyle: opts.activityCursorStyle ?? 'opaque',
  };

  const authenticate = (req: Request): RequestCtx | undefined => {
    const secret = readApiKey(req);
    if (secret === undefined) return undefined;
    const found = keys.get(secret);
    if (!found || !found.key.active) return undefined;
    if (secret.startsWith('sk-ant-admin01-')) return { key: found.key, scopes: [SCOPE.activities], apiKeyId: found.apiKeyId };
    if (secret.startsWith('sk-ant-api01-')) return { key: found.key, scopes: [...found.key.scopes], apiKeyId: found.apiKeyId };
    return undefined;
  };

  const router = express.Router();
  router.use((req: Request, res: Response, next: NextFunction) => {
    const requestId = newRequestId();
    res.setHeader('request-id', requestId);
    const ctx = authenticate(req);
    if (!ctx) return sendApiError(res, 401, 'authentication_error', MSG.invalidKey);
    const verdict = limiter.take();
    res.setHeader('anthropic-ratelimit-requests-limit', String(limiter.limit));
    res.setHeader('anthropic-ratelimit-requests-remaining', String(verdict.remaining));
    res.setHeader('anthropic-ratelimit-requests-reset', iso(Math.ceil(verdict.resetAt.getTime() / 1000) * 1000));
    if (!verdict.allowed) {
      return sendApiError(res, 429, 'rate_limit_error', MSG.rateLimited(limiter.limit), { 'retry-after': String(verdict.retryAfterSeconds) });
    }
    res.locals.ctx = ctx;
    if (recordAccess) {
      res.on('finish', () => {
        appendActivity(org, clock(), {
          type: 'compliance_api_accessed',
          organization: { id: null, uuid: null },
          actor: { type: 'api_actor', api_key_id: ctx.apiKeyId, ip_address: req.ip ?? null, user_agent: req.header('user-agent') ?? null },
          payload: {
            request_id: requestId,
            request_method: req.method,
            url: `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`,
            status_code: res.statusCode,
            request_body: null,
          },
        });
      });
    }
    next();
  });

  const mount = (def: RouteDef) => {
    router[def.method](def.path, (req: Request, res: Response) => {
      const ctx = res.locals.ctx as RequestCtx;
      try {
        if (!ctx.scopes.includes(def.scope)) throw new ApiError(403, 'permission_error', MSG.missingScopes(ctx.scopes, [def.scope]));
        def.handler(req, res, ctx);
      } catch (e) {
        if (e instanceof ApiError) sendApiError(res, e.status, e.type, e.message, e.headers);
        else {
          console.error('[sandbox compliance] handler failed', e);
          sendApiError(res, 500, 'api_error', 'Internal server error.');
        }
      }
    });
  };
  // Content routes first, so `/apps/chats/files/…` is never read as a chat id.
  for (const defs of [contentRoutes(state), activityRoutes(state), directoryRoutes(state), projectRoutes(state), chatRoutes(state)]) defs.forEach(mount);
  router.use((_req: Request, res: Response) => sendApiError(res, 404, 'not_found_error', MSG.unknownRoute));

  return {
    router,
    limiter,
    org,
    clock,
    advanceClock: (ms) => {
      offset += ms;
    },
    setRecordAccessEvents: (on) => {
      recordAccess = on;
    },
    chatIndex: (id) => org.chats.indexOf(id),
    chatId: (index) => org.chats.id(index),
    touchChat: (index, o) => touchChat(org, index, clock(), o),
    hardDeleteChat: (index) => hardDeleteChat(org, index),
    addChat: (o) => addChat(org, clock(), o),
    appendActivity: (input) => appendActivity(org, clock(), input),
  };
}
