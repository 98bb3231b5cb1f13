/**
 * The deterministic activity model behind every Analytics endpoint.
 *
 * Everything is a pure function of the DirectoryView, its seed and a day: a member's profile
 * (archetype, products, connectors, skills, projects, time zone), whether they were active on a day
 * and on which products, what they did (messages, sessions, connector calls …) and the usage records
 * (tokens, requests) that activity billed. Nothing per day is stored except one byte per member per
 * day (the product mask), so 10k members × a year stay around 4 MB; endpoints recompute what they
 * need and cache whole query results (see cache.ts).
 *
 * Modelling choices (all [inferred] — synthetic but shaped like a real tenant):
 * - only members with `active: true` have activity, from the day their account was created;
 * - archetypes: ~8% dormant seats, then rare / occasional / regular / power users; a log-normal
 *   intensity with a few heavy users (×6) gives the skew admins see;
 * - weekends are quieter and adoption ramps up over the first months of 2026;
 * - the day a member creates a project (view.projects) they are active in chat;
 * - all usage is attributable to a seat user (no API-key or service-account traffic), so per-user
 *   reports and org-level reports over the same range add up to the same totals.
 */
import type { DirectoryView } from '../shared/contracts.ts';
import {
  ARTIFACT_TYPES,
  CLASSIFY_START,
  CODE_ARTIFACTS_START,
  COWORK_COUNTERS_START,
  OFFICE_APPS,
  P_CHAT,
  P_CHROME,
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
  type Surface,
} from './catalog.ts';
import { MINUTE_MS, dayOfMs, dayStartMs, parseDate, weekdayOfDay } from './dates.ts';
import { Rng, hashString, mix } from './prng.ts';

export interface Member {
  idx: number;
  id: string;
  email: string;
  name: string;
  hash: number;
  /** First day with possible activity (account creation day, ≥ 0). */
  startDay: number;
  pActive: number;
  intensity: number;
  products: number;
  officeApps: number;
  geo: 'global' | 'us';
  tzOffsetMin: number;
  fast: boolean;
  longContext: number;
  groups: number[];
  orgIdx: number;
  connectors: number[];
  /** Per connector in `connectors`: true when the org manages the credential (Enterprise Managed Auth). */
  managedAuth: boolean[];
  skills: number[];
  plugins: number[];
  projects: number[];
}

export interface ConnectorInfo {
  /** `connector_name` as reported: normalized name, or an opaque id for some custom servers. */
  name: string;
  displayName: string | null;
}

export interface ProjectInfo {
  id: string;
  name: string;
  createdAt: string;
  createdDay: number;
  creatorIdx: number | null;
  orgIdx: number;
}

export interface GroupInfo {
  id: string;
  name: string;
  members: number[];
}

/** What a member did on one day, before usage records. */
export interface DayBase {
  k: number;
  chatConvs: number;
  chatMsgs: number;
  thinking: number;
  /** Web searches from chat and from Claude Code (web_search_count is their sum). */
  chatWeb: number;
  codeWeb: number;
  files: number;
  codeSessions: number;
  codeRequests: number;
  coworkSessions: number;
  coworkMsgs: number;
  officeSessions: number[];
  officeMsgs: number[];
  designSessions: number;
  designMsgs: number;
  scienceSessions: number;
  scienceMsgs: number;
  chromeSessions: number;
  chromeRequests: number;
}

export interface ConnectorUse {
  c: number;
  surface: Surface;
  /** Office app index for `office_agent`, else -1. */
  app: number;
  units: number;
  calls: number;
  /** null when the surface was not classified yet that day. */
  read: number | null;
  write: number | null;
  unclassified: number | null;
  managed: boolean;
}

export interface SkillUse {
  s: number;
  surface: Surface;
  app: number;
  units: number;
  invocations: number;
}

export interface PluginUse {
  p: number;
  surface: 'claude_code' | 'cowork';
  sessions: number;
  invocations: number;
  installed: boolean;
}

export interface ArtifactUse {
  type: string;
  shared: boolean;
  published: boolean;
  product: 'chat' | 'claude_code' | 'cowork';
}

export interface ProjectUse {
  p: number;
  convs: number;
  msgs: number;
}

export interface UserDay {
  i: number;
  day: number;
  mask: number;
  base: DayBase;
  /** Values in USER_FIELDS order. */
  v: Float64Array;
  connectors: ConnectorUse[];
  skills: SkillUse[];
  plugins: PluginUse[];
  artifacts: ArtifactUse[];
  projects: ProjectUse[];
}

export type ContextWindow = '0-200k' | '200k-1M';

/** One billed usage record: a member's work on one product at one moment (or a code-execution span batch). */
export interface UsageRecord {
  user: number;
  t: number;
  product: string | null;
  model: string | null;
  contextWindow: ContextWindow | null;
  geo: 'global' | 'us' | null;
  speed: 'fast' | 'standard' | null;
  uncached: number;
  cacheRead: number;
  cache5m: number;
  cache1h: number;
  output: number;
  /** API requests; on code-execution records, execution spans. */
  requests: number;
  webSearches: number;
  /** Code-execution spans (only on records with product and model null). */
  spans: number;
}

