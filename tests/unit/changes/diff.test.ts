import { describe, expect, it } from 'vitest';
import { diffSummaries } from '../../../lib/changes/diff.ts';
import { complianceChanges, policyId } from '../../../lib/changes/sources/compliance.ts';
import { scimChanges } from '../../../lib/changes/sources/scim.ts';
import { adminChanges } from '../../../lib/changes/sources/admin.ts';
import { analyticsChanges } from '../../../lib/changes/sources/analytics.ts';
import type { SummaryItem } from '../../../lib/changes/tables.ts';

const server = (id: string, name: string, extra: Record<string, unknown> = {}): SummaryItem => ({
  kind: 'mcpServer',
  id,
  label: name,
  fields: { name, deleted: false, addedBy: 'ana@example.com', addedAt: '2026-11-02T10:00:00Z', deletedBy: null, deletedAt: null, lastEventAt: '2026-11-02T10:00:00Z', ...extra } as SummaryItem['fields'],
});
const policy = (serverId: string, tool: string, permission: string, setBy = 'ana@example.com', at = '2026-11-03T09:00:00Z'): SummaryItem => ({
  kind: 'toolPolicy',
  id: policyId(serverId, tool),
  label: `S · ${tool}`,
  fields: { serverId, tool, permission, setBy, at },
});
const model = (id: string, chats = 3): SummaryItem => ({ kind: 'model', id, label: id, fields: { chats, firstSeen: '2026-10-01T00:00:00Z' } });

describe('change detection: Compliance', () => {
  it('reports models appearing and disappearing, not their chat counts moving', () => {
    const out = diffSummaries(complianceChanges, [model('claude-opus-5-5', 3), model('claude-haiku-5-5')], [model('claude-opus-5-5', 90), model('claude-sonnet-5-5')]);
    expect(out.map((c) => [c.kind, c.change, c.subject])).toEqual([
      ['model', 'removed', 'claude-haiku-5-5'],
      ['model', 'added', 'claude-sonnet-5-5'],
    ]);
    expect(out[1]!.href).toBe('inventory.html#/models/claude-sonnet-5-5');
  });

  it('reports MCP servers added (who, when), renamed (old → new) and removed (who, when)', () => {
    const prev = [server('s1', 'Jira'), server('s2', 'Drive')];
    const next = [
      server('s1', 'Jira Cloud', { lastEventAt: '2026-11-05T08:00:00Z' }),
      server('s2', 'Drive', { deleted: true, deletedBy: 'bo@example.com', deletedAt: '2026-11-06T00:00:00Z' }),
      server('s3', 'Confluence', { addedBy: 'cy@example.com', addedAt: '2026-11-07T00:00:00Z' }),
    ];
    const out = diffSummaries(complianceChanges, prev, next);
    expect(out).toEqual([
      expect.objectContaining({ subject: 's1', change: 'renamed', old: 'Jira', new: 'Jira Cloud', when: '2026-11-05T08:00:00Z' }),
      expect.objectContaining({ subject: 's2', change: 'removed', old: 'Drive', new: null, who: 'bo@example.com', when: '2026-11-06T00:00:00Z' }),
      expect.objectContaining({ subject: 's3', change: 'added', new: 'Confluence', who: 'cy@example.com', when: '2026-11-07T00:00:00Z', href: 'inventory.html#/mcp/s3' }),
    ]);
  });

  it('a server first seen already deleted is no change', () => {
    expect(diffSummaries(complianceChanges, [], [server('s9', 'Old', { deleted: true })])).toEqual([]);
  });

  it('reports a tool policy changed old → new with who and when, and a new policy as added', () => {
    const out = diffSummaries(complianceChanges, [policy('s1', 'delete_issue', 'ask')], [policy('s1', 'delete_issue', 'allow', 'bo@example.com', '2026-11-08T12:00:00Z'), policy('s1', 'export', 'blocked')]);
    expect(out).toEqual([
      expect.objectContaining({ kind: 'toolPolicy', change: 'permission', old: 'Needs approval', new: 'Always allow', who: 'bo@example.com', when: '2026-11-08T12:00:00Z', href: 'inventory.html#/mcp/s1/tools' }),
      expect.objectContaining({ kind: 'toolPolicy', change: 'added', new: 'Blocked', who: 'ana@example.com' }),
    ]);
  });

  it('reports a key gaining the delete scope, and a new key that carries it; other keys coming and going are no change', () => {
    const key = (id: string, del: boolean): SummaryItem => ({ kind: 'apiKey', id, label: `Key ${id}`, fields: { org: 'o', delete: del, active: true, createdAt: null } });
    const out = diffSummaries(complianceChanges, [key('k1', false), key('k2', false)], [key('k1', true), key('k3', true), key('k4', false)]);
    expect(out.map((c) => [c.subject, c.change, c.old, c.new])).toEqual([
      ['k1', 'gained delete scope', 'no', 'yes'],
      ['k3', 'added', null, null],
    ]);
  });

  it('reports the extension’s own key gaining the delete scope', () => {
    const own = (v: string): SummaryItem => ({ kind: 'ownKey', id: 'compliance', label: 'Key', fields: { deleteScope: v, checkedAt: '2026-11-09T00:00:00Z' } });
    expect(diffSummaries(complianceChanges, [own('absent')], [own('present')])).toEqual([expect.objectContaining({ change: 'delete scope', old: 'absent', new: 'present' })]);
  });

  it('identical summaries make no change', () => {
    const items = [model('m'), server('s1', 'Jira'), policy('s1', 't', 'ask')];
    expect(diffSummaries(complianceChanges, items, structuredClone(items))).toEqual([]);
  });
});

