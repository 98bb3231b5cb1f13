import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { McpServerRow, ProjectRow } from '../../../../../lib/sources/compliance/tables.ts';
import type { AppDb } from '../../../../../lib/sources/database.ts';
import {
  applyChatMessages,
  buildServerNameIndex,
  loadServerNameIndex,
  normalizeName,
  readServerDeepScan,
  resolveServer,
  type ChatMessageInput,
  type DeepScanChatInput,
} from '../../../../../lib/sources/compliance/derive/deep-scan.ts';
import { freshDb } from './helpers.ts';

let db: AppDb;
beforeEach(() => {
  db = freshDb();
});
afterEach(() => db.close());

const ORG_A = '91012d09-e48b-438e-a489-1bebfd8fa6f9';
const ORG_B = '5a1b2c3d-4e5f-6789-abcd-ef0123456789';

function server(id: string, name: string, fields: Partial<McpServerRow> = {}): McpServerRow {
  return {
    id,
    name,
    names: [name],
    orgUuid: ORG_A,
    orgId: null,
    addedAt: '2026-04-01T00:00:00Z',
    addedBy: null,
    firstEventAt: '2026-04-01T00:00:00Z',
    lastEventAt: '2026-04-01T00:00:00Z',
    deleted: 0,
    deletedAt: null,
    deletedBy: null,
    preAudit: false,
    managedAuthMode: null,
    connectedUsers: 0,
    usedInChats: null,
    projects: null,
    privateProjects: null,
    publicProjects: null,
    ...fields,
  };
}

