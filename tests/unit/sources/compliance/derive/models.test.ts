import { CHAT_STORE_TABLES, lookupChats, readAllChats } from '../../../../../lib/sources/compliance/derive/chat-store.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRow, ModelRow, ModelUsageRow } from '../../../../../lib/sources/compliance/tables.ts';
import type { AppDb } from '../../../../../lib/sources/database.ts';
import { applyChats, CHAT_DERIVATION_TABLES, chatToRow, modelLabel, removeChats, type ChatInput } from '../../../../../lib/sources/compliance/derive/models.ts';
import { chat, dump, freshDb } from './helpers.ts';

let db: AppDb;
beforeEach(() => {
  db = freshDb();
});
afterEach(() => db.close());

async function storedChat(id: string): Promise<ChatRow | undefined> {
  return db.transaction('r', [...CHAT_STORE_TABLES], async () => (await lookupChats(db, [id])).get(id));
}

async function model(name: string): Promise<ModelRow | undefined> {
  return db.models.get(name);
}

async function usage(name: string, dim: 'org' | 'project' | 'user'): Promise<Array<[string, number]>> {
  const row = await db.modelUsage.get([name, dim]);
  return Object.entries(row?.counts ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('applyChats', () => {
  it('counts chats per model and keeps distinct organizations, projects and users', async () => {
    const result = await applyChats(db, [
      chat('c1', { organization_uuid: 'org-1', project_id: 'p1', user: 'u1', created_at: '2026-04-02T00:00:00Z' }),
      chat('c2', { organization_uuid: 'org-1', project_id: 'p1', user: 'u2', created_at: '2026-04-01T00:00:00Z', email: 'two@example.com' }),
      chat('c3', { organization_uuid: 'org-2', project_id: 'p2', user: 'u1', created_at: '2026-04-03T00:00:00Z' }),
      chat('c4', { model: 'claude-sonnet-4-6', organization_uuid: 'org-2', project_id: null, user: 'u3' }),
    ]);
    expect(result).toEqual({ inserted: 4, updated: 0, unchanged: 0, stale: 0, skipped: {} });

    expect(await model('claude-opus-4-7')).toEqual({
      model: 'claude-opus-4-7',
      chats: 3,
      deletedChats: 0,
      projects: 2,
      organizations: 2,
      users: 2,
      firstSeen: '2026-04-01T00:00:00Z',
      firstUserId: 'u2',
      firstUserEmail: 'two@example.com',
    });
    expect(await usage('claude-opus-4-7', 'org')).toEqual([['org-1', 2], ['org-2', 1]]);
    expect(await usage('claude-opus-4-7', 'project')).toEqual([['p1', 2], ['p2', 1]]);
    expect(await usage('claude-opus-4-7', 'user')).toEqual([['u1', 2], ['u2', 1]]);
    const sonnet = await model('claude-sonnet-4-6');
    expect([sonnet?.chats, sonnet?.projects, sonnet?.organizations, sonnet?.users]).toEqual([1, 0, 1, 1]);
    expect(await storedChat('c4')).toEqual({
      id: 'c4',
      model: 'claude-sonnet-4-6',
      org: 'org-2',
      project: '',
      user: 'u3',
      createdAt: '2026-04-10T08:00:00Z',
      updatedAt: '2026-04-10T09:00:00Z',
      deleted: 0,
    });
  });

  it('buckets a null model as "" (Unknown model) and does not count null projects or users', async () => {
    await applyChats(db, [chat('c1', { model: null, project_id: null, user: null }), chat('c2', { model: null, project_id: 'p1', user: null })]);
    const unknown = await model('');
    expect([unknown?.chats, unknown?.projects, unknown?.users, unknown?.organizations]).toEqual([2, 1, 0, 1]);
    expect(unknown?.firstUserId).toBeNull();
    expect(unknown?.firstUserEmail).toBeNull();
    expect(await usage('', 'user')).toEqual([]);
    expect(await usage('', 'project')).toEqual([['p1', 1]]);
    expect(modelLabel('')).toBe('Unknown model');
    expect(modelLabel('claude-opus-4-7')).toBe('claude-opus-4-7');
  });

  it('is idempotent: re-applying a page or a chat changes nothing', async () => {
    const page = [chat('c1', { project_id: 'p1' }), chat('c2', { user: 'u2' }), chat('c3', { model: null, deleted_at: '2026-04-11T00:00:00Z' })];
    await applyChats(db, page);
    const before = await dump(db, CHAT_DERIVATION_TABLES);
    const again = await applyChats(db, page);
    expect(again).toEqual({ inserted: 0, updated: 0, unchanged: 3, stale: 0, skipped: {} });
    await applyChats(db, [page[1]!]);
    expect(await dump(db, CHAT_DERIVATION_TABLES)).toEqual(before);
  });

  it('moves a chat whose model changed, and deletes a model left without chats', async () => {
    await applyChats(db, [chat('c1', { project_id: 'p1', user: 'u1' }), chat('c2', { model: 'claude-haiku-4-5', project_id: 'p1', user: 'u1' })]);
    const result = await applyChats(db, [chat('c1', { model: 'claude-haiku-4-5', project_id: 'p1', user: 'u1', updated_at: '2026-04-12T00:00:00Z' })]);
    expect(result.updated).toBe(1);
    expect(await model('claude-opus-4-7')).toBeUndefined();
    expect(await db.modelUsage.where('[model+dim]').equals(['claude-opus-4-7', 'user']).count()).toBe(0);
    const haiku = await model('claude-haiku-4-5');
    expect([haiku?.chats, haiku?.projects, haiku?.users, haiku?.organizations]).toEqual([2, 1, 1, 1]);
    expect(await usage('claude-haiku-4-5', 'user')).toEqual([['u1', 2]]);
    expect((await storedChat('c1'))?.model).toBe('claude-haiku-4-5');
  });

  it('keeps distinct counts right when a chat changes project, user or organization', async () => {
    await applyChats(db, [chat('c1', { project_id: 'p1', user: 'u1' }), chat('c2', { project_id: 'p2', user: 'u1' })]);
    expect((await model('claude-opus-4-7'))?.projects).toBe(2);
    // c2 moves into p1 and changes hands: p2 and u1-only disappear / u2 appears.
    await applyChats(db, [chat('c2', { project_id: 'p1', user: 'u2', organization_uuid: 'org-9', updated_at: '2026-05-01T00:00:00Z' })]);
    const m = await model('claude-opus-4-7');
    expect([m?.chats, m?.projects, m?.users, m?.organizations]).toEqual([2, 1, 2, 2]);
    expect(await usage('claude-opus-4-7', 'project')).toEqual([['p1', 2]]);
    // …and out of any project.
    await applyChats(db, [chat('c2', { project_id: null, user: 'u2', organization_uuid: 'org-9', updated_at: '2026-05-02T00:00:00Z' })]);
    expect((await model('claude-opus-4-7'))?.projects).toBe(1);
    expect(await usage('claude-opus-4-7', 'project')).toEqual([['p1', 1]]);
  });

  it('counts soft-deleted chats as usage and in deletedChats', async () => {
    await applyChats(db, [chat('c1', { project_id: 'p1' }), chat('c2', { user: 'u2', deleted_at: '2026-04-11T00:00:00Z' })]);
    let m = await model('claude-opus-4-7');
    expect([m?.chats, m?.deletedChats, m?.users, m?.projects]).toEqual([2, 1, 2, 1]);

    // c1 is soft-deleted later: still used, one more deleted.
    await applyChats(db, [chat('c1', { project_id: 'p1', deleted_at: '2026-04-12T00:00:00Z', updated_at: '2026-04-12T00:00:00Z' })]);
    m = await model('claude-opus-4-7');
    expect([m?.chats, m?.deletedChats, m?.users, m?.projects]).toEqual([2, 2, 2, 1]);
    expect((await storedChat('c1'))?.deleted).toBe(1);

    // A deleted chat moving model takes its deleted flag along.
    await applyChats(db, [chat('c2', { user: 'u2', model: 'claude-haiku-4-5', deleted_at: '2026-04-11T00:00:00Z', updated_at: '2026-04-13T00:00:00Z' })]);
    m = await model('claude-opus-4-7');
    expect([m?.chats, m?.deletedChats, m?.users]).toEqual([1, 1, 1]);
    const haiku = await model('claude-haiku-4-5');
    expect([haiku?.chats, haiku?.deletedChats]).toEqual([1, 1]);
  });

  it('removeChats takes back every contribution of hard-deleted chats', async () => {
    await applyChats(db, [
      chat('c1', { project_id: 'p1', user: 'u1', created_at: '2026-04-01T00:00:00Z' }),
      chat('c2', { project_id: 'p2', user: 'u2', deleted_at: '2026-04-05T00:00:00Z', created_at: '2026-04-02T00:00:00Z' }),
      chat('c3', { model: 'claude-haiku-4-5', project_id: 'p1', user: 'u1' }),
    ]);
    const result = await removeChats(db, ['c1', 'c2', 'c2', 'missing']);
    expect(result).toEqual({ removed: 2, unknown: 1 });
    expect(await model('claude-opus-4-7')).toBeUndefined();
    expect(await db.modelUsage.where('[model+dim]').equals(['claude-opus-4-7', 'project']).count()).toBe(0);
    expect([await storedChat('c1'), await storedChat('c2')]).toEqual([undefined, undefined]);
    const haiku = await model('claude-haiku-4-5');
    expect([haiku?.chats, haiku?.projects, haiku?.users]).toEqual([1, 1, 1]);
    // Removing again is a no-op.
    expect(await removeChats(db, ['c1'])).toEqual({ removed: 0, unknown: 1 });
    expect(await db.models.count()).toBe(1);
  });

  it('decrements distinct counts when removal leaves a model with remaining chats', async () => {
    await applyChats(db, [chat('c1', { project_id: 'p1', user: 'u1' }), chat('c2', { project_id: 'p2', user: 'u2', organization_uuid: 'org-2' })]);
    await removeChats(db, ['c2']);
    const m = await model('claude-opus-4-7');
    expect([m?.chats, m?.projects, m?.users, m?.organizations]).toEqual([1, 1, 1, 1]);
  });

  it('firstSeen only ever moves earlier, with the user of that chat', async () => {
    await applyChats(db, [chat('c2', { created_at: '2026-04-02T00:00:00Z', user: 'u2' })]);
    expect((await model('claude-opus-4-7'))?.firstSeen).toBe('2026-04-02T00:00:00Z');

    await applyChats(db, [chat('c3', { created_at: '2026-04-03T00:00:00Z', user: 'u3' })]);
    expect((await model('claude-opus-4-7'))?.firstUserId).toBe('u2');

    // Different timestamp spelling, earlier instant.
    await applyChats(db, [chat('c1', { created_at: '2026-04-01T23:00:00+00:00', user: 'u1', email: 'first@example.com' })]);
    let m = await model('claude-opus-4-7');
    expect([m?.firstSeen, m?.firstUserId, m?.firstUserEmail]).toEqual(['2026-04-01T23:00:00+00:00', 'u1', 'first@example.com']);

    // Hard-deleting the earliest chat does not move "Added" later.
    await removeChats(db, ['c1']);
    m = await model('claude-opus-4-7');
    expect([m?.chats, m?.firstSeen, m?.firstUserId]).toEqual([2, '2026-04-01T23:00:00+00:00', 'u1']);

    // A chat moving into a model can make it earlier.
    await applyChats(db, [chat('c0', { model: 'claude-haiku-4-5', created_at: '2026-03-01T00:00:00Z', user: 'u0' })]);
    await applyChats(db, [chat('c0', { created_at: '2026-03-01T00:00:00Z', user: 'u0', updated_at: '2026-05-01T00:00:00Z' })]);
    m = await model('claude-opus-4-7');
    expect([m?.firstSeen, m?.firstUserId]).toEqual(['2026-03-01T00:00:00Z', 'u0']);
  });

  it('ignores a version older than the stored one, and keeps the newest copy inside a page', async () => {
    await applyChats(db, [chat('c1', { updated_at: '2026-04-12T00:00:00Z', model: 'claude-haiku-4-5' })]);
    const stale = await applyChats(db, [chat('c1', { updated_at: '2026-04-11T00:00:00Z' })]);
    expect(stale).toEqual({ inserted: 0, updated: 0, unchanged: 0, stale: 1, skipped: {} });
    expect(await model('claude-opus-4-7')).toBeUndefined();

    const page = await applyChats(db, [
      chat('c2', { updated_at: '2026-04-12T00:00:00Z', model: 'claude-sonnet-4-6' }),
      chat('c2', { updated_at: '2026-04-11T00:00:00Z', model: 'claude-opus-4-7' }),
    ]);
    expect(page.inserted).toBe(1);
    expect(page.stale).toBe(1);
    expect((await storedChat('c2'))?.model).toBe('claude-sonnet-4-6');
    expect(await model('claude-opus-4-7')).toBeUndefined();
  });

  it('refreshes the stored updated_at of an unchanged chat without touching aggregates', async () => {
    await applyChats(db, [chat('c1')]);
    const models = await db.models.toArray();
    const result = await applyChats(db, [chat('c1', { updated_at: '2026-06-01T00:00:00Z', name: 'Renamed chat' })]);
    expect(result.unchanged).toBe(1);
    expect((await storedChat('c1'))?.updatedAt).toBe('2026-06-01T00:00:00Z');
    expect(await db.models.toArray()).toEqual(models);
  });

  it('counts records it cannot understand instead of throwing', async () => {
    const bad = [{ created_at: 'x', updated_at: 'y' }, { id: 'c9' }, null, 'chat'] as unknown as ChatInput[];
    const result = await applyChats(db, [...bad, chat('c1')]);
    expect(result.skipped).toEqual({ missing_id: 1, missing_timestamps: 1, malformed: 2 });
    expect(result.inserted).toBe(1);
    expect(chatToRow({ id: 'a', created_at: 'x', updated_at: 'y', user: { email_address: 'e' } })).toMatchObject({ user: '', model: '', org: '' });
  });

  it('joins the caller transaction: a failure after applyChats rolls everything back', async () => {
    await expect(
      db.transaction('rw', [...CHAT_DERIVATION_TABLES, 'jobs'], async () => {
        await applyChats(db, [chat('c1')]);
        await db.jobs.put({ id: 'j', kind: 'k', status: 'running', createdAt: 'x', updatedAt: 'x', checkpoint: { cursor: 'a' }, error: null, attempts: 0 });
        throw new Error('worker died');
      }),
    ).rejects.toThrow('worker died');
    expect(await db.chatBatches.count()).toBe(0);
    expect(await db.models.count()).toBe(0);
    expect(await db.jobs.count()).toBe(0);
  });

  it('refuses to run in a caller transaction that lacks its tables', async () => {
    await expect(db.transaction('rw', ['chatBatches', 'jobs'], () => applyChats(db, [chat('c1')]))).rejects.toThrow();
  });

  it('matches a from-scratch recomputation after a long random history', async () => {
    // Deterministic pseudo-random generator (mulberry32).
    let seed = 20261101;
    const rand = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const models = ['claude-opus-4-7', 'claude-sonnet-4-6', 'claude-haiku-4-5', null];
    const projects = ['p1', 'p2', 'p3', null];
    const users = ['u1', 'u2', 'u3', 'u4', null];
    const orgs = ['org-1', 'org-2'];
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const tick = (): string => new Date((clock += 60_000)).toISOString();
    const randomChat = (id: string): ChatInput =>
      chat(id, {
        model: pick(models),
        project_id: pick(projects),
        user: pick(users),
        organization_uuid: pick(orgs),
        created_at: `2026-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 10)}T00:00:00Z`,
        updated_at: tick(),
        deleted_at: rand() < 0.2 ? '2026-10-01T00:00:00Z' : null,
      });

    const ids = Array.from({ length: 60 }, (_, i) => `c${i}`);
    const created = new Map<string, string>();
    let previousPage: ChatInput[] = [];
    for (let round = 0; round < 40; round++) {
      const page: ChatInput[] = [];
      for (let k = 0; k < 15; k++) {
        const id = pick(ids);
        const c = randomChat(id);
        // created_at is immutable for a chat.
        const first = created.get(id) ?? c.created_at;
        created.set(id, first);
        page.push({ ...c, created_at: first });
      }
      await applyChats(db, page);
      if (rand() < 0.3) await applyChats(db, previousPage); // a replayed older page: stale or unchanged
      if (rand() < 0.2) {
        const gone = [pick(ids), pick(ids)];
        await removeChats(db, gone);
        for (const id of gone) created.delete(id);
      }
      previousPage = page;
    }

    // Recompute every aggregate from the chats table.
    const chats = await readAllChats(db);
    const expectedModels = new Map<string, { chats: number; deleted: number; org: Set<string>; project: Set<string>; user: Set<string>; usage: Map<string, number> }>();
    for (const c of chats) {
      let m = expectedModels.get(c.model);
      if (!m) expectedModels.set(c.model, (m = { chats: 0, deleted: 0, org: new Set(), project: new Set(), user: new Set(), usage: new Map() }));
      m.chats++;
      m.deleted += c.deleted;
      for (const dim of ['org', 'project', 'user'] as const) {
        const value = c[dim];
        if (value === '') continue;
        m[dim].add(value);
        m.usage.set(`${dim}:${value}`, (m.usage.get(`${dim}:${value}`) ?? 0) + 1);
      }
    }
    const actualModels = await db.models.toArray();
    expect(actualModels.map((m) => m.model).sort()).toEqual([...expectedModels.keys()].sort());
    for (const m of actualModels) {
      const e = expectedModels.get(m.model)!;
      expect([m.chats, m.deletedChats, m.organizations, m.projects, m.users]).toEqual([e.chats, e.deleted, e.org.size, e.project.size, e.user.size]);
      const earliest = chats.filter((c) => c.model === m.model).reduce((min, c) => (c.createdAt < min ? c.createdAt : min), '9999');
      expect(m.firstSeen <= earliest).toBe(true);
    }
    const actualUsage = await db.modelUsage.toArray();
    const flat = (rows: ModelUsageRow[]): string[] => rows.flatMap((r) => Object.entries(r.counts).map(([value, chats]) => `${r.model}|${r.dim}:${value}=${chats}`)).sort();
    const expectedUsage: string[] = [];
    for (const [model, e] of expectedModels) for (const [k, n] of e.usage) expectedUsage.push(`${model}|${k}=${n}`);
    expect(flat(actualUsage)).toEqual(expectedUsage.sort());
  });
});
