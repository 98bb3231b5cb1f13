import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { startSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { SIZE_PRESETS } from '../../../sandbox/shared/contracts.ts';
import { createDb, type AppDb } from '../../../../lib/sources/database.ts';
import { createHttpClient, RequestLimiter } from '../../../../lib/api/http/index.ts';
import { ComplianceClient } from '../../../../lib/sources/compliance/client.ts';
import { SNAPSHOT_JOB } from '../../../../lib/sources/compliance/job.ts';
import { Job } from '../../../../lib/jobs/job.ts';
import { matchServers, PLUGINS_STATE, withPolicyFromSummary } from '../../../../lib/sources/compliance/plugins.ts';
import { serverCurrentName } from '../../../sandbox/generator/types.ts';

/** The plugins phase of the snapshot against the sandbox's Plugins API (admin-api.md §6). */
let sandbox: Sandbox;
let db: AppDb;
let n = 0;

function client(secret = sandbox.keys.compliance.full.secret): ComplianceClient {
  const limiter = new RequestLimiter({ perMinute: 100_000, burst: 1000 });
  return new ComplianceClient(createHttpClient({ api: 'compliance', baseUrl: sandbox.url, credential: async () => secret, limiter, retry: { baseDelayMs: 5, maxDelayMs: 20, maxRetries: 1 } }));
}
const run = (source = client()) => new Job(db, SNAPSHOT_JOB, source, {}).run();

beforeAll(async () => {
  sandbox = await startSandbox({ size: SIZE_PRESETS.tiny, seed: 5, complianceRateLimit: 100_000 });
});
afterAll(async () => sandbox?.close());
beforeEach(() => {
  db = createDb({ name: `plugins-${n++}`, indexedDB: new IDBFactory(), IDBKeyRange });
  sandbox.faults.clear();
  Object.assign(sandbox.plugins.control, { enabled: true, maxLimit: 1000, downloads: 0 });
  sandbox.stats.reset();
});

describe('plugins phase', () => {
  it('publishes every plugin with owner, reach, components, scan, preference and versions, and never downloads an archive', async () => {
    expect(await run()).toMatchObject({ status: 'done' });
    const rows = await db.pubPlugins.toArray();
    const want = sandbox.plugins.plugins;
    expect(rows.map((r) => r.id).sort()).toEqual(want.map((p) => p.id).sort());
    for (const p of want) {
      const r = rows.find((x) => x.id === p.id)!;
      const served = p.versions.find((v) => v.id === p.servedVersionId)!;
      const latest = p.versions[p.versions.length - 1]!;
      expect(r.ownerType).toBe(p.owner.type);
      expect(r.ownerUserId).toBe(p.owner.type === 'user' ? p.owner.user_id : null);
      expect(r.reach).toBe(served.reach);
      expect(r.components).toEqual(served.components);
      expect(r.scan).toEqual(served.scan);
      expect(r.installationPreference).toBe(p.preference);
      expect(r.servedVersionId).toBe(served.id);
      expect(r.latestVersionId).toBe(latest.id);
      // The latest version is read only where it is not the one served.
      if (latest.id === served.id) expect(r.latest).toBeNull();
      else expect(r.latest).toEqual({ manifestVersion: latest.manifestVersion, reach: latest.reach, scan: latest.scan, createdAt: expect.any(String) });
    }
    // A member owner's email comes from the directory.
    const member = rows.find((r) => r.ownerType === 'user' && r.ownerUserId)!;
    expect(member.ownerEmail).toBe(sandbox.org.users.find((u) => u.id === member.ownerUserId)!.email);
    // MCP servers a plugin declares are joined to inventory servers by name.
    const sales = await db.pubPluginServers.where('pluginId').equals('plugin_sbxSalesToolkit01').toArray();
    expect(sales).toHaveLength(1);
    const servers = await db.pubMcpServers.toArray();
    expect(sales[0]!.serverIds.length).toBeGreaterThan(0);
    for (const id of sales[0]!.serverIds) expect(servers.find((s) => s.id === id)!.name).toBe(sales[0]!.name);
    expect(await PLUGINS_STATE.read(db)).toMatchObject({ status: 'available', note: null, count: want.length });
    // The published MCP history: every policy change with its tool, and one (the latest) connection event per server.
    const history = await db.pubMcpEvents.toArray();
    const policyEvents = history.filter((e) => e.type === 'mcp_tool_policy_updated');
    expect(policyEvents.length).toBeGreaterThan(0);
    expect(policyEvents.every((e) => typeof e.tool === 'string')).toBe(true);
    const connections = history.filter((e) => e.type.startsWith('integration_user_'));
    expect(new Set(connections.map((e) => e.serverId)).size).toBe(connections.length);
    expect(sandbox.plugins.control.downloads).toBe(0);
    expect([...sandbox.stats.byPath.keys()].some((k) => k.endsWith('/content'))).toBe(false);
  });

  it('walks several pages when the API returns short pages, with the same result', async () => {
    sandbox.plugins.control.maxLimit = 2;
    expect(await run()).toMatchObject({ status: 'done' });
    const pages = Math.ceil(sandbox.plugins.plugins.length / 2);
    const versionReads = sandbox.plugins.plugins.filter((p) => p.servedVersionId !== p.versions[p.versions.length - 1]!.id).length;
    expect(sandbox.stats.counts.plugins).toBe(pages + versionReads);
    expect(await db.pubPlugins.count()).toBe(sandbox.plugins.plugins.length);
  });

  it('an organization without the Plugins API gets a plain note, an empty list and a completed snapshot', async () => {
    sandbox.plugins.control.enabled = false;
    expect(await run()).toMatchObject({ status: 'done' });
    expect(await db.snapshots.count()).toBe(1);
    expect(await db.pubPlugins.count()).toBe(0);
    const state = (await PLUGINS_STATE.read(db))!;
    expect(state.status).toBe('absent');
    expect(state.note).toMatch(/not available/);
    // The models and MCP servers are there as usual.
    expect(await db.pubModels.count()).toBeGreaterThan(0);
  });

  it('a key that may not read plugins gets a note, not a failed snapshot', async () => {
    sandbox.faults.add({ path: '^/v1/organizations/plugins', status: 403, times: 1 });
    expect(await run()).toMatchObject({ status: 'done' });
    expect((await PLUGINS_STATE.read(db))?.status).toBe('absent');
    expect((await PLUGINS_STATE.read(db))?.note).toMatch(/may not read plugins/);
  });

  it('a transient failure keeps the previous plugins and says so', async () => {
    expect(await run()).toMatchObject({ status: 'done' });
    const before = await db.pubPlugins.count();
    // Make the next run re-read the directory (and so the plugins), and fail the plugin list every time.
    await db.kv.put({ key: 'compliance.state', value: { ...(await db.kv.get('compliance.state'))!.value as object, lastDirectoryAt: '2020-01-01T00:00:00Z' } });
    sandbox.faults.add({ path: '^/v1/organizations/plugins', status: 500, times: 0 });
    expect(await run()).toMatchObject({ status: 'done' });
    expect(await db.pubPlugins.count()).toBe(before);
    const state = (await PLUGINS_STATE.read(db))!;
    expect(state.status).toBe('available');
    expect(state.note).toMatch(/could not be read/);
  });

  it('an incremental refresh without directory changes sends no plugin request', async () => {
    expect(await run()).toMatchObject({ status: 'done' });
    sandbox.stats.reset();
    expect(await run()).toMatchObject({ status: 'done' });
    expect(sandbox.stats.counts.plugins).toBe(0);
    expect(await db.pubPlugins.count()).toBe(sandbox.plugins.plugins.length);
  });
});

describe('plugin events in the feed', () => {
  it('a plugin event the previous run did not see makes the next refresh re-read the plugins, once', async () => {
    expect(await run()).toMatchObject({ status: 'done' });
    sandbox.compliance.appendActivity({ type: 'claude_plugin_updated', orgIndex: 0, payload: { plugin_id: 'plugin_sbxSalesToolkit01', plugin_name: 'sales-toolkit' } });
    sandbox.stats.reset();
    expect(await run()).toMatchObject({ status: 'done' });
    expect(sandbox.stats.counts.plugins).toBeGreaterThanOrEqual(1);
    sandbox.stats.reset();
    expect(await run()).toMatchObject({ status: 'done' });
    expect(sandbox.stats.counts.plugins).toBe(0);
    // The event is not counted as one the snapshot could not understand.
    const last = (await db.snapshots.orderBy('completedAt').last())!;
    expect(Object.keys(last.skipped).filter((k) => k.includes('unknown'))).toEqual([]);
  });
});

describe('plugin helpers', () => {
  it('matches declared MCP servers to inventory servers by any of their names, ignoring case and spacing', () => {
    const servers = [
      { id: 'a', name: 'GitHub Enterprise', names: ['GitHub', 'GitHub Enterprise'] },
      { id: 'b', name: 'Linear', names: ['Linear'] },
      { id: 'c', name: 'Linear', names: ['Linear'] },
    ];
    expect(matchServers(' github ', servers)).toEqual(['a']);
    expect(matchServers('LINEAR', servers)).toEqual(['b', 'c']);
    expect(matchServers('jira', servers)).toEqual([]);
    expect(serverCurrentName).toBeTypeOf('function');
  });

  it('reads the tool and permission of a policy event recorded before they were stored', () => {
    const e = { id: 'activity_1', serverId: 's', type: 'mcp_tool_policy_updated', at: '2026-01-01T00:00:00Z', actor: null };
    expect(withPolicyFromSummary({ ...e, summary: 'delete_issue → Always allow' })).toMatchObject({ tool: 'delete_issue', permission: 'allow' });
    expect(withPolicyFromSummary({ ...e, summary: 'All tools (server-wide default) → restriction cleared' })).toMatchObject({ tool: '*', permission: null });
  });
});
