/**
 * The usage & cost routes: the four legacy reports (/user_usage_report, /user_cost_report,
 * /usage_report, /cost_report; specs/analytics-api.md §2.8–2.11) and the Usage & Cost Analytics beta
 * pair (/usage, /cost; §2.14). Envelope `{data, has_more, next_page, data_refreshed_at,
 * organization_id}`.
 *
 * All six read the same usage records (org.ts) and price them with the same integer micro-cent atoms
 * (pricing.ts), so any two reports over the same effective range add up to the same totals.
 */
import { addAt } from './catalog.ts';
import type { Ctx } from './context.ts';
import { DAY_MS, EPOCH_MS, HOUR_MS, MINUTE_MS, dayOfMs, floorTo, isoSeconds, parseRfc3339 } from './dates.ts';
import { badRequest } from './errors.ts';
import type { AnalyticsOrg, UsageRecord } from './org.ts';
import {
  CACHE_WRITE_1H,
  CACHE_WRITE_5M,
  CODE_EXECUTION_SPAN_MICROCENTS,
  DISCOUNT_FACTOR,
  FAST_MULTIPLIER,
  LONG_CONTEXT_INPUT,
  LONG_CONTEXT_OUTPUT,
  WEB_SEARCH_MICROCENTS,
  formatMicrocents,
  priceOf,
  tokenMicrocents,
} from './pricing.ts';

export type ReportKind = 'user_usage_report' | 'user_cost_report' | 'usage_report' | 'cost_report' | 'usage' | 'cost';

const MAX_SPAN_MS = 31 * DAY_MS;
const LOOKBACK_MS = 365 * DAY_MS;
const WIDTHS = { '1d': DAY_MS, '1h': HOUR_MS, '1m': MINUTE_MS } as const;
type Width = keyof typeof WIDTHS;
/** Bucket limits of the bucketed legacy reports (§2.2). */
const BUCKET_LIMITS: Record<Width, { def: number; max: number }> = { '1d': { def: 7, max: 31 }, '1h': { def: 24, max: 168 }, '1m': { def: 60, max: 256 } };

const LEGACY_PRODUCTS = ['chat', 'claude_code', 'cowork', 'office_agent', 'claude_in_chrome', 'claude_design', 'claude-tag', 'claude-in-slack', 'chat_cowork_unified'] as const;
const USAGE_PRODUCTS = [
  'chat',
  'chat_cowork_unified',
  'claude_code',
  'claude_console',
  'claude_design',
  'claude_in_chrome',
  'claude_tag',
  'cowork',
  'managed_agents_api',
  'message_batches_api',
  'messages_api',
  'office_agent',
] as const;
const CONTEXT_WINDOWS = ['0-200k', '200k-1M'] as const;
const GEOS = ['global', 'us', 'not_available'] as const;
const SPEEDS = ['fast', 'standard'] as const;
const TAG_CATEGORIES = ['dm', 'engaged', 'monitoring', 'proactive', 'scheduled'] as const;
const ACTOR_TYPES = ['api_actor', 'federated_actor', 'service_account_actor', 'user_actor'] as const;
const SERVICE_TIERS = ['batch', 'flex', 'flex_discount', 'priority', 'priority_on_demand', 'standard'] as const;

const LEGACY_DIMS = ['product', 'model', 'context_window', 'inference_geo', 'speed', 'rbac_group_id', 'slack_channel_id', 'claude_tag_category', 'claude_tag_user_id'] as const;
const USAGE_DIMS = [
  'actor',
  'actor_type',
  'agent_id',
  'api_key_id',
  'claude_tag_category',
  'claude_tag_user_id',
  'context_window',
  'deployment_id',
  'environment_id',
  'inference_geo',
  'model',
  'organization_id',
  'product',
  'rbac_group_id',
  'service_tier',
  'session_id',
  'slack_channel_id',
  'speed',
  'user_profile_id',
  'workspace_id',
] as const;
const FANOUT_DIMS = ['cost_type', 'token_type'] as const;
const TOKEN_TYPES = ['uncached_input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation.ephemeral_5m_input_tokens', 'cache_creation.ephemeral_1h_input_tokens'] as const;

