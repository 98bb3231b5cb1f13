import { describe, expect, it } from 'vitest';
import type { McpServerRow, ModelRow, SnapshotRow, ToolPolicyRow } from '../../../lib/sources/compliance/tables.ts';
import {
  actorLabel,
  changeViews,
  DEFAULT_TOOL_LABEL,
  lifecycleView,
  orgUsageViews,
  skippedSummary,
  snapshotSummary,
  toModelView,
  modelCountText,
  toolPolicyViews,
  toServerView,
  UNKNOWN_MODEL_LABEL,
} from '../../../components/inventory/model.ts';

const modelRow = (over: Partial<ModelRow> = {}): ModelRow => ({
  model: 'claude-opus-4-7',
  chats: 1200,
  deletedChats: 3,
  projects: 4,
  organizations: 2,
  users: 37,
  firstSeen: '2026-04-20T10:00:00Z',
  firstUserId: 'user_1',
  firstUserEmail: 'a@example.com',
  ...over,
});

const serverRow = (over: Partial<McpServerRow> = {}): McpServerRow => ({
  id: 'mcpsrv_1',
  name: 'Jira',
  names: ['Jira'],
  orgUuid: 'org-a',
  orgId: 'org_01',
  addedAt: '2026-04-10T08:00:00Z',
  addedBy: { type: 'user_actor', id: 'user_admin', email: 'admin@example.com' },
  firstEventAt: '2026-04-10T08:00:00Z',
  lastEventAt: '2026-05-10T08:00:00Z',
  deleted: 0,
  deletedAt: null,
  deletedBy: null,
  preAudit: false,
  managedAuthMode: null,
  connectedUsers: 5,
  usedInChats: null,
  projects: null,
  privateProjects: null,
  publicProjects: null,
  ...over,
});

describe('lifecycle badges', () => {
  const l = (state: string, daysLeft: number | null = null) => lifecycleView({ state, daysLeft, retiresOn: '2026-11-30', deprecatedOn: '2026-09-30' });
  it('maps catalog lifecycle states to the badge words', () => {
    expect(l('retiring-soon', 10)).toMatchObject({ kind: 'retiring', label: 'Retiring in 10 days' });
    expect(l('retiring-soon', 1).label).toBe('Retiring in 1 day');
    expect(l('retired', -3)).toMatchObject({ kind: 'retired', label: 'Retired' });
    expect(l('deprecated', 200)).toMatchObject({ kind: 'deprecated', label: 'Deprecated' });
    expect(l('active')).toMatchObject({ kind: 'active', label: '' });
  });
});

describe('model rows', () => {
  it('uses the catalog display name and keeps the raw id', () => {
    const v = toModelView(modelRow(), { displayName: 'Claude Opus 4.7', lifecycle: lifecycleView({ state: 'active', daysLeft: null, retiresOn: null, deprecatedOn: null }) });
    expect(v).toMatchObject({ id: 'claude-opus-4-7', name: 'Claude Opus 4.7', rawId: 'claude-opus-4-7', inCatalog: true, lifecycle: null, chats: 1200 });
    expect(v.searchText).toContain('claude-opus-4-7');
    expect(v.searchText).toContain('Claude Opus 4.7');
  });
  it('shows an id the catalog does not know as itself', () => {
    expect(toModelView(modelRow({ model: 'claude-new-9' }), null)).toMatchObject({ name: 'claude-new-9', rawId: 'claude-new-9', inCatalog: false });
  });
  it('labels the empty model as Unknown model', () => {
    expect(toModelView(modelRow({ model: '' }), null)).toMatchObject({ id: '', unknown: true, name: UNKNOWN_MODEL_LABEL, rawId: null });
  });
});

describe('MCP server rows', () => {
  const names = new Map([['org-a', 'Acme Research']]);
  it('resolves organization names and the creator', () => {
    const v = toServerView(serverRow(), names);
    expect(v).toMatchObject({ name: 'Jira', orgName: 'Acme Research', organizations: 1, addedBy: 'admin@example.com', users: 5, chats: null, projects: null });
  });
  it('marks servers from before the audit log and sorts them first by Added', () => {
    const v = toServerView(serverRow({ preAudit: true, addedAt: null, addedBy: null }), names);
    expect(v).toMatchObject({ preAudit: true, addedAt: null, addedSort: '', addedBy: null });
  });
  it('keeps former names for search and history', () => {
    const v = toServerView(serverRow({ name: 'Jira Cloud', names: ['Jira', 'Jira', 'Jira Cloud'] }), names);
    expect(v.formerNames).toEqual(['Jira']);
    expect(v.searchText).toContain('Jira Cloud');
  });
  it('falls back to the uuid when the organization is unnamed', () => {
    expect(toServerView(serverRow({ orgUuid: 'org-z' }), names).orgName).toBe('org-z');
  });
});

