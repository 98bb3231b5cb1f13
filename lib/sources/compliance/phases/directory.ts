import type { ComplianceCheckpoint } from '../checkpoint.ts';
import { addSkipped, nextInList, type Env } from './env.ts';

/**
 * The directory phases: users and roles of each organization, groups and their members, each
 * organization's settings (with its API keys). Rows carry the run's generation; publishing removes the
 * rows an older generation wrote, so people and groups that left disappear.
 */

export async function users(cp: ComplianceCheckpoint, env: Env): Promise<ComplianceCheckpoint> {
  const { db } = env;
  const org = cp.orgs[cp.index];
  if (org === undefined) return env.skipToNextPhase(cp);
  const page = await env.client.users(org, cp.page, env.signal);
  addSkipped(cp, 'users', page.skipped);
  return db.transaction('rw', ['users', 'jobs'], async () => {
    await db.users.bulkPut(page.items.map((u) => ({ key: `${org}:${u.id}`, id: u.id, org, email: u.email, fullName: u.full_name, role: u.organization_role, createdAt: u.created_at, gen: cp.gen })));
    cp.counts.users += page.items.length;
    return nextInList(cp, page.next, cp.orgs.length, env);
  });
}

export async function roles(cp: ComplianceCheckpoint, env: Env): Promise<ComplianceCheckpoint> {
  const { db } = env;
  const org = cp.orgs[cp.index];
  if (org === undefined) return env.skipToNextPhase(cp);
  const page = await env.client.roles(org, cp.page, env.signal);
  addSkipped(cp, 'roles', page.skipped);
  return db.transaction('rw', ['roles', 'jobs'], async () => {
    await db.roles.bulkPut(page.items.map((r) => ({ key: `${org}:${r.id}`, id: r.id, org, name: r.name, description: r.description, gen: cp.gen })));
    return nextInList(cp, page.next, cp.orgs.length, env);
  });
}

export async function groups(cp: ComplianceCheckpoint, env: Env): Promise<ComplianceCheckpoint> {
  const { db } = env;
  const page = await env.client.groups(cp.page, env.signal);
  addSkipped(cp, 'groups', page.skipped);
  return db.transaction('rw', ['groups', 'jobs'], async () => {
    await db.groups.bulkPut(page.items.map((g) => ({ id: g.id, name: g.name, description: g.description, source: g.source_type, roles: g.roles, gen: cp.gen })));
    cp.groups.push(...page.items.map((g) => g.id));
    cp.counts.groups += page.items.length;
    const next = page.next ? { ...cp, page: page.next } : env.nextPhase(cp);
    await env.commit(next);
    return next;
  });
}

export async function members(cp: ComplianceCheckpoint, env: Env): Promise<ComplianceCheckpoint> {
  const { db } = env;
  const group = cp.groups[cp.index];
  if (group === undefined) return env.skipToNextPhase(cp);
  const page = await env.client.groupMembers(group, cp.page, env.signal);
  addSkipped(cp, 'group members', page.skipped);
  return db.transaction('rw', ['groupMembers', 'jobs'], async () => {
    await db.groupMembers.bulkPut(page.items.map((m) => ({ groupId: group, userId: m.user_id, email: m.email, gen: cp.gen })));
    return nextInList(cp, page.next, cp.groups.length, env);
  });
}

export async function settings(cp: ComplianceCheckpoint, env: Env): Promise<ComplianceCheckpoint> {
  const { db } = env;
  const org = cp.orgs[cp.index];
  if (org === undefined) return env.skipToNextPhase(cp);
  const s = await env.client.settings(org, env.signal);
  return db.transaction('rw', ['orgSettings', 'jobs'], async () => {
    if (s)
      await db.orgSettings.put({
        org,
        settings: s.settings.map((x) => ({ name: x.name, type: x.type, value: x.value })),
        apiKeys: s.api_keys.map((k) => ({ id: k.id, name: k.name, scopes: k.scopes, isActive: k.is_active, createdAt: k.created_at })),
        gen: cp.gen,
      });
    return nextInList(cp, null, cp.orgs.length, env);
  });
}