// Accumulator layout.
const A_UNCACHED = 0;
const A_CACHE_READ = 1;
const A_C5M = 2;
const A_C1H = 3;
const A_OUTPUT = 4;
const A_REQUESTS = 5;
const A_WEB = 6;
/** list[k] at A_LIST + k, amount[k] at A_AMOUNT + k; k: 0..4 token types (TOKEN_TYPES order), 5 web search, 6 code execution. */
const A_LIST = 7;
const A_AMOUNT = 14;
const ACC_LEN = 21;

/** Prices one record into list / amount atoms (integer micro-cents) per component. */
export function priceRecord(rec: UsageRecord, out: Float64Array): void {
  out.fill(0);
  if (rec.spans > 0) {
    out[6] = rec.spans * CODE_EXECUTION_SPAN_MICROCENTS;
    out[13] = out[6];
    return;
  }
  if (rec.model === null) return;
  const p = priceOf(rec.model);
  const long = rec.contextWindow === '200k-1M';
  const fast = rec.speed === 'fast' ? FAST_MULTIPLIER : 1;
  const inP = p.input * (long ? LONG_CONTEXT_INPUT : 1) * fast;
  const outP = p.output * (long ? LONG_CONTEXT_OUTPUT : 1) * fast;
  out[0] = tokenMicrocents(rec.uncached, inP);
  out[1] = tokenMicrocents(rec.output, outP);
  out[2] = tokenMicrocents(rec.cacheRead, inP * p.cacheRead);
  out[3] = tokenMicrocents(rec.cache5m, inP * CACHE_WRITE_5M);
  out[4] = tokenMicrocents(rec.cache1h, inP * CACHE_WRITE_1H);
  out[5] = rec.webSearches * WEB_SEARCH_MICROCENTS;
  for (let k = 0; k < 6; k++) out[7 + k] = Math.round(out[k]! * DISCOUNT_FACTOR);
}

// ───────────────────────────── parameters ─────────────────────────────

interface Range {
  /** Effective start (floored to the bucket, or to the hour without buckets). */
  start: number;
  end: number;
  width: Width | null;
  widthMs: number | null;
}

function readRange(ctx: Ctx, kind: ReportKind): Range {
  const { q, now } = ctx;
  const rawStart = q.str('starting_at');
  if (rawStart === undefined) throw badRequest('starting_at: this parameter is required');
  const start = parseRfc3339(rawStart);
  if (start === null) throw badRequest(`starting_at: must be an RFC 3339 timestamp with a time zone, got '${rawStart}'`);
  if (start < EPOCH_MS) throw badRequest('starting_at: data is available from 2026-01-01T00:00:00Z');
  if (start < now - LOOKBACK_MS) throw badRequest('starting_at: must be within the last 365 days');
  const widthParam = kind === 'usage' || kind === 'cost' ? 'time_bucket_width' : 'bucket_width';
  const bucketed = kind === 'usage_report' || kind === 'cost_report';
  const width = q.oneOf<Width | ''>(widthParam, ['1d', '1h', '1m'], bucketed ? '1d' : '') || null;
  const rawEnd = q.str('ending_at');
  let end: number;
  if (rawEnd !== undefined) {
    const e = parseRfc3339(rawEnd);
    if (e === null) throw badRequest(`ending_at: must be an RFC 3339 timestamp with a time zone, got '${rawEnd}'`);
    end = e;
  } else {
    if (width !== null && !bucketed) throw badRequest(`ending_at: required when ${widthParam} is set`);
    // Default: the earlier of now and starting_at + 31 days, resolved once per paging sequence.
    end = ctx.paging.resolve('ending_at', () => Math.min(now, start + MAX_SPAN_MS));
  }
  if (end <= start) throw badRequest('starting_at must be before ending_at');
  if (end - start > MAX_SPAN_MS) throw badRequest('the range from starting_at to ending_at may span at most 31 days');
  if (width === '1m' && !bucketed && end - start > DAY_MS) throw badRequest(`with ${widthParam}=1m the range may span at most 24 hours`);
  const widthMs = width === null ? null : WIDTHS[width];
  return { start: floorTo(start, widthMs ?? HOUR_MS), end, width, widthMs };
}

interface Filters {
  pred: (org: AnalyticsOrg, rec: UsageRecord) => boolean;
  /** Members to scan (null = everyone). */
  members: Set<number> | null;
}

