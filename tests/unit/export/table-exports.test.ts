import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { centsToDollars, exportFileName, exportTable, tableCsv, tableJsonRows } from '../../../lib/export/table.ts';
import { exportColumnsOf } from '../../../components/table/export-columns.ts';
import { MODEL_COLUMNS } from '../../../components/inventory/ModelsTable.tsx';
import { SERVER_COLUMNS } from '../../../components/inventory/ServersTable.tsx';
import { toModelView, toServerView, toolPolicyViews, orgUsageViews, lifecycleView } from '../../../components/inventory/model.ts';
import { MODEL_ORG_USAGE_EXPORT, TOOL_POLICY_EXPORT } from '../../../components/inventory/exports.ts';
import { dimensionExport, INACTIVE_SEATS_EXPORT, TEAM_SPEND_EXPORT } from '../../../components/usage/exports.ts';
import { PEOPLE_COLUMNS } from '../../../components/usage/PeopleTable.tsx';
import type { McpServerRow, ModelRow } from '../../../lib/sources/compliance/tables.ts';

const parse = (csv: string) => Papa.parse<string[]>(csv.replace(/^\uFEFF/, '').trim(), { header: false }).data;

const modelRow = (model: string, over: Partial<ModelRow> = {}): ModelRow => ({
  model,
  chats: 10,
  deletedChats: 0,
  projects: 2,
  organizations: 1,
  users: 3,
  firstSeen: '2026-10-01T09:00:00Z',
  firstUserId: null,
  firstUserEmail: null,
  ...over,
});

const serverRow = (id: string, over: Partial<McpServerRow> = {}): McpServerRow => ({
  id,
  name: id,
  names: [id],
  orgUuid: 'org-1',
  orgId: null,
  addedAt: '2026-09-01T00:00:00Z',
  addedBy: null,
  firstEventAt: '2026-09-01T00:00:00Z',
  lastEventAt: '2026-09-02T00:00:00Z',
  deleted: 0,
  deletedAt: null,
  deletedBy: null,
  preAudit: false,
  managedAuthMode: null,
  connectedUsers: 4,
  usedInChats: null,
  projects: null,
  privateProjects: null,
  publicProjects: null,
  ...over,
});

describe('file names', () => {
  it('is <product>-<table>-<yyyy-mm-dd>.<ext>, slugged', () => {
    const now = new Date('2026-12-07T23:30:00Z');
    expect(exportFileName('Models', 'csv', now)).toBe('claude-enterprise-models-2026-12-07.csv');
    expect(exportFileName('Spend by model, 2026-11', 'json', now)).toBe('claude-enterprise-spend-by-model-2026-11-2026-12-07.json');
    expect(exportFileName('../../etc/passwd é', 'csv', now)).toBe('claude-enterprise-etc-passwd-e-2026-12-07.csv');
    expect(exportFileName('***', 'csv', now)).toBe('claude-enterprise-table-2026-12-07.csv');
  });
});

describe('Models table export', () => {
  const facts = { displayName: 'Claude Test 1', lifecycle: lifecycleView({ state: 'retiring-soon', daysLeft: 12, retiresOn: '2026-12-19', deprecatedOn: '2026-06-01' }) };
  const views = [toModelView(modelRow('claude-test-1', { chats: 12 }), facts), toModelView(modelRow('=HYPERLINK("x")', { projects: 0 }), null), toModelView(modelRow('', { chats: 1 }), null)];
  const cols = exportColumnsOf(MODEL_COLUMNS);

  it('has the shown columns (plus the id and lifecycle under the name) in order', () => {
    expect(cols.map((c) => c.header)).toEqual(['Name', 'Model id', 'Lifecycle', 'Retires on', 'Added', 'Projects', 'Organizations', 'Used in chats', 'Users']);
  });

  it('writes raw values and neutralises formula cells', () => {
    const rows = parse(tableCsv(views, cols));
    expect(rows[1]).toEqual(['Claude Test 1', 'claude-test-1', 'retiring', '2026-12-19', '2026-10-01T09:00:00Z', '2', '1', '12', '3']);
    // A model id that looks like a formula is written as text.
    expect(rows[2]![0]).toBe(`'=HYPERLINK("x")`);
    expect(rows[2]![1]).toBe(`'=HYPERLINK("x")`);
    expect(rows[3]!.slice(0, 3)).toEqual(['Unknown model', '', '']);
  });

  it('JSON keeps types and says null for unknown', () => {
    const json = tableJsonRows(views, cols);
    expect(json[0]).toEqual({ Name: 'Claude Test 1', 'Model id': 'claude-test-1', Lifecycle: 'retiring', 'Retires on': '2026-12-19', Added: '2026-10-01T09:00:00Z', Projects: 2, Organizations: 1, 'Used in chats': 12, Users: 3 });
    expect(json[2]!['Model id']).toBeNull();
    const file = exportTable('json', views, cols);
    expect(file.mime).toBe('application/json');
    expect(JSON.parse(file.text)).toEqual(json);
  });
});

