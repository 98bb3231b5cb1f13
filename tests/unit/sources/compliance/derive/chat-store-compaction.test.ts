import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '../../../../../lib/sources/database.ts';
import { CHAT_STORE_TABLES, compactChats, lookupChats, readAllChats, recentChatIds, unpackBatch } from '../../../../../lib/sources/compliance/derive/chat-store.ts';
import { applyChats, CHAT_DERIVATION_TABLES, removeChats, type ChatInput } from '../../../../../lib/sources/compliance/derive/models.ts';
import { freshDb } from './helpers.ts';

/**
 * Months of hourly refreshes each append one small batch to the chat store. Compaction merges them:
 * the store ends up with few batches, and its content (every lookup, the model aggregates) is
 * identical to the same history without compaction.
 */
let plain: AppDb;
let compacted: AppDb;
beforeEach(() => {
  plain = freshDb();
  compacted = freshDb();
});
afterEach(() => {
  plain.close();
  compacted.close();
});

/** A deterministic PRNG (mulberry32). */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODELS = ['claude-opus-4-7', 'claude-sonnet-4-5', 'claude-haiku-4-5', null];
const iso = (h: number) => new Date(Date.UTC(2026, 0, 1) + h * 3_600_000).toISOString();

function chat(id: number, hour: number, rnd: () => number): ChatInput {
  return {
    id: `claude_chat_${String(id).padStart(6, '0')}`,
    created_at: iso(Math.max(0, hour - 24)),
    updated_at: iso(hour),
    deleted_at: rnd() < 0.03 ? iso(hour) : null,
    model: MODELS[Math.floor(rnd() * MODELS.length)]!,
    organization_uuid: `org-${Math.floor(rnd() * 3)}`,
    project_id: rnd() < 0.2 ? `claude_proj_${Math.floor(rnd() * 40)}` : null,
    user: rnd() < 0.01 ? null : { id: `user_${Math.floor(rnd() * 200)}`, email_address: null },
  };
}

async function content(db: AppDb) {
  const chats = (await readAllChats(db)).sort((a, b) => (a.id < b.id ? -1 : 1));
  const models = (await db.models.toArray()).sort((a, b) => (a.model < b.model ? -1 : 1));
  const usage = (await db.modelUsage.toArray()).sort((a, b) => (`${a.model}/${a.dim}` < `${b.model}/${b.dim}` ? -1 : 1));
  return { chats, models, usage };
}

describe('chat store compaction', () => {
  it('six days of hourly refreshes end up in a few batches, with the same content as without compaction', async () => {
    const rnd = prng(42);
    let next = 0;
    // The first snapshot: 3,000 chats in one batch.
    const first = Array.from({ length: 3_000 }, () => chat(next++, 0, rnd));
    for (const db of [plain, compacted]) await applyChats(db, first);
    // 24 × 6 hourly refreshes: a few chats updated (sometimes a new model), a few new, now and then a removal.
    for (let hour = 1; hour <= 24 * 6; hour++) {
      const page: ChatInput[] = [];
      const r2 = prng(hour);
      const changed = Math.floor(r2() * 6);
      for (let k = 0; k < changed; k++) page.push(chat(Math.floor(r2() * next), hour, r2));
      if (r2() < 0.5) page.push(chat(next++, hour, r2));
      const removed = r2() < 0.05 ? [`claude_chat_${String(Math.floor(r2() * next)).padStart(6, '0')}`] : [];
      for (const db of [plain, compacted]) {
        await applyChats(db, page);
        if (removed.length) await removeChats(db, removed);
      }
      await compacted.transaction('rw', [...CHAT_STORE_TABLES], () => compactChats(compacted));
    }
    const plainBatches = await plain.chatBatches.count();
    const compactedBatches = await compacted.chatBatches.count();
    expect(plainBatches).toBeGreaterThan(120);
    expect(compactedBatches).toBeLessThanOrEqual(8);
    // Same content: every chat's contribution, the model aggregates, and lookups of known and unknown ids.
    const [a, b] = await Promise.all([content(plain), content(compacted)]);
    expect(b.chats).toEqual(a.chats);
    expect(b.models).toEqual(a.models);
    expect(b.usage).toEqual(a.usage);
    const ids = [...Array.from({ length: 400 }, (_, i) => `claude_chat_${String(i * 13).padStart(6, '0')}`), 'claude_chat_never'];
    const look = (db: AppDb) => db.transaction('r', [...CHAT_DERIVATION_TABLES], () => lookupChats(db, ids));
    expect([...(await look(compacted)).entries()].sort()).toEqual([...(await look(plain)).entries()].sort());
    const recent = (db: AppDb) => db.transaction('r', [...CHAT_STORE_TABLES], () => recentChatIds(db, iso(24 * 5), 500));
    expect(await recent(compacted)).toEqual(await recent(plain));
    // And fewer stored entries (shadowed versions and dead tombstones are gone).
    const entries = async (db: AppDb) => (await db.chatFilters.toArray()).reduce((s, f) => s + f.count, 0);
    expect(await entries(compacted)).toBeLessThan(await entries(plain));
  }, 120_000);

  it('keeps a tombstone while an older batch may hold the id, and drops it when nothing older can', async () => {
    const rnd = prng(1);
    await applyChats(compacted, [chat(1, 1, rnd), chat(2, 1, rnd)]);
    await removeChats(compacted, ['claude_chat_000001']);
    await applyChats(compacted, [chat(3, 2, rnd)]);
    // Batches: [1,2] [tomb 1] [3]: all small, merged into one; the tombstone shadows the older 1 inside the run: dropped with it.
    const r = await compacted.transaction('rw', [...CHAT_STORE_TABLES], () => compactChats(compacted));
    expect(r).toMatchObject({ merges: 1, batchesBefore: 3, batchesAfter: 1 });
    expect((await readAllChats(compacted)).map((c) => c.id).sort()).toEqual(['claude_chat_000002', 'claude_chat_000003']);
    const only = unpackBatch((await compacted.chatBatches.toArray())[0]!);
    expect(only.ids).toEqual(['claude_chat_000002', 'claude_chat_000003']);

    // A large old batch, then a removal and a small batch: the tombstone must survive the merge of the two small ones.
    const big = freshDb();
    await applyChats(big, Array.from({ length: 6_000 }, (_, i) => chat(i, 1, rnd)));
    await removeChats(big, ['claude_chat_000010']);
    await applyChats(big, [chat(7_000, 2, rnd)]);
    const r2 = await big.transaction('rw', [...CHAT_STORE_TABLES], () => compactChats(big));
    expect(r2).toMatchObject({ merges: 1, batchesAfter: 2 });
    expect((await readAllChats(big)).some((c) => c.id === 'claude_chat_000010')).toBe(false);
    expect((await big.transaction('r', [...CHAT_STORE_TABLES], () => lookupChats(big, ['claude_chat_000010']))).size).toBe(0);
    big.close();
  });
});
