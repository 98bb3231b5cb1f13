import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRow } from '../../../../../lib/sources/compliance/tables.ts';
import type { AppDb } from '../../../../../lib/sources/database.ts';
import { appendChats, CHAT_STORE_TABLES, hasChats, lookupChats, readAllChats, recentChatIds } from '../../../../../lib/sources/compliance/derive/chat-store.ts';
import { freshDb } from './helpers.ts';

let db: AppDb;
beforeEach(() => {
  db = freshDb();
});
afterEach(() => db.close());

const row = (id: string, over: Partial<ChatRow> = {}): ChatRow => ({ id, model: 'm', org: 'o', project: '', user: 'u', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-02T00:00:00Z', deleted: 0, ...over });
const rw = <T>(fn: () => Promise<T>) => db.transaction('rw', [...CHAT_STORE_TABLES], fn);

describe('chat store', () => {
  it('finds every stored chat among 20,000 in batches, and nothing that was never stored', async () => {
    for (let b = 0; b < 4; b++) await rw(() => appendChats(db, Array.from({ length: 5_000 }, (_, i) => row(`chat_${b}_${i}`))));
    expect(await db.chatBatches.count()).toBe(4);
    const ids = Array.from({ length: 500 }, (_, i) => `chat_${i % 4}_${(i * 37) % 5_000}`);
    const found = await rw(() => lookupChats(db, [...ids, 'never_1', 'never_2']));
    expect(found.size).toBe(new Set(ids).size);
    expect(found.has('never_1') || found.has('never_2')).toBe(false);
  });

  it('a newer batch shadows an older one, and a tombstone removes the chat', async () => {
    await rw(() => appendChats(db, [row('a', { model: 'old' }), row('b')]));
    await rw(() => appendChats(db, [row('a', { model: 'new', updatedAt: '2026-02-01T00:00:00Z' })]));
    expect((await rw(() => lookupChats(db, ['a']))).get('a')?.model).toBe('new');
    await rw(() => appendChats(db, [], ['b']));
    expect((await rw(() => lookupChats(db, ['a', 'b']))).has('b')).toBe(false);
    expect((await readAllChats(db)).map((c) => [c.id, c.model])).toEqual([['a', 'new']]);
  });

  it('an aborted write leaves no trace in lookups or sequence numbers', async () => {
    await rw(() => appendChats(db, [row('a')]));
    await expect(
      rw(async () => {
        await appendChats(db, [row('ghost')]);
        throw new Error('worker died');
      }),
    ).rejects.toThrow('worker died');
    await rw(() => appendChats(db, [row('b')]));
    const found = await rw(() => lookupChats(db, ['a', 'b', 'ghost']));
    expect([...found.keys()].sort()).toEqual(['a', 'b']);
    expect((await db.chatFilters.toArray()).map((f) => f.seq)).toEqual([1, 2]);
  });

  it('lists recent chats newest first, by their newest version, within the limit', async () => {
    expect(await hasChats(db)).toBe(false);
    await rw(() => appendChats(db, [row('old', { updatedAt: '2025-01-01T00:00:00Z' }), row('mid', { updatedAt: '2026-03-01T00:00:00Z' })]));
    await rw(() => appendChats(db, [row('new', { updatedAt: '2026-03-05T00:00:00Z' }), row('mid', { updatedAt: '2026-03-02T00:00:00Z' })]));
    expect(await hasChats(db)).toBe(true);
    const recent = await db.transaction('r', [...CHAT_STORE_TABLES], () => recentChatIds(db, '2026-02-01T00:00:00Z', 10));
    expect(recent).toEqual(['new', 'mid']);
    expect(await db.transaction('r', [...CHAT_STORE_TABLES], () => recentChatIds(db, '2026-02-01T00:00:00Z', 1))).toEqual(['new']);
  });
});

describe('packed batches', () => {
  it('round-trip every field, whatever the timestamp format, at a fraction of the array form', async () => {
    const { packBatch, unpackBatch } = await import('../../../../../lib/sources/compliance/derive/chat-store.ts');
    const forms = [
      ['2026-01-01T00:00:00Z', '2026-01-02T10:11:12Z'],
      ['2026-01-01T00:00:00.123Z', '2026-01-02T10:11:12.000Z'],
      ['2026-01-01T00:00:00.123456Z', '2026-01-02T10:11:12+02:00'],
    ];
    for (const [createdAt, updatedAt] of forms) {
      const ids = Array.from({ length: 300 }, (_, i) => `claude_chat_01${String(i).padStart(4, '0')}abcdefghijklmnop`).sort();
      const b = {
        seq: 3,
        ids,
        model: ids.map((_, i) => (i % 5 === 0 ? '' : `claude-model-${i % 3}`)),
        org: ids.map((_, i) => `91012d09-e48b-438e-a489-1bebfd8fa6f${i % 2}`),
        project: ids.map((_, i) => (i % 7 === 0 ? `claude_proj_${i}` : '')),
        user: ids.map((_, i) => (i % 11 === 0 ? '' : `user_01XyDMpzjS89pFZXqSFUBD${i % 40}`)),
        createdAt: ids.map((_, i) => (i === 4 ? '' : createdAt!)),
        updatedAt: ids.map((_, i) => (i === 4 ? '' : updatedAt!)),
        deleted: ids.map((_, i) => (i === 4 ? 2 : i % 13 === 0 ? 1 : 0)),
      };
      const packed = packBatch(b);
      expect(unpackBatch(structuredClone(packed))).toEqual(b);
      if (!createdAt!.includes('456')) expect(packed.time).not.toBe('text');
    }
  });

  it('lookups read batches written in the array form of earlier versions', async () => {
    await db.chatBatches.add({ seq: 1, ids: ['x'], model: ['m'], org: ['o'], project: [''], user: ['u'], createdAt: ['2026-01-01T00:00:00Z'], updatedAt: ['2026-01-02T00:00:00Z'], deleted: [0] });
    await db.chatFilters.add({ seq: 1, ...(await import('../../../../../lib/sources/compliance/derive/chat-store.ts')).filterFor(['x']), maxUpdatedAt: '2026-01-02T00:00:00Z', count: 1 });
    await rw(() => appendChats(db, [row('y')]));
    const found = await rw(() => lookupChats(db, ['x', 'y']));
    expect(found.get('x')).toEqual(row('x', { model: 'm' }));
    expect(found.get('y')).toEqual(row('y'));
  });
});