describe('MCP servers table export', () => {
  const orgs = new Map([['org-1', 'Acme, Inc.']]);
  const views = [
    toServerView(serverRow('srv-1', { name: 'Jira "prod"', names: ['Old\nname', 'Jira "prod"'], usedInChats: 7, projects: 2 }), orgs),
    toServerView(serverRow('srv-2', { preAudit: true, addedAt: null }), orgs),
  ];
  const cols = exportColumnsOf(SERVER_COLUMNS);

  it('has the shown columns plus id, former names and the pre-audit flag', () => {
    expect(cols.map((c) => c.header)).toEqual(['Name', 'Server id', 'Former names', 'Configured before audit log', 'Added', 'Projects', 'Organizations', 'Users', 'Used in chats']);
  });

  it('quotes commas, quotes and newlines; unknown counts are empty, not 0', () => {
    const csv = tableCsv(views, cols);
    expect(csv).toContain('"Jira ""prod"""');
    expect(csv).toContain('"Old\nname"');
    expect(csv).toContain('"Acme, Inc."');
    const rows = parse(csv);
    expect(rows[1]).toEqual(['Jira "prod"', 'srv-1', 'Old\nname', 'false', '2026-09-01T00:00:00Z', '2', 'Acme, Inc.', '4', '7']);
    // Before the audit log: no date (the flag says why); no deep scan: empty, not 0.
    expect(rows[2]).toEqual(['srv-2', 'srv-2', '', 'true', '', '', 'Acme, Inc.', '4', '']);
  });
});

describe('tool permissions and model usage exports', () => {
  it('a server tool permissions: Name, Date, Set by, Max permissions and the raw values', () => {
    const views = toolPolicyViews(
      [
        { serverId: 's', tool: '*', permission: 'ask', at: '2026-11-01T00:00:00Z', setBy: { type: 'user_actor', id: 'u1', email: 'a@example.com' } },
        { serverId: 's', tool: '@delete_all', permission: 'allow', at: '2026-11-02T00:00:00Z', setBy: null },
      ],
      (p) => ({ label: p === 'allow' ? 'Always allow' : p === 'ask' ? 'Needs approval' : p, known: true }),
    );
    const rows = parse(tableCsv(views, TOOL_POLICY_EXPORT));
    expect(rows[0]).toEqual(['Name', 'Tool', 'Date', 'Set by', 'Max permissions', 'Permission value']);
    expect(rows.find((r) => r[1] === '*')!.slice(2)).toEqual(['2026-11-01T00:00:00Z', 'a@example.com', 'Needs approval', 'ask']);
    // A tool name that starts with @ cannot run as a formula.
    expect(rows.find((r) => r[1] === `'@delete_all`)![4]).toBe('Always allow');
  });

  it("a model's usage per organization", () => {
    const views = orgUsageViews([{ value: 'org-1', chats: 5 }, { value: '', chats: 2 }], new Map([['org-1', 'Acme']]));
    expect(parse(tableCsv(views, MODEL_ORG_USAGE_EXPORT))).toEqual([['Organization', 'Organization id', 'Used in chats'], ['Acme', 'org-1', '5'], ['Unknown organization', '', '2']]);
  });
});

