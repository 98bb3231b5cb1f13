import type { KeyCheck } from '../../lib/sources/compliance/key-status.ts';
import { Status } from '../Status.tsx';
import { ApiText } from '../ApiText.tsx';

const STATE_TEXT = { present: 'Granted', missing: 'Missing', unknown: 'Not checked yet' } as const;
const STATE_MARK = { present: '✓', missing: '✗', unknown: '?' } as const;
/** The delete scope is the one scope whose presence is the problem. */
const DELETE_TEXT = { present: 'Carried by this key: replace it', absent: 'Not carried: good', unknown: 'Not known yet' } as const;
const DELETE_MARK = { present: '✗', absent: '✓', unknown: '?' } as const;

/** The Compliance key's scope checklist, its warnings and what to do about them. */
export function KeyChecklist({ check }: { check: KeyCheck }) {
  const kind = check.status === 'ok' ? 'ok' : check.status === 'not_checked' || check.status === 'unreachable' ? 'warning' : 'error';
  return (
    <div className="stack" data-testid="key-check">
      <Status kind={kind}>
        <span data-testid="key-check-message">
          <ApiText>{check.message}</ApiText>
        </span>
        {check.requestId && <span className="muted"> (request {check.requestId})</span>}
      </Status>
      {check.checklist.length > 0 && (
        <ul className="checklist" aria-label="Required scopes">
          {check.checklist.map((c) => (
            <li key={c.scope} data-scope={c.scope} data-state={c.state} className={`scope-${c.state}`}>
              <span aria-hidden="true">{STATE_MARK[c.state]}</span> <code>{c.scope}</code> — {STATE_TEXT[c.state]}
              <span className="hint"> ({c.purpose})</span>
            </li>
          ))}
          <li data-scope="delete:compliance_user_data" data-state={check.deleteScope} className={`scope-${check.deleteScope === 'present' ? 'missing' : check.deleteScope === 'absent' ? 'present' : 'unknown'}`}>
            <span aria-hidden="true">{DELETE_MARK[check.deleteScope]}</span> <code>delete:compliance_user_data</code> — {DELETE_TEXT[check.deleteScope]}
            <span className="hint"> (never needed: it can erase chats and files)</span>
          </li>
        </ul>
      )}
      {check.warnings
        .filter((w) => w.code !== 'missing_scopes' && w.code !== 'auth_failed')
        .map((w) => (
          <Status key={w.code} kind="warning">
            <span data-warning={w.code}>{w.message}</span>
          </Status>
        ))}
      {check.otherDeleteKeys.length > 0 && (
        <div>
          <strong>Active keys of your organization that can delete data:</strong>
          <ul>
            {check.otherDeleteKeys.map((k) => (
              <li key={`${k.name}-${k.createdAt ?? ''}`}>
                {k.name ? <ApiText>{k.name}</ApiText> : 'Unnamed key'} {k.createdAt && <span className="muted">(created {k.createdAt.slice(0, 10)})</span>}
                {k.possiblyThisKey && <span className="muted"> — may be this key</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {check.fix && <p data-testid="key-check-fix">{check.fix}</p>}
    </div>
  );
}
