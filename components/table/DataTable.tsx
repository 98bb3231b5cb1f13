import { useEffect, useId, useLayoutEffect, useMemo, useRef, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { flexRender, getCoreRowModel, getFilteredRowModel, getSortedRowModel, useReactTable, type ColumnDef, type SortingState, type Updater } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { matchesSearch, nextIndex, paddingRows } from './nav.ts';
import type { TableViewState } from './types.ts';
import { ExportMenu } from './ExportMenu.tsx';
import { exportColumnsOf } from './export-columns.ts';

/** Row height in px; CSS (.dt-row in theme.css) uses the same value so estimates match reality. */
const ROW_HEIGHT = 52;
const DEFAULT_VIRTUALIZE_ABOVE = 200;

export interface DataTableProps<T> {
  /** Visible caption; also the table's accessible name. */
  caption: string;
  data: T[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: Array<ColumnDef<T, any>>;
  getRowId: (row: T) => string;
  /** Text the search box matches (e.g. display name + raw id). */
  getSearchText: (row: T) => string;
  searchLabel: string;
  noun: { one: string; many: string };
  /** Overrides the row count line, when rows are not all of one kind (e.g. a bucket row). */
  countText?: (shown: T[], all: T[], searching: boolean) => string;
  state: TableViewState;
  onStateChange: (update: (state: TableViewState) => TableViewState) => void;
  /** Enter on a row, or a click on it. */
  onOpen: (row: T) => void;
  /** Space on a row (e.g. select it); without it Space scrolls as usual. */
  onToggle?: (row: T) => void;
  /** Shown in the body when `data` is empty (not when a search matches nothing). */
  empty: ReactNode;
  /** Shown when rows exist but none passes the search or `rowFilter` (default: "No … match" with Clear search). */
  noMatch?: ReactNode;
  virtualizeAbove?: number;
  /** Focus the active row when the table mounts (coming back from a detail page). */
  restoreFocus?: boolean;
  /**
   * Offer "Export: CSV · JSON" of the rows as shown (search and sort applied), named after this label
   * ("Models" → claude-enterprise-models-2026-12-07.csv). Columns come from `columns` (see export-columns.ts).
   */
  exportAs?: string;
  /** `data` is already filtered by `state.search` (and more) by the caller: the table does not search again. */
  prefiltered?: boolean;
  /**
   * Which rows to show (e.g. the search plus the People filters), applied by the table over `data` so the
   * table's own rows are built once for all data rather than again at every keystroke; null shows all.
   * The table does not search by itself when this is given.
   */
  rowFilter?: ((row: T) => boolean) | null;
  /** Disables the search box, with this reason (e.g. while the full list is still loading). */
  searchDisabled?: string;
}

function ariaSort(dir: false | 'asc' | 'desc'): 'ascending' | 'descending' | 'none' {
  return dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none';
}

/**
 * A real <table>: sortable headers (click or Enter; aria-sort), a labelled search box, a row count,
 * Up/Down/Home/End/PageUp/PageDown between rows and Enter to open one. Above `virtualizeAbove` rows
 * only the visible rows are rendered, with spacer rows above and below inside the same <tbody>.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { data, columns, getRowId, getSearchText, state, onStateChange, onOpen, noun } = props;
  const searchId = useId();
  const countId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const rowRefs = useRef(new Map<string, HTMLTableRowElement>());
  const focusRequest = useRef<string | null>(props.restoreFocus ? state.activeId : null);
  const scrollTop = useRef(state.scrollTop);

  const filtered = useMemo(() => (!props.prefiltered && props.rowFilter === undefined && state.search.trim() ? data.filter((r) => matchesSearch(getSearchText(r), state.search)) : data), [data, getSearchText, state.search, props.prefiltered, props.rowFilter]);

  const setSorting = (u: Updater<SortingState>) => onStateChange((s) => ({ ...s, sorting: typeof u === 'function' ? u(s.sorting) : u }));
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Table returns a stable instance; we read it during render only.
  const table = useReactTable({
    data: filtered,
    columns,
    getRowId: (row) => getRowId(row),
    state: { sorting: state.sorting, globalFilter: props.rowFilter ?? undefined },
    onSortingChange: setSorting,
    enableSortingRemoval: false,
    // The caller's row filter decides for the whole row (whichever column asks).
    globalFilterFn: (row, _column, filter: (r: T) => boolean) => filter(row.original),
    getCoreRowModel: getCoreRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  const rows = table.getRowModel().rows;
  const exportColumns = useMemo(() => (props.exportAs ? exportColumnsOf(columns) : null), [props.exportAs, columns]);
  const virtual = rows.length > (props.virtualizeAbove ?? DEFAULT_VIRTUALIZE_ABOVE);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    enabled: virtual,
    initialOffset: () => scrollTop.current,
    getItemKey: (i) => rows[i]?.id ?? i,
  });

  // Put the scroll position back (non-virtual tables; the virtualizer uses initialOffset) and remember it on the way out.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && scrollTop.current) el.scrollTop = scrollTop.current;
    return () => {
      const last = scrollTop.current;
      onStateChange((s) => (s.scrollTop === last ? s : { ...s, scrollTop: last }));
    };
    // Mount/unmount only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const activeIndex = Math.max(
    0,
    rows.findIndex((r) => r.id === state.activeId),
  );

  // Move focus to a requested row once it is rendered (a virtualized row may need a scroll first).
  useEffect(() => {
    const id = focusRequest.current;
    if (id === null) return;
    const el = rowRefs.current.get(id);
    if (el) {
      focusRequest.current = null;
      el.focus();
    } else if (virtual) {
      const i = rows.findIndex((r) => r.id === id);
      if (i >= 0) virtualizer.scrollToIndex(i, { align: 'auto' });
      else focusRequest.current = null;
    } else focusRequest.current = null;
  });

  const onRowKeyDown = (e: KeyboardEvent<HTMLTableRowElement>, index: number) => {
    // Keys on a control inside the row (a checkbox, a link) are the control's.
    if (e.target !== e.currentTarget) return;
    if (e.key === 'Enter') {
      e.preventDefault();
      const row = rows[index];
      if (row) onOpen(row.original);
      return;
    }
    if (e.key === ' ' && props.onToggle) {
      e.preventDefault();
      const row = rows[index];
      if (row) props.onToggle(row.original);
      return;
    }
    const pageSize = Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1;
    const to = nextIndex(e.key, index, rows.length, pageSize);
    if (to === null) return;
    e.preventDefault();
    const id = rows[to]!.id;
    focusRequest.current = id;
    if (virtual) virtualizer.scrollToIndex(to, { align: 'auto' });
    onStateChange((s) => ({ ...s, activeId: id }));
  };

  const onRowClick = (e: MouseEvent, row: T) => {
    // The name link navigates by itself; a modified click (new tab) must stay the browser's.
    if ((e.target as Element).closest('a, button, input, label')) return;
    onOpen(row);
  };

  const items = virtual ? virtualizer.getVirtualItems() : null;
  const pad = items ? paddingRows(items, virtualizer.getTotalSize()) : { top: 0, bottom: 0 };
  const visible = items ? items.map((it) => ({ row: rows[it.index]!, index: it.index })) : rows.map((row, index) => ({ row, index }));
  const colCount = columns.length;
  const searching = state.search.trim() !== '';
  const count = props.countText
    ? props.countText(rows.map((r) => r.original), data, searching)
    : searching
    ? `Showing ${rows.length.toLocaleString('en-US')} of ${data.length.toLocaleString('en-US')} ${data.length === 1 ? noun.one : noun.many}`
    : `${data.length.toLocaleString('en-US')} ${data.length === 1 ? noun.one : noun.many}`;

  return (
    <div className="dt">
      <div className="dt-toolbar">
        <div className="dt-search">
          <label htmlFor={searchId}>{props.searchLabel}</label>
          <input
            id={searchId}
            type="search"
            value={state.search}
            placeholder="Filter by name"
            autoComplete="off"
            spellCheck={false}
            disabled={!!props.searchDisabled}
            title={props.searchDisabled}
            aria-describedby={countId}
            onChange={(e) => {
              const search = e.target.value;
              onStateChange((s) => ({ ...s, search }));
            }}
          />
        </div>
        <p id={countId} className="dt-count muted" role="status" aria-live="polite">
          {count}
        </p>
        {props.exportAs && exportColumns && <ExportMenu label={props.exportAs} rows={() => rows.map((r) => r.original)} columns={exportColumns} />}
      </div>
      <div
        ref={scrollRef}
        className="dt-scroll"
        onScroll={(e) => {
          scrollTop.current = e.currentTarget.scrollTop;
        }}
      >
        <table aria-rowcount={virtual ? rows.length + 1 : undefined}>
          <caption className="sr-only">{props.caption}</caption>
          <colgroup>
            {table.getVisibleLeafColumns().map((c) => (
              <col key={c.id} style={c.columnDef.meta?.width ? { width: c.columnDef.meta.width } : undefined} />
            ))}
          </colgroup>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id} aria-rowindex={virtual ? 1 : undefined}>
                {group.headers.map((header) => {
                  const meta = header.column.columnDef.meta;
                  const label = flexRender(header.column.columnDef.header, header.getContext());
                  const dir = header.column.getIsSorted();
                  return (
                    <th key={header.id} scope="col" className={meta?.numeric ? 'num' : undefined} aria-sort={header.column.getCanSort() ? ariaSort(dir) : undefined}>
                      {header.column.getCanSort() ? (
                        <button type="button" className="dt-sort" title={meta?.description} onClick={header.column.getToggleSortingHandler()}>
                          {label}
                          <span className="dt-sort-icon" aria-hidden="true">
                            {dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : '↕'}
                          </span>
                        </button>
                      ) : (
                        <span title={meta?.description}>{label}</span>
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {data.length === 0 ? (
              <tr>
                <td colSpan={colCount} className="empty">
                  {props.empty}
                </td>
              </tr>
            ) : rows.length === 0 && props.noMatch ? (
              <tr>
                <td colSpan={colCount} className="empty">
                  {props.noMatch}
                </td>
              </tr>
            ) : rows.length === 0 ? (
              <tr>
                <td colSpan={colCount} className="empty">
                  No {noun.many} match “{state.search.trim()}”.{' '}
                  <button type="button" className="linklike" onClick={() => onStateChange((s) => ({ ...s, search: '' }))}>
                    Clear search
                  </button>
                </td>
              </tr>
            ) : (
              <>
                {pad.top > 0 && (
                  <tr className="dt-pad" aria-hidden="true">
                    <td colSpan={colCount} style={{ height: pad.top }} />
                  </tr>
                )}
                {visible.map(({ row, index }) => (
                  <tr
                    key={row.id}
                    ref={(el) => {
                      if (el) rowRefs.current.set(row.id, el);
                      else rowRefs.current.delete(row.id);
                      if (el && virtual) virtualizer.measureElement(el);
                    }}
                    data-index={index}
                    aria-rowindex={virtual ? index + 2 : undefined}
                    className="dt-row"
                    tabIndex={index === activeIndex ? 0 : -1}
                    data-active={row.id === state.activeId ? '' : undefined}
                    onKeyDown={(e) => onRowKeyDown(e, index)}
                    onFocus={() => {
                      if (state.activeId !== row.id) onStateChange((s) => ({ ...s, activeId: row.id }));
                    }}
                    onClick={(e) => onRowClick(e, row.original)}
                  >
                    {row.getVisibleCells().map((cell) => (
                      <td key={cell.id} className={cell.column.columnDef.meta?.numeric ? 'num' : undefined}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    ))}
                  </tr>
                ))}
                {pad.bottom > 0 && (
                  <tr className="dt-pad" aria-hidden="true">
                    <td colSpan={colCount} style={{ height: pad.bottom }} />
                  </tr>
                )}
              </>
            )}
          </tbody>
        </table>
      </div>
      <p className="dt-help muted">Use ↑ and ↓ to move between rows, Enter to open one{props.onToggle ? ', Space to select it' : ''}. Click a column header to sort.</p>
    </div>
  );
}
