import { visibleText } from '../../lib/util/visible-text.ts';
import { useId } from 'react';
import { FLAG_LABELS, type FlagId, type PeopleFilter, type PersonSource } from '../../lib/identity/people.ts';
import { SOURCE_LABELS } from './Badges.tsx';

const FILTER_FLAGS: FlagId[] = ['not-scim', 'not-in-claude', 'inactive-30', 'inactive-60', 'inactive-90', 'privileged', 'owner-group', 'pending'];

/** Flag checkboxes, role and source; the search box is the table's own. */
export function PeopleFilters({ filter, roles, onChange, disabled = false }: { filter: PeopleFilter; roles: string[]; onChange: (f: PeopleFilter) => void; disabled?: boolean }) {
  const roleId = useId();
  const sourceId = useId();
  const toggle = (id: FlagId) => onChange({ ...filter, flags: filter.flags.includes(id) ? filter.flags.filter((f) => f !== id) : [...filter.flags, id] });
  return (
    <div className="people-filters">
      <fieldset className="flag-filters" disabled={disabled}>
        <legend>Show only</legend>
        {FILTER_FLAGS.map((id) => (
          <label key={id} className="check">
            <input type="checkbox" checked={filter.flags.includes(id)} onChange={() => toggle(id)} /> {FLAG_LABELS[id]}
          </label>
        ))}
      </fieldset>
      <div className="field-inline">
        <label htmlFor={roleId}>Role</label>
        <select id={roleId} disabled={disabled} value={filter.role} onChange={(e) => onChange({ ...filter, role: e.target.value })}>
          <option value="">Any role</option>
          {roles.map((r) => (
            <option key={r} value={r}>
              {visibleText(r)}
            </option>
          ))}
        </select>
      </div>
      <div className="field-inline">
        <label htmlFor={sourceId}>Source</label>
        <select id={sourceId} disabled={disabled} value={filter.source} onChange={(e) => onChange({ ...filter, source: e.target.value as PersonSource | '' })}>
          <option value="">Any source</option>
          {(Object.keys(SOURCE_LABELS) as PersonSource[]).map((s) => (
            <option key={s} value={s}>
              {SOURCE_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      {(filter.flags.length > 0 || filter.role || filter.source) && (
        <button type="button" className="linklike" onClick={() => onChange({ ...filter, flags: [], role: '', source: '' })}>
          Clear filters
        </button>
      )}
    </div>
  );
}
