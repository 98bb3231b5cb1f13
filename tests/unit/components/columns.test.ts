import { describe, expect, it } from 'vitest';
import { createTable, getCoreRowModel, getSortedRowModel, type ColumnDef, type SortingState, type TableOptionsResolved } from '@tanstack/table-core';
import type { McpServerRow } from '../../../lib/sources/compliance/tables.ts';
import { toServerView, toModelView, type ServerView, type ModelView } from '../../../components/inventory/model.ts';
import { SERVER_COLUMNS } from '../../../components/inventory/ServersTable.tsx';
import { MODEL_COLUMNS } from '../../../components/inventory/ModelsTable.tsx';

/** Sorts rows the way DataTable does (TanStack Table core, no React). */
function sorted<T>(data: T[], columns: Array<ColumnDef<T, unknown>>, sorting: SortingState, id: (r: T) => string): string[] {
  let state = { sorting };
  const options: TableOptionsResolved<T> = {
    data,
    columns,
    getRowId: id,
    state,
    onStateChange: () => {},
    renderFallbackValue: null,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  };
  const table = createTable(options);
  state = { ...table.initialState, sorting };
  table.setOptions((prev) => ({ ...prev, state }));
  return table.getRowModel().rows.map((r) => r.id);
}

const server = (id: string, over: Partial<McpServerRow>): ServerView =>
  toServerView(
    {
      id,
      name: id,
      names: [id],
      orgUuid: 'o',
      orgId: null,
      addedAt: '2026-04-10T00:00:00Z',
      addedBy: null,
      firstEventAt: '2026-04-10T00:00:00Z',
      lastEventAt: '2026-04-10T00:00:00Z',
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
      ...over,
    },
    new Map(),
  );

describe('inventory table columns', () => {
  it('have exactly the vocabulary headers', () => {
    expect(MODEL_COLUMNS.map((c) => c.header)).toEqual(['Name', 'Added', 'Projects', 'Organizations', 'Used in chats', 'Users']);
    expect(SERVER_COLUMNS.map((c) => c.header)).toEqual(['Name', 'Added', 'Projects', 'Organizations', 'Users', 'Used in chats']);
  });

  it('sort unknown (no deep scan) values last in both directions', () => {
    const rows = [server('a', { usedInChats: 5 }), server('b', {}), server('c', { usedInChats: 50 })];
    const cols = SERVER_COLUMNS as Array<ColumnDef<ServerView, unknown>>;
    expect(sorted(rows, cols, [{ id: 'chats', desc: true }], (r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(sorted(rows, cols, [{ id: 'chats', desc: false }], (r) => r.id)).toEqual(['a', 'c', 'b']);
  });

  it('sort servers from before the audit log first by Added', () => {
    const rows = [server('late', { addedAt: '2026-06-01T00:00:00Z' }), server('pre', { preAudit: true, addedAt: null }), server('early', { addedAt: '2026-01-01T00:00:00Z' })];
    expect(sorted(rows, SERVER_COLUMNS as Array<ColumnDef<ServerView, unknown>>, [{ id: 'added', desc: false }], (r) => r.id)).toEqual(['pre', 'early', 'late']);
  });

  it('sort models by chats and by name', () => {
    const m = (model: string, chats: number): ModelView =>
      toModelView({ model, chats, deletedChats: 0, projects: 0, organizations: 1, users: 1, firstSeen: '2026-01-01T00:00:00Z', firstUserId: null, firstUserEmail: null }, null);
    const rows = [m('b-model', 10), m('a-model', 300), m('', 20)];
    const cols = MODEL_COLUMNS as Array<ColumnDef<ModelView, unknown>>;
    expect(sorted(rows, cols, [{ id: 'chats', desc: true }], (r) => r.id)).toEqual(['a-model', '', 'b-model']);
    expect(sorted(rows, cols, [{ id: 'name', desc: false }], (r) => r.id)).toEqual(['a-model', 'b-model', '']);
  });
});
