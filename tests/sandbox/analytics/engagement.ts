/**
 * The seven engagement & adoption routes: /users, /summaries, /apps/chat/projects, /skills,
 * /connectors, /plugins, /artifacts (specs/analytics-api.md §2.3–2.7, §2.12–2.13; SDK-complete row
 * shapes of §4.13 and §6.3). Envelope `{data, next_page}` without `has_more`; summaries
 * `{data, summaries, next_page: null}` (or `{summaries}` in the legacy envelope mode).
 */
import {
  CLASSIFY_FIRST_DAY,
  COWORK_COUNTERS_START,
  MANAGED_AUTH_START,
  OFFICE_APPS,
  OFFICE_ATTRIBUTION_START,
  P_CHAT,
  P_CODE,
  P_COWORK,
  P_DESIGN,
  P_OFFICE,
  P_SCIENCE,
  PLUGINS,
  SKILLS,
  USER_FIELDS,
  addAt,
  fieldIndex,
} from './catalog.ts';
import type { Ctx } from './context.ts';
import { EARLIEST_DATE, dateOfDay, dayOfMs, parseDate } from './dates.ts';
import { badRequest } from './errors.ts';
import type { AnalyticsOrg } from './org.ts';
import { Rng, hashString, mix } from './prng.ts';
import { formatMicrocents } from './pricing.ts';

const MAX_RANGE_DAYS = 366;

// ───────────────────────────── parameters ─────────────────────────────

interface DayWindow {
  from: number;
  /** Exclusive. */
  to: number;
  range: boolean;
}

function tooRecent(name: string, value: string, latest: number) {
  return badRequest(`${name} ${value} is not yet available; the most recent available date is ${dateOfDay(latest)}`);
}

function readDay(ctx: Ctx, name: string, allowUpTo: number): number {
  const raw = ctx.q.str(name)!;
  const d = parseDate(raw);
  if (d === null) throw badRequest(`${name}: must be a date in YYYY-MM-DD format, got '${raw}'`);
  if (d < 0) throw badRequest(`${name}: data is available from ${EARLIEST_DATE}; got ${raw}`);
  if (d > allowUpTo) throw tooRecent(name, raw, ctx.latestDay);
  return d;
}

/** `date` (single day) or `starting_date`/`ending_date` (range rollup), per §2.3 and the SDK params. */
function dayWindow(ctx: Ctx, opts: { dateRequired: boolean; rangeAllowed: boolean }): DayWindow {
  const { q, latestDay } = ctx;
  const hasDate = q.str('date') !== undefined;
  const hasStart = opts.rangeAllowed && q.str('starting_date') !== undefined;
  const hasEnd = opts.rangeAllowed && q.str('ending_date') !== undefined;
  if (hasDate && hasStart) throw badRequest('use either date or starting_date, not both');
  if (hasEnd && !hasStart) throw badRequest('ending_date: only valid together with starting_date');
  if (hasStart) {
    const from = readDay(ctx, 'starting_date', latestDay);
    let to: number;
    if (hasEnd) {
      const raw = q.str('ending_date')!;
      to = parseDate(raw) ?? NaN;
      if (Number.isNaN(to)) throw badRequest(`ending_date: must be a date in YYYY-MM-DD format, got '${raw}'`);
      if (to <= from) throw badRequest('ending_date must be after starting_date');
      if (to > latestDay + 1) throw tooRecent('ending_date', raw, latestDay);
    } else {
      // Resolved once on the first page and reused for the rest of the sequence (SDK doc comment).
      to = ctx.paging.resolve('ending_date', () => latestDay + 1);
    }
    if (to - from > MAX_RANGE_DAYS) throw badRequest(`date range must span at most ${MAX_RANGE_DAYS} days; got ${to - from}`);
    return { from, to, range: true };
  }
  if (hasDate) {
    const d = readDay(ctx, 'date', latestDay);
    return { from: d, to: d + 1, range: false };
  }
  if (opts.dateRequired) throw badRequest('date: this parameter is required');
  // [unverified] Without date or starting_date the newest API answers for the latest available day.
  const d = ctx.paging.resolve('date', () => latestDay);
  return { from: d, to: d + 1, range: false };
}

function readFilters(ctx: Ctx, allowed: readonly string[]): Map<string, string[]> {
  const entries = ctx.q.arr('filter') ?? [];
  if (entries.length > 100) throw badRequest('filter[]: at most 100 entries');
  const out = new Map<string, string[]>();
  for (const e of entries) {
    const colon = e.indexOf(':');
    if (colon < 1 || colon === e.length - 1) throw badRequest(`filter[]: expected dimension:value, got '${e}'`);
    const dim = e.slice(0, colon);
    const value = e.slice(colon + 1);
    if (!allowed.includes(dim)) throw badRequest(`filter[]: unsupported dimension '${dim}' on this endpoint; supported: ${allowed.join(', ')}`);
    out.set(dim, [...(out.get(dim) ?? []), value]);
  }
  return out;
}

