import { useState } from 'react';
import { FLAG_LABELS, type Person } from '../../lib/identity/people.ts';
import { formatUsd } from '../../lib/util/money.ts';
import { ApiText } from '../ApiText.tsx';
import { formatDate, formatDateTime } from '../format.ts';
import { DetailFrame } from '../inventory/DetailFrame.tsx';
// Part of this page's own chunk (not lazy again): a second chunk would be fetched only after this one ran.
import { PersonPage } from '../usage/PersonPage.tsx';
import { FlagBadges, SOURCE_LABELS } from './Badges.tsx';
import { useAdminWritesEnabled, useDirectoryMeta, usePerson } from './data.ts';
import { takePersonFirstRead } from './first-read.ts';
import { PersonGroups } from './PersonGroups.tsx';
import { PersonSpendLimits } from '../changes/PersonSpendLimits.tsx';
import { DeleteUserDialog } from './DeleteUserDialog.tsx';
import './people.css';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Identity({ p }: { p: Person }) {
  return (
    <section className="section" aria-labelledby="identity-h">
      <h3 id="identity-h">Identity</h3>
      <dl className="facts" data-testid="person-identity">
        <Fact label="Sources">{p.sources.map((s) => SOURCE_LABELS[s]).join(', ')}</Fact>
        <Fact label="Claude user id">{p.userId ? <ApiText>{p.userId}</ApiText> : '—'}</Fact>
        <Fact label="SCIM user">
          {p.scimId ? (
            <>
              <ApiText>{p.scimUserName}</ApiText> · id <ApiText>{p.scimId}</ApiText>
              {p.scimActive === false ? ' · inactive' : ''}
            </>
          ) : (
            'None'
          )}
        </Fact>
        <Fact label="Role">{p.role ? <><ApiText>{p.role}</ApiText> ({p.roleSource === 'admin' ? 'Admin API' : 'Compliance directory'})</> : '—'}</Fact>
        <Fact label="Added">{p.addedAt ? formatDate(p.addedAt) : '—'}</Fact>
        <Fact label="Organizations">{p.orgs.length ? p.orgs.length : '—'}</Fact>
        <Fact label="Last active">{p.lastActiveDate ? formatDate(p.lastActiveDate) : '—'}</Fact>
        <Fact label="Spend to date">{p.spendToDate !== null ? formatUsd(p.spendToDate) : '—'}</Fact>
      </dl>
    </section>
  );
}

/** One person (#/people/<key>): identity from every source, groups, each flag with its fact, actions, and their usage and spend. */
export function PersonDetail({ id }: { id: string }) {
  const [first] = useState(() => takePersonFirstRead(id));
  const meta = useDirectoryMeta(first?.meta);
  const p = usePerson(id, first?.person);
  const adminWrites = useAdminWritesEnabled();
  // The person as the dialog opened: a deprovision removes them from the directory while the result shows.
  const [deleting, setDeleting] = useState<Person | null>(null);
  if (meta === undefined || p === undefined) return <p className="muted detail-loading">Loading…</p>;
  if (meta === null) {
    return (
      <p className="muted detail-loading" role="status">
        Preparing the directory…
      </p>
    );
  }
  const dialog = deleting && <DeleteUserDialog person={deleting} analytics={meta.connected.analytics} adminWritesEnabled={adminWrites} onClose={() => setDeleting(null)} />;
  // The dialog keeps its place in the tree (the second child) whatever the page shows, so its result survives.
  if (!p && deleting) {
    return (
      <>
        <DetailFrame list="people" title={deleting.name} subtitle={deleting.email ? <ApiText>{deleting.email}</ApiText> : <code>{deleting.key}</code>}>
          <p className="empty">No longer in the directory.</p>
        </DetailFrame>
        {dialog}
      </>
    );
  }
  // Not a person of the directory (e.g. a service account from Usage & spend): its usage page alone.
  if (!p) return <PersonPage id={id} />;
  return (
    <>
    <DetailFrame list="people" title={p.name} subtitle={p.email && p.email !== p.name ? <ApiText>{p.email}</ApiText> : <code>{p.key}</code>} badges={<FlagBadges person={p} />}>
      <div className="person-detail" data-testid="person-detail">
        <div className="row">
          <button type="button" className="danger" onClick={() => setDeleting(p)}>
            Deprovision…
          </button>
        </div>
        <Identity p={p} />
        <section className="section" aria-labelledby="flags-h">
          <h3 id="flags-h">Flags</h3>
          {p.flags.length === 0 ? (
            <p className="muted">No flags.</p>
          ) : (
            <ul className="flag-facts" data-testid="person-flags">
              {p.flags.map((f) => (
                <li key={f.id}>
                  <strong>{FLAG_LABELS[f.id]}</strong>: <ApiText>{f.fact}</ApiText>
                </li>
              ))}
            </ul>
          )}
          {p.conflicts.length > 0 && (
            <>
              <h4>Where the sources disagree</h4>
              <ul>
                {p.conflicts.map((c) => (
                  <li key={c}>
                    <ApiText>{c}</ApiText>
                  </li>
                ))}
              </ul>
            </>
          )}
          {p.pending.length > 0 && (
            <p className="muted">
              Pending since {formatDateTime(p.pending[0]!.at)}: providers apply changes slowly (minutes, sometimes hours); the next sync confirms it.
            </p>
          )}
        </section>
        <PersonGroups person={p} groups={meta.groups} adminWritesEnabled={adminWrites} />
        {p.userId && (
          <div className="section">
            <PersonSpendLimits userId={p.userId} />
          </div>
        )}
        <section className="section" aria-labelledby="usage-h">
          <h3 id="usage-h">Usage &amp; spend</h3>
          {p.userId && meta.connected.analytics ? <PersonPage id={p.userId} embedded /> : <p className="muted">{meta.connected.analytics ? 'No Claude user id for this person, so no usage to show.' : 'Connect the Analytics API in Options to see usage and spend.'}</p>}
        </section>
      </div>
    </DetailFrame>
    {dialog}
    </>
  );
}
