import { rmSync } from 'node:fs';
import { expect } from '@playwright/test';
import type { BrowserContext, Page } from 'playwright-core';
import type { Sandbox } from '../sandbox/server.ts';
import { readStore } from '../e2e/idb.ts';
import { launchWithExtension } from '../e2e/launch.ts';

declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  storage: { local: { get(k: string | string[]): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void>; remove(k: string[]): Promise<void> } };
};

/**
 * What the resilience suite drives in the real extension: settings, credentials and runs set through the
 * same storage and messages the pages use, the e2e step hold (lib/background/step-hold.ts), and dumps of
 * a source's stored result to compare runs.
 */

export interface SourceUnderTest {
  source: string;
  jobId: string;
  connection: string;
  secret: (s: Sandbox) => string;
  /** The tables that hold the run's result (published and derived; never staging or checkpoints). */
  stores: string[];
  /** The paths of its API in the sandbox (for fault rules). */
  paths: string;
}

export const SOURCES_UNDER_TEST: SourceUnderTest[] = [
  {
    source: 'compliance',
    jobId: 'compliance-snapshot',
    connection: 'compliance',
    secret: (s) => s.keys.compliance.full.secret,
    paths: '^/v1/compliance/',
    stores: ['pubModels', 'pubModelOrgs', 'pubMcpServers', 'pubToolPolicies', 'pubOrgs', 'models', 'modelUsage', 'mcpServers', 'mcpConnections', 'toolPolicies', 'mcpEvents', 'users', 'groups', 'groupMembers', 'roles', 'projects', 'orgSettings', 'deepScanServers', 'policyTombstones', 'pubPlugins', 'pubPluginServers', 'pubMcpEvents'],
  },
  {
    source: 'analytics',
    jobId: 'analytics-collection',
    connection: 'analytics',
    secret: (s) => s.keys.analytics.full.secret,
    paths: '^/v1/organizations/analytics/',
    stores: ['anDays', 'anUsers', 'anSpend', 'anTeamSpend', 'anDailySpend', 'anConnectors'],
  },
  {
    source: 'scim',
    jobId: 'scim-sync',
    connection: 'scim',
    secret: (s) => s.keys.scimToken,
    paths: '^/scim/',
    stores: ['scimUsers', 'scimGroups', 'scimMembers'],
  },
  {
    source: 'admin',
    jobId: 'admin-sync',
    connection: 'admin',
    secret: (s) => s.keys.admin.full.secret,
    paths: '^/v1/organizations/(me|users|rbac_groups|rbac_roles|spend_limits|spend_limit_increase_requests)',
    stores: ['adminUsers', 'adminGroups', 'adminMembers', 'adminRoles', 'adminSpendLimits', 'adminLimitRequests'],
  },
];

/** Sends a request to the worker from an extension page and returns its envelope's data (throws its error). */
export async function ask<T = unknown>(page: Page, request: Record<string, unknown>): Promise<T> {
  const envelope = (await page.evaluate((r) => chrome.runtime.sendMessage(r), request)) as { ok: boolean; data?: T; error?: { message: string } };
  if (!envelope?.ok) throw new Error(`${String(request.type)}: ${envelope?.error?.message ?? 'no answer'}`);
  return envelope.data as T;
}

export async function storageGet<T = unknown>(page: Page, key: string): Promise<T | undefined> {
  return page.evaluate(async (k) => (await chrome.storage.local.get(k))[k], key) as Promise<T | undefined>;
}

export async function storageSet(page: Page, items: Record<string, unknown>): Promise<void> {
  await page.evaluate((i) => chrome.storage.local.set(i), items);
}

export async function storageRemove(page: Page, keys: string[]): Promise<void> {
  await page.evaluate((k) => chrome.storage.local.remove(k), keys);
}

