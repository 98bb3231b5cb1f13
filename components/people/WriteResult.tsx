import type { WriteResult } from '../../lib/identity/contract.ts';
import { Status } from '../Status.tsx';
import { ApiText } from '../ApiText.tsx';

const KIND: Record<WriteResult['outcome'], 'ok' | 'info' | 'warning' | 'error'> = { done: 'ok', pending: 'info', already: 'info', refused: 'warning', failed: 'error' };
export const OUTCOME_LABEL: Record<WriteResult['outcome'], string> = { done: 'Done', pending: 'Pending sync', already: 'Already so', refused: 'Refused', failed: 'Failed' };

/** The worker's answer to a write, in words: outcome, its message, and the request id where there is one. */
export function WriteResultView({ result }: { result: WriteResult }) {
  return (
    <div data-testid="write-result" data-outcome={result.outcome}>
      <Status kind={KIND[result.outcome]}>
        <strong>{OUTCOME_LABEL[result.outcome]}:</strong> <ApiText>{result.message}</ApiText>
        {result.requestId && (
          <span className="muted">
            {' '}
            (request id <ApiText>{result.requestId}</ApiText>)
          </span>
        )}
      </Status>
    </div>
  );
}

/** A failure of the message itself (worker unavailable, malformed request) as a WriteResult. */
export function failed(err: unknown): WriteResult {
  return { outcome: 'failed', message: err instanceof Error ? err.message : String(err), userId: null, auditId: null, requestId: null };
}
