/**
 * Test scaffolding for the Analytics imitation: a hand-built DirectoryView, keys, and the router
 * mounted on a small express app with the same flat query parser as tests/sandbox/server.ts.
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAnalyticsApi, USAGE_COST_BETA, type AnalyticsControl } from '../../../sandbox/analytics/index.ts';
import type { DirectoryView, SandboxKey } from '../../../sandbox/shared/contracts.ts';

/** Same behaviour as `parseQuery` in tests/sandbox/server.ts: repeated keys become arrays, brackets stay in the name. */
export function parseQuery(qs: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(qs)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

export const NOW = '2026-09-15T10:00:00.000Z';
export const ORG_ID = 'org_01TestParentOrg00000000000';

const FIRST = ['Ada', 'Grace', 'Alan', 'Barbara', 'Edsger', 'Frances', 'Ken', 'Radia', 'Tim', 'Margaret', 'Linus', 'Hedy', 'Dennis', 'Karen', 'John', 'Sophie', 'Guido', 'Anita', 'Bjarne', 'Shafi'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Liskov', 'Dijkstra', 'Allen', 'Thompson', 'Perlman', 'Berners', 'Hamilton', 'Torvalds', 'Lamarr', 'Ritchie', 'Jones', 'McCarthy', 'Wilson', 'Rossum', 'Borg', 'Stroustrup', 'Goldwasser'];

/** A small organization: `users` members (every 9th has left), 4 groups, 8 projects, 4 models, 5 MCP servers. */
export function makeView(opts: { users?: number; seed?: number; now?: string } = {}): DirectoryView {
  const n = opts.users ?? 40;
  const organizations = [
    { uuid: '0b6f1c52-8d1e-4f7a-9f0e-3f2a1c4d5e60', id: 'org_01TestChildOrgA0000000000', name: 'Acme Research' },
    { uuid: '7c2d9e41-5a3b-4c6d-8e9f-0a1b2c3d4e5f', id: 'org_01TestChildOrgB0000000000', name: 'Acme Sales' },
  ];
  const users = Array.from({ length: n }, (_, i) => {
    const given = FIRST[i % FIRST.length]!;
    const family = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const suffix = i >= FIRST.length ? String(Math.floor(i / FIRST.length)) : '';
    // Most accounts predate 2026; some join during the year.
    const created = i % 7 === 3 ? `2026-0${1 + (i % 8)}-1${i % 10}T09:00:00Z` : `2025-1${i % 3}-0${1 + (i % 9)}T12:00:00Z`;
    return {
      id: `user_01Test${String(i).padStart(5, '0')}XXXXXXXXXX`,
      email: `${given.toLowerCase()}.${family.toLowerCase()}${suffix}@acme.test`,
      fullName: `${given} ${family}`,
      givenName: given,
      familyName: family,
      createdAt: created,
      active: i % 9 !== 8,
      scimManaged: i % 5 !== 0,
    };
  });
  const groups = [
    { id: 'rbac_group_01TestEngineering000000', name: 'Engineering', memberIds: users.filter((_, i) => i % 2 === 0).map((u) => u.id), source: 'scim' as const },
    { id: 'rbac_group_01TestSales00000000000', name: 'Sales', memberIds: users.filter((_, i) => i % 3 === 1).map((u) => u.id), source: 'scim' as const },
    { id: 'rbac_group_01TestLeads00000000000', name: 'Leads', memberIds: users.filter((_, i) => i % 10 === 0).map((u) => u.id), source: 'direct' as const },
    { id: 'rbac_group_01TestEmpty00000000000', name: 'Empty', memberIds: [], source: 'direct' as const },
  ];
  const projects = Array.from({ length: 8 }, (_, p) => ({
    id: `claude_proj_01Test${p}AbCdEf`,
    name: ['Quarterly planning', 'Onboarding docs', 'Pricing study', 'Incident reviews', 'Design system', 'Sales playbook', 'Hiring loop', 'Research notes'][p]!,
    createdAt: p < 5 ? `2025-12-0${p + 1}T10:00:00Z` : `2026-0${p}-1${p}T15:04:05Z`,
    creatorUserId: p === 7 ? null : users[(p * 5) % n]!.id,
    organizationUuid: organizations[p % 2]!.uuid,
  }));
  return {
    seed: opts.seed ?? 7,
    now: opts.now ?? NOW,
    parentOrganizationId: ORG_ID,
    organizations,
    users,
    groups,
    projects,
    models: [
      { id: 'claude-sonnet-4-6', share: 0.45 },
      { id: 'claude-opus-4-7', share: 0.3 },
      { id: 'claude-haiku-4-5-20251001', share: 0.15 },
      { id: 'claude-opus-5-5', share: 0.1 },
    ],
    mcpServers: [
      { id: 'mcpsrv_01TestGithub0000000', name: 'GitHub', organizationUuid: organizations[0]!.uuid },
      { id: 'mcpsrv_01TestAtlassian000000', name: 'Atlassian MCP server', organizationUuid: organizations[0]!.uuid },
      { id: 'mcpsrv_01TestAtlassian000001', name: 'Atlassian', organizationUuid: organizations[1]!.uuid },
      { id: 'mcpsrv_01TestSlack000000000', name: 'Slack', organizationUuid: organizations[1]!.uuid },
      { id: 'mcpsrv_01TestInternalKb0000', name: 'Internal KB', organizationUuid: organizations[0]!.uuid },
    ],
  };
}

export const KEYS = {
  full: { secret: 'sk-ant-api01-test-analytics-full-AAAA', label: 'Analytics', scopes: ['read:analytics'], active: true },
  second: { secret: 'sk-ant-api01-test-analytics-second-AA', label: 'Analytics 2', scopes: ['read:analytics'], active: true },
  revoked: { secret: 'sk-ant-api01-test-analytics-revoked-A', label: 'Rotated', scopes: ['read:analytics'], active: false },
  noScope: { secret: 'sk-ant-api01-test-analytics-noscope-A', label: 'Wrong scope', scopes: ['read:compliance_activities'], active: true },
  admin: { secret: 'sk-ant-admin01-test-admin-key-AAAAAAA', label: 'Admin', scopes: ['read:compliance_activities'], active: true },
} satisfies Record<string, SandboxKey>;

export const BETA_HEADERS = { 'anthropic-beta': USAGE_COST_BETA };

export interface TestApi {
  url: string;
  control: AnalyticsControl;
  /** GET `path` (relative to /v1/organizations/analytics) with the full key unless `key` says otherwise. */
  get(path: string, init?: { key?: string | null; headers?: Record<string, string>; bearer?: boolean }): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startApi(view: DirectoryView = makeView(), opts: { rateLimitPerMinute?: number; now?: () => number } = {}): Promise<TestApi> {
  const { router, control } = createAnalyticsApi(view, {
    keys: [KEYS.full, KEYS.second, KEYS.revoked, KEYS.noScope],
    adminKeys: [KEYS.admin],
    rateLimitPerMinute: opts.rateLimitPerMinute ?? 100_000,
    now: opts.now,
  });
  const app = express();
  app.set('query parser', parseQuery);
  app.use('/v1/organizations/analytics', router);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    control,
    async get(path, init = {}) {
      const headers: Record<string, string> = { 'anthropic-version': '2023-06-01', ...init.headers };
      const key = init.key === undefined ? KEYS.full.secret : init.key;
      if (key !== null) {
        if (init.bearer) headers.authorization = `Bearer ${key}`;
        else headers['x-api-key'] = key;
      }
      const res = await fetch(`${url}/v1/organizations/analytics${path}`, { headers });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Follows `next_page` until it is null; returns every row and the number of pages. */
export async function collect(api: TestApi, path: string, init: Parameters<TestApi['get']>[1] = {}): Promise<{ rows: Array<Record<string, unknown>>; pages: number; last: Record<string, unknown> }> {
  const rows: Array<Record<string, unknown>> = [];
  let page: string | null = null;
  let pages = 0;
  let last: Record<string, unknown> = {};
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res = await api.get(page === null ? path : `${path}${sep}page=${encodeURIComponent(page)}`, init);
    if (res.status !== 200) throw new Error(`${path} → ${res.status} ${JSON.stringify(res.body)}`);
    rows.push(...(res.body.data as Array<Record<string, unknown>>));
    page = res.body.next_page as string | null;
    last = res.body;
    pages++;
    if (pages > 500) throw new Error('too many pages');
  } while (page !== null);
  return { rows, pages, last };
}

/** Decimal cents string → integer micro-cents (exact, via BigInt). */
export function microcents(s: string): bigint {
  const m = /^(-?)(\d+)\.(\d{6})$/.exec(s);
  if (!m) throw new Error(`not a 6-decimal money string: ${s}`);
  const v = BigInt(m[2]!) * 1_000_000n + BigInt(m[3]!);
  return m[1] === '-' ? -v : v;
}
