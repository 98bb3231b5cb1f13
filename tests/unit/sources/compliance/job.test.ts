import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { startSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { SIZE_PRESETS } from '../../../sandbox/shared/contracts.ts';
import { createDb, type AppDb } from '../../../../lib/sources/database.ts';
import { createHttpClient, RequestLimiter } from '../../../../lib/api/http/index.ts';
import { ComplianceClient } from '../../../../lib/sources/compliance/client.ts';
import { SNAPSHOT_JOB, type SnapshotOptions } from '../../../../lib/sources/compliance/job.ts';
import { Job, checkpointOf } from '../../../../lib/jobs/job.ts';
import { JOB_ID, type ComplianceCheckpoint } from '../../../../lib/sources/compliance/checkpoint.ts';
import { JobRunner } from '../../../../lib/jobs/runner.ts';
import { readState, SNAPSHOT_STATE } from '../../../../lib/sources/compliance/state.ts';
import type { SnapshotSource } from '../../../../lib/sources/compliance/source.ts';
import { expectedModels, expectedServers } from '../../../support/expected-inventory.ts';

/**
 * The snapshot job end to end in Node: the real Compliance client against the real sandbox, writing
 * into Dexie on fake-indexeddb. 3,500 chats make four chat pages, so resumption crosses page borders.
 */
let sandbox: Sandbox;
let db: AppDb;
let n = 0;

function client(secret = sandbox.keys.compliance.full.secret): ComplianceClient {
  const limiter = new RequestLimiter({ perMinute: 100_000, burst: 1000 });
  return new ComplianceClient(createHttpClient({ api: 'compliance', baseUrl: sandbox.url, credential: async () => secret, limiter, retry: { baseDelayMs: 5, maxDelayMs: 20 } }));
}

function snapshotJob(db: AppDb, source: SnapshotSource, options: SnapshotOptions = {}) {
  return new Job(db, SNAPSHOT_JOB, source, options);
}

const cpOf = async (db: AppDb) => checkpointOf<ComplianceCheckpoint>(await db.jobs.get(JOB_ID))!;

async function published(db: AppDb) {
  const models = new Map((await db.pubModels.toArray()).map((m) => [m.model, m]));
  const servers = new Map((await db.pubMcpServers.toArray()).map((s) => [s.id, s]));
  return { models, servers };
}

async function expectMatchesSandbox(db: AppDb) {
  const { models, servers } = await published(db);
  const want = expectedModels(sandbox.org);
  expect([...models.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [id, w] of want) {
    const got = models.get(id)!;
    expect({ model: id, chats: got.chats, deletedChats: got.deletedChats, users: got.users, projects: got.projects, organizations: got.organizations, firstSeen: got.firstSeen }).toEqual(w);
  }
  const wantServers = expectedServers(sandbox.org);
  expect([...servers.keys()].sort()).toEqual([...wantServers.keys()].sort());
  for (const [id, w] of wantServers) {
    expect({ id, name: servers.get(id)!.name, preAudit: servers.get(id)!.preAudit }).toEqual(w);
  }
}

beforeAll(async () => {
  sandbox = await startSandbox({ size: { ...SIZE_PRESETS.tiny, chats: 3_500 }, seed: 11, complianceRateLimit: 100_000 });
});
afterAll(async () => sandbox?.close());
beforeEach(() => {
  db = createDb({ name: `snapshot-${n++}`, indexedDB: new IDBFactory(), IDBKeyRange });
  sandbox.faults.clear();
});

describe('Compliance snapshot job', () => {
  it('a full snapshot derives every model and current MCP server, at the minimum request count', async () => {
    sandbox.stats.reset();
    const source = client();
    const outcome = await snapshotJob(db, source).run();
    expect(outcome).toEqual({ status: 'done', runId: expect.any(String) });
    await expectMatchesSandbox(db);
    const snapshot = (await db.snapshots.toArray())[0]!;
    expect(snapshot.kind).toBe('full');
    expect(snapshot.requests).toBe(source.requestCount());
    // The snapshot also reads the Plugins API (same key, its own path): one list page, plus one version read per
    // plugin whose latest version is not the served one (one such plugin in the sandbox): +2 requests.
    const pluginVersionReads = sandbox.plugins.plugins.filter((p) => p.servedVersionId !== p.versions[p.versions.length - 1]!.id).length;
    expect(sandbox.stats.counts.plugins).toBe(1 + pluginVersionReads);
    expect(sandbox.stats.counts.compliance + sandbox.stats.counts.plugins).toBe(source.requestCount());
    // Minimum at maximum page sizes: 1 orgs + 1 activities + 4 chats + per org (users, roles, settings) + 1 groups + per group members + 1 projects
    // + 1 plugin page + the version reads.
    const orgs = sandbox.org.organizations.length;
    const minimum = 1 + 1 + 4 + orgs * 3 + 1 + sandbox.org.groups.length + 1 + 1 + pluginVersionReads;
    expect(source.requestCount()).toBeLessThanOrEqual(Math.ceil(minimum * 1.05));
    // Named models only; the bucket of chats without a model is counted apart.
    const want = expectedModels(sandbox.org);
    expect(want.get('')?.chats ?? 0).toBeGreaterThan(0);
    expect(snapshot.counts.models).toBe([...want.keys()].filter((m) => m !== '').length);
    expect(snapshot.counts.chatsWithoutModel).toBe(want.get('')!.chats);
  });

  it('an incremental refresh of an unchanged organization costs three requests', async () => {
    await snapshotJob(db, client()).run();
    sandbox.stats.reset();
    const source = client();
    expect((await snapshotJob(db, source).run()).status).toBe('done');
    // Organizations, the feed since a little before the last run, and chats: three requests.
    expect(sandbox.stats.counts.compliance).toBeLessThanOrEqual(3);
    const snapshots = await db.snapshots.orderBy('completedAt').toArray();
    expect(snapshots.map((s) => s.kind)).toEqual(['full', 'incremental']);
    await expectMatchesSandbox(db);
  });

  it('a refresh re-reads projects only after a project event, and the directory only after a directory event, once each', async () => {
    await snapshotJob(db, client()).run();
    const project = sandbox.org.projects.find((p) => !p.hardDeleted)!;
    sandbox.compliance.advanceClock(60_000);
    sandbox.compliance.appendActivity({ type: 'claude_project_sharing_updated', orgIndex: 0, payload: { claude_project_id: project.id, audience: [{ type: 'organization' }] } });
    sandbox.stats.reset();
    await snapshotJob(db, client()).run();
    expect(sandbox.stats.counts.compliance).toBe(4); // + projects changed since the last run
    let cp = await cpOf(db);
    expect([cp.projectsDirty, cp.directory]).toEqual([true, false]);

    // The same event, re-read in the next run's overlap, is not news.
    sandbox.compliance.advanceClock(60_000);
    sandbox.stats.reset();
    await snapshotJob(db, client()).run();
    expect(sandbox.stats.counts.compliance).toBe(3);

    sandbox.compliance.advanceClock(60_000);
    sandbox.compliance.appendActivity({ type: 'group_member_added', orgIndex: 0, payload: { group_id: sandbox.org.groups[0]!.id, user_id: sandbox.org.users[1]!.id } });
    await snapshotJob(db, client()).run();
    cp = await cpOf(db);
    expect(cp.directory).toBe(true);
    await expectMatchesSandbox(db);
  });

  it('an event indexed late, behind the cursor, is still applied by the next refresh', async () => {
    const server = [...expectedServers(sandbox.org).values()][0]!;
    const orgIndex = sandbox.org.mcpServers.find((s) => s.id === server.id)!.orgIndex;
    const policy = (tool: string, atMs?: number) =>
      sandbox.compliance.appendActivity({ type: 'mcp_tool_policy_updated', orgIndex, ...(atMs ? { atMs } : {}), payload: { mcp_server_id: server.id, mcp_server_name: server.name, tool_name: tool, max_permission: 'ask' } });
    // The first walk ends on an event from just now...
    const newest = policy('fresh_tool');
    await snapshotJob(db, client()).run();
    expect((await db.pubToolPolicies.get([server.id, 'fresh_tool']))?.permission).toBe('ask');
    // ...and an event from 30 s before it is indexed only afterwards: it sits behind the cursor.
    policy('late_tool', Date.parse(newest.created_at) - 30_000);
    sandbox.stats.reset();
    await snapshotJob(db, client()).run();
    // Organizations, the feed since a little before the last run, and chats: three requests.
    expect(sandbox.stats.counts.compliance).toBeLessThanOrEqual(3);
    expect((await db.pubToolPolicies.get([server.id, 'late_tool']))?.permission).toBe('ask');
  });

  it('a chat whose model changed moves between models on the next refresh', async () => {
    await snapshotJob(db, client()).run();
    const before = await published(db);
    const [from, to] = [...before.models.values()].filter((m) => m.model !== '').sort((a, b) => b.chats - a.chats);
    // Find a chat of the most used model and switch it to the second.
    let moved = -1;
    for (let i = 0; i < sandbox.org.chats.n && moved < 0; i++) if (sandbox.org.chats.exists(i) && sandbox.org.chats.modelId(i) === from!.model) moved = i;
    sandbox.compliance.advanceClock(60_000);
    sandbox.compliance.touchChat(moved, { model: to!.model });
    sandbox.stats.reset();
    await snapshotJob(db, client()).run();
    // Organizations, the feed since a little before the last run, and chats: three requests.
    expect(sandbox.stats.counts.compliance).toBeLessThanOrEqual(3);
    const after = await published(db);
    expect(after.models.get(from!.model)!.chats).toBe(from!.chats - 1);
    expect(after.models.get(to!.model)!.chats).toBe(to!.chats + 1);
    await expectMatchesSandbox(db);
  });

  it('a run stopped mid-walk resumes from its checkpoint to the same result, without duplicates', async () => {
    // Abort after the second chat page commits, as if the worker died.
    const controller = new AbortController();
    const source = client();
    const wrapped: SnapshotSource = Object.assign(Object.create(source) as SnapshotSource, {
      chats: async (afterId: string | null, since: string | null, signal?: AbortSignal) => {
        const page = await source.chats(afterId, since, signal);
        if (afterId !== null) controller.abort();
        return page;
      },
    });
    const first = await snapshotJob(db, wrapped).run(controller.signal);
    expect(first.status).toBe('cancelled');
    const stopped = await cpOf(db);
    expect(stopped.phase).toBe('chats');
    expect(stopped.counts.chats).toBeGreaterThan(0);
    expect(stopped.counts.chats).toBeLessThan(3_500);
    expect(await db.pubModels.count()).toBe(0); // nothing published yet

    // A cancelled run is not continued: a new run starts from the last published state. Simulate the
    // crash case instead: mark the job running again, as a killed worker leaves it.
    await db.jobs.update(JOB_ID, { status: 'running' });
    const resumed = await snapshotJob(db, client()).run();
    expect(resumed.status).toBe('done');
    const cp = await cpOf(db);
    expect(cp.runId).toBe(stopped.runId);
    expect(cp.counts.chats).toBe(3_500);
    await expectMatchesSandbox(db);
  });

  it('a run that failed after reading the directory does not keep its people alive through the next run', async () => {
    // The first run reads a user who is then removed, and stops before publishing.
    const controller = new AbortController();
    const source = client();
    const ghostly: SnapshotSource = Object.assign(Object.create(source) as SnapshotSource, {
      users: async (org: string, page: string | null, signal?: AbortSignal) => {
        const got = await source.users(org, page, signal);
        controller.abort();
        return { ...got, items: [...got.items, { ...got.items[0]!, id: 'user_removedsincethen', email: 'gone@example.com' }] };
      },
    });
    expect((await snapshotJob(db, ghostly).run(controller.signal)).status).toBe('cancelled');
    expect(await db.users.where('id').equals('user_removedsincethen').count()).toBe(1);

    // The next run re-reads the directory without them: they are gone once it publishes.
    expect((await snapshotJob(db, client()).run()).status).toBe('done');
    expect(await db.users.where('id').equals('user_removedsincethen').count()).toBe(0);
  });

  it('another API host: an unfinished run is not continued there, and the next run reads from scratch and says why', async () => {
    const A = { origin: 'https://compliance-a.example' };
    const B = { origin: 'https://compliance-b.example' };
    expect((await snapshotJob(db, client(), A).run()).status).toBe('done');
    // A run begun against A, interrupted (as a killed worker leaves it) in the chats walk.
    const controller = new AbortController();
    const source = client();
    const stopping: SnapshotSource = Object.assign(Object.create(source) as SnapshotSource, {
      chats: async (afterId: string | null, since: string | null, signal?: AbortSignal) => {
        controller.abort();
        return source.chats(afterId, since, signal);
      },
    });
    sandbox.compliance.advanceClock(60_000);
    await snapshotJob(db, stopping, A).run(controller.signal);
    await db.jobs.update(JOB_ID, { status: 'running' });
    const interrupted = await cpOf(db);

    // Pointed at B: that run is dropped; nothing stored is sent to B.
    const calls: Array<[string | null, string | null]> = [];
    const watched: SnapshotSource = Object.assign(Object.create(source) as SnapshotSource, {
      chats: async (afterId: string | null, since: string | null, signal?: AbortSignal) => {
        calls.push([afterId, since]);
        return source.chats(afterId, since, signal);
      },
    });
    expect((await snapshotJob(db, watched, B).run()).status).toBe('done');
    const cp = await cpOf(db);
    expect(cp.runId).not.toBe(interrupted.runId);
    expect(calls[0]).toEqual([null, null]);
    const latest = (await db.snapshots.orderBy('completedAt').last())!;
    expect(latest.kind).toBe('full');
    expect(latest.note).toMatch(/address changed \(https:\/\/compliance-a\.example → https:\/\/compliance-b\.example\)/);
    expect(latest.changes).toEqual([]);
    await expectMatchesSandbox(db);
    expect((await readState(db)).origin).toBe(B.origin);
  });

  it('a key of another parent organization: the run starts over instead of merging two tenants', async () => {
    expect((await snapshotJob(db, client()).run()).status).toBe('done');
    // As if the stored state had been read from another parent organization's key.
    const state = await readState(db);
    await SNAPSHOT_STATE.write(db, { ...state, orgUuids: ['00000000-0000-4000-8000-000000000001'] });
    await db.users.put({ key: 'x:user_othertenant', id: 'user_othertenant', org: 'x', email: 'someone@other.example', fullName: 'Other', role: 'user', createdAt: '2026-01-01T00:00:00Z', gen: 1 } as never);
    sandbox.compliance.advanceClock(60_000);
    expect((await snapshotJob(db, client()).run()).status).toBe('done');
    const latest = (await db.snapshots.orderBy('completedAt').last())!;
    expect(latest.kind).toBe('full');
    expect(latest.note).toMatch(/another parent organization/);
    expect(await db.users.where('id').equals('user_othertenant').count()).toBe(0);
    await expectMatchesSandbox(db);
    expect((await readState(db)).orgUuids).toEqual(sandbox.org.organizations.map((o) => o.uuid).sort());
  });

  it('a 429 mid-walk is honoured and does not advance the cursor', async () => {
    sandbox.faults.add({ path: '^/v1/compliance/apps/chats$', after: 1, times: 1, status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const outcome = await snapshotJob(db, client()).run();
    expect(outcome.status).toBe('done');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(sandbox.faults.pending()).toBe(0);
    await expectMatchesSandbox(db);
  });

  it('a malformed page pauses the job with a clear error; Resume finishes it; the previous snapshot stays until then', async () => {
    await snapshotJob(db, client()).run();
    const previous = await db.snapshots.toArray();
    sandbox.compliance.advanceClock(60_000);
    sandbox.compliance.addChat({ model: 'claude-opus-4-7' });
    sandbox.faults.add({ path: '^/v1/compliance/apps/chats$', times: 2, truncate: true });
    const paused = await snapshotJob(db, client()).run();
    expect(paused.status).toBe('paused');
    if (paused.status === 'paused') expect(paused.error).toMatch(/could not read.*Resume/);
    expect(await db.snapshots.toArray()).toEqual(previous);
    const resumed = await snapshotJob(db, client()).run();
    expect(resumed.status).toBe('done');
    expect(await db.snapshots.count()).toBe(2);
    await expectMatchesSandbox(db);
  });

  it('a revoked key fails the run with its message and leaves the previous snapshot untouched', async () => {
    await snapshotJob(db, client()).run();
    const before = await db.pubModels.toArray();
    const outcome = await snapshotJob(db, client(sandbox.keys.compliance.revoked.secret)).run();
    expect(outcome.status).toBe('failed');
    if (outcome.status === 'failed') {
      expect(outcome.error).toMatch(/invalid or has been revoked/);
      expect(outcome.error).not.toContain(sandbox.keys.compliance.revoked.secret);
    }
    expect(await db.pubModels.toArray()).toEqual(before);
  });

  it('the optional deep scan reads recent chats within its cap and attributes MCP tool use to servers', async () => {
    sandbox.stats.reset();
    const source = client();
    const outcome = await snapshotJob(db, source, { deepScan: { enabled: true, days: 3650, maxChats: 40, minIntervalMs: 0 } }).run();
    expect(outcome).toEqual({ status: 'done', runId: expect.any(String) });
    const messageRequests = [...sandbox.stats.byPath.entries()].filter(([path]) => path.endsWith('/messages')).reduce((n, [, c]) => n + c, 0);
    expect(messageRequests).toBe(40);
    const cp = await cpOf(db);
    expect(cp.counts.scanned).toBe(40);
    const servers = await db.pubMcpServers.toArray();
    // Scanned servers get numbers; the rest stay unknown (null), never a made-up 0.
    expect(servers.some((s) => s.usedInChats !== null && s.usedInChats > 0)).toBe(true);
    for (const s of servers) if (s.usedInChats !== null) expect(s.privateProjects! + s.publicProjects!).toBeLessThanOrEqual(s.projects!);
  });

  it('a second start while a run is in flight joins it', async () => {
    const runner = new JobRunner({ db, jobId: JOB_ID, makeJob: async () => snapshotJob(db, client()) });
    // Two clicks at once, then a third while the run is under way: one run.
    const [a, b] = await Promise.all([runner.start(), runner.start()]);
    const c = await runner.start();
    expect(a.joined).toBe(false);
    expect(b).toEqual({ runId: a.runId, joined: true });
    expect(c).toEqual({ runId: a.runId, joined: true });
    expect((await runner.settle())?.status).toBe('done');
    expect(await db.snapshots.count()).toBe(1);
  });
});
