import { useCallback, useEffect, useMemo, useState } from 'react';
import { NO_FILTER, peopleMatcher, type Person } from '../../lib/identity/people.ts';
import type { Decision } from '../../lib/identity/review.ts';
import { initialTableState, type TableViewState } from '../table/types.ts';
import { loadPeople, useAdminWritesEnabled, useDirectoryHead, useDirectoryMeta, useDirectoryRows } from './data.ts';
import { DirectoryTable } from './DirectoryTable.tsx';
import { takePeopleFirstRead } from './first-read.ts';
import { PeopleFilters } from './PeopleFilters.tsx';
import { CreateUserDialog } from './CreateUserDialog.tsx';
import { ReviewDialog } from './ReviewDialog.tsx';
import { ReviewHistory } from './ReviewHistory.tsx';
import './people.css';

/** What to connect when there is nobody to show. */
export function NoDirectory() {
  return (
    <div className="empty-state" data-testid="people-empty">
      <p>No people yet. People come from the connections in Options:</p>
      <ul>
        <li>
          <strong>SCIM</strong> (SCIM URL and token, then Sync now): everyone your identity provider provisions, and their groups.
        </li>
        <li>
          <strong>Admin API</strong> (Admin API key): every member with their role, including people created in the Claude UI that SCIM cannot see, and RBAC groups.
        </li>
        <li>
          <strong>Analytics API</strong> (Analytics API key, then Connect): last active day and spend to date for each person.
        </li>
      </ul>
    </div>
  );
}

/** The People tab (#/people): search, filters, sort, select; create users; bulk access-review decisions. */
export function PeopleTab({ onOpenPerson }: { onOpenPerson: (key: string) => void }) {
  // Read before mounting when the page opened on this tab (./first-read.ts).
  const [first] = useState(takePeopleFirstRead);
  const meta = useDirectoryMeta(first?.meta);
  // The first screen paints from the small head record; the whole list (megabytes at 20k people) is read
  // right after, and search and filters work once it is in.
  const head = useDirectoryHead(first?.head);
  const [wantAll, setWantAll] = useState(false);
  useEffect(() => {
    if (head === undefined || wantAll) return;
    const t = setTimeout(() => setWantAll(true), 0);
    return () => clearTimeout(t);
  }, [head, wantAll]);
  const all = useDirectoryRows(wantAll);
  const loadingAll = all === undefined && !!head;
  const people = all ?? (all === undefined ? head : null);
  const adminWrites = useAdminWritesEnabled();
  const [table, setTable] = useState<TableViewState>(() => initialTableState([{ id: 'person', desc: false }]));
  const [filter, setFilter] = useState(NO_FILTER);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // A review dialog works on the chosen people's full records, read when it opens.
  const [dialog, setDialog] = useState<null | 'create' | { decision: Decision; people: Person[] }>(null);

  const rowFilter = useMemo(() => peopleMatcher({ ...filter, search: table.search }), [filter, table.search]);
  const onSelect = useCallback((keys: string[], on: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      for (const k of keys) {
        if (on) next.add(k);
        else next.delete(k);
      }
      return next;
    });
  }, []);
  // Selected keys still in the directory (a deprovisioned person drops out after the next sync).
  const keys = useMemo(() => new Set((all ?? []).map((p) => p.key)), [all]);
  const chosen = useMemo(() => [...selected].filter((k) => keys.has(k)), [keys, selected]);
  const review = (decision: Decision) => void loadPeople(chosen).then((list) => setDialog({ decision, people: list }));

  if (meta === undefined || people === undefined) return <p className="muted">Loading people…</p>;
  if (meta === null || people === null || people === undefined) {
    return (
      <p className="muted" role="status">
        Preparing the directory: joining the synced people of every connection…
      </p>
    );
  }
  const filtering = filter.flags.length > 0 || !!filter.role || !!filter.source;
  const noMatch = (
    <>
      No people match these filters.{' '}
      <button type="button" className="linklike" onClick={() => (setFilter(NO_FILTER), setTable((s) => ({ ...s, search: '' })))}>
        Clear search and filters
      </button>
    </>
  );
  const connected = meta.connected;
  return (
    <div className="people" data-testid="people-tab">
      <div className="people-actions row">
        <button type="button" onClick={() => setDialog('create')}>
          Create user
        </button>
        {!connected.scim && <span className="muted">Create user needs the SCIM connection.</span>}
      </div>
      <PeopleFilters filter={filter} roles={meta.roles} onChange={setFilter} disabled={loadingAll} />
      {chosen.length > 0 && (
        <div className="bulk-bar" role="region" aria-label="Selected people">
          <strong>{chosen.length.toLocaleString('en-US')} selected</strong>
          <button type="button" onClick={() => review('revoke')}>
            Revoke from group…
          </button>
          <button type="button" onClick={() => review('deprovision')}>
            Deprovision…
          </button>
          <button type="button" onClick={() => review('keep')}>
            Mark keep…
          </button>
          <button type="button" className="linklike" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        </div>
      )}
      <DirectoryTable
        people={people}
        rowFilter={loadingAll ? null : rowFilter}
        loading={loadingAll}
        total={meta.total}
        selected={selected}
        onSelect={onSelect}
        state={table}
        onStateChange={setTable}
        onOpen={(p) => onOpenPerson(p.key)}
        empty={<NoDirectory />}
        noMatch={noMatch}
      />
      {filtering && <p className="muted">Filters apply with the search: a person must match all of them.</p>}
      <ReviewHistory />
      {dialog === 'create' && <CreateUserDialog onClose={() => setDialog(null)} scimConnected={connected.scim} />}
      {dialog && dialog !== 'create' && (
        <ReviewDialog decision={dialog.decision} people={dialog.people} groups={meta.groups} adminWritesEnabled={adminWrites} analytics={connected.analytics} onClose={() => setDialog(null)} onDone={() => setSelected(new Set())} />
      )}
    </div>
  );
}
