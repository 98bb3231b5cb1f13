import type { AdminCheckpoint } from '../checkpoint.ts';
import { limitRequestRow, limitsUnavailableBecause } from '../spend-limits.ts';
import { addSkipped, listDone, stageFresh, type Env } from './env.ts';

/**
 * One page of pending spend-limit increase requests (`GET /spend_limit_increase_requests?status[]=pending`,
 * `PageCursor`, newest first). Refused reads are tolerated as in the limits phase.
 */
export async function limitRequests(cp: AdminCheckpoint, env: Env): Promise<AdminCheckpoint> {
  let page;
  try {
    page = await env.client.increaseRequests(cp.page, env.signal);
  } catch (err) {
    const why = limitsUnavailableBecause(err, 'requests');
    if (!why) throw err;
    return env.skipToNextPhase({ ...cp, requestsUnavailable: why });
  }
  return env.db.transaction('rw', ['adminStage', 'jobs'], async () => {
    // The filter asks for pending ones; a server that ignores it must not list resolved requests as pending.
    const pending = page.items.filter((r) => r.status === 'pending');
    const fresh = await stageFresh(
      env.db,
      pending.map((r) => ({ table: 'adminLimitRequests' as const, key: r.id, row: limitRequestRow(r) })),
    );
    const next: AdminCheckpoint = { ...cp, counts: { ...cp.counts, limitRequests: (cp.counts.limitRequests ?? 0) + fresh }, skipped: { ...cp.skipped } };
    addSkipped(next, 'limitRequests', page.skipped);
    const out = listDone(page.next, pending.length, fresh) ? env.nextPhase(next) : { ...next, page: page.next };
    await env.commit(out);
    return out;
  });
}
