import { useMemo, useState } from 'react';
import { GROUP_KIND_LABELS, groupLimits, membershipPlan } from '../../lib/identity/people.ts';
import type { PersonRow } from '../../lib/identity/directory.ts';
import type { WriteResult } from '../../lib/identity/contract.ts';
import { ApiText } from '../ApiText.tsx';
import { ask } from '../extension.ts';
import { DetailFrame } from '../inventory/DetailFrame.tsx';
import { groupHref, personHref } from '../inventory/routes.ts';
import { useAdminWritesEnabled, useDirectoryMeta, useDirectoryRows, useGroupMembers } from './data.ts';
import { GrantPicker } from './GrantPicker.tsx';
import { failed, WriteResultView } from './WriteResult.tsx';
import './people.css';

/** One group (#/groups/<key>): facts, what cannot be done here and why, members with Revoke, and Grant. */
export function GroupPage({ id }: { id: string }) {
  const meta = useDirectoryMeta();
  const members = useGroupMembers(id);
  // Everyone, for the Grant search.
  const people = useDirectoryRows();
  const adminWrites = useAdminWritesEnabled();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ who: string; op: 'Grant' | 'Revoke'; r: WriteResult } | null>(null);
  const group = meta?.groups.find((g) => g.key === id);
  const memberKeys = useMemo(() => new Set((members ?? []).map((m) => m.key)), [members]);
  if (!meta || !members) return <p className="muted detail-loading">Loading…</p>;
  if (!group) {
    return (
      <DetailFrame list="groups" title="Group not found" subtitle={<code>{id}</code>}>
        <p className="empty">This group is not in the last sync. It may have been deleted; sync again from Options.</p>
      </DetailFrame>
    );
  }
  const linked = group.linkedKey ? meta.groups.find((g) => g.key === group.linkedKey) : null;

  const change = async (p: Pick<PersonRow, 'name' | 'scimId' | 'userId'>, op: 'add' | 'remove') => {
    const plan = membershipPlan(group, p, adminWrites);
    if (!plan.ok) return;
    setBusy(true);
    setResult(null);
    let r: WriteResult;
    try {
      r = await ask({ type: 'identity/membership', op, via: plan.via, groupId: plan.groupId, userId: plan.userId, reason: `${op === 'add' ? 'Granted' : 'Revoked'} on the group page` });
    } catch (err) {
      r = failed(err);
    }
    setResult({ who: p.name, op: op === 'add' ? 'Grant' : 'Revoke', r });
    setBusy(false);
  };

  return (
    <DetailFrame list="groups" title={group.name} subtitle={<>{GROUP_KIND_LABELS[group.kind]} · <code>{group.id}</code></>}>
      <div className="group-page" data-testid="group-page">
        <dl className="facts">
          <div className="fact">
            <dt>Source</dt>
            <dd>{GROUP_KIND_LABELS[group.kind]}</dd>
          </div>
          <div className="fact">
            <dt>Roles</dt>
            <dd>{group.roleIds === null ? 'Unavailable' : group.roles.length ? <ApiText>{group.roles.join(', ')}</ApiText> : '—'}</dd>
          </div>
          <div className="fact">
            <dt>Members</dt>
            <dd>{group.memberCount}</dd>
          </div>
          <div className="fact">
            <dt>Owner-granting</dt>
            <dd>{group.ownerAccess === true ? 'Yes' : group.ownerAccess === false ? 'No' : 'Unknown'}</dd>
          </div>
          {linked && (
            <div className="fact">
              <dt>{group.kind === 'scim' ? 'RBAC group' : 'SCIM group'}</dt>
              <dd>
                <a href={groupHref(linked.key)}>
                  <ApiText>{linked.name}</ApiText>
                </a>{' '}
                <span className="muted">(matched by name [unverified])</span>
              </dd>
            </div>
          )}
        </dl>
        {groupLimits(group, adminWrites).map((l) => (
          <p key={l} className="status" data-testid="group-limit">
            {l}
            {group.kind === 'rbac-scim' && linked && (
              <>
                {' '}
                <a href={groupHref(linked.key)}>Open the SCIM group</a>
              </>
            )}
          </p>
        ))}
        {result && (
          <div>
            <p className="muted">
              {result.op} · <ApiText>{result.who}</ApiText>
            </p>
            <WriteResultView result={result.r} />
          </div>
        )}
        <section className="section" aria-labelledby="grant-h">
          <h3 id="grant-h">Grant</h3>
          <GrantPicker group={group} people={people ?? []} memberKeys={memberKeys} adminWritesEnabled={adminWrites} busy={busy} onGrant={(p) => void change(p, 'add')} />
        </section>
        <section className="section" aria-labelledby="members-h">
          <h3 id="members-h">Members ({members.length})</h3>
          {members.length === 0 ? (
            <p className="muted">No members in the last sync.</p>
          ) : (
            <table className="compact" data-testid="group-members">
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Email</th>
                  <th scope="col">Revoke</th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => {
                  const plan = membershipPlan(group, m, adminWrites);
                  return (
                    <tr key={m.key}>
                      <th scope="row">
                        <a href={personHref(m.key)}>
                          <ApiText>{m.name}</ApiText>
                        </a>
                        {m.pending.length > 0 && <span className="badge badge-info"> Pending sync</span>}
                      </th>
                      <td>{m.email ? <ApiText>{m.email}</ApiText> : '—'}</td>
                      <td>
                        {plan.ok ? (
                          <button type="button" disabled={busy} aria-label={`Revoke ${m.name}`} onClick={() => void change(m, 'remove')}>
                            Revoke
                          </button>
                        ) : (
                          <span className="muted">Not here: see above</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </DetailFrame>
  );
}
