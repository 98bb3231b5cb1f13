import { useId, useState } from 'react';
import { GROUP_KIND_LABELS, type Person } from '../../lib/identity/people.ts';
import type { WriteResult } from '../../lib/identity/contract.ts';
import { formatUsd } from '../../lib/util/money.ts';
import { ApiText } from '../ApiText.tsx';
import { ask } from '../extension.ts';
import { formatDate } from '../format.ts';
import { Dialog } from './Dialog.tsx';
import { failed, WriteResultView } from './WriteResult.tsx';

/**
 * Deprovision (delete) one person, after showing what it touches: groups, role, last active and spend to
 * date (Analytics), and whether the Compliance directory holds them. The admin types the email (or the
 * name) to confirm. Through SCIM when the person has a SCIM user, else the Admin API.
 */
export function DeleteUserDialog({ person, analytics, adminWritesEnabled, onClose }: { person: Person; analytics: boolean; adminWritesEnabled: boolean; onClose: () => void }) {
  const id = useId();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<WriteResult | null>(null);
  const expected = person.email ?? person.name;
  const matches = typed.trim().toLowerCase() === expected.trim().toLowerCase();
  const viaScim = person.scimId !== null;
  const viaAdmin = !viaScim && person.userId !== null && person.sources.includes('admin');
  const blocked = !viaScim && !viaAdmin ? 'This person has neither a SCIM user nor an Admin API membership: there is nothing this extension can remove.' : viaAdmin && !adminWritesEnabled ? 'Not managed by SCIM: removing them goes through the Admin API, and changes through the Admin API are off (Options → Admin API → Allow changes through the Admin API).' : null;

  const run = async () => {
    setBusy(true);
    try {
      setResult(
        await ask({
          type: 'identity/delete-user',
          ...(person.scimId ? { scimUserId: person.scimId } : {}),
          ...(person.userId && person.sources.includes('admin') ? { adminUserId: person.userId } : {}),
          reason: 'Deprovisioned from the person page',
        }),
      );
    } catch (err) {
      setResult(failed(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Deprovision ${person.name}`} onClose={busy ? () => undefined : onClose} wide>
      <div className="stack">
        <p>
          {viaScim ? 'Deletes the SCIM user' : 'Removes the member from the organization through the Admin API'}: <ApiText>{person.name}</ApiText>
          {person.email && (
            <>
              {' '}
              (<ApiText>{person.email}</ApiText>)
            </>
          )}
          . They lose access to Claude.
        </p>
        <h3>Impact</h3>
        <dl className="facts" data-testid="delete-impact">
          <div className="fact">
            <dt>Groups</dt>
            <dd>
              {person.groups.length
                ? person.groups.map((g, i) => (
                    <span key={g.key}>
                      {i > 0 && ', '}
                      <ApiText>{g.name}</ApiText> ({GROUP_KIND_LABELS[g.kind]})
                    </span>
                  ))
                : 'None'}
            </dd>
          </div>
          <div className="fact">
            <dt>Role</dt>
            <dd>{person.role ? <ApiText>{person.role}</ApiText> : 'Unknown (no Admin API or Compliance record)'}</dd>
          </div>
          <div className="fact">
            <dt>Last active</dt>
            <dd>{!analytics ? 'Unknown: Analytics is not connected' : person.lastActiveDate ? formatDate(person.lastActiveDate) : 'Not reported by Analytics'}</dd>
          </div>
          <div className="fact">
            <dt>Spend to date</dt>
            <dd>{person.spendToDate !== null ? formatUsd(person.spendToDate) : 'Unknown: Analytics is not connected'}</dd>
          </div>
          <div className="fact">
            <dt>Compliance data</dt>
            <dd>
              {person.orgs.length
                ? `Yes: a member of ${person.orgs.length} ${person.orgs.length === 1 ? 'organization' : 'organizations'} in the Compliance directory. Their chats, files and activity stay in the Compliance API after removal [unverified]; export what you need first.`
                : 'No Compliance directory record for this person (or the Compliance API is not connected).'}
            </dd>
          </div>
        </dl>
        {blocked ? (
          <p className="status warning" role="alert">
            {blocked}
          </p>
        ) : (
          !result && (
            <div className="field">
              <label htmlFor={id}>
                Type <strong>{expected}</strong> to confirm
              </label>
              <input id={id} value={typed} autoComplete="off" spellCheck={false} onChange={(e) => setTyped(e.target.value)} data-autofocus />
            </div>
          )
        )}
        {result && <WriteResultView result={result} />}
        <div className="row">
          {!result && !blocked && (
            <button type="button" className="danger" disabled={!matches || busy} onClick={() => void run()}>
              {busy ? 'Deprovisioning…' : 'Deprovision'}
            </button>
          )}
          <button type="button" disabled={busy} onClick={onClose}>
            {result ? 'Close' : 'Cancel'}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
