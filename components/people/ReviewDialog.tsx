import { useId, useMemo, useState } from 'react';
import type { GroupView, Person } from '../../lib/identity/people.ts';
import type { WriteResult } from '../../lib/identity/contract.ts';
import { planReview, recordPlan, recordResult, reviewCsv, type Decision } from '../../lib/identity/review.ts';
import { ApiText } from '../ApiText.tsx';
import { groupOptionLabel } from './Badges.tsx';
import { pageDb } from '../db.ts';
import { ask } from '../extension.ts';
import { Dialog } from './Dialog.tsx';
import { downloadText } from './download.ts';
import { failed, OUTCOME_LABEL } from './WriteResult.tsx';

const TITLES: Record<Decision, string> = { revoke: 'Revoke from group', deprovision: 'Deprovision', keep: 'Keep access' };

/**
 * One access-review decision for the selected people: a preview listing each person and the change (or
 * why it cannot be made), an explicit confirmation for changes, progress (n of m), per-row results, and
 * the review record (db.accessReviews + reviewDecisions) exportable as CSV.
 */
export function ReviewDialog(props: { decision: Decision; people: Person[]; groups: GroupView[]; adminWritesEnabled: boolean; analytics: boolean; onClose: () => void; onDone: () => void }) {
  const { decision } = props;
  // The people as the dialog opened: a deprovision removes them from the directory while results show.
  const [people] = useState(props.people);
  const ids = useId();
  const candidateGroups = useMemo(() => {
    const keys = new Set(people.flatMap((p) => p.groups.map((g) => g.key)));
    return props.groups.filter((g) => keys.has(g.key)).sort((a, b) => a.name.localeCompare(b.name));
  }, [people, props.groups]);
  const [groupKey, setGroupKey] = useState(candidateGroups[0]?.key ?? '');
  const [title, setTitle] = useState(() => `Access review ${new Date().toISOString().slice(0, 10)}`);
  const [confirmed, setConfirmed] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [results, setResults] = useState<Map<string, WriteResult>>(new Map());
  const [reviewId, setReviewId] = useState<string | null>(null);
  const group = props.groups.find((g) => g.key === groupKey) ?? null;
  const lines = useMemo(() => planReview(people, decision, { group, adminWritesEnabled: props.adminWritesEnabled, reason: title }), [people, decision, group, props.adminWritesEnabled, title]);
  const runnable = lines.filter((l) => l.request);
  const running = progress !== null && progress.done < progress.total;
  const finished = reviewId !== null && !running;

  const run = async () => {
    const db = pageDb();
    const { reviewId: id, ids: decisionIds } = await recordPlan(db, lines, title, new Date());
    setReviewId(id);
    setProgress({ done: 0, total: runnable.length });
    let n = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (!line.request) continue;
      let result: WriteResult;
      try {
        result = await ask(line.request);
      } catch (err) {
        result = failed(err);
      }
      await recordResult(db, decisionIds[i]!, result.outcome, result.message, new Date());
      setResults((m) => new Map(m).set(line.person.key, result));
      setProgress({ done: ++n, total: runnable.length });
    }
    props.onDone();
  };

  const exportCsv = async () => {
    if (!reviewId) return;
    const db = pageDb();
    const review = await db.accessReviews.get(reviewId);
    if (!review) return;
    const decisions = await db.reviewDecisions.where('reviewId').equals(reviewId).toArray();
    downloadText(`access-review-${review.startedAt.slice(0, 10)}.csv`, reviewCsv(review, decisions));
  };

  return (
    <Dialog title={`${TITLES[decision]}: ${people.length} ${people.length === 1 ? 'person' : 'people'}`} onClose={running ? () => undefined : props.onClose} wide>
      <div className="stack">
        <div className="field">
          <label htmlFor={`${ids}-title`}>Review</label>
          <input id={`${ids}-title`} value={title} maxLength={200} disabled={reviewId !== null} onChange={(e) => setTitle(e.target.value)} />
        </div>
        {decision === 'revoke' &&
          (candidateGroups.length ? (
            <div className="field">
              <label htmlFor={`${ids}-group`}>Group</label>
              <select id={`${ids}-group`} value={groupKey} disabled={reviewId !== null} onChange={(e) => setGroupKey(e.target.value)}>
                {candidateGroups.map((g) => (
                  <option key={g.key} value={g.key}>
                    {groupOptionLabel(g)}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <p className="status warning">None of the selected people is in a group.</p>
          ))}
        <table className="compact" data-testid="review-preview">
          <caption className="sr-only">Each person and the change</caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Change</th>
              <th scope="col">{reviewId ? 'Result' : 'Status'}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => {
              const r = results.get(l.person.key);
              return (
                <tr key={l.person.key} data-person={l.person.key}>
                  <th scope="row">
                    <ApiText>{l.person.name}</ApiText>
                    {l.person.email && l.person.email !== l.person.name && (
                      <div className="sub">
                        <ApiText>{l.person.email}</ApiText>
                      </div>
                    )}
                  </th>
                  <td>{l.change}</td>
                  <td data-testid="review-row-result">
                    {r ? (
                      <>
                        <strong>{OUTCOME_LABEL[r.outcome]}</strong>: <ApiText>{r.message}</ApiText>
                      </>
                    ) : l.blocked ? (
                      <>Not possible: {l.blocked}</>
                    ) : l.request ? (
                      reviewId ? (
                        'Waiting…'
                      ) : (
                        'Will be sent'
                      )
                    ) : (
                      'Recorded, nothing sent'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {decision === 'deprovision' && !reviewId && <p className="muted">Deprovisioning removes the person from Claude. Open a person’s page to see their groups, role, last active day and spend before deciding.</p>}
        {!reviewId && runnable.length > 0 && (
          <label className="check">
            <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> I reviewed these {runnable.length} {runnable.length === 1 ? 'change' : 'changes'}; carry them out
          </label>
        )}
        {progress && (
          <div className="stack">
            <progress max={progress.total || 1} value={progress.done} aria-label="Changes carried out" />
            <p role="status" data-testid="review-progress">
              {progress.done} of {progress.total} {progress.total === 1 ? 'change' : 'changes'} carried out
            </p>
          </div>
        )}
        <div className="row">
          {!reviewId && (
            <button type="button" disabled={(runnable.length > 0 && !confirmed) || (decision === 'revoke' && !group)} onClick={() => void run()}>
              {runnable.length > 0 ? `Run ${runnable.length} ${runnable.length === 1 ? 'change' : 'changes'}` : 'Record decisions'}
            </button>
          )}
          {finished && (
            <button type="button" onClick={() => void exportCsv()}>
              Export review (CSV)
            </button>
          )}
          <button type="button" disabled={running} onClick={props.onClose}>
            {finished ? 'Close' : 'Cancel'}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
