/**
 * Deterministic Claude Enterprise organization generator.
 *
 * `generateOrg({ seed, size, now })` builds a parent organization with linked organizations, users and
 * memberships, RBAC roles, groups, projects, per-org settings, MCP servers, chats (compact, derived on
 * demand) and an activity feed. The same seed, size and now always give the same data.
 */
import type { DirectoryView, GenerateOptions } from '../shared/contracts.ts';
import type { Activity, ActivityDraft, Actor } from './activities.ts';
import { NO_REF } from './chats.ts';
import { userActor, generateFeed } from './feed.ts';
import { SandboxOrg, generateDirectory } from './org.ts';
import { Rng } from './prng.ts';
import { applyHostile } from './hostile.ts';
import { DAY } from './time.ts';
import { serverCurrentName } from './types.ts';

export { SandboxOrg } from './org.ts';
export type { Activity, ActivityDraft, Actor } from './activities.ts';
export { chatRecord, chatMessages, projectRecord } from './content.ts';
export { complianceApiKeyRecords, apiKeyIdFor } from './api-keys.ts';
export { FUTURE_ACTIVITY_TYPES, UNKNOWN_ACTOR_TYPE, userActor } from './feed.ts';
export { XSS_IMG, XSS_SCRIPT } from './catalog.ts';
export { HOSTILE, isHostile } from './hostile.ts';
export { iso, parseRfc3339 } from './time.ts';
export type * from './types.ts';

export function generateOrg(opts: GenerateOptions): SandboxOrg {
  const org = new SandboxOrg(opts);
  generateDirectory(org);
  if (org.hostile) applyHostile(org);

  const heavy = new Rng(org.seed, 'chat-heavy-users').shuffle(org.users.map((u) => u.index));
  const projectsByOrg = org.organizations.map((o) =>
    org.projects
      .filter((p) => p.orgIndex === o.index && p.acceptsChats)
      .map((p) => ({ index: p.index, createdAtMs: p.createdAtMs }))
      .sort((a, b) => a.createdAtMs - b.createdAtMs),
  );
  const { modelCounts } = org.chats.generate({
    seed: org.seed,
    count: opts.size.chats,
    spanStartMs: org.nowMs - 540 * DAY,
    nowMs: org.nowMs,
    pickUser: (r) => heavy[Math.min(heavy.length - 1, Math.floor(heavy.length * Math.pow(r, 2.2)))]!,
    userPrimaryOrg: (u) => org.users[u]!.primaryOrg,
    claudeOrgs: org.claudeOrgs.map((o) => o.index),
    projectsByOrg,
    projectCount: org.projects.length,
  });
  org.modelCounts = modelCounts;
  const total = opts.size.chats || 1;
  org.modelShares = [...modelCounts.entries()]
    .filter((e): e is [string, number] => e[0] !== null)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([id, n]) => ({ id, share: n / total }));

  generateFeed(org);
  return org;
}

/** What the Analytics and SCIM parts see of the organization. */
export function toDirectoryView(org: SandboxOrg): DirectoryView {
  return {
    seed: org.seed,
    now: org.now,
    parentOrganizationId: org.parent.id,
    organizations: org.organizations.map((o) => ({ uuid: o.uuid, id: o.id, name: o.name })),
    users: org.users.map((u) => ({
      id: u.id,
      email: u.email,
      fullName: u.fullName,
      givenName: u.givenName,
      familyName: u.familyName,
      createdAt: new Date(u.createdAtMs).toISOString(),
      active: u.active,
      scimManaged: u.scimManaged,
    })),
    groups: org.groups.map((g) => ({ id: g.id, name: g.name, memberIds: g.members.map((m) => org.users[m.userIndex]!.id), source: g.source })),
    projects: org.projects
      .filter((p) => !p.hardDeleted)
      .map((p) => ({
        id: p.id,
        name: p.name,
        createdAt: new Date(p.createdAtMs).toISOString(),
        creatorUserId: p.creatorUserIndex >= 0 ? org.users[p.creatorUserIndex]!.id : null,
        organizationUuid: org.organizations[p.orgIndex]!.uuid,
      })),
    models: org.modelShares.map((m) => ({ ...m })),
    mcpServers: org.mcpServers
      .filter((s) => s.deletedAtMs === null)
      .map((s) => ({ id: s.id, name: serverCurrentName(s), organizationUuid: org.organizations[s.orgIndex]!.uuid })),
  };
}

// ------------------------------------------------------------------ mutations (incremental-refresh tests)

/**
 * Modifies chat i at `nowMs`: updated_at moves to now (kept strictly after every other chat's
 * updated_at), so the chat moves to the end of the updated_at order; optionally a new model, a new
 * exchange in the transcript (default) or a soft delete.
 */
export function touchChat(org: SandboxOrg, i: number, nowMs: number, opts: { model?: string | null; addExchange?: boolean; softDelete?: boolean } = {}): void {
  org.chats.touch(i, nowMs, opts);
}

/** Removes chat i permanently (as C2 does). Returns false if it did not exist. */
export function hardDeleteChat(org: SandboxOrg, i: number): boolean {
  return org.chats.hardDelete(i);
}

/**
 * Creates a chat at `nowMs` (defaults: the primary owner, their organization, no project, the most
 * used model). Returns its index.
 */
export function addChat(org: SandboxOrg, nowMs: number, opts: { userIndex?: number | null; orgIndex?: number; projectIndex?: number | null; model?: string | null } = {}): number {
  const user = opts.userIndex === undefined ? 0 : opts.userIndex === null ? NO_REF : opts.userIndex;
  const orgIndex = opts.orgIndex ?? (user >= 0 ? org.users[user]!.primaryOrg : org.claudeOrgs[0]!.index);
  const project = opts.projectIndex == null ? NO_REF : opts.projectIndex;
  const model = opts.model === undefined ? (org.modelShares[0]?.id ?? null) : opts.model;
  return org.chats.add(nowMs, { org: orgIndex, user, project, model });
}

export interface AppendActivityInput {
  type: string;
  /** Default: `nowMs` passed to appendActivity. */
  atMs?: number;
  /** Linked organization index; -1 or omitted = null organization (unless `organization` is given). */
  orgIndex?: number;
  organization?: { id: string | null; uuid: string | null };
  /** A user actor for this user index … */
  actorUserIndex?: number;
  /** … or any actor object (default: the primary owner as user actor). */
  actor?: Actor;
  payload?: Record<string, unknown>;
}

/**
 * Appends an event to the feed. Without `atMs` it is dated `nowMs` (and never before the newest
 * event, so it lands at the end); with an explicit past `atMs` it is inserted in time order, as a
 * late-indexed event would be.
 */
export function appendActivity(org: SandboxOrg, nowMs: number, input: AppendActivityInput): Activity {
  const atMs = input.atMs ?? Math.max(nowMs, org.activities.lastTime());
  const actor = input.actor ?? userActor(org, input.actorUserIndex ?? 0);
  const draft: ActivityDraft = { atMs, type: input.type, actor, payload: input.payload ?? {} };
  if (input.organization) draft.organization = input.organization;
  else draft.orgIndex = input.orgIndex ?? -1;
  return org.activities.append(draft);
}
