import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import type { PersonRow } from '../../lib/identity/directory.ts';
import { compareCents, formatUsd } from '../../lib/util/money.ts';
import { ApiText } from '../ApiText.tsx';
import { formatDate } from '../format.ts';
import { personHref } from '../inventory/routes.ts';
import { DataTable } from '../table/DataTable.tsx';
import type { TableViewState } from '../table/types.ts';
import { FlagIdBadges, SOURCE_LABELS } from './Badges.tsx';

const col = createColumnHelper<PersonRow>();

/**
 * The selection, given to the checkbox cells by context: the columns (and so the cell components) stay the
 * same across selections, because new cell functions would remount every cell and take the focus off the
 * checkbox just toggled.
 */
const Selection = createContext<{ people: PersonRow[]; selected: ReadonlySet<string>; onSelect: (keys: string[], on: boolean) => void; allShown: boolean } | null>(null);

function SelectAll() {
  const s = useContext(Selection)!;
  return <input type="checkbox" aria-label={`Select all ${s.people.length.toLocaleString('en-US')} people shown`} checked={s.allShown} onChange={(e) => s.onSelect(s.people.map((p) => p.key), e.target.checked)} />;
}

function SelectOne({ row }: { row: PersonRow }) {
  const s = useContext(Selection)!;
  return <input type="checkbox" aria-label={`Select ${row.name}`} checked={s.selected.has(row.key)} onChange={(e) => s.onSelect([row.key], e.target.checked)} />;
}

/** The People table: one row per person, a checkbox to select it (or Space on the row), its flags as badges. Virtualised above 200 rows. */
export function DirectoryTable(props: {
  /** Every row (or, while `loading`, the first screen of them). */
  people: PersonRow[];
  /** The people filters and search, applied by the table (null: everyone). */
  rowFilter: ((p: PersonRow) => boolean) | null;
  /** Only the first screen is in; the whole list is being read. */
  loading?: boolean;
  total: number;
  selected: ReadonlySet<string>;
  onSelect: (keys: string[], on: boolean) => void;
  state: TableViewState;
  onStateChange: (u: (s: TableViewState) => TableViewState) => void;
  onOpen: (p: PersonRow) => void;
  empty: ReactNode;
  noMatch: ReactNode;
  restoreFocus?: boolean;
}) {
  const { people: all, selected, onSelect, rowFilter } = props;
  // The rows the filters let through (the table filters the same way), for "select all shown".
  const people = useMemo(() => (rowFilter ? all.filter(rowFilter) : all), [all, rowFilter]);
  const allShown = people.length > 0 && people.every((p) => selected.has(p.key));
  const selection = useMemo(() => ({ people, selected, onSelect, allShown }), [people, selected, onSelect, allShown]);
  const columns = useMemo(
    () => [
      col.display({ id: 'select', header: () => <SelectAll />, cell: (c) => <SelectOne row={c.row.original} />, meta: { width: '2.5rem' } }),
      col.accessor('name', {
        id: 'person',
        header: 'Person',
        sortingFn: 'text',
        cell: (c) => {
          const p = c.row.original;
          return (
            <div className="name-cell">
              <div className="name-line">
                <a className="name" tabIndex={-1} href={personHref(p.key)}>
                  <ApiText>{p.name}</ApiText>
                </a>
              </div>
              <div className="sub">{p.email && p.email !== p.name ? <ApiText>{p.email}</ApiText> : null}</div>
            </div>
          );
        },
        meta: { width: '26%' },
      }),
      col.accessor((p) => p.role ?? '', { id: 'role', header: 'Role', cell: (c) => (c.getValue() ? <ApiText>{c.getValue()}</ApiText> : '—'), meta: { width: '10%' } }),
      col.accessor((p) => p.sources.map((s) => SOURCE_LABELS[s]).join(', '), { id: 'sources', header: 'Sources', meta: { width: '14%', description: 'Where this person was found.' } }),
      col.accessor((p) => p.flagIds.length, { id: 'flags', header: 'Flags', cell: (c) => <FlagIdBadges ids={c.row.original.flagIds} />, meta: { width: '26%' } }),
      col.accessor((p) => p.lastActiveDate ?? '', { id: 'lastActive', header: 'Last active', cell: (c) => (c.getValue() ? formatDate(c.getValue()) : '—'), meta: { width: '10%', description: 'From Analytics; — when unknown.' } }),
      col.accessor((p) => p.spendToDate ?? '', {
        id: 'spend',
        header: 'Spend to date',
        sortingFn: (a, b) => compareCents(a.original.spendToDate ?? '-1', b.original.spendToDate ?? '-1'),
        cell: (c) => (c.getValue() ? formatUsd(c.getValue()) : '—'),
        meta: { width: '12%', numeric: true, description: 'Every month Analytics collected; exact to the cent.' },
      }),
    ],
    [],
  );
  return (
    <Selection.Provider value={selection}>
    <DataTable
      caption="People"
      data={all}
      rowFilter={rowFilter}
      searchDisabled={props.loading ? 'Search works once every person is loaded (a moment).' : undefined}
      columns={columns}
      getRowId={(p) => p.key}
      getSearchText={(p) => p.search}
      searchLabel="Search people (name or email)"
      noun={{ one: 'person', many: 'people' }}
      countText={(shown) =>
        props.loading
          ? `Showing the first ${shown.length.toLocaleString('en-US')} of ${props.total.toLocaleString('en-US')} people · loading the rest…`
          : `${shown.length !== props.total ? `Showing ${shown.length.toLocaleString('en-US')} of ${props.total.toLocaleString('en-US')} people` : `${props.total.toLocaleString('en-US')} ${props.total === 1 ? 'person' : 'people'}`}${selected.size ? ` · ${selected.size.toLocaleString('en-US')} selected` : ''}`
      }
      state={props.state}
      onStateChange={props.onStateChange}
      onOpen={props.onOpen}
      onToggle={(p) => onSelect([p.key], !selected.has(p.key))}
      empty={props.empty}
      noMatch={props.noMatch}
      restoreFocus={props.restoreFocus}
    />
    </Selection.Provider>
  );
}
