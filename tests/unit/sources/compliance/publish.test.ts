import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '../../../../lib/sources/database.ts';
import { applyActivities, type ActivityInput } from '../../../../lib/sources/compliance/derive/mcp.ts';
import { applyChats, removeChats } from '../../../../lib/sources/compliance/derive/models.ts';
import { PUBLISH_TABLES, publishSnapshot, sameValue, type PublishMeta } from '../../../../lib/sources/compliance/publish.ts';
import { chat, freshDb } from './derive/helpers.ts';

let db: AppDb;
beforeEach(() => {
  db = freshDb();
});
afterEach(() => db.close());

const ADMIN = { type: 'user_actor', user_id: 'user_admin', email_address: 'admin@example.com' };
let seq = 0;
function ev(type: string, at: string, fields: Record<string, unknown>): ActivityInput {
  seq++;
  return { id: `activity_${String(seq).padStart(4, '0')}`, created_at: at, type, organization_uuid: 'org-1', organization_id: 'org_1', actor: ADMIN, ...fields };
}

function meta(id: string, directoryGen: number | null, extra: Partial<PublishMeta> = {}): PublishMeta {
  return { id, startedAt: '2026-11-01T00:00:00Z', completedAt: '2026-11-01T00:10:00Z', kind: 'full', requests: 42, durationMs: 600_000, skipped: {}, directoryGen, ...extra };
}

async function writeDirectory(gen: number, orgs: string[], users: Array<[org: string, id: string]>): Promise<void> {
  await db.orgs.bulkPut(orgs.map((uuid) => ({ uuid, name: `Org ${uuid}`, createdAt: null, gen })));
  await db.users.bulkPut(users.map(([org, id]) => ({ key: `${org}:${id}`, id, org, email: `${id}@example.com`, fullName: id, role: 'user', createdAt: null, gen })));
}