/** [inferred] Release days of catalog models (claude-models.md §1.3): no usage of a model before it shipped. */
const RELEASES: Record<string, string> = {
  'claude-fable-5-2': '2026-11-09',
  'claude-mythos-5-2': '2026-11-09',
  'claude-fable-5-1': '2026-09-01',
  'claude-mythos-5-1': '2026-09-01',
  'claude-opus-5-5': '2026-09-22',
  'claude-sonnet-5-5': '2026-09-28',
  'claude-haiku-5-5': '2026-10-07',
  'claude-fable-5': '2026-06-09',
  'claude-mythos-5': '2026-06-09',
  'claude-opus-5': '2026-07-24',
  'claude-sonnet-5': '2026-06-30',
  'claude-opus-4-8': '2026-05-28',
  'claude-opus-4-7': '2026-04-16',
  'claude-opus-4-6': '2026-02-05',
  'claude-sonnet-4-6': '2026-02-17',
};
/** [inferred] …nor after it retired. */
const RETIREMENTS: Record<string, string> = {
  'claude-sonnet-4-5-20250929': '2026-11-30',
  'claude-opus-4-1-20250805': '2026-08-05',
  'claude-opus-4-20250514': '2026-06-15',
  'claude-sonnet-4-20250514': '2026-06-15',
  'claude-3-7-sonnet-20250219': '2026-02-19',
  'claude-3-5-haiku-20241022': '2026-02-19',
  'claude-3-haiku-20240307': '2026-04-20',
  'claude-3-opus-20240229': '2026-01-05',
  'claude-3-5-sonnet-20241022': '2025-10-28',
  'claude-3-5-sonnet-20240620': '2025-10-28',
  'claude-mythos-preview': '2026-07-21',
};

const TZ_OFFSETS = [-480, -420, -300, 0, 60, 120, 330, 540];
const TZ_WEIGHTS = [0.2, 0.08, 0.3, 0.14, 0.14, 0.04, 0.06, 0.04];

