import type { ComplianceCheckpoint } from '../checkpoint.ts';
import { addSkipped, type Env } from './env.ts';
import { readState } from '../state.ts';
import { clearWorkingTables, tenantChange } from '../tenant.ts';

/**
 * Organizations of the parent organization, page by page. A run that starts over (another host) empties
 * the working tables first; when the key turns out to see none of the stored organizations (another
 * parent organization), the run starts over here, before any cursor is used.
 */
export async function orgs(cp0: ComplianceCheckpoint, env: Env): Promise<ComplianceCheckpoint> {
  const { db } = env;
  let cp = cp0;
  if (cp.startedOver && cp.page === null && cp.orgs.length === 0) await clearWorkingTables(db);
  const page = await env.client.organizations(cp.page, env.signal);
  if (!page.next && !cp.startedOver) {
    const why = tenantChange(await readState(db), [...cp.orgs, ...page.items.map((o) => o.uuid)]);
    if (why) {
      await clearWorkingTables(db);
      cp = { ...cp, startedOver: why, kind: 'full', directory: true, chatsCursor: null, activitiesCursor: null, freshChats: true, chatsSince: null, overlap: null, overlapDone: false };
    }
  }
  addSkipped(cp, 'organizations', page.skipped);
  return db.transaction('rw', ['orgs', 'jobs'], async () => {
    await db.orgs.bulkPut(page.items.map((o) => ({ uuid: o.uuid, name: o.name, createdAt: o.created_at, gen: cp.gen })));
    cp.orgs.push(...page.items.map((o) => o.uuid));
    const next = page.next ? { ...cp, page: page.next } : env.nextPhase(cp);
    await env.commit(next);
    return next;
  });
}
