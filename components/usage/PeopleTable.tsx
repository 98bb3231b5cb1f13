import { createColumnHelper } from '@tanstack/react-table';
import type { PersonSpend } from '../../lib/sources/analytics/views.ts';
import { compareCents } from '../../lib/util/money.ts';
import { centsToDollars } from '../../lib/export/table.ts';
import { DataTable } from '../table/DataTable.tsx';
import type { TableViewState } from '../table/types.ts';
import { personHref } from '../inventory/routes.ts';
import { Api, tokens, usd } from './bits.tsx';

const col = createColumnHelper<PersonSpend>();

export const PEOPLE_COLUMNS = [
  col.accessor('label', {
    id: 'person',
    header: 'Person',
    sortingFn: 'text',
    cell: (c) => {
      const p = c.row.original;
      return (
        <div className="name-cell">
          <div className="name-line">
            {p.actorKey ? (
              <a className="name" tabIndex={-1} href={personHref(p.actorKey)}>
                <Api>{p.label}</Api>
              </a>
            ) : (
              <span className="name">
                <Api>{p.label}</Api>
              </span>
            )}
          </div>
          <div className="sub">
            {p.actor.email && p.actor.email !== p.label ? <Api>{p.actor.email}</Api> : p.actor.type !== 'user_actor' ? p.actor.type.replace(/_/g, ' ') : null}
            {p.actor.deleted ? ' · deleted user' : ''}
          </div>
        </div>
      );
    },
    meta: {
      width: '50%',
      exportExtra: [
        { header: 'Email', value: (p) => p.actor.email },
        { header: 'Actor', value: (p) => p.actorKey },
        { header: 'Actor type', value: (p) => p.actor.type },
      ],
    },
  }),
  col.accessor('amount', {
    id: 'spend',
    header: 'Spend',
    sortingFn: (a, b) => compareCents(a.original.amount, b.original.amount),
    cell: (c) => usd(c.getValue()),
    meta: { width: '25%', numeric: true, description: 'After discounts, before credits.', exportHeader: 'Spend (USD)', exportValue: (p) => centsToDollars(p.amount) },
  }),
  col.accessor('totalTokens', { id: 'tokens', header: 'Tokens', cell: (c) => tokens(c.getValue()), meta: { width: '25%', numeric: true } }),
];

const rowId = (p: PersonSpend) => p.actorKey || '~unattributed';
const searchText = (p: PersonSpend) => `${p.label} ${p.actor.email ?? ''} ${p.actorKey}`;

export function PeopleTable(props: {
  caption: string;
  people: PersonSpend[];
  state: TableViewState;
  onStateChange: (u: (s: TableViewState) => TableViewState) => void;
  onOpen: (p: PersonSpend) => void;
}) {
  return (
    <DataTable
      caption={props.caption}
      data={props.people}
      columns={PEOPLE_COLUMNS}
      getRowId={rowId}
      getSearchText={searchText}
      searchLabel={`Search ${props.caption.toLowerCase()}`}
      noun={{ one: 'person', many: 'people' }}
      state={props.state}
      onStateChange={props.onStateChange}
      onOpen={props.onOpen}
      empty="No spend in this period."
      exportAs={props.caption}
    />
  );
}
