import { useLiveQuery } from 'dexie-react-hooks';
import { reviewCsv } from '../../lib/identity/review.ts';
import { pageDb } from '../db.ts';
import { formatDateTime } from '../format.ts';
import { ApiText } from '../ApiText.tsx';
import { downloadText } from './download.ts';

/** Past access reviews with their decision counts, each exportable as CSV. */
export function ReviewHistory() {
  const reviews = useLiveQuery(async () => {
    const db = pageDb();
    const list = await db.accessReviews.orderBy('startedAt').reverse().limit(20).toArray();
    return Promise.all(list.map(async (r) => ({ review: r, decisions: await db.reviewDecisions.where('reviewId').equals(r.id).toArray() })));
  }, []);
  if (!reviews?.length) return null;
  return (
    <details className="section">
      <summary>Access reviews ({reviews.length})</summary>
      <table className="compact">
        <thead>
          <tr>
            <th scope="col">Review</th>
            <th scope="col">Started</th>
            <th scope="col">Decisions</th>
            <th scope="col">Failed</th>
            <th scope="col">Export</th>
          </tr>
        </thead>
        <tbody>
          {reviews.map(({ review, decisions }) => (
            <tr key={review.id}>
              <th scope="row">
                <ApiText>{review.title}</ApiText>
              </th>
              <td>{formatDateTime(review.startedAt)}</td>
              <td>{decisions.length}</td>
              <td>{decisions.filter((d) => d.result === 'failed').length}</td>
              <td>
                <button type="button" className="linklike" onClick={() => downloadText(`access-review-${review.startedAt.slice(0, 10)}.csv`, reviewCsv(review, decisions))}>
                  Export CSV
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
