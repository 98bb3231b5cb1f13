import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatMessages } from '../../../sandbox/generator/index.ts';
import { projectAttachments } from '../../../sandbox/generator/content.ts';
import { startCompliance, walkPages, type Harness } from './helpers.ts';

describe('compliance sandbox: projects, documents and files', () => {
  let h: Harness;
  let del: string;
  beforeAll(async () => {
    h = await startCompliance({ size: 'demo', seed: 21, recordAccessEvents: false });
    del = h.keys.compliance.withDelete.secret;
  });
  afterAll(() => h.close());

  it('P1: default limit 20, max 100, every project exactly once by created_at', async () => {
    const first = await h.call('/apps/projects');
    expect(first.body.data).toHaveLength(20);
    expect(first.body.has_more).toBe(true);
    const over = await h.call('/apps/projects', { query: { limit: 101 } });
    expect(over.status).toBe(400);
    expect(over.body.error.message).toBe('The limit parameter must be between 1 and 100, inclusive. Got 101.');
    const { items } = await walkPages(h, '/apps/projects', { limit: 7 });
    expect(items).toHaveLength(h.org.projects.length);
    const times = items.map((p) => Date.parse((p as { created_at: string }).created_at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect((items as Array<{ deleted_at: string | null }>).some((p) => p.deleted_at !== null)).toBe(true);
    expect(Object.keys(items[0] as object).sort()).toEqual(['created_at', 'deleted_at', 'id', 'is_private', 'name', 'organization_id', 'organization_uuid', 'updated_at', 'user']);
  });

  it('P1 filters by organization in either form', async () => {
    const o = h.org.organizations[0]!;
    const a = await walkPages(h, '/apps/projects', { limit: 100, 'organization_ids[]': o.uuid });
    const b = await walkPages(h, '/apps/projects', { limit: 100, 'organization_ids[]': o.id });
    expect(a.items.length).toBe(h.org.projects.filter((p) => p.orgIndex === o.index).length);
    expect(b.items).toEqual(a.items);
  });

  it('P2 detail adds description, instructions, chats_count, attachments_count; unknown id → 404 text', async () => {
    const p = h.org.projects.find((x) => (h.org.chats.projectChats[x.index] ?? 0) > 0)!;
    const r = await h.call(`/apps/projects/${p.id}`);
    expect(r.body).toMatchObject({ id: p.id, name: p.name, description: p.description, instructions: p.instructions, chats_count: h.org.chats.projectChats[p.index] });
    expect(typeof r.body.attachments_count).toBe('number');
    const missing = await h.call('/apps/projects/claude_proj_01nonexistent');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('No project is found with the provided id.');
  });

  it('P3: 409 while chats are attached; deletes an empty project for good', async () => {
    const busy = h.org.projects.find((x) => (h.org.chats.projectChats[x.index] ?? 0) > 0)!;
    const conflict = await h.call(`/apps/projects/${busy.id}`, { method: 'DELETE', key: del });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toEqual({
      type: 'conflict_error',
      message: `The "${busy.id}" project cannot be deleted as it has chats attached to it. Delete or detach all chats, and try deleting the project again.`,
    });
    expect((await h.call(`/apps/projects/${busy.id}`)).status).toBe(200);
    const empty = h.org.projects.find((x) => (h.org.chats.projectChats[x.index] ?? 0) === 0)!;
    const ok = await h.call(`/apps/projects/${empty.id}`, { method: 'DELETE', key: del });
    expect(ok.body).toEqual({ id: empty.id, type: 'claude_project_deleted' });
    expect((await h.call(`/apps/projects/${empty.id}`)).status).toBe(404);
    const { items } = await walkPages(h, '/apps/projects', { limit: 100 });
    expect(items).toHaveLength(h.org.projects.length - 1);
    expect((await h.call(`/apps/projects/${empty.id}`, { method: 'DELETE', key: del })).status).toBe(404);
    const noScope = await h.call(`/apps/projects/${busy.id}`, { method: 'DELETE' });
    expect(noScope.status).toBe(403);
  });

  it('P4 attachments, P5 collaborators, P6/P7 document content and metadata, P8 delete', async () => {
    const p = h.org.projects.find((x) => !x.hardDeleted && projectAttachments(h.org, x.index).some((a) => a.type === 'project_doc'))!;
    const att = await walkPages(h, `/apps/projects/${p.id}/attachments`, { limit: 1 });
    const doc = att.items.find((a) => (a as { type: string }).type === 'project_doc') as { id: string; filename: string };
    expect(doc).toBeDefined();
    const content = await h.call(`/apps/projects/documents/${doc.id}`);
    expect(content.body).toMatchObject({ id: doc.id, filename: doc.filename });
    expect(typeof content.body.content).toBe('string');
    const meta = await h.call(`/apps/projects/documents/${doc.id}/metadata`);
    expect(meta.body).toMatchObject({ id: doc.id, claude_project_id: p.id, mime_type: 'text/plain' });
    expect(meta.body.md5).toBe(createHash('md5').update(content.body.content, 'utf8').digest('hex'));
    const collaborators = await h.call(`/apps/projects/${p.id}/collaborators`);
    expect(collaborators.body.data[0]).toMatchObject({ type: 'user', role: 'owner' });
    const gone = await h.call(`/apps/projects/documents/${doc.id}`, { method: 'DELETE', key: del });
    expect(gone.body).toEqual({ id: doc.id, type: 'claude_project_document_deleted' });
    const after = await h.call(`/apps/projects/documents/${doc.id}`);
    expect(after.status).toBe(404);
    expect(after.body.error.message).toBe('No project document found with provided id, or it has already been deleted.');
    const att2 = await walkPages(h, `/apps/projects/${p.id}/attachments`, { limit: 100 });
    expect(att2.items).toHaveLength(att.items.length - 1);
  });

  it('F1/F2/F3 chat files: metadata, download headers, delete', async () => {
    let fileId: string | undefined;
    let chat = -1;
    for (let i = 0; i < h.org.chatCount && !fileId; i++) {
      const f = chatMessages(h.org, i).find((m) => m.files && m.files.length > 0);
      if (f) {
        fileId = f.files![0]!.id;
        chat = i;
      }
    }
    expect(fileId).toBeDefined();
    const meta = await h.call(`/apps/chats/files/${fileId}`);
    expect(meta.status).toBe(200);
    expect(meta.body.claude_chat_ids).toEqual([h.org.chats.id(chat)]);
    const res = await fetch(`${h.url}/v1/compliance/apps/chats/files/${fileId}/content`, { headers: { 'x-api-key': h.keys.compliance.full.secret } });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename*=utf-8''${encodeURIComponent(meta.body.filename)}`);
    expect(res.headers.get('content-md5')).toBe(createHash('md5').update(bytes).digest('base64'));
    expect(meta.body.md5).toBe(createHash('md5').update(bytes).digest('hex'));
    expect(meta.body.size_bytes).toBe(bytes.length);
    const deleted = await h.call(`/apps/chats/files/${fileId}`, { method: 'DELETE', key: del });
    expect(deleted.body).toEqual({ id: fileId, type: 'claude_file_deleted' });
    const again = await h.call(`/apps/chats/files/${fileId}`);
    expect(again.status).toBe(404);
    expect(again.body.error.message).toBe('No file found with provided id, or it has already been deleted.');
    const msgs = await h.call(`/apps/chats/${h.org.chats.id(chat)}/messages`);
    expect(JSON.stringify(msgs.body)).not.toContain(fileId!);
  });

  it('sessions and Claude Code artifacts are present but empty', async () => {
    const local = await h.call('/apps/sessions/local');
    expect(local.status).toBe(404);
    expect(local.body.error.message).toBe('Local sessions are not available.');
    const remote = await h.call('/apps/sessions/remote');
    expect(remote.body).toEqual({ data: [], next_page: null });
    const code = await h.call('/apps/code/artifacts');
    expect(code.body).toEqual({ data: [], has_more: false, next_page: null });
  });
});
