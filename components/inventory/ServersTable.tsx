import { createColumnHelper } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { DataTable } from '../table/DataTable.tsx';
import type { TableViewState } from '../table/types.ts';
import { Badge, DateText, Unknown } from './bits.tsx';
import { formatCount } from '../format.ts';
import { CONNECTED_USERS_HELP, DEEP_SCAN_HELP, PRE_AUDIT_ADDED, PRE_AUDIT_BADGE, PRE_AUDIT_HELP, type ServerView } from './model.ts';
import { serverHref } from './routes.ts';
import { ApiText } from '../ApiText.tsx';

const col = createColumnHelper<ServerView>();

export function ServerName({ server }: { server: ServerView }) {
  return (
    <div className="name-cell">
      <div className="name-line">
        <a href={serverHref(server.id)} tabIndex={-1} className="name">
          <ApiText>{server.name}</ApiText>
        </a>
        {server.preAudit && (
          <Badge kind="info" help={PRE_AUDIT_HELP}>
            {PRE_AUDIT_BADGE}
          </Badge>
        )}
      </div>
      <div className="sub">
        {server.formerNames.length ? (
          <>
            Formerly{' '}
            {server.formerNames.map((n, i) => (
              <span key={`${i}-${n}`}>
                {i > 0 && ', '}
                <ApiText>{n}</ApiText>
              </span>
            ))}
          </>
        ) : (
          <code>
            <ApiText>{server.id}</ApiText>
          </code>
        )}
      </div>
    </div>
  );
}

const known = (n: number | null) => (n === null ? <Unknown reason={DEEP_SCAN_HELP} short="Unknown (no deep scan)" /> : formatCount(n));

export const SERVER_COLUMNS = [
  col.accessor('name', {
    header: 'Name',
    sortingFn: 'text',
    cell: (c) => <ServerName server={c.row.original} />,
    meta: {
      width: '32%',
      exportExtra: [
        { header: 'Server id', value: (s) => s.id },
        { header: 'Former names', value: (s) => s.formerNames.join('; ') },
        { header: 'Configured before audit log', value: (s) => s.preAudit },
      ],
    },
  }),
  col.accessor('addedSort', {
    id: 'added',
    header: 'Added',
    sortingFn: 'basic',
    sortDescFirst: false,
    cell: (c) =>
      c.row.original.preAudit ? (
        <span title={PRE_AUDIT_HELP} className="muted">
          {PRE_AUDIT_ADDED}
        </span>
      ) : (
        <DateText iso={c.row.original.addedAt} />
      ),
    meta: { width: '14%', description: 'When the server was created (from its "MCP server created" event).', exportValue: (s) => s.addedAt },
  }),
  col.accessor((s) => s.projects ?? undefined, {
    id: 'projects',
    header: 'Projects',
    sortUndefined: 'last',
    cell: (c) => known(c.row.original.projects),
    meta: { width: '10%', numeric: true, description: 'Projects with chats that used this server (deep scan only).' },
  }),
  col.accessor((s) => s.orgName ?? undefined, {
    id: 'organizations',
    header: 'Organizations',
    sortingFn: 'text',
    sortUndefined: 'last',
    cell: (c) => c.row.original.orgName ?? <Unknown reason="No organization was recorded on this server's events." />,
    meta: { width: '18%', description: 'MCP servers belong to one organization; the same server in several organizations appears once per organization.' },
  }),
  col.accessor('users', { header: 'Users', cell: (c) => formatCount(c.getValue()), meta: { width: '11%', numeric: true, description: CONNECTED_USERS_HELP } }),
  col.accessor((s) => s.chats ?? undefined, {
    id: 'chats',
    header: 'Used in chats',
    sortUndefined: 'last',
    cell: (c) => known(c.row.original.chats),
    meta: { width: '15%', numeric: true, description: 'Chats with tool calls attributed to this server (deep scan only).' },
  }),
];

const searchText = (s: ServerView) => s.searchText;
const rowId = (s: ServerView) => s.id;

export function ServersTable(props: {
  servers: ServerView[];
  state: TableViewState;
  onStateChange: (u: (s: TableViewState) => TableViewState) => void;
  onOpen: (s: ServerView) => void;
  empty: ReactNode;
  restoreFocus: boolean;
}) {
  const anyUnknown = props.servers.some((s) => s.chats === null || s.projects === null);
  return (
    <>
      <DataTable
        caption="Organization MCP servers"
        data={props.servers}
        columns={SERVER_COLUMNS}
        getRowId={rowId}
        getSearchText={searchText}
        searchLabel="Search MCP servers"
        noun={{ one: 'MCP server', many: 'MCP servers' }}
        state={props.state}
        onStateChange={props.onStateChange}
        onOpen={props.onOpen}
        empty={props.empty}
        restoreFocus={props.restoreFocus}
        exportAs="MCP servers"
      />
      {anyUnknown && (
        <p className="footnote muted">
          <span aria-hidden="true">—</span> {DEEP_SCAN_HELP} <strong>Users</strong> counts users connected to the server, from connect and disconnect events.
        </p>
      )}
    </>
  );
}