describe('publishSnapshot', () => {
  it('publishes the working tables, counts without reading chats, and reports no changes the first time', async () => {
    await writeDirectory(1, ['org-1', 'org-2'], [['org-1', 'u1'], ['org-2', 'u1'], ['org-1', 'u2']]);
    await db.groups.put({ id: 'g1', name: 'Engineering', description: null, source: 'scim', roles: [], gen: 1 });
    await db.projects.bulkPut(['p1', 'p2'].map((id) => ({ id, name: id, org: 'org-1', isPrivate: true, deletedAt: null, creatorId: null, createdAt: 'x', updatedAt: 'x', gen: 1 })));
    await applyChats(db, [
      chat('c1', { organization_uuid: 'org-1', project_id: 'p1' }),
      chat('c2', { organization_uuid: 'org-2' }),
      chat('c3', { model: 'claude-haiku-4-5', organization_uuid: 'org-1', deleted_at: '2026-05-01T00:00:00Z' }),
    ]);
    await applyActivities(db, [
      ev('mcp_server_created', '2026-04-01T00:00:00Z', { mcp_server_id: 'srv_jira', mcp_server_name: 'Jira' }),
      ev('mcp_tool_policy_updated', '2026-04-02T00:00:00Z', { mcp_server_id: 'srv_jira', mcp_server_name: 'Jira', tool_name: '*', max_permission: 'ask' }),
      ev('mcp_server_created', '2026-04-01T00:00:00Z', { mcp_server_id: 'srv_gone', mcp_server_name: 'Gone' }),
      ev('mcp_tool_policy_updated', '2026-04-02T00:00:00Z', { mcp_server_id: 'srv_gone', mcp_server_name: 'Gone', tool_name: 'x', max_permission: 'allow' }),
      ev('mcp_server_deleted', '2026-04-03T00:00:00Z', { mcp_server_id: 'srv_gone', mcp_server_name: 'Gone' }),
    ]);

    const snapshot = await publishSnapshot(db, meta('snap-1', 1, { skipped: { chats: 2 } }));
    expect(snapshot).toEqual({
      id: 'snap-1',
      startedAt: '2026-11-01T00:00:00Z',
      completedAt: '2026-11-01T00:10:00Z',
      kind: 'full',
      requests: 42,
      durationMs: 600_000,
      counts: { models: 2, chatsWithoutModel: 0, mcpServers: 1, users: 2, organizations: 2, chats: 3, groups: 1, projects: 2 },
      skipped: { chats: 2 },
      changes: [],
    });
    expect(await db.snapshots.get('snap-1')).toEqual(snapshot);
    expect((await db.pubModels.toArray()).map((m) => [m.model, m.chats, m.deletedChats])).toEqual([
      ['claude-haiku-4-5', 1, 1],
      ['claude-opus-4-7', 2, 0],
    ]);
    // Only the organization dimension of usage is published.
    expect(await db.pubModelOrgs.toArray()).toEqual([
      { model: 'claude-haiku-4-5', value: 'org-1', chats: 1 },
      { model: 'claude-opus-4-7', value: 'org-1', chats: 1 },
      { model: 'claude-opus-4-7', value: 'org-2', chats: 1 },
    ]);
    expect((await db.pubMcpServers.toArray()).map((s) => s.id)).toEqual(['srv_jira']);
    expect((await db.pubToolPolicies.toArray()).map((p) => [p.serverId, p.tool, p.permission])).toEqual([['srv_jira', '*', 'ask']]);
    expect((await db.pubOrgs.toArray()).map((o) => o.uuid)).toEqual(['org-1', 'org-2']);
  });

  it('removes directory rows of older generations, and only when a generation is given', async () => {
    await writeDirectory(1, ['org-1', 'org-old'], [['org-1', 'u1'], ['org-old', 'u9']]);
    await db.groups.put({ id: 'g-old', name: 'Old', description: null, source: 'direct', roles: [], gen: 1 });
    await db.groupMembers.put({ groupId: 'g-old', userId: 'u9', email: 'u9@example.com', gen: 1 });
    await db.roles.put({ key: 'org-old:r1', id: 'r1', org: 'org-old', name: 'Reviewer', description: null, gen: 1 });
    await db.orgSettings.put({ org: 'org-old', settings: [], apiKeys: [], gen: 1 });
    await db.projects.put({ id: 'p-old', name: 'p', org: 'org-old', isPrivate: false, deletedAt: null, creatorId: null, createdAt: 'x', updatedAt: 'x', gen: 1 });
    // The generation-2 read saw org-1 and u1 again, and a new user.
    await writeDirectory(2, ['org-1'], [['org-1', 'u1'], ['org-1', 'u3']]);

    const incremental = await publishSnapshot(db, meta('snap-1', null, { kind: 'incremental' }));
    expect(incremental.counts).toMatchObject({ organizations: 2, users: 3, groups: 1, projects: 1 });
    expect(await db.pubOrgs.count()).toBe(2);

    const full = await publishSnapshot(db, meta('snap-2', 2));
    expect(full.counts).toMatchObject({ organizations: 1, users: 2, groups: 0, projects: 0 });
    expect((await db.orgs.toArray()).map((o) => o.uuid)).toEqual(['org-1']);
    expect((await db.users.toArray()).map((u) => u.key)).toEqual(['org-1:u1', 'org-1:u3']);
    for (const table of ['groups', 'groupMembers', 'roles', 'orgSettings', 'projects'] as const) expect(await db.table(table).count()).toBe(0);
    expect((await db.pubOrgs.toArray()).map((o) => o.uuid)).toEqual(['org-1']);
  });

  it('reports models, servers and tool policies that changed since the published snapshot', async () => {
    await applyChats(db, [chat('c1'), chat('c2', { model: 'claude-3-opus', created_at: '2025-01-01T00:00:00Z' }), chat('c3', { model: 'claude-3-opus' })]);
    await applyActivities(db, [
      ev('mcp_server_created', '2026-04-01T00:00:00Z', { mcp_server_id: 'srv_jira', mcp_server_name: 'Jira' }),
      ev('mcp_server_created', '2026-04-01T00:00:00Z', { mcp_server_id: 'srv_old', mcp_server_name: 'Old wiki' }),
      ev('mcp_tool_policy_updated', '2026-04-02T00:00:00Z', { mcp_server_id: 'srv_jira', mcp_server_name: 'Jira', tool_name: 'create_issue', max_permission: 'allow' }),
      ev('mcp_tool_policy_updated', '2026-04-02T00:00:00Z', { mcp_server_id: 'srv_jira', mcp_server_name: 'Jira', tool_name: 'delete_issue', max_permission: 'blocked' }),
      ev('mcp_tool_policy_updated', '2026-04-02T00:00:00Z', { mcp_server_id: 'srv_jira', mcp_server_name: 'Jira', tool_name: 'search', max_permission: 'allow' }),
      ev('mcp_tool_policy_updated', '2026-04-02T00:00:00Z', { mcp_server_id: 'srv_old', mcp_server_name: 'Old wiki', tool_name: '*', max_permission: 'allow' }),
    ]);
    await publishSnapshot(db, meta('snap-1', null));

    // Between the runs: a new model, an old one gone, more chats of a known one (noise, not reported),
    // a rename, a deletion, a pre-audit server, and policy edits.
    await applyChats(db, [chat('c4', { model: 'claude-sonnet-4-6', created_at: '2026-10-02T00:00:00Z' }), chat('c5')]);
    await removeChats(db, ['c2', 'c3']);
    await applyActivities(db, [
      ev('mcp_server_updated', '2026-10-01T00:00:00Z', { mcp_server_id: 'srv_jira', mcp_server_name: 'Jira Cloud' }),
      ev('mcp_server_deleted', '2026-10-02T00:00:00Z', { mcp_server_id: 'srv_old', mcp_server_name: 'Old wiki' }),
      ev('mcp_tool_policy_updated', '2026-10-03T00:00:00Z', { mcp_server_id: 'srv_jira', mcp_server_name: 'Jira Cloud', tool_name: 'create_issue', max_permission: 'ask' }),
      ev('mcp_tool_policy_updated', '2026-10-03T00:00:00Z', { mcp_server_id: 'srv_jira', mcp_server_name: 'Jira Cloud', tool_name: 'delete_issue', max_permission: null }),
      ev('mcp_tool_policy_updated', '2026-10-03T00:00:00Z', { mcp_server_id: 'srv_jira', mcp_server_name: 'Jira Cloud', tool_name: '*', max_permission: 'blocked' }),
      ev('mcp_tool_policy_updated', '2026-10-03T00:00:00Z', { mcp_server_id: 'srv_jira', mcp_server_name: 'Jira Cloud', tool_name: 'search', max_permission: 'allow' }),
      ev('integration_user_connected', '2026-10-04T00:00:00Z', { mcp_server_id: 'srv_legacy', mcp_server_name: 'Legacy CRM' }),
    ]);
    const snapshot = await publishSnapshot(db, meta('snap-2', null));

    expect(snapshot.changes).toEqual([
      // Each kind is sorted by label.
      { kind: 'model', change: 'removed', id: 'claude-3-opus', label: 'claude-3-opus', detail: 'No chats any more (had 2 chats)' },
      { kind: 'model', change: 'added', id: 'claude-sonnet-4-6', label: 'claude-sonnet-4-6', detail: 'First seen 2026-10-02; 1 chat' },
      { kind: 'mcpServer', change: 'changed', id: 'srv_jira', label: 'Jira Cloud', detail: 'Renamed "Jira" → "Jira Cloud"' },
      { kind: 'mcpServer', change: 'added', id: 'srv_legacy', label: 'Legacy CRM', detail: 'Configured before the audit log began' },
      { kind: 'mcpServer', change: 'removed', id: 'srv_old', label: 'Old wiki', detail: 'Deleted 2026-10-02 by admin@example.com' },
      { kind: 'toolPolicy', change: 'added', id: 'srv_jira/*', label: 'Jira Cloud · All tools (server-wide default)', detail: 'New: Blocked' },
      { kind: 'toolPolicy', change: 'changed', id: 'srv_jira/create_issue', label: 'Jira Cloud · create_issue', detail: 'Always allow → Needs approval' },
      { kind: 'toolPolicy', change: 'removed', id: 'srv_jira/delete_issue', label: 'Jira Cloud · delete_issue', detail: 'Restriction cleared (was Blocked)' },
    ]);
    expect(snapshot.counts).toMatchObject({ models: 2, mcpServers: 2, chats: 3 });

    // The published tables were replaced, not appended to.
    expect((await db.pubModels.toArray()).map((m) => [m.model, m.chats])).toEqual([
      ['claude-opus-4-7', 2],
      ['claude-sonnet-4-6', 1],
    ]);
    expect((await db.pubModelOrgs.toArray()).map((u) => [u.model, u.chats])).toEqual([
      ['claude-opus-4-7', 2],
      ['claude-sonnet-4-6', 1],
    ]);
    expect((await db.pubMcpServers.toArray()).map((s) => [s.id, s.name])).toEqual([
      ['srv_jira', 'Jira Cloud'],
      ['srv_legacy', 'Legacy CRM'],
    ]);
    expect((await db.pubToolPolicies.toArray()).map((p) => `${p.serverId}/${p.tool}=${p.permission}`)).toEqual(['srv_jira/*=blocked', 'srv_jira/create_issue=ask', 'srv_jira/search=allow']);
    expect(await db.snapshots.count()).toBe(2);

    // Publishing again without changes reports nothing.
    const third = await publishSnapshot(db, meta('snap-3', null));
    expect(third.changes).toEqual([]);
  });

  it('rewrites only the published rows that differ', async () => {
    const events: ActivityInput[] = [ev('mcp_server_created', '2026-04-01T00:00:00Z', { mcp_server_id: 'srv', mcp_server_name: 'Jira' })];
    for (let i = 0; i < 200; i++) events.push(ev('mcp_tool_policy_updated', '2026-04-02T00:00:00Z', { mcp_server_id: 'srv', mcp_server_name: 'Jira', tool_name: `tool_${i}`, max_permission: 'ask' }));
    await applyActivities(db, events);
    await publishSnapshot(db, meta('snap-1', null));
    expect(await db.pubToolPolicies.count()).toBe(200);

    await applyActivities(db, [
      ev('mcp_tool_policy_updated', '2026-04-03T00:00:00Z', { mcp_server_id: 'srv', mcp_server_name: 'Jira', tool_name: 'tool_7', max_permission: 'blocked' }),
      ev('mcp_tool_policy_updated', '2026-04-03T00:00:00Z', { mcp_server_id: 'srv', mcp_server_name: 'Jira', tool_name: 'tool_8', max_permission: null }),
    ]);
    const writes: string[] = [];
    db.pubToolPolicies.hook('creating', (key) => void writes.push(`create ${String(key)}`));
    db.pubToolPolicies.hook('updating', (_mods, key) => void writes.push(`update ${String(key)}`));
    db.pubToolPolicies.hook('deleting', (key) => void writes.push(`delete ${String(key)}`));
    const snapshot = await publishSnapshot(db, meta('snap-2', null));
    expect(writes.sort()).toEqual(['delete srv,tool_8', 'update srv,tool_7']);
    expect(snapshot.changes.map((c) => `${c.change} ${c.id}`)).toEqual(['changed srv/tool_7', 'removed srv/tool_8']);
    expect(await db.pubToolPolicies.count()).toBe(199);
    expect((await db.pubToolPolicies.get(['srv', 'tool_7']))?.permission).toBe('blocked');
    // The server row changed too (lastEventAt) and was republished.
    expect((await db.pubMcpServers.get('srv'))?.lastEventAt).toBe('2026-04-03T00:00:00Z');
  });

  it('compares stored values structurally', () => {
    expect(sameValue({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameValue([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameValue({ a: { type: 'user_actor', id: 'u', email: null } }, { a: { type: 'user_actor', id: 'u', email: 'x' } })).toBe(false);
  });

  it('does not read the chats table', async () => {
    await applyChats(db, [chat('c1'), chat('c2', { model: null })]);
    const snapshot = await db.transaction('rw', PUBLISH_TABLES, () => publishSnapshot(db, meta('snap-1', null)));
    expect(snapshot.counts.chats).toBe(2);
    expect(PUBLISH_TABLES).not.toContain('chats');
  });

  it('rolls back entirely when the caller transaction fails', async () => {
    await applyChats(db, [chat('c1')]);
    await expect(
      db.transaction('rw', PUBLISH_TABLES, async () => {
        await publishSnapshot(db, meta('snap-1', null));
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await db.snapshots.count()).toBe(0);
    expect(await db.pubModels.count()).toBe(0);
  });
});
