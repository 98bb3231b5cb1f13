/**
 * In-memory storage behind the SCIM peer: two ordered maps (users, groups) plus the bookkeeping the
 * SCIMMY handlers need (case-insensitive userName index, membership cascade, meta times).
 *
 * The store knows nothing about SCIM protocol rules (filters, paging, PATCH); SCIMMY applies those.
 * It holds resource attributes as plain JSON, without `id`, `schemas` and `meta`, which it keeps itself.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DirectoryView } from '../shared/contracts.ts';

/** Resource attributes as SCIMMY hands them to ingress (plain JSON, no `id` / `schemas` / `meta`). */
export type ScimAttributes = Record<string, unknown>;

export interface StoredUser {
  /** Opaque SCIM id (UUID-shaped, but clients must not rely on that). */
  id: string;
  /** The Claude user id (`user_…`) this SCIM user was seeded from; absent for users created over SCIM. */
  sourceUserId?: string;
  created: string;
  lastModified: string;
  /** Attributes as stored; `userName` is always a non-empty string. */
  attributes: ScimAttributes & { userName: string };
}

export interface StoredGroup {
  id: string;
  /** The directory group id this SCIM group was seeded from; absent for groups created over SCIM. */
  sourceGroupId?: string;
  created: string;
  lastModified: string;
  /** Attributes other than `members` (`displayName`, `externalId`, …). */
  attributes: ScimAttributes & { displayName: string };
  /** SCIM ids of member users, in insertion order, without duplicates. */
  memberIds: string[];
}

/** A SCIM resource as handed to SCIMMY by egress: attributes plus `id` and `meta` times. */
export type ScimResourceOut = ScimAttributes & { id: string; meta: { created: string; lastModified: string } };

export class ScimStore {
  private readonly users = new Map<string, StoredUser>();
  private readonly groups = new Map<string, StoredGroup>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  // ---- users ------------------------------------------------------------------------------------

  listUsers(): StoredUser[] {
    return [...this.users.values()];
  }

  getUser(id: string): StoredUser | undefined {
    return this.users.get(id);
  }

  /** Case-insensitive look-up, as WorkOS (and RFC 7643 `caseExact=false`) treat `userName`. */
  findUserByUserName(userName: string): StoredUser | undefined {
    const wanted = userName.toLowerCase();
    for (const u of this.users.values()) if (u.attributes.userName.toLowerCase() === wanted) return u;
    return undefined;
  }

  /** Another user (not `exceptId`) already holding this userName, compared case-insensitively. */
  userNameTaken(userName: string, exceptId?: string): StoredUser | undefined {
    const holder = this.findUserByUserName(userName);
    return holder && holder.id !== exceptId ? holder : undefined;
  }

  /** Creates a user (new random id) or, with `id`, replaces an existing one's attributes. */
  putUser(id: string | undefined, attributes: ScimAttributes & { userName: string }, seed?: Partial<Pick<StoredUser, 'sourceUserId' | 'created' | 'lastModified' | 'id'>>): StoredUser {
    const now = this.clock().toISOString();
    if (id === undefined) {
      const created = seed?.created ?? now;
      const user: StoredUser = { id: seed?.id ?? randomUUID(), created, lastModified: seed?.lastModified ?? created, attributes: structuredClone(attributes) };
      if (seed?.sourceUserId !== undefined) user.sourceUserId = seed.sourceUserId;
      this.users.set(user.id, user);
      return user;
    }
    const existing = this.users.get(id);
    if (!existing) throw new Error(`No user ${id}`);
    if (!sameJson(existing.attributes, attributes)) {
      existing.attributes = structuredClone(attributes);
      existing.lastModified = now;
    }
    return existing;
  }

  /** Deletes a user and removes it from every group. Returns false when the id is unknown. */
  deleteUser(id: string): boolean {
    if (!this.users.delete(id)) return false;
    const now = this.clock().toISOString();
    for (const g of this.groups.values()) {
      const before = g.memberIds.length;
      g.memberIds = g.memberIds.filter((m) => m !== id);
      if (g.memberIds.length !== before) g.lastModified = now;
    }
    return true;
  }

  // ---- groups -----------------------------------------------------------------------------------

  listGroups(): StoredGroup[] {
    return [...this.groups.values()];
  }

  getGroup(id: string): StoredGroup | undefined {
    return this.groups.get(id);
  }

  /** Groups whose members include the user. */
  groupsOfUser(userId: string): StoredGroup[] {
    return this.listGroups().filter((g) => g.memberIds.includes(userId));
  }

