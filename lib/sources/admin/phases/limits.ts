import type { AdminCheckpoint } from '../checkpoint.ts';
import { limitsUnavailableBecause, spendLimitRow } from '../spend-limits.ts';
import { addSkipped, listDone, stageFresh, type Env } from './env.ts';

/**
 * One page of effective spend limits (`GET /spend_limits/effective`, `PageCursor`): one row per
 * (member, period), a member's rows never split across pages. The API refusing the read (Console-type
 * organization, 403, 404) never fails the sync: the reason is kept, and publish clears the table.
 */
export async function limits(cp: AdminCheckpoint, env: Env): Promise<AdminCheckpoint> {
  let page;
  try {
    page = await env.client.spendLimits(cp.page, env.signal);
  } catch (err) {
    const why = limitsUnavailableBecause(err, 'limits');
    if (!why) throw err;
    return env.skipToNextPhase({ ...cp, limitsUnavailable: why });
  }
  const rows = page.items.map(spendLimitRow);
  const valid = rows.filter((r) => r !== null);
  return env.db.transaction('rw', ['adminStage', 'jobs'], async () => {
    const fresh = await stageFresh(
      env.db,
      valid.map((row) => ({ table: 'adminSpendLimits' as const, key: row.id, row })),
    );
    const next: AdminCheckpoint = { ...cp, counts: { ...cp.counts, limits: (cp.counts.limits ?? 0) + fresh }, skipped: { ...cp.skipped } };
    addSkipped(next, 'limits', page.skipped + (rows.length - valid.length));
    const out = listDone(page.next, valid.length, fresh) ? env.nextPhase(next) : { ...next, page: page.next };
    await env.commit(out);
    return out;
  });
}
