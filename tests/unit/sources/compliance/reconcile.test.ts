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
import { fullWalkDue, readReconcileState, requestFullWalk, ReconcileStateSchema } from '../../../../lib/sources/compliance/reconcile.ts';
import { readAllChats } from '../../../../lib/sources/compliance/derive/chat-store.ts';
import { expectedModels } from '../../../support/expected-inventory.ts';

/**
 * Hard-deleted chats leave the inventory: by the periodic (or requested) full walk of chat ids, and by
 * the fast path from `claude_chat_deleted` events, verified with a 404 before anything is removed.
 */
let sandbox: Sandbox;
let db: AppDb;
let n = 0;

function client(): ComplianceClient {
  const limiter = new RequestLimiter({ perMinute: 100_000, burst: 1000 });
  return new ComplianceClient(createHttpClient({ api: 'compliance', baseUrl: sandbox.url, credential: async () => sandbox.keys.compliance.full.secret, limiter, retry: { baseDelayMs: 5, maxDelayMs: 20 } }));
}
const run = (options: SnapshotOptions = {}) => new Job(db, SNAPSHOT_JOB, client(), options).run();
const cpOf = async () => checkpointOf<ComplianceCheckpoint>(await db.jobs.get(JOB_ID))!;

async function modelCounts(): Promise<Record<string, number>> {
  return Object.fromEntries((await db.pubModels.toArray()).map((m) => [m.model, m.chats]));
}
function expectedCounts(): Record<string, number> {
  return Object.fromEntries([...expectedModels(sandbox.org)].map(([id, w]) => [id, w.chats]));
}
/** A live chat of the sandbox with a model, not soft-deleted, from the end of the list. */
function liveChat(skip = 0): { index: number; id: string; model: string } {
  const chats = sandbox.org.chats;
  for (let i = chats.n - 1; i >= 0; i--) {
    if (!chats.exists(i) || chats.modelId(i) === null || !Number.isNaN(chats.deletedAt[i]!)) continue;
    if (skip-- > 0) continue;
    return { index: i, id: chats.id(i), model: chats.modelId(i)! };
  }
  throw new Error('no live chat');
}

beforeAll(async () => {
  sandbox = await startSandbox({ size: { ...SIZE_PRESETS.tiny, chats: 2_500 }, seed: 5, complianceRateLimit: 100_000 });
});
afterAll(async () => sandbox?.close());
beforeEach(() => {
  db = createDb({ name: `reconcile-${n++}`, indexedDB: new IDBFactory(), IDBKeyRange });
});

describe('Reconciling hard-deleted chats', () => {
  it('a requested full walk drops a chat that was deleted without a trace in the feed; an ordinary refresh does not', async () => {
    expect((await run()).status).toBe('done');
    expect(await modelCounts()).toEqual(expectedCounts());
    expect((await readReconcileState(db)).lastFullWalkAt).not.toBeNull();

    const victim = liveChat();
    const before = (await modelCounts())[victim.model]!;
    sandbox.compliance.hardDeleteChat(victim.index);
    expect((await run()).status).toBe('done');
    expect((await cpOf()).fullWalk).toBe(false);
    expect((await modelCounts())[victim.model]).toBe(before); // the refresh cannot see it go

    await requestFullWalk(db);
    sandbox.stats.reset();
    expect((await run()).status).toBe('done');
    const cp = await cpOf();
    expect(cp.fullWalk).toBe(true);
    expect(cp.kind).toBe('incremental');
    expect((await modelCounts())[victim.model]).toBe(before - 1);
    expect(await modelCounts()).toEqual(expectedCounts());
    expect((await readAllChats(db)).some((c) => c.id === victim.id)).toBe(false);
    const state = await readReconcileState(db);
    expect(state).toMatchObject({ rebuildPending: false, requestedAt: null, lastFullWalkAt: cp.startedAt });
    // The next refresh is incremental again.
    expect((await run()).status).toBe('done');
    expect((await cpOf()).fullWalk).toBe(false);
  });

  it('a refresh removes a chat named by a claude_chat_deleted event once its GET answers 404, and keeps a soft-deleted one', async () => {
    expect((await run()).status).toBe('done');
    const gone = liveChat();
    const soft = liveChat(1);
    const counts = await modelCounts();
    sandbox.compliance.hardDeleteChat(gone.index);
    sandbox.compliance.appendActivity({ type: 'claude_chat_deleted', payload: { claude_chat_id: gone.id, claude_project_id: null } });
    // Deleted in claude.ai, still listed (soft delete): the event must not remove it.
    sandbox.compliance.appendActivity({ type: 'claude_chat_deleted', payload: { claude_chat_id: soft.id, claude_project_id: null } });
    sandbox.stats.reset();
    expect((await run()).status).toBe('done');
    const cp = await cpOf();
    expect(cp.fullWalk).toBe(false);
    expect(cp.deletedChats?.sort()).toEqual([gone.id, soft.id].sort());
    const after = await modelCounts();
    expect(after[gone.model]).toBe(counts[gone.model]! - 1);
    expect(after).toEqual(expectedCounts());
    const ids = new Set((await readAllChats(db)).map((c) => c.id));
    expect(ids.has(gone.id)).toBe(false);
    expect(ids.has(soft.id)).toBe(true);
  });

  it('is due weekly by default, on request, and to finish an interrupted rebuild', () => {
    const now = new Date('2026-12-07T12:00:00Z');
    const s = ReconcileStateSchema.parse({ lastFullWalkAt: '2026-12-01T12:00:00Z' });
    expect(fullWalkDue(s, now)).toBe(false);
    expect(fullWalkDue({ ...s, lastFullWalkAt: '2026-11-30T11:00:00Z' }, now)).toBe(true);
    expect(fullWalkDue({ ...s, requestedAt: '2026-12-07T11:00:00Z' }, now)).toBe(true);
    expect(fullWalkDue({ ...s, rebuildPending: true }, now)).toBe(true);
    expect(fullWalkDue({ ...s, lastFullWalkAt: '2026-01-01T00:00:00Z' }, now, null)).toBe(false);
  });

  it('a full walk interrupted after clearing the store is finished by the next run, never published half-built', async () => {
    expect((await run()).status).toBe('done');
    const published = await modelCounts();
    await requestFullWalk(db);
    // Fail the walk on its second chats page.
    sandbox.faults.add({ path: '^/v1/compliance/apps/chats$', status: 401, after: 1, times: 50 } as never);
    const failed = await run();
    sandbox.faults.clear();
    expect(failed.status).not.toBe('done');
    expect(await modelCounts()).toEqual(published); // pages still see the previous snapshot
    expect((await readReconcileState(db)).rebuildPending).toBe(true);
    await db.jobs.update(JOB_ID, { status: 'failed' }); // a new run begins rather than resuming
    expect((await run()).status).toBe('done');
    expect((await cpOf()).fullWalk).toBe(true);
    expect(await modelCounts()).toEqual(expectedCounts());
  });
});
