/**
 * Local imitation of the Claude Enterprise Analytics API (`/v1/organizations/analytics/*`), per
 * specs/analytics-api.md — §5 "Notes for the local sandbox server" is the checklist.
 *
 * Request pipeline (every response carries `request-id`; errors use the platform envelope):
 *   1. route lookup — unknown path or method → 404 not_found_error;
 *   2. kill switch (control.accessEnabled = false) → every request fails;
 *   3. auth — key from `x-api-key` or `Authorization: Bearer`; missing / unknown / revoked →
 *      404 not_found_error on engagement routes, 401 authentication_error on usage & cost routes;
 *      Admin API keys only on /usage and /cost;
 *   4. rate limit — 60 requests per rolling minute per organization, shared by all keys → 429
 *      rate_limit_error with `retry-after`;
 *   5. /usage and /cost: `anthropic-beta` must contain analytics-usage-cost-2026-08-24;
 *   6. the route: parameter validation (400), cursor checks (400 / 410), data.
 *
 * Time: the data clock starts at `view.now` and advances with `opts.now` (default Date.now) from
 * the moment the API is created. Engagement data is available up to today-1 (control mode: today-3);
 * usage & cost data up to the export watermark, the data clock floored to 4 hours.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { DirectoryView, SandboxKey } from '../shared/contracts.ts';
import { newRequestId, readApiKey } from '../shared/http.ts';
import { RollingWindowLimiter } from '../shared/rate-limit.ts';
import type { Ctx, Handler } from './context.ts';
import { HOUR_MS, dateOfDay, dayOfMs, isoSeconds, parseDate } from './dates.ts';
import { listArtifacts, listConnectors, listPlugins, listProjects, listSkills, listSummaries, listUsers } from './engagement.ts';
import { ApiError, sendError } from './errors.ts';
import { AnalyticsOrg } from './org.ts';
import { Paging, Query, ResultCache } from './query.ts';
import { analyticsReport, bucketReport, userReport } from './reports.ts';

export const USAGE_COST_BETA = 'analytics-usage-cost-2026-08-24';
const READ_SCOPE = 'read:analytics';
const EXPORT_INTERVAL_MS = 4 * HOUR_MS;

type Family = 'engagement' | 'report' | 'beta';

const ROUTES: Record<string, { family: Family; handler: Handler }> = {
  '/users': { family: 'engagement', handler: listUsers },
  '/summaries': { family: 'engagement', handler: listSummaries },
  '/apps/chat/projects': { family: 'engagement', handler: listProjects },
  '/skills': { family: 'engagement', handler: listSkills },
  '/connectors': { family: 'engagement', handler: listConnectors },
  '/plugins': { family: 'engagement', handler: listPlugins },
  '/artifacts': { family: 'engagement', handler: listArtifacts },
  '/user_usage_report': { family: 'report', handler: userReport('user_usage_report') },
  '/user_cost_report': { family: 'report', handler: userReport('user_cost_report') },
  '/usage_report': { family: 'report', handler: bucketReport('usage_report') },
  '/cost_report': { family: 'report', handler: bucketReport('cost_report') },
  '/usage': { family: 'beta', handler: analyticsReport('usage') },
  '/cost': { family: 'beta', handler: analyticsReport('cost') },
};

export interface AnalyticsApiOptions {
  /** Analytics keys (`read:analytics`). */
  keys: SandboxKey[];
  /** Admin API keys: accepted by /usage and /cost only. */
  adminKeys: SandboxKey[];
  rateLimitPerMinute: number;
  /** Clock for the rate limiter and the data clock's progress (default Date.now). */
  now?: () => number;
}