function project(id: string, isPrivate: boolean): ProjectRow {
  return { id, name: id, org: ORG_A, isPrivate, deletedAt: null, creatorId: null, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', gen: 1 };
}

function chatOf(id: string, projectId: string | null, fields: Partial<DeepScanChatInput> = {}): DeepScanChatInput {
  return { id, name: 'x', organization_uuid: ORG_A, project_id: projectId, deleted_at: null, model: 'claude-opus-4-7', ...fields };
}

/** An assistant message calling `tools` (name → integration_name) the way C3 shows MCP calls. */
function toolCalls(calls: Array<[tool: string, integration: string | null]>): ChatMessageInput {
  return {
    id: 'claude_chat_msg_x',
    role: 'assistant',
    created_at: '2026-04-10T08:09:20Z',
    content: calls.flatMap(([name, integration], i) => [
      { type: 'tool_use', id: `toolu_${i}`, name, input: '{}', integration_name: integration, mcp_server_url: null, truncated: false },
      { type: 'tool_result', tool_use_id: `toolu_${i}`, name, is_error: false, integration_name: integration, mcp_server_url: null, content: [{ type: 'text', text: 'ok' }], truncated: false },
    ]),
  };
}

async function stats(id: string): Promise<Array<number | null | undefined>> {
  const s = await db.mcpServers.get(id);
  return [s?.usedInChats, s?.projects, s?.privateProjects, s?.publicProjects];
}

describe('applyChatMessages', () => {
  it('attributes the documented C3 tool call to the Jira server', async () => {
    await db.mcpServers.bulkPut([server('mcpsrv_jira', 'Jira'), server('mcpsrv_other', 'Linear')]);
    await db.projects.put(project('claude_proj_01KGp4eZNug9ri4kE35RSppq', true));
    // compliance-api.md §7 "C3 messages (with an MCP tool call)".
    const messages: ChatMessageInput[] = [
      { id: 'claude_chat_msg_01Vn', role: 'user', created_at: '2026-04-10T08:09:10Z', content: [{ type: 'text', text: 'File a ticket for the dashboard bug', thinking_redacted: false, truncated: false }] },
      {
        id: 'claude_chat_msg_01M8',
        role: 'assistant',
        created_at: '2026-04-10T08:09:20Z',
        content: [
          { type: 'tool_use', id: 'toolu_01AbC', name: 'create_issue', input: '{"summary":"Dashboard bug"}', integration_name: 'Jira', mcp_server_url: 'https://mcp.atlassian.example/v1/mcp', truncated: false },
          { type: 'tool_result', tool_use_id: 'toolu_01AbC', name: 'create_issue', is_error: false, integration_name: 'Jira', mcp_server_url: 'https://mcp.atlassian.example/v1/mcp', content: [{ type: 'text', text: 'Created PROJ-123' }], truncated: false },
          { type: 'text', text: 'Filed PROJ-123.', thinking_redacted: false, truncated: false },
        ],
      },
    ];
    const result = await applyChatMessages(db, chatOf('claude_chat_01H5CWunD7RpVJ5bHa8RCkja', 'claude_proj_01KGp4eZNug9ri4kE35RSppq'), messages);
    expect(result).toEqual({ servers: ['mcpsrv_jira'], unattributed: {}, ambiguous: {}, keptDeleted: false });
    expect(await stats('mcpsrv_jira')).toEqual([1, 1, 1, 0]);
    expect(await stats('mcpsrv_other')).toEqual([null, null, null, null]);
    expect(await readServerDeepScan(db, 'mcpsrv_jira')).toEqual({ chats: 1, projects: 1, tools: [{ name: 'create_issue', chats: 1 }] });
    expect(await readServerDeepScan(db, 'mcpsrv_other')).toBeNull();
  });

  it('counts distinct chats and private/public projects, and never double counts a rescanned chat', async () => {
    await db.mcpServers.put(server('mcpsrv_jira', 'Jira'));
    await db.projects.bulkPut([project('p-private', true), project('p-public', false)]);
    const index = await loadServerNameIndex(db);
    const calls = [toolCalls([['create_issue', 'Jira'], ['search', 'Jira']])];
    await applyChatMessages(db, chatOf('c1', 'p-private'), calls, { index });
    await applyChatMessages(db, chatOf('c2', 'p-private'), [toolCalls([['search', 'Jira']])], { index });
    await applyChatMessages(db, chatOf('c3', 'p-public'), calls, { index });
    await applyChatMessages(db, chatOf('c4', null), calls, { index });
    expect(await stats('mcpsrv_jira')).toEqual([4, 2, 1, 1]);

    // Rescanning every chat, in any order, changes nothing.
    await applyChatMessages(db, chatOf('c3', 'p-public'), calls, { index });
    await applyChatMessages(db, chatOf('c1', 'p-private'), calls, { index });
    await applyChatMessages(db, chatOf('c2', 'p-private'), [toolCalls([['search', 'Jira']])], { index });
    expect(await stats('mcpsrv_jira')).toEqual([4, 2, 1, 1]);
    expect((await readServerDeepScan(db, 'mcpsrv_jira'))?.tools).toEqual([
      { name: 'search', chats: 4 },
      { name: 'create_issue', chats: 3 },
    ]);

    // A chat whose messages no longer use the server (edited/retention) gives its contribution back.
    await applyChatMessages(db, chatOf('c3', 'p-public'), [], { index });
    expect(await stats('mcpsrv_jira')).toEqual([3, 1, 1, 0]);
    // c1 now uses fewer tools: tool counts follow.
    await applyChatMessages(db, chatOf('c1', 'p-private'), [toolCalls([['search', 'Jira']])], { index });
    expect((await readServerDeepScan(db, 'mcpsrv_jira'))?.tools).toEqual([
      { name: 'search', chats: 3 },
      { name: 'create_issue', chats: 1 },
    ]);
  });

  it('matches names loosely, follows renames, and reports what it cannot attribute', async () => {
    await db.mcpServers.bulkPut([
      server('mcpsrv_jira', 'Jira Cloud', { names: ['Jira', 'Jira Cloud'] }),
      server('mcpsrv_gh_a', 'GitHub', { orgUuid: ORG_A }),
      server('mcpsrv_gh_b', 'GitHub', { orgUuid: ORG_B }),
      server('mcpsrv_x1', 'Notes', { orgUuid: ORG_B }),
      server('mcpsrv_x2', 'Notes', { orgUuid: ORG_B }),
    ]);
    const result = await applyChatMessages(db, chatOf('c1', null), [
      toolCalls([
        ['create_issue', '  jira   CLOUD '],
        ['old_tool', 'Jira'], // a chat from before the rename
        ['list_prs', 'github'], // one GitHub server per org: the chat's org decides
        ['write', 'Notes'], // two servers of that name in another org: ambiguous
        ['lookup', 'Salesforce'], // not an org server
        ['web_search', null], // built-in tool
      ]),
    ]);
    expect(result.servers).toEqual(['mcpsrv_gh_a', 'mcpsrv_jira']);
    expect(result.unattributed).toEqual({ Salesforce: 2 });
    expect(result.ambiguous).toEqual({ Notes: 2 });
    expect((await readServerDeepScan(db, 'mcpsrv_jira'))?.tools.map((t) => t.name)).toEqual(['create_issue', 'old_tool']);
    expect(await stats('mcpsrv_gh_b')).toEqual([null, null, null, null]);
  });

  it('stores nothing for chats without MCP calls, and forgets a chat that stopped using servers', async () => {
    await db.mcpServers.put(server('mcpsrv_jira', 'Jira'));
    await applyChatMessages(db, chatOf('c0', null), [toolCalls([['web_search', null]])]);
    expect([await db.deepScanChats.count(), await db.deepScanServers.count()]).toEqual([0, 0]);
    await applyChatMessages(db, chatOf('c1', null), [toolCalls([['create_issue', 'Jira']])]);
    expect(await db.deepScanChats.toCollection().primaryKeys()).toEqual(['c1']);
    expect(await db.deepScanServers.toCollection().primaryKeys()).toEqual(['mcpsrv_jira']);
    await applyChatMessages(db, chatOf('c1', null), []);
    expect(await db.deepScanChats.count()).toBe(0);
    expect(await db.deepScanServers.toCollection().primaryKeys()).toEqual(['mcpsrv_jira']);
    expect(await readServerDeepScan(db, 'mcpsrv_jira')).toEqual({ chats: 0, projects: 0, tools: [] });
    expect(await stats('mcpsrv_jira')).toEqual([0, 0, 0, 0]);
  });

  it('prefers the live server when a deleted one had the same name', () => {
    const index = buildServerNameIndex([server('old', 'Drive', { deleted: 1 }), server('new', 'Drive')]);
    expect(resolveServer(index, 'drive', ORG_A)).toBe('new');
    expect(resolveServer(index, 'Dropbox', ORG_A)).toBe('none');
    expect(normalizeName('  Ｊira\tCloud ')).toBe('jira cloud');
  });

  it('keeps the contribution of a soft-deleted chat (its content comes back empty)', async () => {
    await db.mcpServers.put(server('mcpsrv_jira', 'Jira'));
    await applyChatMessages(db, chatOf('c1', null), [toolCalls([['create_issue', 'Jira']])]);
    const result = await applyChatMessages(db, chatOf('c1', null, { deleted_at: '2026-05-01T00:00:00Z' }), [{ id: 'm', role: 'assistant', created_at: 'x', content: [] }]);
    expect(result).toEqual({ servers: ['mcpsrv_jira'], unattributed: {}, ambiguous: {}, keptDeleted: true });
    expect(await stats('mcpsrv_jira')).toEqual([1, 0, 0, 0]);
  });

  it('classifies a project once the projects directory knows it', async () => {
    await db.mcpServers.put(server('mcpsrv_jira', 'Jira'));
    await applyChatMessages(db, chatOf('c1', 'p-later'), [toolCalls([['create_issue', 'Jira']])]);
    expect(await stats('mcpsrv_jira')).toEqual([1, 1, 0, 0]);
    await db.projects.put(project('p-later', false));
    await applyChatMessages(db, chatOf('c2', null), [toolCalls([['search', 'Jira']])]);
    expect(await stats('mcpsrv_jira')).toEqual([2, 1, 0, 1]);
  });

  it('survives an ingestion that rewrote the server row in between (deep-scan fields are kept by the MCP replay)', async () => {
    const { applyActivities } = await import('../../../../../lib/sources/compliance/derive/mcp.ts');
    await applyActivities(db, [{ id: 'a1', created_at: '2026-04-01T00:00:00Z', type: 'mcp_server_created', mcp_server_id: 'mcpsrv_jira', mcp_server_name: 'Jira', actor: null }]);
    await applyChatMessages(db, chatOf('c1', null), [toolCalls([['create_issue', 'Jira']])]);
    await applyActivities(db, [{ id: 'a2', created_at: '2026-04-02T00:00:00Z', type: 'mcp_server_updated', mcp_server_id: 'mcpsrv_jira', mcp_server_name: 'Jira Cloud', actor: null }]);
    const s = await db.mcpServers.get('mcpsrv_jira');
    expect([s?.name, s?.usedInChats]).toEqual(['Jira Cloud', 1]);
    // The old name still attributes.
    const result = await applyChatMessages(db, chatOf('c2', null), [toolCalls([['create_issue', 'Jira']])]);
    expect(result.servers).toEqual(['mcpsrv_jira']);
    expect((await db.mcpServers.get('mcpsrv_jira'))?.usedInChats).toBe(2);
  });
});