/** Normalizes a connector display name the way the API reports it ("Atlassian MCP server" → "atlassian"). */
export function normalizeConnectorName(name: string): string {
  const n = name
    .toLowerCase()
    .replace(/\b(mcp|server|connector|remote|official)\b/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return n === '' ? name.toLowerCase() : n;
}

/** Cumulative weights for O(log n) weighted picks. */
class Picker {
  private readonly cum: Float64Array;
  constructor(readonly items: readonly number[], weights: readonly number[]) {
    this.cum = new Float64Array(items.length);
    let s = 0;
    for (let i = 0; i < items.length; i++) {
      s += weights[i]!;
      this.cum[i] = s;
    }
  }
  get size(): number {
    return this.items.length;
  }
  pick(r: Rng): number {
    const total = this.cum[this.cum.length - 1] ?? 0;
    const x = r.next() * total;
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

export class AnalyticsOrg {
  readonly seed: number;
  readonly members: Member[];
  readonly memberById = new Map<string, number>();
  readonly groups: GroupInfo[];
  readonly groupIndexById = new Map<string, number>();
  readonly connectors: ConnectorInfo[];
  readonly projects: ProjectInfo[];
  readonly organizations: DirectoryView['organizations'];
  readonly models: Array<{ id: string; share: number; from: number; until: number }>;
  /** (member, day) → number of projects the member created that day. */
  private readonly projectsCreated = new Map<number, number>();
  private readonly masks = new Map<number, Uint8Array>();
  private readonly modelWeights = new Map<number, { ids: string[]; weights: number[] }>();

  constructor(readonly view: DirectoryView) {
    this.seed = view.seed | 0;
    this.organizations = view.organizations;
    const orgIndex = new Map(view.organizations.map((o, i) => [o.uuid, i]));

    // Models: the view's mix, normalized; a fallback keeps an empty view usable.
    const viewModels = view.models.length > 0 ? view.models : [{ id: 'claude-sonnet-4-6', share: 1 }];
    const shareSum = viewModels.reduce((a, m) => a + Math.max(0, m.share), 0) || 1;
    this.models = viewModels.map((m) => ({
      id: m.id,
      share: Math.max(0, m.share) / shareSum,
      from: RELEASES[m.id] ? (parseDate(RELEASES[m.id]!) ?? -Infinity) : -Infinity,
      until: RETIREMENTS[m.id] ? (parseDate(RETIREMENTS[m.id]!) ?? Infinity) : Infinity,
    }));

    // Connectors: one row per normalized name (several servers can share one); every fourth custom
    // server reports under its opaque id with the display name resolved beside it.
    this.connectors = [];
    const connectorByName = new Map<string, number>();
    const serverConnector: number[] = [];
    for (const s of view.mcpServers) {
      const opaque = hashString(`${view.seed}:${s.id}`) % 4 === 0;
      const name = opaque ? s.id : normalizeConnectorName(s.name);
      let idx = connectorByName.get(name);
      if (idx === undefined) {
        idx = this.connectors.length;
        this.connectors.push({ name, displayName: opaque ? s.name : null });
        connectorByName.set(name, idx);
      }
      serverConnector.push(idx);
    }

    view.users.forEach((u, i) => this.memberById.set(u.id, i));
    this.groups = view.groups.map((g, gi) => {
      this.groupIndexById.set(g.id, gi);
      this.groupIndexById.set(g.id.replace(/^rbac_group_/, ''), gi);
      return { id: g.id, name: g.name, members: g.memberIds.map((id) => this.memberById.get(id)).filter((x): x is number => x !== undefined) };
    });
    const userGroups: number[][] = view.users.map(() => []);
    this.groups.forEach((g, gi) => {
      for (const m of g.members) userGroups[m]!.push(gi);
    });

    this.projects = view.projects.map((p) => {
      const creatorIdx = p.creatorUserId === null ? null : (this.memberById.get(p.creatorUserId) ?? null);
      const createdMs = Date.parse(p.createdAt);
      return {
        id: p.id,
        name: p.name,
        createdAt: p.createdAt,
        createdDay: Number.isFinite(createdMs) ? dayOfMs(createdMs) : 0,
        creatorIdx,
        orgIdx: orgIndex.get(p.organizationUuid) ?? 0,
      };
    });
    const projectsByCreator = new Map<number, number[]>();
    this.projects.forEach((p, pi) => {
      if (p.creatorIdx === null) return;
      const list = projectsByCreator.get(p.creatorIdx) ?? [];
      list.push(pi);
      projectsByCreator.set(p.creatorIdx, list);
      const key = p.creatorIdx * 4096 + (p.createdDay + 512);
      if (p.createdDay >= 0) this.projectsCreated.set(key, (this.projectsCreated.get(key) ?? 0) + 1);
    });
    // Project popularity: Zipf over the view order, per organization.
    const projectPickers = new Map<number, Picker>();
    const byOrg = new Map<number, number[]>();
    this.projects.forEach((p, pi) => byOrg.set(p.orgIdx, [...(byOrg.get(p.orgIdx) ?? []), pi]));
    for (const [o, list] of byOrg) projectPickers.set(o, new Picker(list, list.map((_, r) => 1 / Math.pow(r + 1, 0.8))));
    const allProjects = new Picker(
      this.projects.map((_, i) => i),
      this.projects.map((_, r) => 1 / Math.pow(r + 1, 0.8)),
    );
    const connectorPicker = new Picker(
      serverConnector,
      serverConnector.map((_, r) => 1 / (1 + r * 0.35)),
    );
    const skillPicker = new Picker(
      SKILLS.map((_, i) => i),
      SKILLS.map((s) => s.weight),
    );
    const pluginPicker = new Picker(
      PLUGINS.map((_, i) => i),
      PLUGINS.map((p) => p.weight),
    );

    const orgCount = Math.max(1, view.organizations.length);
    this.members = view.users.map((u, i) => {
      const hash = hashString(u.id);
      const r = new Rng(mix(this.seed, hash, 0x5eed));
      const created = Date.parse(u.createdAt);
      const startDay = Math.max(0, Number.isFinite(created) ? dayOfMs(created) : 0);
      const arche = r.next();
      let pActive = arche < 0.08 ? 0 : arche < 0.2 ? 0.06 : arche < 0.45 ? 0.3 : arche < 0.85 ? 0.65 : 0.92;
      if (!u.active) pActive = 0;
      let intensity = r.lognormal(0, 0.7);
      if (r.chance(0.03)) intensity *= 6;
      const power = pActive > 0.9;
      let products = 0;
      if (r.chance(0.95)) products |= P_CHAT;
      if (r.chance(power ? 0.55 : 0.3)) products |= P_CODE;
      if (r.chance(0.22)) products |= P_COWORK;
      if (r.chance(0.15)) products |= P_OFFICE;
      if (r.chance(0.06)) products |= P_DESIGN;
      if (r.chance(0.08)) products |= P_CHROME;
      if (r.chance(0.03)) products |= P_SCIENCE;
      if (products === 0) products = P_CHAT;
      let officeApps = 0;
      [0.7, 0.35, 0.5, 0.6].forEach((p, a) => {
        if (r.chance(p)) officeApps |= 1 << a;
      });
      if (officeApps === 0) officeApps = 1;
      const connectors: number[] = [];
      const managedAuth: boolean[] = [];
      const nConn = connectorPicker.size === 0 ? 0 : Math.min(connectorPicker.size, r.poisson(power ? 3 : 1.6));
      for (let k = 0; k < nConn * 2 && connectors.length < nConn; k++) {
        const c = connectorPicker.pick(r);
        if (!connectors.includes(c)) {
          connectors.push(c);
          managedAuth.push(hashString(`${this.seed}:managed:${c}`) % 5 < 2 || r.chance(0.1));
        }
      }
      const skills: number[] = [];
      const nSkills = r.poisson(1.4);
      for (let k = 0; k < nSkills * 2 && skills.length < nSkills; k++) {
        const s = skillPicker.pick(r);
        if (!skills.includes(s)) skills.push(s);
      }
      const plugins: number[] = [];
      if (products & (P_CODE | P_COWORK)) {
        const nPlugins = r.poisson(1.5);
        for (let k = 0; k < nPlugins * 2 && plugins.length < nPlugins; k++) {
          const p = pluginPicker.pick(r);
          if (!plugins.includes(p)) plugins.push(p);
        }
      }
      const orgIdx = hashString(`${this.seed}:org:${u.id}`) % orgCount;
      const projects = [...(projectsByCreator.get(i) ?? [])];
      const picker = projectPickers.get(orgIdx) ?? allProjects;
      const nProjects = picker.size === 0 ? 0 : r.int(0, 4);
      for (let k = 0; k < nProjects; k++) {
        const p = picker.pick(r);
        if (!projects.includes(p)) projects.push(p);
      }
      return {
        idx: i,
        id: u.id,
        email: u.email,
        name: u.fullName,
        hash,
        startDay,
        pActive,
        intensity,
        products,
        officeApps,
        geo: r.chance(0.2) ? 'us' : 'global',
        tzOffsetMin: TZ_OFFSETS[r.weighted(TZ_WEIGHTS)]!,
        fast: (products & P_CODE) !== 0 && r.chance(0.12),
        longContext: (products & P_CODE) !== 0 && r.chance(0.3) ? 0.25 : 0.03,
        groups: userGroups[i]!,
        orgIdx,
        connectors,
        managedAuth,
        skills,
        plugins,
        projects,
      } satisfies Member;
    });
  }

  /** Number of projects member `i` created on `day`. */
  projectsCreatedOn(i: number, day: number): number {
    if (day < -512) return 0;
    return this.projectsCreated.get(i * 4096 + (day + 512)) ?? 0;
  }

  /** Product mask of every member on `day` (0 = inactive). Cached: one byte per member per day. */
  mask(day: number): Uint8Array {
    let m = this.masks.get(day);
    if (m) return m;
    m = new Uint8Array(this.members.length);
    const weekend = weekdayOfDay(day) >= 5;
    const ramp = Math.min(1, 0.55 + Math.max(0, day) / 200);
    for (const mem of this.members) {
      const created = this.view.users[mem.idx]!.active ? this.projectsCreatedOn(mem.idx, day) : 0;
      if (day < mem.startDay || (mem.pActive === 0 && created === 0)) continue;
      const r = new Rng(mix(this.seed, mem.hash, day, 0xa11));
      // A member's first weeks are more active (onboarding), then settle to their archetype.
      const p = mem.pActive * (weekend ? 0.22 : 1) * (day - mem.startDay < 14 ? 1 : ramp);
      let bits = 0;
      if (r.next() < p) {
        if (mem.products & P_CHAT && r.chance(0.9)) bits |= P_CHAT;
        if (mem.products & P_CODE && r.chance(0.75)) bits |= P_CODE;
        if (mem.products & P_COWORK && r.chance(0.5)) bits |= P_COWORK;
        if (mem.products & P_OFFICE && r.chance(0.45)) bits |= P_OFFICE;
        if (mem.products & P_DESIGN && r.chance(0.4)) bits |= P_DESIGN;
        if (mem.products & P_CHROME && r.chance(0.35)) bits |= P_CHROME;
        if (mem.products & P_SCIENCE && r.chance(0.4)) bits |= P_SCIENCE;
        if (bits === 0) bits = mem.products & P_CHAT ? P_CHAT : mem.products & -mem.products;
      }
      if (created > 0) bits |= P_CHAT;
      m[mem.idx] = bits;
    }
    this.masks.set(day, m);
    return m;
  }

  base(i: number, day: number, mask: number): DayBase {
    const mem = this.members[i]!;
    const r = new Rng(mix(this.seed, mem.hash, day, 0xba5e));
    const k = mem.intensity * r.lognormal(0, 0.45) * (weekdayOfDay(day) >= 5 ? 0.6 : 1);
    const b: DayBase = {
      k,
      chatConvs: 0,
      chatMsgs: 0,
      thinking: 0,
      chatWeb: 0,
      codeWeb: 0,
      files: 0,
      codeSessions: 0,
      codeRequests: 0,
      coworkSessions: 0,
      coworkMsgs: 0,
      officeSessions: [0, 0, 0, 0],
      officeMsgs: [0, 0, 0, 0],
      designSessions: 0,
      designMsgs: 0,
      scienceSessions: 0,
      scienceMsgs: 0,
      chromeSessions: 0,
      chromeRequests: 0,
    };
    if (mask & P_CHAT) {
      b.chatConvs = 1 + r.poisson(1.5 * k);
      b.chatMsgs = b.chatConvs * r.int(2, 7) + r.poisson(k);
      b.thinking = Math.round(b.chatMsgs * r.next() * 0.35);
      b.chatWeb = r.poisson(b.chatMsgs * 0.12);
      b.files = r.poisson(0.3 * b.chatConvs);
    }
    if (mask & P_CODE) {
      b.codeSessions = 1 + r.poisson(1.4 * k);
      b.codeRequests = b.codeSessions * r.int(15, 70);
      b.codeWeb = r.poisson(b.codeSessions * 0.3);
    }
    if (mask & P_COWORK) {
      b.coworkSessions = 1 + r.poisson(0.7 * k);
      b.coworkMsgs = b.coworkSessions * r.int(2, 8);
    }
    if (mask & P_OFFICE) {
      let any = false;
      for (let a = 0; a < OFFICE_APPS.length; a++) {
        if (!(mem.officeApps & (1 << a)) || !r.chance(0.6)) continue;
        any = true;
        b.officeSessions[a] = 1 + r.poisson(0.5 * k);
        b.officeMsgs[a] = b.officeSessions[a]! * r.int(2, 6);
      }
      if (!any) {
        const a = Math.max(0, 31 - Math.clz32(mem.officeApps & -mem.officeApps));
        b.officeSessions[a] = 1;
        b.officeMsgs[a] = r.int(2, 6);
      }
    }
    if (mask & P_DESIGN) {
      b.designSessions = 1 + r.poisson(0.4 * k);
      b.designMsgs = b.designSessions * r.int(3, 10);
    }
    if (mask & P_SCIENCE) {
      b.scienceSessions = 1 + r.poisson(0.3 * k);
      b.scienceMsgs = b.scienceSessions * r.int(3, 9);
    }
    if (mask & P_CHROME) {
      b.chromeSessions = 1 + r.poisson(0.5 * k);
      b.chromeRequests = b.chromeSessions * r.int(5, 25);
    }
    return b;
  }

  /** Everything the engagement endpoints report about member `i` on `day` (mask must be non-zero). */
  detail(i: number, day: number, mask: number): UserDay {
    const mem = this.members[i]!;
    const b = this.base(i, day, mask);
    const r = new Rng(mix(this.seed, mem.hash, day, 0xde7a));
    const v = new Float64Array(USER_FIELDS.length);
    const set = (path: (typeof USER_FIELDS)[number][0], value: number): void => {
      v[fieldIndex(path)] = value;
    };
    const add = (path: (typeof USER_FIELDS)[number][0], value: number): void => {
      addAt(v, fieldIndex(path), value);
    };

    // Connectors, skills, plugins per surface.
    const surfaces: Array<{ surface: Surface; app: number; units: number; kConn: number; kSkill: number }> = [];
    if (b.chatConvs > 0) surfaces.push({ surface: 'chat', app: -1, units: b.chatConvs, kConn: 0.5 + 0.3 * b.k, kSkill: 0.3 + 0.2 * b.k });
    if (b.codeSessions > 0) surfaces.push({ surface: 'claude_code', app: -1, units: b.codeSessions, kConn: 0.4 * b.k, kSkill: 0.3 * b.k });
    if (b.coworkSessions > 0) surfaces.push({ surface: 'cowork', app: -1, units: b.coworkSessions, kConn: 0.5 * b.k, kSkill: 0.5 * b.k });
    b.officeSessions.forEach((s, a) => {
      if (s > 0) surfaces.push({ surface: 'office_agent', app: a, units: s, kConn: 0.2, kSkill: 0.5 });
    });
    const connectors: ConnectorUse[] = [];
    const skills: SkillUse[] = [];
    for (const s of surfaces) {
      const nC = Math.min(mem.connectors.length, r.poisson(s.kConn));
      for (const ci of r.sample(mem.connectors.length, nC)) {
        const units = Math.min(s.units, 1 + r.poisson(s.units * 0.3));
        const calls = units * r.int(1, 8);
        let read: number | null = null;
        let write: number | null = null;
        let unclassified: number | null = null;
        if (day >= CLASSIFY_START[s.surface]) {
          const unclassShare = s.surface === 'cowork' ? 0.3 : 0.12;
          unclassified = Math.round(calls * unclassShare * r.next() * 2);
          if (unclassified > calls) unclassified = calls;
          read = Math.round((calls - unclassified) * (0.5 + 0.3 * r.next()));
          write = calls - unclassified - read;
        }
        connectors.push({ c: mem.connectors[ci]!, surface: s.surface, app: s.app, units, calls, read, write, unclassified, managed: mem.managedAuth[ci]! });
      }
      const nS = Math.min(mem.skills.length, r.poisson(s.kSkill));
      for (const si of r.sample(mem.skills.length, nS)) {
        const units = Math.min(s.units, 1 + r.poisson(s.units * 0.2));
        skills.push({ s: mem.skills[si]!, surface: s.surface, app: s.app, units, invocations: units * r.int(1, 3) });
      }
    }
    const plugins: PluginUse[] = [];
    for (const [surface, sessions] of [
      ['claude_code', b.codeSessions],
      ['cowork', b.coworkSessions],
    ] as const) {
      if (sessions === 0 || mem.plugins.length === 0) continue;
      const n = Math.min(mem.plugins.length, r.poisson(0.6 * b.k));
      for (const pi of r.sample(mem.plugins.length, n)) {
        const used = Math.min(sessions, 1 + r.poisson(sessions * 0.3));
        plugins.push({ p: mem.plugins[pi]!, surface, sessions: used, invocations: used * r.int(1, 5), installed: r.chance(0.03) });
      }
    }

    // Chat.
    const projects: ProjectUse[] = [];
    const artifacts: ArtifactUse[] = [];
    if (b.chatConvs > 0) {
      set('chat_metrics.message_count', b.chatMsgs);
      set('chat_metrics.distinct_conversation_count', b.chatConvs);
      set('chat_metrics.thinking_message_count', b.thinking);
      set('chat_metrics.distinct_files_uploaded_count', b.files);
      set('chat_metrics.shared_conversations_viewed_count', r.poisson(0.25));
      set('chat_metrics.distinct_shared_artifacts_viewed_count', r.poisson(0.12));
      set('chat_metrics.distinct_projects_created_count', this.projectsCreatedOn(i, day));
      // Projects used: own projects created today first, then the member's usual projects.
      const usable = mem.projects.filter((p) => this.projects[p]!.createdDay <= day);
      const createdToday = usable.filter((p) => this.projects[p]!.createdDay === day && this.projects[p]!.creatorIdx === i);
      const others = usable.filter((p) => !createdToday.includes(p));
      const chosen = [...createdToday, ...r.sample(others.length, r.poisson(0.5 + 0.2 * b.k)).map((x) => others[x]!)];
      let convsLeft = b.chatConvs;
      for (const p of chosen) {
        if (convsLeft === 0) break;
        const convs = Math.min(convsLeft, 1 + r.poisson(0.4));
        convsLeft -= convs;
        projects.push({ p, convs, msgs: Math.max(convs, Math.round((b.chatMsgs * convs) / b.chatConvs)) });
      }
      set('chat_metrics.distinct_projects_used_count', projects.length);
      const nArtifacts = r.poisson(0.35 * b.chatConvs);
      for (let a = 0; a < nArtifacts; a++) {
        const shared = r.chance(0.15);
        artifacts.push({ type: ARTIFACT_TYPES[r.weighted(ARTIFACT_TYPES.map((t) => t[1]))]![0], shared, published: shared && r.chance(0.3), product: 'chat' });
      }
      set('chat_metrics.distinct_artifacts_created_count', nArtifacts);
    }
    set('web_search_count', b.chatWeb + b.codeWeb);

    // Claude Code.
    if (b.codeSessions > 0) {
      const s = b.codeSessions;
      const commits = r.poisson(s * 0.8);
      const added = s * r.int(20, 250);
      set('claude_code_metrics.core_metrics.distinct_session_count', s);
      set('claude_code_metrics.core_metrics.commit_count', commits);
      set('claude_code_metrics.core_metrics.pull_request_count', r.poisson(commits * 0.25));
      set('claude_code_metrics.core_metrics.lines_of_code.added_count', added);
      set('claude_code_metrics.core_metrics.lines_of_code.removed_count', Math.round(added * (0.1 + 0.4 * r.next())));
      const edits = r.poisson(s * 6);
      set('claude_code_metrics.tool_actions.edit_tool.accepted_count', edits);
      set('claude_code_metrics.tool_actions.edit_tool.rejected_count', r.poisson(edits * 0.08));
      const multi = r.poisson(s);
      set('claude_code_metrics.tool_actions.multi_edit_tool.accepted_count', multi);
      set('claude_code_metrics.tool_actions.multi_edit_tool.rejected_count', r.poisson(multi * 0.05));
      const writes = r.poisson(s * 1.5);
      set('claude_code_metrics.tool_actions.write_tool.accepted_count', writes);
      set('claude_code_metrics.tool_actions.write_tool.rejected_count', r.poisson(writes * 0.1));
      const nb = r.poisson(s * 0.05);
      set('claude_code_metrics.tool_actions.notebook_edit_tool.accepted_count', nb);
      set('claude_code_metrics.tool_actions.notebook_edit_tool.rejected_count', r.poisson(nb * 0.1));
      if (day >= CODE_ARTIFACTS_START) {
        const n = r.poisson(s * 0.15);
        for (let a = 0; a < n; a++) {
          const shared = r.chance(0.25);
          artifacts.push({ type: 'text/html', shared, published: shared && r.chance(0.2), product: 'claude_code' });
        }
        set('claude_code_metrics.core_metrics.artifacts_created_count', n);
      }
    }

    // Cowork.
    if (b.coworkSessions > 0) {
      const s = b.coworkSessions;
      set('cowork_metrics.distinct_session_count', s);
      set('cowork_metrics.message_count', b.coworkMsgs);
      set('cowork_metrics.action_count', b.coworkMsgs * r.int(1, 4));
      set('cowork_metrics.dispatch_turn_count', r.poisson(s * 0.3));
      if (day >= COWORK_COUNTERS_START) {
        const edit = r.poisson(s * 2);
        const multi = r.poisson(s * 0.4);
        const write = r.poisson(s * 0.8);
        const nb = r.poisson(s * 0.02);
        set('cowork_metrics.edit_tool_count', edit);
        set('cowork_metrics.multi_edit_tool_count', multi);
        set('cowork_metrics.write_tool_count', write);
        set('cowork_metrics.notebook_edit_tool_count', nb);
        set('cowork_metrics.file_edit_count', edit + multi + write + nb);
        set('cowork_metrics.sessions_with_file_edits_count', edit + multi + write + nb === 0 ? 0 : Math.min(s, 1 + r.poisson(s * 0.4)));
      }
      if (day >= CODE_ARTIFACTS_START) {
        const n = r.poisson(s * 0.2);
        for (let a = 0; a < n; a++) {
          const shared = r.chance(0.3);
          artifacts.push({ type: 'text/html', shared, published: shared && r.chance(0.2), product: 'cowork' });
        }
        set('cowork_metrics.artifacts_created_count', n);
      }
    }

    // Office apps, design, science.
    b.officeSessions.forEach((s, a) => {
      if (s === 0) return;
      const app = OFFICE_APPS[a]!;
      set(`office_metrics.${app}.distinct_session_count`, s);
      set(`office_metrics.${app}.message_count`, b.officeMsgs[a]!);
    });
    if (b.designSessions > 0) {
      set('design_metrics.distinct_session_count', b.designSessions);
      set('design_metrics.message_count', b.designMsgs);
      set('design_metrics.distinct_projects_used_count', Math.min(b.designSessions, 1 + r.poisson(0.3)));
      set('design_metrics.distinct_projects_created_count', r.poisson(0.12));
    }
    if (b.scienceSessions > 0) {
      set('science_metrics.distinct_session_count', b.scienceSessions);
      set('science_metrics.message_count', b.scienceMsgs);
      set('science_metrics.delegation_count', r.poisson(b.scienceSessions * 1.5));
      set('science_metrics.remote_compute_job_count', r.poisson(b.scienceSessions * 0.5));
      set('science_metrics.skills_used_count', r.poisson(b.scienceSessions * 0.5));
    }

    // Roll connector / skill / plugin use into the per-product counters.
    const distinct = new Map<string, Set<number>>();
    const note = (key: string, id: number): void => {
      const s = distinct.get(key) ?? new Set<number>();
      s.add(id);
      distinct.set(key, s);
    };
    for (const c of connectors) {
      if (c.surface === 'chat') {
        add('chat_metrics.connectors_used_count', c.calls);
        note('chat_metrics.distinct_connectors_used_count', c.c);
      } else if (c.surface === 'cowork') {
        add('cowork_metrics.connectors_used_count', c.calls);
        note('cowork_metrics.distinct_connectors_used_count', c.c);
      } else if (c.surface === 'office_agent') {
        const app = OFFICE_APPS[c.app]!;
        add(`office_metrics.${app}.connectors_used_count`, c.calls);
        note(`office_metrics.${app}.distinct_connectors_used_count`, c.c);
      }
    }
    for (const s of skills) {
      if (s.surface === 'chat') note('chat_metrics.distinct_skills_used_count', s.s);
      else if (s.surface === 'cowork') {
        add('cowork_metrics.skills_used_count', s.invocations);
        note('cowork_metrics.distinct_skills_used_count', s.s);
      } else if (s.surface === 'office_agent') {
        const app = OFFICE_APPS[s.app]!;
        add(`office_metrics.${app}.skills_used_count`, s.invocations);
        note(`office_metrics.${app}.distinct_skills_used_count`, s.s);
      }
    }
    if (day >= COWORK_COUNTERS_START) {
      for (const p of plugins) {
        if (p.surface !== 'cowork') continue;
        add('cowork_metrics.plugins_used_count', p.invocations);
        note('cowork_metrics.distinct_plugins_used_count', p.p);
      }
    }
    for (const [key, ids] of distinct) v[fieldIndex(key as (typeof USER_FIELDS)[number][0])] = ids.size;

    return { i, day, mask, base: b, v, connectors, skills, plugins, artifacts, projects };
  }

  /** The ids behind each `s`-flagged field of a user-day (for exact distinct counts over a range). */
  distinctIds(d: UserDay): Map<number, number[]> {
    const out = new Map<number, number[]>();
    const put = (path: (typeof USER_FIELDS)[number][0], id: number): void => {
      const k = fieldIndex(path);
      const list = out.get(k) ?? [];
      if (!list.includes(id)) list.push(id);
      out.set(k, list);
    };
    for (const p of d.projects) put('chat_metrics.distinct_projects_used_count', p.p);
    for (const c of d.connectors) {
      if (c.surface === 'chat') put('chat_metrics.distinct_connectors_used_count', c.c);
      else if (c.surface === 'cowork') put('cowork_metrics.distinct_connectors_used_count', c.c);
      else if (c.surface === 'office_agent') put(`office_metrics.${OFFICE_APPS[c.app]!}.distinct_connectors_used_count`, c.c);
    }
    for (const s of d.skills) {
      if (s.surface === 'chat') put('chat_metrics.distinct_skills_used_count', s.s);
      else if (s.surface === 'cowork') put('cowork_metrics.distinct_skills_used_count', s.s);
      else if (s.surface === 'office_agent') put(`office_metrics.${OFFICE_APPS[s.app]!}.distinct_skills_used_count`, s.s);
    }
    if (d.day >= COWORK_COUNTERS_START) for (const p of d.plugins) if (p.surface === 'cowork') put('cowork_metrics.distinct_plugins_used_count', p.p);
    return out;
  }

  /** Model mix usable on `day` (no model before release or after retirement; falls back to the whole mix). */
  private modelsOn(day: number): { ids: string[]; weights: number[] } {
    let w = this.modelWeights.get(day);
    if (w) return w;
    const live = this.models.filter((m) => day >= m.from && day < m.until);
    const use = live.length > 0 ? live : this.models;
    w = { ids: use.map((m) => m.id), weights: use.map((m) => m.share) };
    this.modelWeights.set(day, w);
    return w;
  }

  /**
   * Calls `visit` for every usage record of member `i` on `day` (mask non-zero). Records are created
   * fresh per call; the same (member, day) always yields the same records.
   */
  usage(i: number, day: number, mask: number, visit: (rec: UsageRecord) => void): void {
    const mem = this.members[i]!;
    const b = this.base(i, day, mask);
    const r = new Rng(mix(this.seed, mem.hash, day, 0x70c5));
    const models = this.modelsOn(day);
    const dayMs = dayStartMs(day);
    const at = (): number => {
      // Local working hours, mostly 09:00–18:59, in the member's time zone, kept inside the UTC day.
      const local = r.chance(0.9) ? r.int(9 * 60, 19 * 60 - 1) : r.int(0, 1439);
      const utc = (((local - mem.tzOffsetMin) % 1440) + 1440) % 1440;
      return dayMs + utc * MINUTE_MS + r.int(0, 59) * 1000;
    };
    const emit = (product: string, requests: number, perReq: { unc: [number, number]; read: [number, number]; c5m: number; c1h: number; out: [number, number] }, events: number, web: number, long: number, fast: boolean): void => {
      const n = Math.max(1, Math.min(events, requests));
      let reqLeft = requests;
      let webLeft = web;
      for (let e = 0; e < n; e++) {
        const req = e === n - 1 ? reqLeft : Math.max(1, Math.round(requests / n));
        reqLeft -= req;
        const ws = e === 0 ? webLeft : 0;
        webLeft -= ws;
        const isLong = r.chance(long);
        const scale = isLong ? 4 : 1;
        const unc = Math.round(req * r.int(perReq.unc[0], perReq.unc[1]) * (isLong ? 2 : 1));
        const read = Math.round(req * r.int(perReq.read[0], perReq.read[1]) * scale);
        visit({
          user: i,
          t: at(),
          product,
          model: models.ids[r.weighted(models.weights)]!,
          contextWindow: isLong ? '200k-1M' : '0-200k',
          geo: mem.geo,
          speed: fast && r.chance(0.3) ? 'fast' : 'standard',
          uncached: unc,
          cacheRead: read,
          cache5m: Math.round(read * perReq.c5m * r.next()),
          cache1h: perReq.c1h > 0 && r.chance(0.4) ? Math.round(read * perReq.c1h * r.next()) : 0,
          output: Math.round(req * r.int(perReq.out[0], perReq.out[1])),
          requests: req,
          webSearches: ws,
          spans: 0,
        });
      }
    };
    if (b.chatMsgs > 0) {
      emit('chat', b.chatMsgs, { unc: [800, 4000], read: [0, 9000], c5m: 0.15, c1h: 0, out: [250, 1200] }, Math.min(3, b.chatConvs), b.chatWeb, 0.01, false);
      if (r.chance(0.15)) {
        // Code execution (analysis tool): no product, no model, requests count execution spans.
        const spans = r.int(1, 6);
        visit({ user: i, t: at(), product: null, model: null, contextWindow: null, geo: null, speed: null, uncached: 0, cacheRead: 0, cache5m: 0, cache1h: 0, output: 0, requests: spans, webSearches: 0, spans });
      }
    }
    if (b.codeRequests > 0) emit('claude_code', b.codeRequests, { unc: [200, 1500], read: [12_000, 55_000], c5m: 0.08, c1h: 0.05, out: [150, 900] }, Math.min(3, b.codeSessions), b.codeWeb, mem.longContext, mem.fast);
    if (b.coworkMsgs > 0) emit('cowork', b.coworkMsgs * 3, { unc: [500, 2500], read: [6000, 25_000], c5m: 0.1, c1h: 0, out: [200, 1000] }, Math.min(2, b.coworkSessions), 0, 0.02, false);
    const officeMsgs = b.officeMsgs.reduce((a, x) => a + x, 0);
    if (officeMsgs > 0) emit('office_agent', officeMsgs, { unc: [1500, 6000], read: [0, 6000], c5m: 0.15, c1h: 0, out: [300, 1500] }, 2, 0, 0, false);
    if (b.designMsgs > 0) emit('claude_design', b.designMsgs, { unc: [1000, 5000], read: [2000, 12_000], c5m: 0.15, c1h: 0, out: [1000, 4000] }, 1, 0, 0, false);
    if (b.chromeRequests > 0) emit('claude_in_chrome', b.chromeRequests, { unc: [2000, 8000], read: [4000, 20_000], c5m: 0.1, c1h: 0, out: [150, 600] }, 1, 0, 0, false);
    if (b.scienceMsgs > 0) emit('other', b.scienceMsgs, { unc: [1000, 5000], read: [2000, 15_000], c5m: 0.1, c1h: 0, out: [400, 1800] }, 1, 0, 0.05, false);
  }

}