function readFilters(ctx: Ctx, kind: ReportKind, groupBy: readonly string[]): Filters {
  const { q, org } = ctx;
  const beta = kind === 'usage' || kind === 'cost';
  const arr = (name: string): string[] | undefined => {
    const v = q.arr(name);
    if (v && v.length > 100) throw badRequest(`${name}[]: at most 100 entries`);
    return v;
  };
  const products = q.enumArr('products', beta ? USAGE_PRODUCTS : LEGACY_PRODUCTS);
  const models = arr('models');
  const cws = q.enumArr('context_windows', CONTEXT_WINDOWS);
  const geos = q.enumArr('inference_geos', GEOS);
  const speeds = q.enumArr('speeds', SPEEDS);
  const rbac = arr('rbac_group_ids');
  const tagCats = q.enumArr('claude_tag_categories', TAG_CATEGORIES);
  const tagUsers = arr('claude_tag_user_ids');
  const slack = arr('slack_channel_ids');
  if ((tagUsers || groupBy.includes('claude_tag_user_id')) && (rbac || groupBy.includes('rbac_group_id'))) {
    throw badRequest('claude_tag_user_id cannot be combined with rbac_group_id grouping or filtering');
  }
  let userIds = beta ? undefined : arr('user_ids');
  let matchNothing = Boolean((tagCats && tagCats.length > 0) || (tagUsers && tagUsers.length > 0) || (slack && slack.length > 0));
  let orgs: Set<string> | null = null;
  if (beta) {
    userIds = arr('actor_ids');
    const actorTypes = q.enumArr('actor_types', ACTOR_TYPES);
    if (actorTypes && !actorTypes.includes('user_actor')) matchNothing = true;
    // Claude Platform dimensions: a Claude Enterprise org's usage has none of them.
    for (const name of ['agent_ids', 'deployment_ids', 'environment_ids', 'session_ids', 'user_profile_ids', 'workspace_ids']) {
      const v = arr(name);
      if (v && v.length > 0) matchNothing = true;
    }
    const tiers = q.enumArr('service_tiers', SERVICE_TIERS);
    if (tiers && tiers.length > 0) matchNothing = true;
    // An empty entry (`api_key_ids[]=`) matches usage with no key — all of a seat user's usage.
    const keys = arr('api_key_ids');
    if (keys && !keys.includes('')) matchNothing = true;
    const orgIds = arr('organization_ids');
    if (orgIds) orgs = new Set(orgIds);
    if (q.bool('exclude_deleted_users') !== undefined && !groupBy.includes('actor')) throw badRequest('exclude_deleted_users: requires group_by[]=actor');
  } else {
    q.bool('exclude_deleted_users');
  }
  const members = userIds ? new Set(userIds.map((id) => org.memberById.get(id)).filter((x): x is number => x !== undefined)) : null;
  let inGroups: Set<number> | null = null;
  if (rbac) {
    inGroups = new Set();
    for (const g of rbac) {
      const gi = org.groupIndexById.get(g);
      if (gi !== undefined) for (const m of org.groups[gi]!.members) inGroups.add(m);
    }
  }
  const scan = members && inGroups ? new Set([...members].filter((m) => inGroups.has(m))) : (members ?? inGroups);
  return {
    members: matchNothing ? new Set() : scan,
    pred: (o, rec) => {
      if (products && (rec.product === null || !(products as readonly string[]).includes(rec.product))) return false;
      if (models && (rec.model === null || !models.includes(rec.model))) return false;
      if (cws && (rec.contextWindow === null || !(cws as readonly string[]).includes(rec.contextWindow))) return false;
      if (geos && !(geos as readonly string[]).includes(rec.geo ?? 'not_available')) return false;
      if (speeds && (rec.speed === null || !(speeds as readonly string[]).includes(rec.speed))) return false;
      if (orgs) {
        const org2 = o.organizations[o.members[rec.user]!.orgIdx];
        if (!org2 || (!orgs.has(org2.uuid) && !orgs.has(org2.id))) return false;
      }
      return true;
    },
  };
}

