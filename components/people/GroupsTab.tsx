import { useState } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import { GROUP_KIND_LABELS, type GroupView } from '../../lib/identity/people.ts';
import { ApiText } from '../ApiText.tsx';
import { groupHref } from '../inventory/routes.ts';
import { DataTable } from '../table/DataTable.tsx';
import { initialTableState, type TableViewState } from '../table/types.ts';
import { useDirectoryMeta } from './data.ts';
import './people.css';

const col = createColumnHelper<GroupView>();
const owner = (g: GroupView) => (g.ownerAccess === true ? 'Yes' : g.ownerAccess === false ? 'No' : 'Unknown');

const COLUMNS = [
  col.accessor('name', {
    id: 'name',
    header: 'Name',
    sortingFn: 'text',
    cell: (c) => (
      <a className="name" tabIndex={-1} href={groupHref(c.row.original.key)}>
        <ApiText>{c.getValue()}</ApiText>
      </a>
    ),
    meta: { width: '30%' },
  }),
  col.accessor((g) => GROUP_KIND_LABELS[g.kind], { id: 'source', header: 'Source', meta: { width: '14%', description: 'SCIM group, or an RBAC group created directly (direct) or provisioned by SCIM (scim).' } }),
  col.accessor((g) => (g.roleIds === null ? 'Unavailable' : g.roles.join(', ')), { id: 'roles', header: 'Roles', cell: (c) => <ApiText>{c.getValue() || '—'}</ApiText>, meta: { width: '26%' } }),
  col.accessor('memberCount', { id: 'members', header: 'Members', meta: { width: '12%', numeric: true } }),
  col.accessor(owner, { id: 'owner', header: 'Owner-granting', meta: { width: '18%', description: 'Whether a role of the group grants owner access (then the Admin API refuses membership changes).' } }),
];

/** The Groups tab (#/groups): every SCIM and RBAC group with its source, roles, member count and whether it grants owner access. */
export function GroupsTab({ onOpenGroup }: { onOpenGroup: (key: string) => void }) {
  const meta = useDirectoryMeta();
  const [state, setState] = useState<TableViewState>(() => initialTableState([{ id: 'name', desc: false }]));
  if (meta === undefined) return <p className="muted">Loading groups…</p>;
  if (meta === null) {
    return (
      <p className="muted" role="status">
        Preparing the directory: joining the synced groups of every connection…
      </p>
    );
  }
  return (
    <div data-testid="groups-tab">
      <p className="muted">Groups cannot be created or deleted over SCIM: they come from your identity provider. RBAC groups created in Claude (direct) change through the Admin API.</p>
      <DataTable
        caption="Groups"
        data={meta.groups}
        columns={COLUMNS}
        getRowId={(g) => g.key}
        getSearchText={(g) => `${g.name} ${g.id}`}
        searchLabel="Search groups"
        noun={{ one: 'group', many: 'groups' }}
        state={state}
        onStateChange={setState}
        onOpen={(g) => onOpenGroup(g.key)}
        empty="No groups yet. SCIM groups come from the SCIM connection (Sync now); RBAC groups (direct and scim) from the Admin API key in Options."
      />
    </div>
  );
}