  putGroup(id: string | undefined, attributes: ScimAttributes & { displayName: string }, memberIds: string[], seed?: Partial<Pick<StoredGroup, 'sourceGroupId' | 'created' | 'id'>>): StoredGroup {
    const now = this.clock().toISOString();
    const members = [...new Set(memberIds)];
    if (id === undefined) {
      const created = seed?.created ?? now;
      const group: StoredGroup = { id: seed?.id ?? randomUUID(), created, lastModified: created, attributes: structuredClone(attributes), memberIds: members };
      if (seed?.sourceGroupId !== undefined) group.sourceGroupId = seed.sourceGroupId;
      this.groups.set(group.id, group);
      return group;
    }
    const existing = this.groups.get(id);
    if (!existing) throw new Error(`No group ${id}`);
    if (!sameJson(existing.attributes, attributes) || !sameJson(existing.memberIds, members)) {
      existing.attributes = structuredClone(attributes);
      existing.memberIds = members;
      existing.lastModified = now;
    }
    return existing;
  }

  deleteGroup(id: string): boolean {
    return this.groups.delete(id);
  }

  // ---- SCIM views -------------------------------------------------------------------------------

  /**
   * The user as SCIMMY's egress returns it, with the read-only `groups` attribute computed from
   * memberships. Pass `memberships` (from `membershipIndex()`) when rendering many users. With
   * `shared`, nested values are the store's own objects (cheap, for read-only matching).
   */
  userResource(u: StoredUser, memberships: Map<string, StoredGroup[]> = this.membershipIndex(), shared = false): ScimResourceOut {
    const attributes = shared ? u.attributes : structuredClone(u.attributes);
    const res: ScimResourceOut = { ...attributes, id: u.id, meta: { created: u.created, lastModified: u.lastModified } };
    const groups = memberships.get(u.id) ?? [];
    if (groups.length > 0) res.groups = groups.map((g) => ({ value: g.id, display: g.attributes.displayName, type: 'direct' }));
    return res;
  }

  /** Every user's resource, in insertion order. */
  userResources(): ScimResourceOut[] {
    const index = this.membershipIndex();
    return this.listUsers().map((u) => this.userResource(u, index));
  }

  /** user id → groups it belongs to (one pass over all memberships). */
  membershipIndex(): Map<string, StoredGroup[]> {
    const index = new Map<string, StoredGroup[]>();
    for (const g of this.groups.values()) {
      for (const m of g.memberIds) {
        const list = index.get(m);
        if (list) list.push(g);
        else index.set(m, [g]);
      }
    }
    return index;
  }

  groupResource(g: StoredGroup, shared = false): ScimResourceOut {
    const attributes = shared ? g.attributes : structuredClone(g.attributes);
    const members = g.memberIds.flatMap((id) => {
      const u = this.users.get(id);
      if (!u) return [];
      const display = typeof u.attributes.displayName === 'string' ? u.attributes.displayName : u.attributes.userName;
      return [{ value: id, display, type: 'User' }];
    });
    return { ...attributes, members, id: g.id, meta: { created: g.created, lastModified: g.lastModified } };
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A stable, UUID-shaped id derived from a seed string (seeded resources keep their ids across runs). */
export function stableUuid(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Fills a store from the generated directory. Only SCIM-managed users exist on the SCIM side, and only
 * groups that came from the IdP (`source: 'scim'`) (spec §1 "Visibility", §2.1); a group's members are
 * limited to SCIM-managed users. Departed people stay listed with `active: false`.
 */
export function seedStore(store: ScimStore, view: DirectoryView): void {
  const scimIdOf = new Map<string, string>();
  for (const u of view.users) {
    if (!u.scimManaged) continue;
    const id = stableUuid(`${view.seed}:scim-user:${u.id}`);
    scimIdOf.set(u.id, id);
    const email = u.email.toLowerCase();
    const name: Record<string, string> = { formatted: u.fullName };
    if (u.givenName) name.givenName = u.givenName;
    if (u.familyName) name.familyName = u.familyName;
    store.putUser(
      undefined,
      {
        userName: email,
        externalId: `00u${createHash('sha256').update(`${view.seed}:idp:${u.id}`).digest('hex').slice(0, 17)}`,
        name,
        displayName: u.fullName,
        emails: [{ value: email, type: 'work', primary: true }],
        active: u.active,
      },
      { id, sourceUserId: u.id, created: u.createdAt, lastModified: u.createdAt },
    );
  }
  for (const g of view.groups) {
    if (g.source !== 'scim') continue;
    const members = g.memberIds.flatMap((m) => {
      const id = scimIdOf.get(m);
      return id === undefined ? [] : [id];
    });
    const externalId = `00g${createHash('sha256').update(`${view.seed}:idp:${g.id}`).digest('hex').slice(0, 17)}`;
    store.putGroup(undefined, { displayName: g.name, externalId }, members, { id: stableUuid(`${view.seed}:scim-group:${g.id}`), sourceGroupId: g.id, created: view.now });
  }
}