function readGroupBy(ctx: Ctx, kind: ReportKind): { dims: string[]; costType: boolean; tokenType: boolean } {
  const values = ctx.q.arr('group_by') ?? [];
  const beta = kind === 'usage' || kind === 'cost';
  const allowed: readonly string[] = beta ? USAGE_DIMS : LEGACY_DIMS;
  const costish = kind === 'cost' || kind === 'cost_report' || kind === 'user_cost_report';
  const dims: string[] = [];
  let costType = false;
  let tokenType = false;
  for (const v of values) {
    if (costish && v === 'cost_type') costType = true;
    else if (costish && v === 'token_type') tokenType = true;
    else if (v === 'actor' && kind === 'cost_report') throw badRequest("group_by[]: 'actor' is not supported on /cost_report; use /user_cost_report");
    else if (!allowed.includes(v)) {
      const supported = costish ? [...allowed, ...FANOUT_DIMS] : allowed;
      throw badRequest(`group_by[]: unsupported dimension '${v}'; supported: ${supported.join(', ')}`);
    } else if (!dims.includes(v)) dims.push(v);
  }
  if (beta && dims.length > 5) throw badRequest('group_by[]: at most 5 dimensions (cost_type and token_type not counted)');
  return { dims, costType, tokenType };
}

// ───────────────────────────── aggregation ─────────────────────────────

interface Group {
  bucket: number;
  user: number;
  dims: Record<string, unknown>;
  acc: Float64Array;
}

/** Values of one grouping dimension for a record (rbac_group_id fans out to every group held). */
function dimValues(org: AnalyticsOrg, dim: string, rec: UsageRecord): unknown[] {
  switch (dim) {
    case 'product':
      return [rec.product];
    case 'model':
      return [rec.model];
    case 'context_window':
      return [rec.contextWindow];
    case 'inference_geo':
      return [rec.geo];
    case 'speed':
      return [rec.speed];
    case 'rbac_group_id': {
      const gs = org.members[rec.user]!.groups;
      return gs.length === 0 ? [null] : gs.map((g) => org.groups[g]!.id);
    }
    case 'actor':
      return [rec.user];
    case 'actor_type':
      return ['user_actor'];
    case 'organization_id':
      return [org.organizations[org.members[rec.user]!.orgIdx]?.id ?? null];
    default:
      return [null];
  }
}

function aggregate(ctx: Ctx, range: Range, filters: Filters, dims: readonly string[], perUser: boolean): Map<string, Group> {
  const { org } = ctx;
  const out = new Map<string, Group>();
  const end = Math.min(range.end, ctx.watermark);
  const cost = new Float64Array(14);
  if (end <= range.start) return out;
  const scanList = filters.members ? [...filters.members].sort((a, b) => a - b) : null;
  for (let day = dayOfMs(range.start); day <= dayOfMs(end - 1); day++) {
    const masks = org.mask(day);
    const visit = (i: number): void => {
      const m = masks[i]!;
      if (m === 0) return;
      org.usage(i, day, m, (rec) => {
        if (rec.t < range.start || rec.t >= end || !filters.pred(org, rec)) return;
        priceRecord(rec, cost);
        const bucket = range.widthMs === null ? 0 : Math.floor((rec.t - range.start) / range.widthMs);
        let combos: unknown[][] = [[]];
        for (const d of dims) {
          const vals = dimValues(org, d, rec);
          combos = combos.flatMap((c) => vals.map((v) => [...c, v]));
        }
        for (const combo of combos) {
          let key = `${bucket}|${perUser ? rec.user : ''}`;
          for (const v of combo) key += v === null ? '|\u0000' : `|${String(v)}`;
          let g = out.get(key);
          if (!g) {
            const dimsObj: Record<string, unknown> = {};
            dims.forEach((d, k) => (dimsObj[d] = combo[k]));
            g = { bucket, user: rec.user, dims: dimsObj, acc: new Float64Array(ACC_LEN) };
            out.set(key, g);
          }
          const a = g.acc;
          addAt(a, A_UNCACHED, rec.uncached);
          addAt(a, A_CACHE_READ, rec.cacheRead);
          addAt(a, A_C5M, rec.cache5m);
          addAt(a, A_C1H, rec.cache1h);
          addAt(a, A_OUTPUT, rec.output);
          addAt(a, A_REQUESTS, rec.requests);
          addAt(a, A_WEB, rec.webSearches);
          for (let k = 0; k < 14; k++) addAt(a, A_LIST + k, cost[k]!);
        }
      });
    };
    if (scanList) for (const i of scanList) visit(i);
    else for (let i = 0; i < masks.length; i++) visit(i);
  }
  return out;
}