function readGroupBy(ctx: Ctx, allowed: readonly string[]): string[] {
  const values = ctx.q.arr('group_by') ?? [];
  if (values.length > 100) throw badRequest('group_by[]: at most 100 entries');
  for (const v of values) if (!allowed.includes(v)) throw badRequest(`group_by[]: unsupported dimension '${v}' on this endpoint; supported: ${allowed.join(', ')}`);
  return [...new Set(values)];
}

function readLimit(ctx: Ctx): number {
  return ctx.q.int('limit', 1, 1000, 100);
}

interface Order {
  by: string;
  dir: 1 | -1;
}

/** `order_by` is the endpoint's sort column or one of its rankable metrics; metrics default to desc. */
function readOrder(ctx: Ctx, sortColumn: string, metrics: readonly string[], aliases: readonly string[] = []): Order {
  const raw = ctx.q.str('order_by');
  const by = raw === undefined || aliases.includes(raw) ? sortColumn : raw;
  if (by !== sortColumn && !metrics.includes(by)) throw badRequest(`order_by: unsupported value '${raw}'; supported: ${[sortColumn, ...metrics].join(', ')}`);
  const order = ctx.q.oneOf('order', ['asc', 'desc'] as const, by === sortColumn ? 'asc' : 'desc');
  return { by, dir: order === 'asc' ? 1 : -1 };
}

function product(v: string, allowed: readonly string[]): string {
  if (!allowed.includes(v)) throw badRequest(`filter[]: product must be one of ${allowed.join(', ')}; got '${v}'`);
  return v;
}

/** Member predicate from `user_id` and `rbac_group_id` filters (OR within a dimension, AND across). */
function memberScope(org: AnalyticsOrg, filters: Map<string, string[]>): ((i: number) => boolean) | null {
  const userIds = filters.get('user_id');
  const groupIds = filters.get('rbac_group_id');
  if (!userIds && !groupIds) return null;
  const users = userIds ? new Set(userIds.map((id) => org.memberById.get(id)).filter((x): x is number => x !== undefined)) : null;
  let inGroups: Set<number> | null = null;
  if (groupIds) {
    inGroups = new Set();
    for (const g of groupIds) {
      const gi = org.groupIndexById.get(g);
      if (gi !== undefined) for (const m of org.groups[gi]!.members) inGroups.add(m);
    }
  }
  return (i) => (users === null || users.has(i)) && (inGroups === null || inGroups.has(i));
}

type Cut = Record<string, string | null>;

/** The row cuts a member's activity on one product falls into (groups overlap: any-membership). */
function cutsOf(org: AnalyticsOrg, groupBy: readonly string[], i: number, prod: string | null): Cut[] {
  let cuts: Cut[] = [{}];
  for (const dim of groupBy) {
    if (dim === 'user_id') cuts = cuts.map((c) => ({ ...c, user_id: org.members[i]!.id }));
    else if (dim === 'product') cuts = cuts.map((c) => ({ ...c, product: prod }));
    else if (dim === 'rbac_group_id') {
      const groups = org.members[i]!.groups;
      const ids = groups.length > 0 ? groups.map((g) => org.groups[g]!.id) : [null];
      cuts = cuts.flatMap((c) => ids.map((id) => ({ ...c, rbac_group_id: id })));
    }
  }
  return cuts;
}

function cutKey(groupBy: readonly string[], cut: Cut): string {
  return groupBy.map((d) => cut[d] ?? '\u0000').join('\u0001');
}

/** Flat group fields of a row: requested dimensions, plus `rbac_group_name` beside `rbac_group_id`. */
function cutFields(org: AnalyticsOrg, groupBy: readonly string[], cut: Cut): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const dim of groupBy) {
    out[dim] = cut[dim] ?? null;
    if (dim === 'rbac_group_id') {
      const gi = cut.rbac_group_id ? org.groupIndexById.get(cut.rbac_group_id) : undefined;
      out.rbac_group_name = gi === undefined ? null : org.groups[gi]!.name;
    }
  }
  return out;
}

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Sorts by the order column, then by the tie-breakers ascending. */
function sortRows<T>(rows: T[], order: Order, tieBreakers: ReadonlyArray<(r: T) => unknown>): T[] {
  return rows.sort((x, y) => {
    const primary = compareValues(getPath(x, order.by), getPath(y, order.by)) * order.dir;
    if (primary !== 0) return primary;
    for (const tb of tieBreakers) {
      const c = compareValues(tb(x), tb(y));
      if (c !== 0) return c;
    }
    return 0;
  });
}

