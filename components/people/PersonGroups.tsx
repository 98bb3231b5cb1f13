import { useId, useMemo, useState } from 'react';
import { GROUP_KIND_LABELS, membershipPlan, type GroupView, type Person } from '../../lib/identity/people.ts';
import type { WriteResult } from '../../lib/identity/contract.ts';
import { ApiText } from '../ApiText.tsx';
import { groupOptionLabel } from './Badges.tsx';
import { ask } from '../extension.ts';
import { groupHref } from '../inventory/routes.ts';
import { failed, WriteResultView } from './WriteResult.tsx';

/**
 * The person page's groups: each group with Revoke (or why it cannot be revoked here), and Grant to a
 * group they are not in, with a preview of how the change goes (SCIM or the Admin API) or why it cannot.
 */
export function PersonGroups({ person, groups, adminWritesEnabled }: { person: Person; groups: readonly GroupView[]; adminWritesEnabled: boolean }) {
  const pickId = useId();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ text: string; r: WriteResult } | null>(null);
  const mine = useMemo(() => new Set(person.groups.map((g) => g.key)), [person.groups]);
  const byKey = useMemo(() => new Map(groups.map((g) => [g.key, g] as const)), [groups]);
  const others = useMemo(() => groups.filter((g) => !mine.has(g.key)).sort((a, b) => a.name.localeCompare(b.name)), [groups, mine]);
  const [pick, setPick] = useState('');
  const target = byKey.get(pick) ?? null;
  const plan = target ? membershipPlan(target, person, adminWritesEnabled) : null;

  const change = async (group: GroupView, op: 'add' | 'remove') => {
    const p = membershipPlan(group, person, adminWritesEnabled);
    if (!p.ok) return;
    setBusy(true);
    setResult(null);
    let r: WriteResult;
    try {
      r = await ask({ type: 'identity/membership', op, via: p.via, groupId: p.groupId, userId: p.userId, reason: `${op === 'add' ? 'Granted' : 'Revoked'} on the person page` });
    } catch (err) {
      r = failed(err);
    }
    setResult({ text: `${op === 'add' ? 'Grant' : 'Revoke'} · ${group.name}`, r });
    if (op === 'add' && r.outcome !== 'failed' && r.outcome !== 'refused') setPick('');
    setBusy(false);
  };

  return (
    <section className="section" aria-labelledby="groups-h">
      <h3 id="groups-h">Groups</h3>
      {result && (
        <div>
          <p className="muted">
            <ApiText>{result.text}</ApiText>
          </p>
          <WriteResultView result={result.r} />
        </div>
      )}
      {person.groups.length === 0 ? (
        <p className="muted">In no group.</p>
      ) : (
        <table className="compact" data-testid="person-groups">
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Source</th>
              <th scope="col">Owner-granting</th>
              <th scope="col">Revoke</th>
            </tr>
          </thead>
          <tbody>
            {person.groups.map((g) => {
              const group = byKey.get(g.key);
              const revoke = group ? membershipPlan(group, person, adminWritesEnabled) : null;
              return (
                <tr key={g.key}>
                  <th scope="row">
                    <a href={groupHref(g.key)}>
                      <ApiText>{g.name}</ApiText>
                    </a>
                  </th>
                  <td>{GROUP_KIND_LABELS[g.kind]}</td>
                  <td>{g.ownerAccess === true ? 'Yes' : g.ownerAccess === false ? 'No' : 'Unknown'}</td>
                  <td>
                    {group && revoke?.ok ? (
                      <button type="button" disabled={busy} aria-label={`Revoke from ${g.name}`} onClick={() => void change(group, 'remove')}>
                        Revoke
                      </button>
                    ) : (
                      <span className="muted" title={revoke && !revoke.ok ? revoke.reason : undefined}>
                        {revoke && !revoke.ok ? 'Not here (see the group page)' : 'Not here'}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {others.length > 0 && (
        <div className="stack grant-to-group" data-testid="person-grant">
          <div className="field-inline">
            <label htmlFor={pickId}>Grant to group</label>
            <select id={pickId} value={pick} onChange={(e) => setPick(e.target.value)}>
              <option value="">Choose a group…</option>
              {others.map((g) => (
                <option key={g.key} value={g.key}>
                  {groupOptionLabel(g)}
                </option>
              ))}
            </select>
          </div>
          {target && plan && (
            <div className="stack" data-testid="person-grant-preview">
              {plan.ok ? (
                <p>
                  Add <ApiText>{person.name}</ApiText> to <ApiText>{target.name}</ApiText> through {plan.via === 'scim' ? 'SCIM (PATCH add member)' : 'the Admin API'}.
                </p>
              ) : (
                <p className="status warning" role="alert">
                  {plan.reason}
                </p>
              )}
              <div className="row">
                <button type="button" disabled={!plan.ok || busy} onClick={() => void change(target, 'add')}>
                  Grant
                </button>
              </div>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