describe('Usage & spend exports', () => {
  const actor = { key: 'user_1', type: 'user_actor', name: 'Ana', email: '-ana@example.com', deleted: false };
  it('people by spend/tokens: exact dollars, tokens, email and actor id', () => {
    const person = { actorKey: 'user_1', actor, label: 'Ana', amount: '41280.5', listAmount: '50000', totalTokens: 1234, inputTokens: 1000, outputTokens: 234 };
    const cols = exportColumnsOf(PEOPLE_COLUMNS);
    expect(cols.map((c) => c.header)).toEqual(['Person', 'Email', 'Actor', 'Actor type', 'Spend (USD)', 'Tokens']);
    const rows = parse(tableCsv([person as never], cols));
    expect(rows[1]).toEqual(['Ana', "'-ana@example.com", 'user_1', 'user_actor', '412.805', '1234']);
  });

  it('by model / product and team cost', () => {
    const dim = [{ key: 'claude-x', label: 'claude-x', amount: '100', listAmount: '100', totalTokens: 5, inputTokens: 3, outputTokens: 2 }];
    expect(parse(tableCsv(dim as never[], dimensionExport('Model')))).toEqual([['Model', 'Model id', 'Spend (USD)', 'Tokens'], ['claude-x', 'claude-x', '1', '5']]);
    const teams = [{ groupId: '', name: 'No group', named: false, amount: '0.5', listAmount: '1', totalTokens: 0 }];
    expect(parse(tableCsv(teams, TEAM_SPEND_EXPORT))).toEqual([['Team (RBAC group)', 'Group id', 'Spend (USD)', 'Tokens'], ['No group', '', '0.005', '0']]);
  });

  it('seats without activity', () => {
    const p = { id: 'u1', email: 'b@example.com', fullName: '', orgs: [], roles: [], lastActiveDate: null, hasEngagement: false, spendToDate: '0', tokensToDate: 0, reason: 'no engagement row', unknown: true };
    expect(parse(tableCsv([p], INACTIVE_SEATS_EXPORT))[1]).toEqual(['b@example.com', 'b@example.com', 'u1', 'unknown', 'no engagement row', '', '0']);
  });

  it('centsToDollars is exact and tolerant', () => {
    expect(centsToDollars('41280.000000')).toBe('412.8');
    expect(centsToDollars('1')).toBe('0.01');
    expect(centsToDollars('not money')).toBeNull();
    expect(centsToDollars(null)).toBeNull();
  });
});

describe('audit log and access review exports', async () => {
  const { AUDIT_EXPORT, ACCESS_REVIEW_EXPORT, reviewDecisionRows } = await import('../../../lib/export/records.ts');
  it('audit: one row per record, free text redacted', () => {
    const rows = parse(
      tableCsv(
        [{ id: 3, at: '2026-11-01T00:00:00Z', connection: 'scim', action: 'user.delete', target: 'a@example.com', outcome: 'failed' as const, detail: 'HTTP 401 with Bearer abcdefghijklmnop0123456789', requestId: 'req_1' }],
        AUDIT_EXPORT,
      ),
    );
    expect(rows[0]).toEqual(['Id', 'Date', 'Connection', 'Action', 'Target', 'Outcome', 'Detail', 'Request id']);
    expect(rows[1]).toEqual(['3', '2026-11-01T00:00:00Z', 'scim', 'user.delete', 'a@example.com', 'failed', 'HTTP 401 with Bearer [REDACTED]', 'req_1']);
  });
  it('access reviews: decisions with their review', () => {
    const data = reviewDecisionRows(
      [{ id: 'r1', title: 'Q4, all seats', startedAt: '2026-10-01T00:00:00Z', closedAt: null }],
      [{ id: 1, reviewId: 'r1', personKey: 'p1', email: 'b@example.com', decision: 'revoke' as const, groupId: 'g1', result: 'done' as const, message: null, at: '2026-10-02T00:00:00Z' }],
    );
    expect(parse(tableCsv(data, ACCESS_REVIEW_EXPORT))[1]).toEqual(['Q4, all seats', 'r1', '2026-10-01T00:00:00Z', '', 'b@example.com', 'p1', 'revoke', 'g1', 'done', '', '2026-10-02T00:00:00Z']);
  });
});