describe('actors', () => {
  it('prefers the email, then the type and id', () => {
    expect(actorLabel({ type: 'user_actor', id: 'u1', email: 'x@example.com' })).toBe('x@example.com');
    expect(actorLabel({ type: 'service_account_actor', id: 'svc_1', email: null })).toBe('Service account svc_1');
    expect(actorLabel({ type: 'anthropic_actor', id: null, email: null })).toBe('Anthropic');
    expect(actorLabel({ type: 'brand_new_actor', id: null, email: null })).toBe('brand new');
    expect(actorLabel(null)).toBeNull();
  });
});

describe('tool policies', () => {
  const labels: Record<string, string> = { allow: 'Always allow', ask: 'Needs approval', blocked: 'Blocked' };
  const label = (p: string) => ({ label: labels[p] ?? p, known: p in labels });
  const row = (tool: string, permission: string): ToolPolicyRow => ({ serverId: 's', tool, permission, at: '2026-04-10T08:05:00Z', setBy: { type: 'user_actor', id: 'u', email: 'admin@example.com' } });
  it('puts the server-wide default first and labels permissions', () => {
    const v = toolPolicyViews([row('search', 'allow'), row('create_issue', 'ask'), row('*', 'blocked'), row('delete', 'sometimes')], label);
    expect(v.map((p) => p.name)).toEqual([DEFAULT_TOOL_LABEL, 'create_issue', 'delete', 'search']);
    expect(v.map((p) => p.permissionLabel)).toEqual(['Blocked', 'Needs approval', 'sometimes', 'Always allow']);
    expect(v[2]!.known).toBe(false);
    expect(v[0]!.setBy).toBe('admin@example.com');
  });
});

describe('organizations using a model', () => {
  it('names organizations and orders by chats', () => {
    const v = orgUsageViews(
      [
        { value: 'org-b', chats: 3 },
        { value: 'org-a', chats: 10 },
      ],
      new Map([['org-a', 'Acme']]),
    );
    expect(v).toEqual([
      { uuid: 'org-a', name: 'Acme', named: true, chats: 10 },
      { uuid: 'org-b', name: 'org-b', named: false, chats: 3 },
    ]);
  });
});

describe('snapshot header and changes', () => {
  const snap: SnapshotRow = {
    id: 's1',
    startedAt: '2026-11-20T08:00:00Z',
    completedAt: '2026-11-20T08:05:00Z',
    kind: 'full',
    requests: 40,
    durationMs: 300000,
    counts: { models: 12, mcpServers: 1, users: 1200, organizations: 2, chats: 45000, groups: 3, projects: 9 },
    skipped: { chats: 2, activities: 0 },
    changes: [
      { kind: 'model', change: 'removed', id: 'claude-3-haiku-20240307', label: 'Claude Haiku 3', detail: '' },
      { kind: 'mcpServer', change: 'added', id: 'mcpsrv_1', label: 'Jira', detail: 'by admin@example.com' },
      { kind: 'model', change: 'changed', id: 'claude-opus-4-7', label: 'Claude Opus 4.7', detail: '+12 chats' },
      { kind: 'toolPolicy', change: 'removed', id: 'mcpsrv_1/create_issue', label: 'Jira · create_issue', detail: 'Restriction cleared' },
    ],
  };
  it('summarises counts with separators', () => {
    expect(snapshotSummary(snap)).toEqual(['12 models', '1 MCP server', '2 organizations', '1,200 users', '45,000 chats']);
    expect(skippedSummary(snap.skipped)).toBe('2 chats');
    expect(skippedSummary({})).toBeNull();
  });
  it('orders changes added, changed, removed and links what still exists', () => {
    const v = changeViews(snap.changes);
    expect(v.map((c) => c.verb)).toEqual(['Added', 'Changed', 'Removed', 'Removed']);
    expect(v[0]).toMatchObject({ kind: 'MCP server', href: { view: 'mcp-server', id: 'mcpsrv_1' } });
    expect(v[2]!.href).toBeNull();
    expect(v[3]).toMatchObject({ kind: 'Tool permission', href: { view: 'mcp-server', id: 'mcpsrv_1', tab: 'tools' } });
  });
});

describe('model counts leave out the bucket of chats without a model', () => {
  const view = (model: string, chats: number) =>
    toModelView({ model, chats, deletedChats: 0, users: 1, projects: 0, organizations: 1, firstSeen: '' } as Parameters<typeof toModelView>[0], null);
  const all = [view('claude-opus-4-5', 10), view('claude-sonnet-4-5', 5), view('', 3)];

  it('counts named models and says the bucket apart', () => {
    expect(modelCountText(all, all, false)).toBe('2 models + 3 chats without a model');
    expect(modelCountText(all.slice(0, 1), all.slice(0, 1), false)).toBe('1 model');
    expect(modelCountText([all[0]!, all[2]!], all, true)).toBe('Showing 1 of 2 models');
  });

  it('the snapshot line counts models only', () => {
    const snap = { counts: { models: 8, chatsWithoutModel: 1, mcpServers: 0, organizations: 1, users: 2, chats: 40, groups: 0, projects: 0 } } as unknown as Parameters<typeof snapshotSummary>[0];
    expect(snapshotSummary(snap)[0]).toBe('8 models (+ 1 chat without a model)');
  });
});