const totalTokens = (a: Float64Array): number => a[A_UNCACHED]! + a[A_CACHE_READ]! + a[A_C5M]! + a[A_C1H]! + a[A_OUTPUT]!;
const listTotal = (a: Float64Array): number => {
  let s = 0;
  for (let k = 0; k < 7; k++) s += a[A_LIST + k]!;
  return s;
};
const amountTotal = (a: Float64Array): number => {
  let s = 0;
  for (let k = 0; k < 7; k++) s += a[A_AMOUNT + k]!;
  return s;
};

function usageFields(a: Float64Array, withTotal: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    uncached_input_tokens: a[A_UNCACHED]!,
    cache_read_input_tokens: a[A_CACHE_READ]!,
    cache_creation: { ephemeral_1h_input_tokens: a[A_C1H]!, ephemeral_5m_input_tokens: a[A_C5M]! },
    output_tokens: a[A_OUTPUT]!,
  };
  if (withTotal) out.total_tokens = totalTokens(a);
  out.requests = a[A_REQUESTS]!;
  out.server_tool_use = { web_search_requests: a[A_WEB]! };
  return out;
}

interface CostPart {
  cost_type: string | null;
  token_type: string | null;
  amount: string;
  list_amount: string;
  currency: 'USD';
  requests: number | null;
}

/** The cost rows of one group: combined, or fanned out per cost component / token type. */
function costParts(a: Float64Array, costType: boolean, tokenType: boolean): CostPart[] {
  const part = (ct: string | null, tt: string | null, list: number, amount: number, requests: number | null): CostPart => ({
    cost_type: ct,
    token_type: tt,
    amount: formatMicrocents(amount),
    list_amount: formatMicrocents(list),
    currency: 'USD',
    requests,
  });
  if (!costType && !tokenType) return [part(null, null, listTotal(a), amountTotal(a), a[A_REQUESTS]!)];
  const parts: CostPart[] = [];
  if (tokenType) {
    // [unverified] web-search and code-execution rows stay beside the token-type rows (with cost_type set) so the rows still add up to the total.
    TOKEN_TYPES.forEach((tt, k) => {
      if (a[A_LIST + k]! > 0) parts.push(part('tokens', tt, a[A_LIST + k]!, a[A_AMOUNT + k]!, null));
    });
  } else {
    let list = 0;
    let amount = 0;
    for (let k = 0; k < 5; k++) {
      list += a[A_LIST + k]!;
      amount += a[A_AMOUNT + k]!;
    }
    if (list > 0) parts.push(part('tokens', null, list, amount, null));
  }
  if (a[A_LIST + 5]! > 0) parts.push(part('web_search', null, a[A_LIST + 5]!, a[A_AMOUNT + 5]!, null));
  if (a[A_LIST + 6]! > 0) parts.push(part('code_execution', null, a[A_LIST + 6]!, a[A_AMOUNT + 6]!, null));
  return parts;
}

function legacyDimFields(dims: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of LEGACY_DIMS) out[d] = d in dims ? dims[d] : null;
  return out;
}

function userActor(org: AnalyticsOrg, i: number): Record<string, unknown> {
  const m = org.members[i]!;
  // Members with usage are active: name and email are reported, deleted is false.
  return { type: 'user_actor', user_id: m.id, name: m.name, email_address: m.email, deleted: false };
}

function envelope(ctx: Ctx, range: Range, data: unknown[], next: string | null): Record<string, unknown> {
  return {
    data,
    has_more: next !== null,
    next_page: next,
    // No export covers a range that starts after the watermark.
    data_refreshed_at: range.start >= ctx.watermark ? null : isoSeconds(ctx.watermark),
    organization_id: ctx.org.view.parentOrganizationId,
  };
}

function compareNum(x: number, y: number): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

function groupKeyString(g: Group): string {
  return JSON.stringify(g.dims);
}

// ───────────────────────────── routes ─────────────────────────────

