import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatMessages, chatRecord } from '../../../sandbox/generator/index.ts';
import { startCompliance, walkCursor, type Harness } from './helpers.ts';

interface Chat {
  id: string;
  created_at: string;
  updated_at: string;
  user: { id: string } | null;
  organization_uuid: string;
  project_id: string | null;
  model: string | null;
}

const key = (c: Chat, k: 'created_at' | 'updated_at') => Date.parse(c[k]);

function expectSorted(chats: Chat[], k: 'created_at' | 'updated_at'): void {
  for (let i = 1; i < chats.length; i++) {
    const a = chats[i - 1]!;
    const b = chats[i]!;
    const c = key(a, k) - key(b, k) || (a.id < b.id ? -1 : 1);
    expect(c).toBeLessThan(0);
  }
}

describe('compliance sandbox: C1 chats', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCompliance({ size: 'demo', seed: 11, recordAccessEvents: false });
  });
  afterAll(() => h.close());

  const chatsOf = (pages: Array<{ body: { data: Chat[] } }>) => pages.flatMap((p) => p.body.data);

  it('org-wide by updated_at: every chat exactly once, ascending, tie-broken by id', async () => {
    const pages = await walkCursor(h, '/apps/chats', { order_by: 'updated_at', limit: 1000 }, 'after_id');
    const all = chatsOf(pages);
    expect(all).toHaveLength(h.org.chatCount);
    expect(new Set(all.map((c) => c.id)).size).toBe(h.org.chatCount);
    expectSorted(all, 'updated_at');
    expect(pages).toHaveLength(Math.ceil(h.org.chatCount / 1000));
  });

  it('org-wide by created_at (default): every chat exactly once, ascending', async () => {
    const pages = await walkCursor(h, '/apps/chats', { limit: 777 }, 'after_id');
    const all = chatsOf(pages);
    expect(all).toHaveLength(h.org.chatCount);
    expect(new Set(all.map((c) => c.id)).size).toBe(h.org.chatCount);
    expectSorted(all, 'created_at');
  });

  it('default limit 100, max 1000 with the documented message', async () => {
    const d = await h.call('/apps/chats');
    expect(d.body.data).toHaveLength(100);
    expect(d.body.has_more).toBe(true);
    const r = await h.call('/apps/chats', { query: { limit: 1001 } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('The limit parameter must be between 1 and 1000, inclusive. Got 1001.');
  });

  it('incremental export: updated_at.gte window plus resume from last_id sees touched and new chats, not deleted ones', async () => {
    const first = await walkCursor(h, '/apps/chats', { order_by: 'updated_at', limit: 1000 }, 'after_id');
    const resume = first.at(-1)!.body.last_id as string;
    const touched = [17, 4, 999];
    h.api.advanceClock(60_000);
    h.api.touchChat(17, { model: 'claude-opus-5-5' });
    h.api.touchChat(4);
    h.api.touchChat(999);
    const created = h.api.addChat({ model: 'claude-sonnet-5-5' });
    h.api.hardDeleteChat(18);
    const next = await walkCursor(h, '/apps/chats', { order_by: 'updated_at', limit: 2 }, 'after_id', resume);
    const ids = chatsOf(next).map((c) => c.id);
    expect(ids).toEqual([...touched.map((i) => h.org.chats.id(i)), h.org.chats.id(created)]);
    expect(chatsOf(next)[0]!.model).toBe('claude-opus-5-5');
    // A full walk still has every live chat once; the hard-deleted one is gone.
    const again = chatsOf(await walkCursor(h, '/apps/chats', { order_by: 'updated_at', limit: 1000 }, 'after_id'));
    expect(again).toHaveLength(h.org.chatCount);
    expect(again.map((c) => c.id)).not.toContain(h.org.chats.id(18));
    expect(again.slice(-4).map((c) => c.id)).toEqual(ids);
    // updated_at.gte picks the recent window.
    const since = new Date(h.api.clock() - 1000).toISOString();
    const win = await h.call('/apps/chats', { query: { order_by: 'updated_at', 'updated_at.gte': since } });
    expect(win.body.data.map((c: Chat) => c.id)).toEqual(ids);
  });

  it('a cursor stays valid after its chat is hard-deleted or touched', async () => {
    const page = await h.call('/apps/chats', { query: { order_by: 'updated_at', limit: 10 } });
    const cursorChat = page.body.data[9] as Chat;
    const expected = (await h.call('/apps/chats', { query: { order_by: 'updated_at', limit: 5, after_id: page.body.last_id } })).body.data.map((c: Chat) => c.id);
    h.api.hardDeleteChat(h.api.chatIndex(cursorChat.id));
    const afterDelete = await h.call('/apps/chats', { query: { order_by: 'updated_at', limit: 5, after_id: page.body.last_id } });
    expect(afterDelete.status).toBe(200);
    expect(afterDelete.body.data.map((c: Chat) => c.id)).toEqual(expected);
    const moved = h.api.chatIndex(expected[0]!);
    h.api.touchChat(moved);
    const afterTouch = await h.call('/apps/chats', { query: { order_by: 'updated_at', limit: 4, after_id: page.body.last_id } });
    expect(afterTouch.body.data.map((c: Chat) => c.id)).toEqual(expected.slice(1));
  });

  it('organization_ids[] accepts either form', async () => {
    const o = h.org.organizations[1]!;
    const a = await h.call('/apps/chats', { query: { limit: 50, 'organization_ids[]': o.uuid } });
    const b = await h.call('/apps/chats', { query: { limit: 50, 'organization_ids[]': o.id } });
    expect(a.body.data.length).toBeGreaterThan(0);
    expect(b.body.data).toEqual(a.body.data);
    for (const c of a.body.data) expect(c.organization_uuid).toBe(o.uuid);
  });

  it('per-user queries: created_at order, project filter, before_id walks back', async () => {
    const counts = new Map<number, number>();
    for (let i = 0; i < h.org.chats.n; i++) if (h.org.chats.exists(i)) counts.set(h.org.chats.user[i]!, (counts.get(h.org.chats.user[i]!) ?? 0) + 1);
    const [heavy] = [...counts.entries()].filter(([u]) => u >= 0).sort((a, b) => b[1] - a[1])[0]!;
    const userId = h.org.users[heavy]!.id;
    const pages = await walkCursor(h, '/apps/chats', { 'user_ids[]': userId, limit: 25 }, 'after_id');
    const all = chatsOf(pages);
    expect(all).toHaveLength(counts.get(heavy)!);
    for (const c of all) expect(c.user!.id).toBe(userId);
    expectSorted(all, 'created_at');
    // Walk backwards from the newest with before_id.
    const last = pages.at(-1)!.body;
    const back = await walkCursor(h, '/apps/chats', { 'user_ids[]': userId, limit: 25 }, 'before_id', last.first_id);
    const backIds = back.flatMap((p) => p.body.data.map((c: Chat) => c.id));
    const expectedBack = all.slice(0, all.length - last.data.length).map((c) => c.id);
    expect(new Set(backIds)).toEqual(new Set(expectedBack));
    expect(backIds).toHaveLength(expectedBack.length);
    const withProject = all.find((c) => c.project_id !== null);
    if (withProject) {
      const p = await h.call('/apps/chats', { query: { 'user_ids[]': userId, 'project_ids[]': withProject.project_id!, limit: 1000 } });
      expect(p.body.data.length).toBeGreaterThan(0);
      for (const c of p.body.data) expect(c.project_id).toBe(withProject.project_id);
    }
  });

  it('rejects the documented invalid combinations with 400', async () => {
    const u = h.org.users[1]!.id;
    const cases: Array<Record<string, string | string[]>> = [
      { 'user_ids[]': u, order_by: 'updated_at' },
      { before_id: h.org.chats.id(3) },
      { 'project_ids[]': h.org.projects[0]!.id },
      { order_by: 'updated_at', 'created_at.gte': '2026-01-01T00:00:00Z' },
      { 'updated_at.gte': '2026-01-01T00:00:00Z' },
      { 'user_ids[]': u, 'updated_at.gte': '2026-01-01T00:00:00Z' },
      { 'user_ids[]': Array.from({ length: 11 }, (_, i) => h.org.users[i]!.id) },
      { order_by: 'name' },
      { 'created_at.gte': '2026-01-01' },
    ];
    for (const query of cases) {
      const r = await h.call('/apps/chats', { query });
      expect(r.status, JSON.stringify(query)).toBe(400);
      expect(r.body.error.type).toBe('invalid_request_error');
    }
  });

  it('cursors are bound to the order_by they were issued under; bad cursors are 400', async () => {
    const byUpdated = await h.call('/apps/chats', { query: { order_by: 'updated_at', limit: 5 } });
    const mismatch = await h.call('/apps/chats', { query: { after_id: byUpdated.body.last_id } });
    expect(mismatch.status).toBe(400);
    const ok = await h.call('/apps/chats', { query: { order_by: 'updated_at', after_id: byUpdated.body.last_id, limit: 5 } });
    expect(ok.status).toBe(200);
    const bad = await h.call('/apps/chats', { query: { after_id: 'not-a-cursor' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('Invalid `after_id`. No chat found for `after_id` "not-a-cursor"');
  });
});

describe('compliance sandbox: C3 chat messages', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCompliance({ size: 'demo', seed: 5, recordAccessEvents: false });
  });
  afterAll(() => h.close());

  const messagesOf = (i: number) => chatMessages(h.org, i);
  const findChat = (pred: (i: number) => boolean) => {
    for (let i = 0; i < h.org.chatCount; i++) if (pred(i)) return i;
    throw new Error('no such chat');
  };

  it('without limit returns the whole chat with its metadata; tool blocks carry integration_name and mcp_server_url', async () => {
    const i = findChat((k) => Number.isNaN(h.org.chats.deletedAt[k]!) && messagesOf(k).some((m) => m.content.some((b) => b.type === 'tool_use' && b.integration_name !== null)));
    const id = h.org.chats.id(i);
    const r = await h.call(`/apps/chats/${id}/messages`);
    expect(r.status).toBe(200);
    const rec = chatRecord(h.org, i);
    expect(r.body).toMatchObject({ ...rec, has_more: false });
    const blocks = r.body.chat_messages.flatMap((m: { content: Array<Record<string, unknown>> }) => m.content);
    const use = blocks.find((b: Record<string, unknown>) => b.type === 'tool_use' && b.integration_name !== null);
    const result = blocks.find((b: Record<string, unknown>) => b.type === 'tool_result' && b.tool_use_id === use.id);
    expect(use.mcp_server_url).toMatch(/^https:\/\//);
    expect(result.integration_name).toBe(use.integration_name);
    expect(r.body.chat_messages[0].role).toBe('user');
    expect(r.body.chat_messages[0].id).toMatch(/^claude_chat_msg_01/);
  });

  it('pages with limit/after_id and before_id, in either order', async () => {
    const i = findChat((k) => messagesOf(k).length >= 8);
    const id = h.org.chats.id(i);
    const all = (await h.call(`/apps/chats/${id}/messages`)).body.chat_messages.map((m: { id: string }) => m.id);
    const pages = await walkCursor(h, `/apps/chats/${id}/messages`, { limit: 3 }, 'after_id');
    expect(pages.flatMap((p) => p.body.chat_messages.map((m: { id: string }) => m.id))).toEqual(all);
    const desc = await walkCursor(h, `/apps/chats/${id}/messages`, { limit: 3, order: 'desc' }, 'after_id');
    expect(desc.flatMap((p) => p.body.chat_messages.map((m: { id: string }) => m.id))).toEqual(all.slice().reverse());
    const tail = await h.call(`/apps/chats/${id}/messages`, { query: { limit: 2, order: 'asc' } });
    const back = await h.call(`/apps/chats/${id}/messages`, { query: { limit: 2, before_id: pages.at(-1)!.body.first_id } });
    expect(back.body.chat_messages.length).toBe(2);
    expect(tail.body.first_id).toBeTruthy();
    const bad = await h.call(`/apps/chats/${id}/messages`, { query: { after_id: 'claude_chat_msg_01nope' } });
    expect(bad.status).toBe(400);
  });

  it('a soft-deleted chat keeps its messages with empty content and null attachments', async () => {
    const i = findChat((k) => !Number.isNaN(h.org.chats.deletedAt[k]!));
    const r = await h.call(`/apps/chats/${h.org.chats.id(i)}/messages`);
    expect(r.status).toBe(200);
    expect(r.body.deleted_at).not.toBeNull();
    expect(r.body.chat_messages.length).toBeGreaterThan(0);
    for (const m of r.body.chat_messages) {
      expect(m.content).toEqual([]);
      expect(m.files).toBeNull();
      expect(m.generated_files).toBeNull();
      expect(m.artifacts).toBeNull();
    }
  });

  it('tool_use_input_max_chars truncates long inputs; 0 is invalid', async () => {
    const i = findChat((k) => messagesOf(k).some((m) => m.content.some((b) => b.type === 'tool_use' && typeof b.input === 'string' && b.input.length > 40)));
    const r = await h.call(`/apps/chats/${h.org.chats.id(i)}/messages`, { query: { tool_use_input_max_chars: 40 } });
    const use = r.body.chat_messages.flatMap((m: { content: Array<Record<string, unknown>> }) => m.content).find((b: Record<string, unknown>) => b.type === 'tool_use');
    expect(use.input).toHaveLength(40);
    expect(use.truncated).toBe(true);
    const zero = await h.call(`/apps/chats/${h.org.chats.id(i)}/messages`, { query: { tool_use_input_max_chars: 0 } });
    expect(zero.status).toBe(400);
  });
});