/** Test hooks. Plain mutable fields: set them directly (`control.accessEnabled = false`). */
export interface AnalyticsControl {
  /** The Analytics API "Access" toggle; false makes every request fail. */
  accessEnabled: boolean;
  /** Latest available engagement day: `lag1` = today-1 (newest docs, default), `lag3` = today-3 (launch era). */
  latestDayMode: 'lag1' | 'lag3';
  /** `sdk` = `{data, summaries, next_page: null}` (default); `legacy` = `{summaries}` only. */
  summariesEnvelope: 'sdk' | 'legacy';
  /** Longest /summaries range: 366 days (API reference, default) or 31 (early support guide). */
  summariesMaxRangeDays: number;
  /**
   * The Usage & Cost endpoints (/usage, /cost) for this organization; false makes them answer 404, as
   * for an organization they are not enabled for, so clients fall back to the per-user reports.
   */
  usageCostEnabled: boolean;
  /** [unverified] Also send `anthropic-ratelimit-requests-*` headers (the Analytics API documents none). Default false. */
  rateLimitHeaders: boolean;
  /** The per-organization limiter (inspect, `reset()`, or change `limit`). */
  readonly limiter: RollingWindowLimiter;
  /** Makes every cursor issued so far answer 410 (as when the export refreshes). */
  expireCursors(): void;
  /** Latest queryable engagement day (`YYYY-MM-DD`) under the current mode. */
  latestAvailableDate(): string;
  /** Current usage & cost export watermark (RFC 3339). */
  dataRefreshedAt(): string;
  /** The data clock (epoch ms). */
  dataNow(): number;
  /** The deterministic activity model (for tests that need to know who is active when). */
  readonly org: AnalyticsOrg;
  /**
   * Ground truth of one day's engagement across the organization, from the activity model itself (not
   * through the /users route): people active, messages per product and Claude Code sessions. What a
   * client summing that day's per-person /users rows must arrive at.
   */
  dayTruth(date: string): DayTruth;
  /** Restores every default, resets the limiter and drops cached results. */
  reset(): void;
}

export interface DayTruth {
  people: number;
  messages: { chat: number; cowork: number; office: number; design: number; science: number };
  totalMessages: number;
  claudeCodeSessions: number;
}

function dayTruthOf(org: AnalyticsOrg, date: string): DayTruth {
  const day = parseDate(date);
  const out: DayTruth = { people: 0, messages: { chat: 0, cowork: 0, office: 0, design: 0, science: 0 }, totalMessages: 0, claudeCodeSessions: 0 };
  if (day === null) return out;
  const masks = org.mask(day);
  for (let i = 0; i < masks.length; i++) {
    const m = masks[i]!;
    if (m === 0) continue;
    const b = org.base(i, day, m);
    out.people++;
    out.messages.chat += b.chatMsgs;
    out.messages.cowork += b.coworkMsgs;
    out.messages.office += b.officeMsgs.reduce((a, n) => a + n, 0);
    out.messages.design += b.designMsgs;
    out.messages.science += b.scienceMsgs;
    out.claudeCodeSessions += b.codeSessions;
  }
  out.totalMessages = Object.values(out.messages).reduce((a, n) => a + n, 0);
  return out;
}

