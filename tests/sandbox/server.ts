import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { generateOrg, toDirectoryView, type SandboxOrg } from './generator/index.ts';
import { createComplianceApi } from './compliance/index.ts';
import { createPluginsApi } from './compliance/plugins.ts';
import { createAnalyticsApi } from './analytics/index.ts';
import { createScimApp } from './scim/index.ts';
import { createAdminApi } from './admin/index.ts';
import { FaultInjector, FaultRuleSchema } from './shared/faults.ts';
import { sendApiError } from './shared/http.ts';
import { SIZE_PRESETS, type OrgSize, type SizePreset } from './shared/contracts.ts';
import { sandboxKeys, type SandboxKeys } from './keys.ts';
import { z } from 'zod';

export interface SandboxOptions {
  seed?: number;
  size?: SizePreset | OrgSize;
  /** The sandbox clock's "now" for generated data. Default: the current time, truncated to the hour. */
  now?: string;
  port?: number;
  host?: string;
  /** Requests per minute per tenant (the real values are 600 and 60). */
  complianceRateLimit?: number;
  analyticsRateLimit?: number;
  /** Hostile strings and unknown enum values in every source's data (generator/hostile.ts). Default false. */
  hostile?: boolean;
}

export interface Sandbox {
  url: string;
  /** SCIM base URL (`…/scim/v2`). */
  scimUrl: string;
  org: SandboxOrg;
  keys: SandboxKeys;
  faults: FaultInjector;
  stats: RequestStats;
  compliance: ReturnType<typeof createComplianceApi>;
  /** The beta Plugins API (`/v1/organizations/plugins`), read with the Compliance key. */
  plugins: ReturnType<typeof createPluginsApi>;
  analytics: ReturnType<typeof createAnalyticsApi>;
  scim: ReturnType<typeof createScimApp>;
  admin: ReturnType<typeof createAdminApi>;
  close(): Promise<void>;
}

/** Requests the sandbox answered, per API, for benchmarks and for "this cost N requests" assertions. */
export class RequestStats {
  counts = { compliance: 0, analytics: 0, scim: 0, plugins: 0, admin: 0, other: 0 };
  byPath = new Map<string, number>();
  reset(): void {
    this.counts = { compliance: 0, analytics: 0, scim: 0, plugins: 0, admin: 0, other: 0 };
    this.byPath.clear();
  }
  record(path: string): void {
    const api = path.startsWith('/v1/compliance')
      ? 'compliance'
      : path.startsWith('/v1/organizations/analytics')
        ? 'analytics'
        : path.startsWith('/v1/organizations/plugins')
          ? 'plugins'
          : path.startsWith('/scim/')
            ? 'scim'
            : path.startsWith('/v1/organizations/')
              ? 'admin'
              : 'other';
    this.counts[api]++;
    const key = path.replace(/\/(claude_chat|claude_proj|rbac_group|rbac_role|user)_[A-Za-z0-9]+/g, '/$1_:id').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':uuid');
    this.byPath.set(key, (this.byPath.get(key) ?? 0) + 1);
  }
}

/** A flat query parser: repeated keys become arrays, brackets stay part of the name (`activity_types[]`). */
export function parseQuery(qs: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(qs)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = options.seed ?? 42;
  const size = typeof options.size === 'object' ? options.size : SIZE_PRESETS[options.size ?? 'demo'];
  const now = options.now ?? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString();
  const keys = sandboxKeys(seed);
  const org = generateOrg({ seed, size, now, hostile: options.hostile === true });
  const view = toDirectoryView(org);

  const compliance = createComplianceApi(org, { keys: Object.values(keys.compliance), rateLimitPerMinute: options.complianceRateLimit ?? 600 });
  const plugins = createPluginsApi(org, { keys: Object.values(keys.compliance), limiter: compliance.limiter, clock: compliance.clock });
  const analytics = createAnalyticsApi(view, { keys: Object.values(keys.analytics), adminKeys: [keys.compliance.admin], rateLimitPerMinute: options.analyticsRateLimit ?? 60 });
  const scim = createScimApp(view, { token: keys.scimToken });
  const admin = createAdminApi(org, { keys: Object.values(keys.admin) });

  const faults = new FaultInjector();
  const stats = new RequestStats();
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', parseQuery);
  app.use((req, _res, next) => {
    if (!req.path.startsWith('/_sandbox')) stats.record(req.path);
    next();
  });

  // Control plane for tests and the demo (never part of the imitated APIs).
  const control = express.Router();
  control.use(express.json());
  control.get('/health', (_req, res) => void res.json({ ok: true, seed, now }));
  control.post('/faults', (req, res) => {
    const rules = z.array(FaultRuleSchema).safeParse(Array.isArray(req.body) ? req.body : [req.body]);
    if (!rules.success) return void res.status(400).json({ error: rules.error.message });
    for (const r of rules.data) faults.add(r);
    res.json({ pending: faults.pending() });
  });
  control.delete('/faults', (_req, res) => {
    faults.clear();
    res.json({ pending: 0 });
  });
  control.post('/scim-quirks', (req, res) => {
    Object.assign(scim.quirks, req.body ?? {});
    res.json(scim.quirks);
  });
  // Plugins: `{ enabled: false }` makes the organization one without the Plugins API; `maxLimit` caps pages.
  control.post('/plugins', (req, res) => {
    const body = z.object({ enabled: z.boolean().optional(), maxLimit: z.number().int().positive().optional() }).safeParse(req.body ?? {});
    if (!body.success) return void res.status(400).json({ error: body.error.message });
    Object.assign(plugins.control, body.data);
    res.json(plugins.control);
  });
  control.get('/stats', (_req, res) => void res.json({ counts: stats.counts, byPath: Object.fromEntries(stats.byPath) }));
  control.post('/stats/reset', (_req, res) => {
    stats.reset();
    res.json({ ok: true });
  });
  app.use('/_sandbox', control);

  app.use(faults.middleware());
  app.use('/v1/compliance', compliance.router);
  app.use('/v1/organizations/plugins', plugins.router);
  app.use('/v1/organizations/analytics', analytics.router);
  app.use('/v1/organizations', admin.router);
  app.use(scim.app);
  app.use((_req, res) => sendApiError(res, 404, 'not_found_error', 'Not found'));

  const host = options.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(options.port ?? 0, host, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  return {
    url,
    scimUrl: `${url}/scim/v2`,
    org,
    keys,
    faults,
    stats,
    compliance,
    plugins,
    analytics,
    scim,
    admin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