/** Points every source at the sandbox with the organization's full budgets, and turns the deep scan on. */
export async function configure(page: Page, sandbox: Sandbox): Promise<void> {
  await storageSet(page, {
    settings: {
      complianceBaseUrl: sandbox.url,
      analyticsBaseUrl: sandbox.url,
      adminBaseUrl: sandbox.url,
      scimUrl: sandbox.scimUrl,
      budgets: { compliance: 600, analytics: 60, scim: 1000, admin: 600 },
      deepScan: { enabled: true, days: 90, maxChats: 40, budgetShare: 0.5 },
    },
  });
}

export async function storeSecret(page: Page, connection: string, secret: string): Promise<void> {
  await ask(page, { type: 'credential/set', connection, secret, mode: 'session' });
}

export async function waitForJob(page: Page, jobId: string, statuses: string[], timeoutMs = 120_000): Promise<{ status: string; error: string | null }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await readStore<{ status: string; error: string | null } | undefined>(page, 'jobs', jobId).catch(() => undefined);
    if (job && statuses.includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`${jobId} still ${job?.status ?? 'absent'} after ${timeoutMs} ms (wanted ${statuses.join('/')})`);
    await page.waitForTimeout(200);
  }
}

export async function waitForStorage<T>(page: Page, key: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await storageGet<T>(page, key);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`storage.local["${key}"] not set after ${timeoutMs} ms`);
    await page.waitForTimeout(100);
  }
}

/** Stops the extension's service worker, as Chrome does after 30 s idle or under memory pressure. */
export async function stopWorker(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

/** Keys whose values differ between equal runs by design (generations, run times). */
const VOLATILE = new Set(['gen']);

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) if (!VOLATILE.has(k)) out[k] = normalise((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/** Every row of the given stores, normalised and in a stable order, for comparing two runs. */
export async function dumpStores(page: Page, stores: string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const store of stores) {
    const rows = await readStore<unknown[]>(page, store);
    out[store] = rows.map((r) => JSON.stringify(normalise(r))).sort();
  }
  return out;
}

/**
 * Opens the options page, points the extension at the sandbox, stores the source's credential and starts
 * its job: with `hold`, parked before that step of that phase (lib/background/step-hold.ts); otherwise
 * with every step counted in `e2e.steps`.
 */
export async function startRun(context: BrowserContext, extensionId: string, sandbox: Sandbox, s: SourceUnderTest, options: { hold?: { phase: string; step: number } } = {}): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await configure(page, sandbox);
  await storeSecret(page, s.connection, s.secret(sandbox));
  await storageSet(page, options.hold ? { 'e2e.hold': { job: s.jobId, ...options.hold } } : { 'e2e.trace': true, 'e2e.steps': {} });
  await ask(page, { type: 'job/start', source: s.source });
  return page;
}

export interface Baseline {
  dump: Record<string, string[]>;
  /** Steps per phase in the uninterrupted run. */
  steps: Record<string, number>;
}
const baselines = new Map<string, Promise<Baseline>>();

/** The result of an uninterrupted, fault-free run of the source, in a browser of its own (memoised per test worker). */
export function baseline(sandbox: Sandbox, s: SourceUnderTest): Promise<Baseline> {
  let b = baselines.get(s.source);
  if (!b) {
    b = (async () => {
      const launched = await launchWithExtension();
      try {
        const extensionId = new URL((launched.context.serviceWorkers()[0] ?? (await launched.context.waitForEvent('serviceworker'))).url()).host;
        const page = await startRun(launched.context, extensionId, sandbox, s);
        const job = await waitForJob(page, s.jobId, ['done', 'failed', 'paused']);
        expect(job, `uninterrupted ${s.source} run`).toMatchObject({ status: 'done' });
        const trace = (await storageGet<Record<string, number>>(page, 'e2e.steps')) ?? {};
        const steps = Object.fromEntries(Object.entries(trace).filter(([k]) => k.startsWith(`${s.jobId}:`)).map(([k, n]) => [k.slice(s.jobId.length + 1), n]));
        return { dump: await dumpStores(page, s.stores), steps };
      } finally {
        await launched.context.close();
        rmSync(launched.userDataDir, { recursive: true, force: true });
      }
    })();
    baselines.set(s.source, b);
  }
  return b;
}
