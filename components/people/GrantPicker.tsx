import { useId, useMemo, useState } from 'react';
import { filterPeople, membershipPlan, NO_FILTER, type GroupView } from '../../lib/identity/people.ts';
import type { PersonRow } from '../../lib/identity/directory.ts';
import { ApiText } from '../ApiText.tsx';

/**
 * Grant: search a person (name or email), pick one from the list, see how the change goes (SCIM or the
 * Admin API) or why it cannot, then Grant.
 */
export function GrantPicker({ group, people, memberKeys, adminWritesEnabled, busy, onGrant }: { group: GroupView; people: PersonRow[]; memberKeys: ReadonlySet<string>; adminWritesEnabled: boolean; busy: boolean; onGrant: (p: PersonRow) => void }) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<PersonRow | null>(null);
  const matches = useMemo(() => (query.trim() ? filterPeople(people, { ...NO_FILTER, search: query }).filter((p) => !memberKeys.has(p.key)).slice(0, 8) : []), [people, query, memberKeys]);
  const plan = picked ? membershipPlan(group, picked, adminWritesEnabled) : null;
  return (
    <div className="stack grant-picker">
      <div className="field">
        <label htmlFor={id}>Add a person</label>
        <input
          id={id}
          type="search"
          role="combobox"
          aria-expanded={matches.length > 0 && !picked}
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          placeholder="Name or email"
          value={query}
          autoComplete="off"
          onChange={(e) => {
            setQuery(e.target.value);
            setPicked(null);
          }}
        />
      </div>
      {matches.length > 0 && !picked && (
        <ul id={`${id}-list`} role="listbox" aria-label="Matching people" className="picker-list">
          {matches.map((p) => (
            <li key={p.key} role="option" aria-selected={false}>
              <button type="button" className="linklike" onClick={() => setPicked(p)}>
                <ApiText>{p.name}</ApiText>
                {p.email && p.email !== p.name && (
                  <span className="muted">
                    {' '}
                    <ApiText>{p.email}</ApiText>
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
      {picked && plan && (
        <div className="stack" data-testid="grant-preview">
          {plan.ok ? (
            <p>
              Add <ApiText>{picked.name}</ApiText> to <ApiText>{group.name}</ApiText> through {plan.via === 'scim' ? 'SCIM (PATCH add member)' : 'the Admin API'}.
            </p>
          ) : (
            <p className="status warning" role="alert">
              {plan.reason}
            </p>
          )}
          <div className="row">
            <button type="button" disabled={!plan.ok || busy} onClick={() => onGrant(picked)}>
              Grant
            </button>
            <button type="button" className="linklike" onClick={() => (setPicked(null), setQuery(''))}>
              Choose someone else
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
