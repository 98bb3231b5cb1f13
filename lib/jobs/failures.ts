import { ApiError } from '../api/http/errors.ts';
import { redactSecrets } from '../util/redact.ts';

export interface FailureVerdict {
  /** paused: resumable from the checkpoint; failed: needs the admin to fix something first. */
  status: 'paused' | 'failed';
  message: string;
}

/** Turns whatever stopped a job into what the admin sees and whether Resume makes sense. `KEEP` says what stays on screen. */
export function describeFailure(err: unknown, KEEP = 'The previous snapshot is still shown.'): FailureVerdict {
  if (err instanceof ApiError) {
    const ref = err.requestId ? ` (request ${err.requestId})` : '';
    switch (err.kind) {
      case 'credential':
        return { status: 'failed', message: `${err.message} ${KEEP}` };
      case 'invalid_response':
        return {
          status: 'paused',
          message: `The API returned a page the extension could not read${ref}. Nothing was lost: Resume retries that page. ${KEEP}`,
        };
      case 'http':
        if (err.status === 401 || err.status === 403 || err.status === 404)
          return { status: 'failed', message: `${err.message}${ref} ${KEEP}` };
        // A refusal the server named (error.details.error_code) has the source's own words, which say what to do.
        if (err.status === 400 && err.errorCode) return { status: 'failed', message: `${err.message}${ref} ${KEEP}` };
        if (err.status === 400) return { status: 'failed', message: `The API refused a request: ${err.serverMessage ?? err.message}${ref}. ${KEEP}` };
        return { status: 'paused', message: `${err.message}${ref} Resume continues from the last saved page. ${KEEP}` };
      default:
        return { status: 'paused', message: `${err.message} Resume continues from the last saved page. ${KEEP}` };
    }
  }
  const text = err instanceof Error ? err.message : String(err);
  return { status: 'paused', message: `${redactSecrets(text)} Resume continues from the last saved page. ${KEEP}` };
}
