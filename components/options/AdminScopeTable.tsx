import { ADMIN_SCOPE_INFO, type AdminScopeCheck, type ScopeState } from '../../lib/sources/admin/scope-status.ts';
import { ApiText } from '../ApiText.tsx';
import { formatDateTime } from '../format.ts';
import { Status } from '../Status.tsx';

const STATE: Record<ScopeState, string> = {
  present: 'Carried',
  missing: 'Missing',
  not_checked: 'Not checked until the first change',
  unavailable: 'Not offered for this organization',
};

/** The Admin API key's scope check: scope · status · what it unlocks. */
export function AdminScopeTable({ check }: { check: AdminScopeCheck }) {
  if (check.status !== 'ok') {
    return (
      <Status kind="error">
        <span data-testid="admin-scope-message">
          <ApiText>{check.message}</ApiText>
        </span>
      </Status>
    );
  }
  return (
    <div className="stack" data-testid="admin-scopes">
      <p data-testid="admin-scope-message">
        <ApiText>{check.message}</ApiText> <span className="muted">Checked {formatDateTime(check.checkedAt)} with reads only.</span>
      </p>
      <table>
        <caption className="sr-label">What the Admin API key can do</caption>
        <thead>
          <tr>
            <th scope="col">Scope</th>
            <th scope="col">Status</th>
            <th scope="col">What it unlocks</th>
          </tr>
        </thead>
        <tbody>
          {check.scopes.map((s) => (
            <tr key={s.scope} data-scope={s.scope}>
              <th scope="row">
                <code>{ADMIN_SCOPE_INFO[s.scope].label}</code>
              </th>
              <td>
                {STATE[s.state]}
                {s.state === 'missing' || s.state === 'unavailable' ? (
                  <div className="hint">
                    <ApiText>{s.detail}</ApiText>
                  </div>
                ) : null}
              </td>
              <td>{ADMIN_SCOPE_INFO[s.scope].unlocks}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