describe('change detection: SCIM, Admin API, Analytics', () => {
  it('SCIM: people added and removed, memberships changed, a person deactivated', () => {
    const user = (id: string, active = true): SummaryItem => ({ kind: 'scimUser', id, label: `${id}@example.com`, fields: { active, created: null } });
    const member = (g: string, u: string): SummaryItem => ({ kind: 'scimMember', id: `${g}\u0000${u}`, label: `${u} in ${g}`, fields: { groupId: g, userId: u } });
    const out = diffSummaries(scimChanges, [user('a'), user('b'), member('eng', 'a')], [user('a', false), user('c'), member('eng', 'c')]);
    expect(out.map((c) => [c.kind, c.change, c.label, c.old, c.new])).toEqual([
      ['scimUser', 'status', 'a@example.com', 'active', 'inactive'],
      ['scimUser', 'removed', 'b@example.com', null, null],
      ['scimUser', 'added', 'c@example.com', null, null],
      ['scimMember', 'removed', 'a in eng', null, null],
      ['scimMember', 'added', 'c in eng', null, null],
    ]);
  });

  it('Admin API: a member’s role changed and an RBAC group’s roles changed', () => {
    const member = (role: string): SummaryItem => ({ kind: 'member', id: 'user_1', label: 'ana@example.com', fields: { role, addedAt: '2026-01-01T00:00:00Z' } });
    const group = (roles: string | null): SummaryItem => ({ kind: 'rbacGroup', id: 'rbac_group_1', label: 'Eng', fields: { name: 'Eng', sourceType: 'direct', roles, updatedAt: '2026-11-01T00:00:00Z', createdAt: '2026-01-01T00:00:00Z' } });
    const out = diffSummaries(adminChanges, [member('user'), group('Member')], [member('admin'), group('Connector admin, Member')]);
    expect(out.map((c) => [c.kind, c.change, c.old, c.new])).toEqual([
      ['member', 'role', 'user', 'admin'],
      ['rbacGroup', 'roles', 'Member', 'Connector admin, Member'],
    ]);
  });

  it('Analytics: a connector people started using', () => {
    const c = (id: string): SummaryItem => ({ kind: 'connector', id, label: id, fields: { users: 4 } });
    expect(diffSummaries(analyticsChanges, [c('jira')], [c('jira'), c('notion')]).map((x) => [x.change, x.subject])).toEqual([['added', 'notion']]);
  });

  it('kinds without rules (from a newer summary) are ignored', () => {
    expect(diffSummaries(scimChanges, [], [{ kind: 'future', id: 'x', label: 'x', fields: {} }])).toEqual([]);
  });
});
