import type { ComplianceCheckpoint } from '../checkpoint.ts';
import { addSkipped, type Env } from './env.ts';

/** Organizations of the parent organization, page by page. */
export async function orgs(cp: ComplianceCheckpoint, env: Env): Promise<ComplianceCheckpoint> {
  const { db } = env;
  const page = await env.client.organizations(cp.page, env.signal);
  addSkipped(cp, 'organizations', page.skipped);
  return db.transaction('rw', ['orgs', 'jobs'], async () => {
    await db.orgs.bulkPut(page.items.map((o) => ({ uuid: o.uuid, name: o.name, createdAt: o.created_at, gen: cp.gen })));
    cp.orgs.push(...page.items.map((o) => o.uuid));
    const next = page.next ? { ...cp, page: page.next } : env.nextPhase(cp);
    await env.commit(next);
    return next;
  });
}
