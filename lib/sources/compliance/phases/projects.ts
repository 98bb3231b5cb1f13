import type { ComplianceCheckpoint } from '../checkpoint.ts';
import { overlapStart, readState } from '../state.ts';
import { addSkipped, type Env } from './env.ts';

/** Projects: all of them when the directory is re-read, else those updated since a little before the last run. */
export async function projects(cp: ComplianceCheckpoint, env: Env): Promise<ComplianceCheckpoint> {
  const { db } = env;
  const since = cp.directory ? null : overlapStart(await readState(db));
  const page = await env.client.projects(cp.page, since, env.signal);
  addSkipped(cp, 'projects', page.skipped);
  return db.transaction('rw', ['projects', 'jobs'], async () => {
    await db.projects.bulkPut(
      page.items.map((p) => ({ id: p.id, name: p.name, org: p.organization_uuid, isPrivate: p.is_private, deletedAt: p.deleted_at, creatorId: p.user?.id ?? null, createdAt: p.created_at, updatedAt: p.updated_at, gen: cp.gen })),
    );
    cp.counts.projects += page.items.length;
    const next = page.next ? { ...cp, page: page.next } : env.nextPhase(cp);
    await env.commit(next);
    return next;
  });
}
