import type { ChangeRow, SummaryItem } from '../../../lib/changes/tables.ts';

export const NOW = new Date('2026-12-07T12:00:00Z');

export const item = (kind: string, id: string, fields: SummaryItem['fields'] = {}, label = id): SummaryItem => ({ kind, id, label, fields });

export const change = (over: Partial<ChangeRow>): ChangeRow => ({
  id: 1, run: 'compliance:r2', source: 'compliance', at: NOW.toISOString(), kind: 'mcpServer', change: 'added', subject: 's1', label: 'Confluence',
  old: null, new: 'Confluence', who: 'ana@example.com', when: '2026-12-06T09:00:00Z', href: 'inventory.html#/mcp/s1', seen: 0, ...over,
});