/** /user_usage_report and /user_cost_report: one row per actor (× dimensions × bucket). */
export function userReport(kind: 'user_usage_report' | 'user_cost_report') {
  return (ctx: Ctx): unknown => {
    const { q, org } = ctx;
    const range = readRange(ctx, kind);
    const gb = readGroupBy(ctx, kind);
    const filters = readFilters(ctx, kind, gb.dims);
    const limit = q.int('limit', 1, 1000, 20);
    const isCost = kind === 'user_cost_report';
    const orderBy = isCost
      ? q.oneOf('order_by', ['amount', 'list_amount'] as const, 'amount')
      : q.oneOf('order_by', ['total_tokens', 'output_tokens', 'uncached_input_tokens', 'requests'] as const, 'total_tokens');
    const dir = q.oneOf('order', ['asc', 'desc'] as const, 'desc') === 'asc' ? 1 : -1;
    ctx.paging.expectResolved('w', ctx.watermark);
    const rows = ctx.cache.get(
      ctx.cacheKey({ range, w: ctx.watermark }),
      () => {
        const groups = [...aggregate(ctx, range, filters, gb.dims, true).values()];
        const metric = (a: Float64Array): number => {
          switch (orderBy) {
            case 'amount':
              return amountTotal(a);
            case 'list_amount':
              return listTotal(a);
            case 'output_tokens':
              return a[A_OUTPUT]!;
            case 'uncached_input_tokens':
              return a[A_UNCACHED]!;
            case 'requests':
              return a[A_REQUESTS]!;
            default:
              return totalTokens(a);
          }
        };
        groups.sort(
          (x, y) =>
            compareNum(x.bucket, y.bucket) ||
            compareNum(metric(x.acc), metric(y.acc)) * dir ||
            (org.members[x.user]!.id < org.members[y.user]!.id ? -1 : org.members[x.user]!.id > org.members[y.user]!.id ? 1 : 0) ||
            (groupKeyString(x) < groupKeyString(y) ? -1 : 1),
        );
        // Each base row expands to its cost fan-out rows, which stay adjacent and don't count toward limit.
        return groups.map((g) => {
          const times =
            range.widthMs === null
              ? { starting_at: null, ending_at: null }
              : { starting_at: isoSeconds(range.start + g.bucket * range.widthMs), ending_at: isoSeconds(range.start + (g.bucket + 1) * range.widthMs) };
          const actor = userActor(org, g.user);
          const dims = legacyDimFields(g.dims);
          if (!isCost) return [{ actor, ...usageFields(g.acc, true), ...dims, ...times }];
          return costParts(g.acc, gb.costType, gb.tokenType).map((p) => ({
            actor,
            amount: p.amount,
            list_amount: p.list_amount,
            currency: p.currency,
            ...dims,
            cost_type: p.cost_type,
            token_type: p.token_type,
            requests: p.requests,
            ...times,
          }));
        });
      },
      (rows) => rows.reduce((s, r) => s + r.length, 0),
    );
    const { data, next } = ctx.paging.page(rows, limit);
    return envelope(ctx, range, data.flat(), next);
  };
}

/** /usage_report and /cost_report: org-level time buckets, empty intervals included, ≤100 groups per bucket. */
export function bucketReport(kind: 'usage_report' | 'cost_report') {
  return (ctx: Ctx): unknown => {
    const { q } = ctx;
    const range = readRange(ctx, kind);
    const gb = readGroupBy(ctx, kind);
    if (kind === 'usage_report' && (q.arr('group_by') ?? []).includes('token_type')) throw badRequest("group_by[]: 'token_type' is not supported on /usage_report");
    const filters = readFilters(ctx, kind, gb.dims);
    const lim = BUCKET_LIMITS[range.width ?? '1d'];
    const limit = q.int('limit', 1, lim.max, lim.def);
    const isCost = kind === 'cost_report';
    ctx.paging.expectResolved('w', ctx.watermark);
    const buckets = ctx.cache.get(ctx.cacheKey({ range, w: ctx.watermark }), () => {
      const width = range.widthMs!;
      const count = Math.ceil((range.end - range.start) / width);
      const byBucket: Group[][] = Array.from({ length: count }, () => []);
      for (const g of aggregate(ctx, range, filters, gb.dims, false).values()) byBucket[g.bucket]?.push(g);
      return byBucket.map((groups, b) => {
        const metric = (g: Group): number => (isCost ? amountTotal(g.acc) : totalTokens(g.acc));
        groups.sort((x, y) => compareNum(metric(y), metric(x)) || (groupKeyString(x) < groupKeyString(y) ? -1 : 1));
        const top = gb.dims.length > 0 ? groups.slice(0, 100) : groups;
        const results = top.flatMap((g) => {
          const dims = legacyDimFields(g.dims);
          if (!isCost) return [{ ...dims, ...usageFields(g.acc, false) }];
          return costParts(g.acc, gb.costType, gb.tokenType).map((p) => ({ ...dims, cost_type: p.cost_type, token_type: p.token_type, amount: p.amount, list_amount: p.list_amount, currency: p.currency, requests: p.requests }));
        });
        return { starting_at: isoSeconds(range.start + b * width), ending_at: isoSeconds(range.start + (b + 1) * width), results };
      });
    });
    const { data, next } = ctx.paging.page(buckets, limit);
    return envelope(ctx, range, data, next);
  };
}