export function createAnalyticsApi(view: DirectoryView, opts: AnalyticsApiOptions): { router: express.Router; control: AnalyticsControl } {
  const clock = opts.now ?? Date.now;
  const clockAtStart = clock();
  const viewNow = Date.parse(view.now);
  const dataNow = (): number => (Number.isFinite(viewNow) ? viewNow : clockAtStart) + (clock() - clockAtStart);
  const org = new AnalyticsOrg(view);
  const cache = new ResultCache();
  const limiter = new RollingWindowLimiter(opts.rateLimitPerMinute, 60_000, clock);
  let generation = 0;

  const latestDay = (): number => dayOfMs(dataNow()) - (control.latestDayMode === 'lag3' ? 3 : 1);
  const watermark = (): number => Math.floor(dataNow() / EXPORT_INTERVAL_MS) * EXPORT_INTERVAL_MS;

  const control: AnalyticsControl = {
    accessEnabled: true,
    latestDayMode: 'lag1',
    summariesEnvelope: 'sdk',
    summariesMaxRangeDays: 366,
    usageCostEnabled: true,
    rateLimitHeaders: false,
    limiter,
    org,
    expireCursors() {
      generation++;
    },
    latestAvailableDate: () => dateOfDay(latestDay()),
    dayTruth: (date) => dayTruthOf(org, date),
    dataRefreshedAt: () => isoSeconds(watermark()),
    dataNow,
    reset() {
      this.accessEnabled = true;
      this.latestDayMode = 'lag1';
      this.summariesEnvelope = 'sdk';
      this.summariesMaxRangeDays = 366;
      this.rateLimitHeaders = false;
      this.usageCostEnabled = true;
      limiter.limit = opts.rateLimitPerMinute;
      limiter.reset();
      cache.clear();
    },
  };

  const findKey = (secret: string | undefined, list: SandboxKey[]): SandboxKey | undefined => (secret === undefined ? undefined : list.find((k) => k.secret === secret));

  const router = express.Router();
  router.use((req: Request, res: Response, next: NextFunction) => {
    res.setHeader('request-id', newRequestId());
    try {
      const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
      const route = req.method === 'GET' || req.method === 'HEAD' ? ROUTES[path] : undefined;
      if (!route) throw new ApiError(404, 'not_found_error', 'Not found');
      const engagement = route.family === 'engagement';

      if (!control.accessEnabled) {
        // [unverified] Engagement routes answer 404 like a key without access; usage & cost routes 403.
        if (engagement) throw new ApiError(404, 'not_found_error', 'Analytics API access is turned off for this organization');
        throw new ApiError(403, 'permission_error', 'Analytics API access is turned off for this organization');
      }

      const secret = readApiKey(req);
      const analyticsKey = findKey(secret, opts.keys);
      const adminKey = route.family === 'beta' ? findKey(secret, opts.adminKeys) : undefined;
      const key = analyticsKey ?? adminKey;
      if (!key || !key.active) {
        if (engagement) throw new ApiError(404, 'not_found_error', 'Not found');
        throw new ApiError(401, 'authentication_error', secret === undefined ? 'x-api-key header is required' : 'invalid x-api-key');
      }
      if (key === analyticsKey && !key.scopes.includes(READ_SCOPE)) {
        // [unverified] Engagement routes hide a scope problem behind 404; usage & cost routes say 403.
        if (engagement) throw new ApiError(404, 'not_found_error', 'Not found');
        throw new ApiError(403, 'permission_error', `This API key does not have the ${READ_SCOPE} scope`);
      }

      const verdict = limiter.take();
      if (control.rateLimitHeaders) {
        res.setHeader('anthropic-ratelimit-requests-limit', String(limiter.limit));
        res.setHeader('anthropic-ratelimit-requests-remaining', String(verdict.remaining));
        res.setHeader('anthropic-ratelimit-requests-reset', verdict.resetAt.toISOString());
      }
      if (!verdict.allowed) throw new ApiError(429, 'rate_limit_error', 'Rate limit exceeded', undefined, { 'retry-after': String(verdict.retryAfterSeconds) });

      if (route.family === 'beta' && !control.usageCostEnabled) throw new ApiError(404, 'not_found_error', 'Not found');
      if (route.family === 'beta') {
        const betas = (req.header('anthropic-beta') ?? '').split(',').map((s) => s.trim());
        if (!betas.includes(USAGE_COST_BETA)) {
          // [unverified] Exact status and wording; SDK 1.10.0 maps a 400 whose error.details.error_code is
          // organization_not_enrolled_in_beta to BetaOrganizationNotEnrolledInBetaError.
          throw new ApiError(400, 'invalid_request_error', `This endpoint requires the ${USAGE_COST_BETA} beta: send the header anthropic-beta: ${USAGE_COST_BETA}`, {
            error_code: 'organization_not_enrolled_in_beta',
          });
        }
      }

      const q = new Query(req);
      const paging = new Paging(q, generation, path);
      const baseKey = `${path}?${q.hash(['page', 'limit'])}`;
      const now = dataNow();
      const ctx: Ctx = {
        path,
        q,
        paging,
        org,
        cache,
        now,
        latestDay: latestDay(),
        watermark: watermark(),
        summariesEnvelope: control.summariesEnvelope,
        summariesMaxRangeDays: control.summariesMaxRangeDays,
        cacheKey: (extra = {}) => `${baseKey}#${JSON.stringify(extra)}`,
      };
      const body = route.handler(ctx);
      res.status(200).json(body);
    } catch (err) {
      if (err instanceof ApiError) return sendError(res, err);
      next(err);
    }
  });
  // Anything that escaped as a plain exception: an api_error in the same envelope.
  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    sendError(res, new ApiError(500, 'api_error', 'Internal server error'));
  });
  return { router, control };
}