/** Visits every active (member, day) of the window that passes the member scope. */
function forEachActive(org: AnalyticsOrg, win: DayWindow, scope: ((i: number) => boolean) | null, visit: (i: number, day: number, mask: number) => void): void {
  for (let d = win.from; d < win.to; d++) {
    const masks = org.mask(d);
    for (let i = 0; i < masks.length; i++) {
      const m = masks[i]!;
      if (m === 0 || (scope !== null && !scope(i))) continue;
      visit(i, d, m);
    }
  }
}

function pageEnvelope(ctx: Ctx, rows: readonly unknown[], limit: number): { data: unknown[]; next_page: string | null } {
  const { data, next } = ctx.paging.page(rows, limit);
  return { data, next_page: next };
}

// ───────────────────────────── /users ─────────────────────────────

const FLAG_D = new Set(USER_FIELDS.flatMap(([, f], i) => (f.includes('d') ? [i] : [])));
const FLAG_F = new Set(USER_FIELDS.flatMap(([, f], i) => (f.includes('f') ? [i] : [])));
const FLAG_S = USER_FIELDS.flatMap(([, f], i) => (f.includes('s') ? [i] : []));
const USER_METRIC_PATHS: string[] = USER_FIELDS.map(([p]) => p);

interface UserAcc {
  v: Float64Array;
  sets: Map<number, Set<number>> | null;
  last: number;
  users: Set<number>;
}

