import type { AdminCheckpoint } from '../checkpoint.ts';
import { addSkipped, listDone, stageFresh, type Env } from './env.ts';

/** One page of organization members (`Page` scheme: `after_id` = the previous page's `last_id`). */
export async function users(cp: AdminCheckpoint, env: Env): Promise<AdminCheckpoint> {
  const page = await env.client.users(cp.page, env.signal);
  return env.db.transaction('rw', ['adminStage', 'jobs'], async () => {
    const fresh = await stageFresh(
      env.db,
      page.items.map((u) => ({
        table: 'adminUsers' as const,
        key: u.id,
        row: { id: u.id, email: u.email.toLowerCase(), name: u.name ?? '', role: u.role, addedAt: u.added_at ?? '' },
      })),
    );
    const next: AdminCheckpoint = { ...cp, counts: { ...cp.counts, users: cp.counts.users + fresh }, skipped: { ...cp.skipped } };
    addSkipped(next, 'users', page.skipped);
    const out = listDone(page.next, page.items.length, fresh) ? env.nextPhase(next) : { ...next, page: page.next };
    await env.commit(out);
    return out;
  });
}