/** /usage and /cost (beta): one item per combination of up to five dimensions (× time bucket). */
export function analyticsReport(kind: 'usage' | 'cost') {
  return (ctx: Ctx): unknown => {
    const { q, org } = ctx;
    const range = readRange(ctx, kind);
    const gb = readGroupBy(ctx, kind);
    const filters = readFilters(ctx, kind, gb.dims);
    const limit = q.int('limit', 1, 1000, 20);
    const isCost = kind === 'cost';
    const orderBy = isCost
      ? q.oneOf('order_by', ['amount', 'list_amount', 'time'] as const, 'amount')
      : q.oneOf('order_by', ['total_tokens', 'output_tokens', 'uncached_input_tokens', 'requests', 'time'] as const, 'total_tokens');
    const dir = q.oneOf('order', ['asc', 'desc'] as const, 'desc') === 'asc' ? 1 : -1;
    ctx.paging.expectResolved('w', ctx.watermark);
    const rows = ctx.cache.get(
      ctx.cacheKey({ range, w: ctx.watermark }),
      () => {
        const groups = [...aggregate(ctx, range, filters, gb.dims, false).values()];
        const defaultMetric = (a: Float64Array): number => (isCost ? amountTotal(a) : totalTokens(a));
        const metric = (a: Float64Array): number => {
          switch (orderBy) {
            case 'list_amount':
              return listTotal(a);
            case 'output_tokens':
              return a[A_OUTPUT]!;
            case 'uncached_input_tokens':
              return a[A_UNCACHED]!;
            case 'requests':
              return a[A_REQUESTS]!;
            default:
              return defaultMetric(a);
          }
        };
        const byTime = orderBy === 'time' && range.widthMs !== null;
        groups.sort(
          (x, y) =>
            (byTime ? compareNum(x.bucket, y.bucket) * dir || compareNum(defaultMetric(y.acc), defaultMetric(x.acc)) : compareNum(metric(x.acc), metric(y.acc)) * dir) ||
            compareNum(x.bucket, y.bucket) ||
            (groupKeyString(x) < groupKeyString(y) ? -1 : groupKeyString(x) > groupKeyString(y) ? 1 : 0),
        );
        // Without a bucket width, each item covers the whole range with its bounds rounded down to the hour.
        const wholeEnd = Math.max(floorTo(range.end, HOUR_MS), range.start + HOUR_MS);
        return groups.map((g) => {
          const starting_at = isoSeconds(range.widthMs === null ? range.start : range.start + g.bucket * range.widthMs);
          const ending_at = isoSeconds(range.widthMs === null ? wholeEnd : range.start + (g.bucket + 1) * range.widthMs);
          const group: Record<string, unknown> = {};
          for (const d of USAGE_DIMS) group[d] = d in g.dims ? g.dims[d] : null;
          if (g.dims.actor !== undefined) group.actor = userActor(org, g.dims.actor as number);
          if (!isCost) return [{ starting_at, ending_at, group, usage: usageFields(g.acc, true) }];
          return costParts(g.acc, gb.costType, gb.tokenType).map((p) => ({
            starting_at,
            ending_at,
            group: { ...group, cost_type: p.cost_type, token_type: p.token_type },
            cost: { amount: p.amount, list_amount: p.list_amount, currency: p.currency, requests: p.requests },
          }));
        });
      },
      (rows) => rows.reduce((s, r) => s + r.length, 0),
    );
    const { data, next } = ctx.paging.page(rows, limit);
    return envelope(ctx, range, data.flat(), next);
  };
}