function buildMetrics(v: Float64Array, opts: { aggregated: boolean; countersEnabled: boolean; sets: Map<number, Set<number>> | null }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  USER_FIELDS.forEach(([path], k) => {
    let value: number | null = v[k]!;
    if (opts.sets && opts.sets.has(k)) value = opts.sets.get(k)!.size;
    if (FLAG_F.has(k) && !opts.countersEnabled) value = null;
    if (FLAG_D.has(k) && opts.aggregated) value = null;
    const parts = path.split('.');
    let node = out;
    for (let p = 0; p < parts.length - 1; p++) {
      const key = parts[p]!;
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = value;
  });
  return out;
}

export function listUsers(ctx: Ctx): unknown {
  const { org } = ctx;
  const win = dayWindow(ctx, { dateRequired: false, rangeAllowed: true });
  const filters = readFilters(ctx, ['project_id', 'rbac_group_id', 'user_id']);
  const groupBy = readGroupBy(ctx, ['rbac_group_id']);
  if (filters.has('project_id') && (groupBy.length > 0 || filters.has('rbac_group_id'))) throw badRequest('filter[]: project_id cannot be combined with group_by[] or an rbac_group_id filter');
  const limit = readLimit(ctx);
  const order = readOrder(ctx, 'user.email_address', ['last_activity_date', ...USER_METRIC_PATHS], ['email', 'email_address', 'user_email']);

  const rows = ctx.cache.get<Record<string, unknown>>(ctx.cacheKey({ win }), () => {
    const scope = memberScope(org, filters);
    const projectIds = filters.get('project_id');
    const projectSet = projectIds ? new Set(org.projects.flatMap((p, pi) => (projectIds.includes(p.id) ? [pi] : []))) : null;
    const perUser = new Map<number, UserAcc>();
    const msgIdx = fieldIndex('chat_metrics.message_count');
    const convIdx = fieldIndex('chat_metrics.distinct_conversation_count');
    const projIdx = fieldIndex('chat_metrics.distinct_projects_used_count');
    forEachActive(org, win, scope, (i, day, mask) => {
      if (projectSet && !(mask & P_CHAT)) return;
      const det = org.detail(i, day, mask);
      let v = det.v;
      let ids: Map<number, number[]> | null = win.range ? org.distinctIds(det) : null;
      if (projectSet) {
        // Scoped to chat activity inside the filtered projects.
        const uses = det.projects.filter((p) => projectSet.has(p.p));
        if (uses.length === 0) return;
        v = new Float64Array(USER_FIELDS.length);
        v[msgIdx] = uses.reduce((a, u) => a + u.msgs, 0);
        v[convIdx] = uses.reduce((a, u) => a + u.convs, 0);
        v[projIdx] = uses.length;
        ids = win.range ? new Map([[projIdx, uses.map((u) => u.p)]]) : null;
      }
      let acc = perUser.get(i);
      if (!acc) {
        acc = { v: new Float64Array(USER_FIELDS.length), sets: win.range ? new Map() : null, last: day, users: new Set([i]) };
        perUser.set(i, acc);
      }
      for (let k = 0; k < v.length; k++) addAt(acc.v, k, v[k]!);
      acc.last = day;
      if (acc.sets && ids) {
        for (const k of FLAG_S) {
          const list = ids.get(k);
          if (!list) continue;
          const s = acc.sets.get(k) ?? new Set<number>();
          for (const id of list) s.add(id);
          acc.sets.set(k, s);
        }
        for (const k of FLAG_S) if (!acc.sets.has(k)) acc.sets.set(k, new Set());
      }
    });
    const countersEnabled = win.from >= COWORK_COUNTERS_START;
    if (groupBy.length === 0) {
      const out = [...perUser.entries()].map(([i, acc]) => {
        const mem = org.members[i]!;
        return {
          user: { id: mem.id, email_address: mem.email, type: 'user' },
          distinct_user_count: null,
          ...buildMetrics(acc.v, { aggregated: false, countersEnabled, sets: acc.sets }),
          last_activity_date: dateOfDay(acc.last),
        };
      });
      return sortRows<Record<string, unknown>>(out, order, [(r) => getPath(r, 'user.email_address'), (r) => getPath(r, 'user.id')]);
    }
    const perGroup = new Map<string, UserAcc & { cut: Cut }>();
    for (const [i, acc] of perUser) {
      for (const cut of cutsOf(org, groupBy, i, null)) {
        const key = cutKey(groupBy, cut);
        let g = perGroup.get(key);
        if (!g) {
          g = { v: new Float64Array(USER_FIELDS.length), sets: null, last: acc.last, users: new Set(), cut };
          perGroup.set(key, g);
        }
        for (let k = 0; k < acc.v.length; k++) addAt(g.v, k, acc.v[k]!);
        g.last = Math.max(g.last, acc.last);
        g.users.add(i);
      }
    }
    const out = [...perGroup.values()].map((g) => ({
      user: null,
      distinct_user_count: g.users.size,
      ...buildMetrics(g.v, { aggregated: true, countersEnabled, sets: null }),
      last_activity_date: dateOfDay(g.last),
      ...cutFields(org, groupBy, g.cut),
    }));
    const byGroup: Order = order.by === 'user.email_address' ? { by: 'rbac_group_id', dir: order.dir } : order;
    return sortRows<Record<string, unknown>>(out, byGroup, [(r) => r.rbac_group_id]);
    // A /users row holds ~80 metrics: weigh it accordingly in the cache budget.
  }, (r) => r.length * 6);
  return pageEnvelope(ctx, rows, limit);
}

// ───────────────────────────── /summaries ─────────────────────────────

const SUMMARY_PRODUCTS: ReadonlyArray<readonly [string, number]> = [
  ['chat', P_CHAT],
  ['claude_code', P_CODE],
  ['claude_design', P_DESIGN],
  ['office_agent', P_OFFICE],
  ['science', P_SCIENCE],
];

export function listSummaries(ctx: Ctx): unknown {
  const { org, q, latestDay } = ctx;
  if (q.str('date') !== undefined && q.str('starting_date') !== undefined) throw badRequest('use either date or starting_date, not both');
  if (q.str('starting_date') === undefined) throw badRequest('starting_date: this parameter is required');
  const from = readDay(ctx, 'starting_date', latestDay);
  let to: number;
  const endRaw = q.str('ending_date');
  if (endRaw !== undefined) {
    const e = parseDate(endRaw);
    if (e === null) throw badRequest(`ending_date: must be a date in YYYY-MM-DD format, got '${endRaw}'`);
    if (e <= from) throw badRequest('ending_date must be after starting_date');
    if (e > latestDay + 1) throw tooRecent('ending_date', endRaw, latestDay);
    to = e;
  } else {
    to = Math.min(latestDay + 1, from + ctx.summariesMaxRangeDays);
  }
  if (to - from > ctx.summariesMaxRangeDays) throw badRequest(`date range must span at most ${ctx.summariesMaxRangeDays} days; got ${to - from}`);
  const filters = readFilters(ctx, ['rbac_group_id']);
  readGroupBy(ctx, []);
  q.int('limit', 1, 1000, 100); // accepted by the newest SDK; the series is always returned whole

  const days = ctx.cache.get(ctx.cacheKey({ from, to }), () => {
    const scope = memberScope(org, filters);
    const scoped = scope !== null;
    const n = org.members.length;
    const cats = [0, P_COWORK, ...SUMMARY_PRODUCTS.map(([, bit]) => bit)];
    const last = cats.map(() => new Int32Array(n).fill(-1_000_000));
    const out: Record<string, unknown>[] = [];
    const createdDay = org.view.users.map((u) => {
      const ms = Date.parse(u.createdAt);
      return Number.isFinite(ms) ? dayOfMs(ms) : -1_000;
    });
    for (let d = Math.max(0, from - 29); d < to; d++) {
      const masks = org.mask(d);
      const dau = cats.map(() => 0);
      for (let i = 0; i < n; i++) {
        const m = masks[i]!;
        if (m === 0 || (scope !== null && !scope(i))) continue;
        cats.forEach((bit, c) => {
          if (bit === 0 || m & bit) {
            last[c]![i] = d;
            dau[c]!++;
          }
        });
      }
      if (d < from) continue;
      const count = (c: number, window: number): number => {
        let k = 0;
        const arr = last[c]!;
        for (let i = 0; i < n; i++) if (arr[i]! > d - window) k++;
        return k;
      };
      let seats = 0;
      let pending = 0;
      let scienceEntitled = 0;
      for (let i = 0; i < n; i++) {
        if (!org.view.users[i]!.active) continue;
        if (createdDay[i]! <= d) {
          seats++;
          if (org.members[i]!.products & P_SCIENCE) scienceEntitled++;
        } else if (createdDay[i]! <= d + 7) pending++;
      }
      pending += new Rng(mix(org.seed, d, 0x1417e)).int(0, 2);
      const [DAU, WAU, MAU] = [dau[0]!, count(0, 7), count(0, 30)];
      const rate = (x: number): number | null => (scoped || seats === 0 ? null : Math.round((x / seats) * 1000) / 10);
      const day: Record<string, unknown> = {
        starting_at: `${dateOfDay(d)}T00:00:00Z`,
        ending_at: `${dateOfDay(d + 1)}T00:00:00Z`,
        daily_active_user_count: DAU,
        weekly_active_user_count: WAU,
        monthly_active_user_count: MAU,
        assigned_seat_count: scoped ? null : seats,
        pending_invite_count: scoped ? null : pending,
        daily_adoption_rate: rate(DAU),
        weekly_adoption_rate: rate(WAU),
        monthly_adoption_rate: rate(MAU),
        cowork_daily_active_user_count: dau[1]!,
        cowork_weekly_active_user_count: count(1, 7),
        cowork_monthly_active_user_count: count(1, 30),
      };
      SUMMARY_PRODUCTS.forEach(([name], p) => {
        day[`${name}_daily_active_user_count`] = dau[p + 2]!;
        day[`${name}_weekly_active_user_count`] = count(p + 2, 7);
        day[`${name}_monthly_active_user_count`] = count(p + 2, 30);
      });
      day.science_entitled_user_count = scoped ? null : scienceEntitled;
      out.push(day);
    }
    return out;
  });
  if (ctx.summariesEnvelope === 'legacy') return { summaries: days };
  return { data: days, summaries: days, next_page: null };
}

// ───────────────────────────── entity endpoints ─────────────────────────────

interface EntityAcc {
  entity: number | string;
  cut: Cut;
  users: Set<number>;
  /** Endpoint-specific sums. */
  n: Float64Array;
  /** Endpoint-specific distinct-user sets (e.g. managed / individual auth, installers). */
  sets: Array<Set<number>>;
}

class EntityAggregator {
  readonly map = new Map<string, EntityAcc>();
  constructor(
    private readonly org: AnalyticsOrg,
    private readonly groupBy: readonly string[],
    private readonly width: number,
    private readonly setCount = 0,
  ) {}

  /** Adds into every cut the (entity, member, product) falls in; `fn` updates the accumulator. */
  add(entity: number | string, i: number, prod: string | null, fn: (a: EntityAcc) => void): void {
    for (const cut of cutsOf(this.org, this.groupBy, i, prod)) {
      const key = `${entity}\u0002${cutKey(this.groupBy, cut)}`;
      let a = this.map.get(key);
      if (!a) {
        a = { entity, cut, users: new Set(), n: new Float64Array(this.width), sets: Array.from({ length: this.setCount }, () => new Set<number>()) };
        this.map.set(key, a);
      }
      a.users.add(i);
      fn(a);
    }
  }
}

function groupTieBreakers(groupBy: readonly string[]): Array<(r: Record<string, unknown>) => unknown> {
  return groupBy.map((d) => (r: Record<string, unknown>) => r[d]);
}

function officeBlock(key: string, values: (app: number) => number | null): Record<string, Record<string, number | null>> {
  const out: Record<string, Record<string, number | null>> = {};
  OFFICE_APPS.forEach((app, a) => {
    out[app] = { [key]: values(a) };
  });
  return out;
}

/** Product filter values accepted per endpoint (SDK doc comments). */
const ENGAGEMENT_PRODUCTS = ['chat', 'claude_code', 'cowork', 'office_agent', 'chat_cowork_unified'] as const;

function surfaceFilter(filters: Map<string, string[]>, allowed: readonly string[]): Set<string> | null {
  const values = filters.get('product');
  return values ? new Set(values.map((v) => product(v, allowed))) : null;
}

// /apps/chat/projects

export function listProjects(ctx: Ctx): unknown {
  const { org, q } = ctx;
  const win = dayWindow(ctx, { dateRequired: false, rangeAllowed: true });
  if ((q.arr('group_by') ?? []).includes('product') || (q.arr('filter') ?? []).some((f) => f.startsWith('product:'))) {
    throw badRequest('product is not a supported dimension on /apps/chat/projects');
  }
  const filters = readFilters(ctx, ['project_id', 'rbac_group_id', 'user_id']);
  const groupBy = readGroupBy(ctx, ['rbac_group_id', 'user_id']);
  const limit = readLimit(ctx);
  const order = readOrder(ctx, 'project_id', ['distinct_user_count', 'distinct_conversation_count', 'message_count', 'project_name', 'created_at']);
  const rows = ctx.cache.get(ctx.cacheKey({ win }), () => {
    const scope = memberScope(org, filters);
    const only = filters.get('project_id');
    const agg = new EntityAggregator(org, groupBy, 2);
    forEachActive(org, win, scope, (i, day, mask) => {
      if (!(mask & P_CHAT)) return;
      for (const u of org.detail(i, day, mask).projects) {
        if (only && !only.includes(org.projects[u.p]!.id)) continue;
        agg.add(u.p, i, null, (a) => {
          addAt(a.n, 0, u.convs);
          addAt(a.n, 1, u.msgs);
        });
      }
    });
    const out = [...agg.map.values()].map((a) => {
      const p = org.projects[a.entity as number]!;
      const creator = p.creatorIdx === null ? null : org.members[p.creatorIdx]!;
      return {
        project_id: p.id,
        project_name: p.name,
        distinct_user_count: a.users.size,
        distinct_conversation_count: a.n[0]!,
        message_count: a.n[1]!,
        created_at: p.createdAt,
        created_by: creator ? { id: creator.id, email_address: creator.email, type: 'user' } : null,
        ...cutFields(org, groupBy, a.cut),
      };
    });
    return sortRows(out, order, [(r) => r.project_id, ...groupTieBreakers(groupBy)]);
  });
  return pageEnvelope(ctx, rows, limit);
}

// /skills

/** [unverified] Synthetic list-price value (micro-cents) of one skill invocation by a member on a day. */
function skillInvocationValue(org: AnalyticsOrg, i: number, day: number, skill: number): number {
  return ((mix(org.seed, org.members[i]!.hash, day, skill, 0x5c1) % 260) + 40) * 1_000_000;
}

export function listSkills(ctx: Ctx): unknown {
  const { org } = ctx;
  const win = dayWindow(ctx, { dateRequired: false, rangeAllowed: true });
  const filters = readFilters(ctx, ['product', 'rbac_group_id', 'share_status', 'skill_name', 'user_id']);
  const groupBy = readGroupBy(ctx, ['product', 'rbac_group_id', 'user_id']);
  const limit = readLimit(ctx);
  const order = readOrder(ctx, 'skill_name', ['distinct_user_count', 'invocation_count', 'enable_count']);
  const surfaces = surfaceFilter(filters, ENGAGEMENT_PRODUCTS);
  const shares = filters.get('share_status');
  for (const s of shares ?? []) if (!['organization', 'private', 'public'].includes(s)) throw badRequest(`filter[]: share_status must be organization, private or public; got '${s}'`);
  const names = filters.get('skill_name')?.map((s) => s.toLowerCase());
  const rows = ctx.cache.get(ctx.cacheKey({ win }), () => {
    const scope = memberScope(org, filters);
    // n: 0 chat convs, 1 code sessions, 2 cowork sessions, 3..6 office apps, 7 invocations, 8 attributed list, 9 attributable uses
    const agg = new EntityAggregator(org, groupBy, 10);
    forEachActive(org, win, scope, (i, day, mask) => {
      for (const u of org.detail(i, day, mask).skills) {
        const info = SKILLS[u.s]!;
        if (surfaces && !surfaces.has(u.surface)) continue;
        if (shares && (info.share === null || !shares.includes(info.share))) continue;
        if (names && !names.includes(info.name.toLowerCase()) && !names.includes((info.displayName ?? '').toLowerCase())) continue;
        agg.add(u.s, i, u.surface, (a) => {
          const slot = u.surface === 'chat' ? 0 : u.surface === 'claude_code' ? 1 : u.surface === 'cowork' ? 2 : 3 + u.app;
          addAt(a.n, slot, u.units);
          addAt(a.n, 7, u.invocations);
          const attributable = u.surface === 'claude_code' || u.surface === 'cowork' || (u.surface === 'office_agent' && day >= OFFICE_ATTRIBUTION_START);
          if (attributable) {
            addAt(a.n, 8, u.invocations * skillInvocationValue(org, i, day, u.s));
            addAt(a.n, 9, 1);
          }
        });
      }
    });
    const perCut = groupBy.length > 0 || filters.has('user_id') || filters.has('rbac_group_id') || filters.has('product');
    const out = [...agg.map.values()].map((a) => {
      const info = SKILLS[a.entity as number]!;
      const chatRow = a.cut.product === 'chat';
      const attributed = chatRow || a.n[9] === 0 ? null : a.n[8]!;
      const enable = perCut || win.range ? null : new Rng(mix(org.seed, hashString(info.name), win.from, 0xe4ab)).poisson(a.users.size * 0.08);
      return {
        skill_name: info.name,
        skill_display_name: info.displayName,
        share_status: info.share,
        distinct_user_count: a.users.size,
        chat_metrics: { distinct_conversation_skill_used_count: a.n[0]! },
        claude_code_metrics: { distinct_session_skill_used_count: a.n[1]! },
        cowork_metrics: { distinct_session_skill_used_count: a.n[2]! },
        office_metrics: officeBlock('distinct_session_skill_used_count', (app) => a.n[3 + app]!),
        invocation_count: a.n[7]!,
        enable_count: enable,
        // [unverified] overage share of the attributed value: the sandbox org is usage-based with a 20% discount, ~35% above seat allowances.
        estimated_overage_spend: attributed === null ? null : formatMicrocents(Math.round(attributed * 0.8 * 0.35)),
        attributed_list_price: attributed === null ? null : formatMicrocents(attributed),
        currency: attributed === null ? null : 'USD',
        ...cutFields(org, groupBy, a.cut),
      };
    });
    return sortRows(out, order, [(r) => r.skill_name, ...groupTieBreakers(groupBy)]);
  });
  return pageEnvelope(ctx, rows, limit);
}

// /connectors

export function listConnectors(ctx: Ctx): unknown {
  const { org } = ctx;
  const win = dayWindow(ctx, { dateRequired: false, rangeAllowed: true });
  const filters = readFilters(ctx, ['connector_name', 'product', 'rbac_group_id', 'user_id']);
  const groupBy = readGroupBy(ctx, ['product', 'rbac_group_id', 'user_id']);
  const limit = readLimit(ctx);
  const order = readOrder(ctx, 'connector_name', ['distinct_user_count', 'read_call_count', 'write_call_count', 'unclassified_call_count']);
  const surfaces = surfaceFilter(filters, ENGAGEMENT_PRODUCTS);
  const names = filters.get('connector_name')?.map((s) => s.toLowerCase());
  const rows = ctx.cache.get(ctx.cacheKey({ win }), () => {
    const scope = memberScope(org, filters);
    const wanted = names
      ? new Set(
          org.connectors.flatMap((c, ci) => {
            const forms = [c.name.toLowerCase(), (c.displayName ?? '').toLowerCase()];
            return names.some((n) => forms.includes(n) || forms.includes(n.replace(/[^a-z0-9]+/g, '-').replace(/-?(mcp|server)-?/g, ''))) ? [ci] : [];
          }),
        )
      : null;
    // n: 0 chat convs, 1 code sessions, 2 cowork sessions, 3..6 office apps, 7 read, 8 write, 9 unclassified
    // sets: 0 managed-auth users, 1 individual-auth users
    const agg = new EntityAggregator(org, groupBy, 10, 2);
    forEachActive(org, win, scope, (i, day, mask) => {
      for (const u of org.detail(i, day, mask).connectors) {
        if (surfaces && !surfaces.has(u.surface)) continue;
        if (wanted && !wanted.has(u.c)) continue;
        agg.add(u.c, i, u.surface, (a) => {
          const slot = u.surface === 'chat' ? 0 : u.surface === 'claude_code' ? 1 : u.surface === 'cowork' ? 2 : 3 + u.app;
          addAt(a.n, slot, u.units);
          addAt(a.n, 7, u.read ?? 0);
          addAt(a.n, 8, u.write ?? 0);
          addAt(a.n, 9, u.unclassified ?? 0);
          if (day >= MANAGED_AUTH_START) a.sets[u.managed ? 0 : 1]!.add(i);
        });
      }
    });
    const classified = win.from >= CLASSIFY_FIRST_DAY;
    const authKnown = win.from >= MANAGED_AUTH_START;
    const out = [...agg.map.values()].map((a) => {
      const info = org.connectors[a.entity as number]!;
      return {
        connector_name: info.name,
        connector_display_name: info.displayName,
        distinct_user_count: a.users.size,
        chat_metrics: { distinct_conversation_connector_used_count: a.n[0]! },
        claude_code_metrics: { distinct_session_connector_used_count: a.n[1]! },
        cowork_metrics: { distinct_session_connector_used_count: a.n[2]! },
        office_metrics: officeBlock('distinct_session_connector_used_count', (app) => a.n[3 + app]!),
        read_call_count: classified ? a.n[7]! : null,
        write_call_count: classified ? a.n[8]! : null,
        unclassified_call_count: classified ? a.n[9]! : null,
        managed_auth_distinct_user_count: authKnown ? a.sets[0]!.size : null,
        individual_auth_distinct_user_count: authKnown ? a.sets[1]!.size : null,
        ...cutFields(org, groupBy, a.cut),
      };
    });
    return sortRows(out, order, [(r) => r.connector_name, ...groupTieBreakers(groupBy)]);
  });
  return pageEnvelope(ctx, rows, limit);
}

// /plugins

export function listPlugins(ctx: Ctx): unknown {
  const { org } = ctx;
  const win = dayWindow(ctx, { dateRequired: false, rangeAllowed: true });
  const filters = readFilters(ctx, ['plugin_name', 'product', 'rbac_group_id', 'user_id']);
  const groupBy = readGroupBy(ctx, ['product', 'rbac_group_id', 'user_id']);
  const limit = readLimit(ctx);
  const order = readOrder(ctx, 'plugin_name', ['distinct_user_count', 'install_count', 'invocation_count']);
  const surfaces = surfaceFilter(filters, ['claude_code', 'cowork', 'chat_cowork_unified']);
  const names = filters.get('plugin_name')?.map((s) => s.toLowerCase());
  const rows = ctx.cache.get(ctx.cacheKey({ win }), () => {
    const scope = memberScope(org, filters);
    // n: 0 code sessions, 1 cowork sessions, 2 invocations; sets: 0 installers
    const agg = new EntityAggregator(org, groupBy, 3, 1);
    forEachActive(org, win, scope, (i, day, mask) => {
      if (!(mask & (P_CODE | P_COWORK))) return;
      for (const u of org.detail(i, day, mask).plugins) {
        const info = PLUGINS[u.p]!;
        if (surfaces && !surfaces.has(u.surface)) continue;
        if (names && !names.includes(info.name.toLowerCase()) && !names.includes((info.id ?? '').toLowerCase())) continue;
        agg.add(u.p, i, u.surface, (a) => {
          addAt(a.n, u.surface === 'claude_code' ? 0 : 1, u.sessions);
          addAt(a.n, 2, u.invocations);
          if (u.installed) a.sets[0]!.add(i);
        });
      }
    });
    const out = [...agg.map.values()].map((a) => {
      const info = PLUGINS[a.entity as number]!;
      return {
        plugin_name: info.name,
        plugin_id: info.id,
        distinct_user_count: a.users.size,
        install_count: a.sets[0]!.size,
        invocation_count: a.n[2]!,
        claude_code_metrics: { distinct_session_plugin_used_count: a.n[0]! },
        cowork_metrics: { distinct_session_plugin_used_count: a.n[1]! },
        ...cutFields(org, groupBy, a.cut),
      };
    });
    return sortRows(out, order, [(r) => r.plugin_name, ...groupTieBreakers(groupBy)]);
  });
  return pageEnvelope(ctx, rows, limit);
}

// /artifacts

export function listArtifacts(ctx: Ctx): unknown {
  const { org } = ctx;
  const win = dayWindow(ctx, { dateRequired: true, rangeAllowed: false });
  const filters = readFilters(ctx, ['artifact_type', 'is_shared', 'product', 'rbac_group_id', 'user_id']);
  const groupBy = readGroupBy(ctx, ['product', 'rbac_group_id', 'user_id']);
  const limit = readLimit(ctx);
  const surfaces = surfaceFilter(filters, ['chat', 'claude_code', 'cowork', 'chat_cowork_unified']);
  const types = filters.get('artifact_type');
  const shared = filters.get('is_shared')?.map((s) => {
    if (s !== 'true' && s !== 'false') throw badRequest(`filter[]: is_shared must be true or false; got '${s}'`);
    return s === 'true';
  });
  const rows = ctx.cache.get(ctx.cacheKey({ win }), () => {
    const scope = memberScope(org, filters);
    // n: 0 created, 1 published
    const agg = new EntityAggregator(org, groupBy, 2);
    forEachActive(org, win, scope, (i, day, mask) => {
      for (const u of org.detail(i, day, mask).artifacts) {
        if (surfaces && !surfaces.has(u.product)) continue;
        if (types && !types.includes(u.type)) continue;
        if (shared && !shared.includes(u.shared)) continue;
        agg.add(`${u.type}|${u.shared}`, i, u.product, (a) => {
          addAt(a.n, 0, 1);
          if (u.published) addAt(a.n, 1, 1);
        });
      }
    });
    const out = [...agg.map.values()].map((a) => {
      const [type, isShared] = String(a.entity).split('|') as [string, string];
      return {
        artifact_type: type,
        is_shared: isShared === 'true',
        artifacts_created_count: a.n[0]!,
        published_artifacts_created_count: a.n[1]!,
        distinct_user_count: a.users.size,
        ...cutFields(org, groupBy, a.cut),
      };
    });
    return sortRows(out, { by: 'artifact_type', dir: 1 }, [(r) => String(r.is_shared), ...groupTieBreakers(groupBy)]);
  });
  if (groupBy.length === 0) return { data: rows, next_page: null };
  return pageEnvelope(ctx, rows, limit);
}

