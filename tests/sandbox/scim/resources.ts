/**
 * Storage glue for SCIMMY's built-in User and Group resources.
 *
 * SCIMMY keeps resource declarations and their ingress/egress/degress handlers in process-global static
 * state. The handlers declared here are therefore stateless: each request carries its peer's store and
 * quirks in the context object that scimmy-routers' `context` hook builds per router, and SCIMMY passes
 * that context to every handler (also through PATCH's read-modify-write, `/.search` and `/Bulk`).
 * `declareScimResources()` is idempotent and is called by every `createScimApp()`, so the handlers are
 * (re)pointed at this module's code whatever declared them before.
 */
import SCIMMY from 'scimmy';
import { scimError } from './errors.ts';
import { foldUserNameFilter, mentionsUserName, type ScimQuirks } from './quirks.ts';
import { ScimStore, type ScimAttributes, type ScimResourceOut } from './store.ts';

/** What scimmy-routers' `context` hook hands to every SCIMMY handler of one peer. */
export interface ScimContext {
  store: ScimStore;
  quirks: ScimQuirks;
}

function contextOf(ctx: unknown): ScimContext {
  if (ctx && typeof ctx === 'object' && (ctx as Partial<ScimContext>).store instanceof ScimStore && (ctx as Partial<ScimContext>).quirks) return ctx as ScimContext;
  throw scimError(500, 'SCIM handler called without a sandbox context (use the router built by createScimApp)');
}

/** Attributes the store never keeps from a client: server-owned, computed, or secret. */
const DROPPED_ON_WRITE = new Set(['id', 'schemas', 'meta', 'groups', 'password']);

/** Plain JSON attributes of a SCIMMY schema instance (SCIMMY has already coerced and validated them). */
function attributesOf(instance: unknown): ScimAttributes {
  const plain = JSON.parse(JSON.stringify(instance)) as ScimAttributes;
  for (const k of Object.keys(plain)) if (DROPPED_ON_WRITE.has(k)) delete plain[k];
  return plain;
}

function notFound(id: string | undefined): SCIMMY.Types.SCIMError {
  return scimError(404, `Resource ${id} not found`);
}

/** SCIMMY's handler types want the full schema shape; ours is the same data, typed loosely. */
type UserOut = Omit<SCIMMY.Schemas.User, SCIMMY.Types.Resource.ShadowAttributes>;
type GroupOut = Omit<SCIMMY.Schemas.Group, SCIMMY.Types.Resource.ShadowAttributes>;
function out<T>(resource: ScimResourceOut | ScimResourceOut[]): T {
  return resource as unknown as T;
}

function listWithFilter(resource: SCIMMY.Types.Resource, all: ScimResourceOut[], quirks: ScimQuirks): ScimResourceOut[] {
  const filter = resource.filter;
  if (!filter) return all;
  if (quirks.caseInsensitiveUserNameFilter && mentionsUserName(filter)) {
    // Match a lower-cased copy with SCIMMY's own matcher, then return the original resources.
    const lowered = all.map((r) => ({ ...r, userName: typeof r.userName === 'string' ? r.userName.toLowerCase() : r.userName }));
    const ids = new Set(foldUserNameFilter(filter).match(lowered).map((r: ScimResourceOut) => r.id));
    return all.filter((r) => ids.has(r.id));
  }
  return filter.match(all) as ScimResourceOut[];
}

/** SCIMMY's default page size (ListResponse `count`). */
const SCIMMY_DEFAULT_COUNT = 20;

/**
 * Performance only — SCIMMY still pages. SCIMMY coerces every resource egress returns (about 0.2–0.8 ms
 * each) before its ListResponse slices out the page, which makes a 10k-user directory take seconds per
 * page. When no sort is requested, hand SCIMMY just enough resources for its own slicing to produce the
 * requested page, and tell its ListResponse the real total through the documented `totalResults` list
 * constraint. Where SCIMMY's slicing rule would not yield the right page from a shortened list, hand
 * over everything, as without this function.
 */
function shortenForPaging<T>(resource: SCIMMY.Types.Resource, items: T[]): T[] {
  const constraints = resource.constraints ?? {};
  if (constraints.sortBy !== undefined) return items;
  const start = constraints.startIndex ?? 1;
  const count = constraints.count ?? SCIMMY_DEFAULT_COUNT;
  const total = items.length;
  const page = items.slice(start - 1, start - 1 + count);
  let handed: T[];
  // ListResponse slices at startIndex only when the list holds at least startIndex items and
  // totalResults differs from length + startIndex - 1; then it truncates to count.
  if (page.length < start) handed = page;
  else {
    const prefix = items.slice(0, start - 1 + count);
    if (total === prefix.length + start - 1) return items;
    handed = prefix;
  }
  (resource as { constraints?: Record<string, unknown> }).constraints = { ...constraints, totalResults: total };
  return handed;
}

/**
 * Performance only: whether SCIMMY's own attribute filtering (`attributes` / `excludedAttributes`) drops
 * `members` from its output, asked of SCIMMY with a one-member probe group. SCIMMY coerces every member
 * before filtering attributes, so clients that list groups with `excludedAttributes=members` (spec §6.5)
 * would otherwise pay for members nobody receives.
 */
function membersExcluded(resource: SCIMMY.Types.Resource): boolean {
  if (!resource.attributes) return false;
  const probe = new SCIMMY.Schemas.Group({ id: 'probe', displayName: 'probe', members: [{ value: 'probe' }] }, 'out', '', resource.attributes);
  return !Object.prototype.hasOwnProperty.call(JSON.parse(JSON.stringify(probe)), 'members');
}

export function declareScimResources(): void {
  // WorkOS accepts the enterprise extension; without it SCIMMY rejects bodies that list its URN.
  const User = SCIMMY.Resources.User;
  const extensions = User.describe().schemaExtensions ?? [];
  if (!extensions.some((e) => e.schema === SCIMMY.Schemas.EnterpriseUser.id)) User.extend(SCIMMY.Schemas.EnterpriseUser, false);

  SCIMMY.Resources.declare(SCIMMY.Resources.User)
    .egress((resource, ctx) => {
      const { store, quirks } = contextOf(ctx);
      if (resource.id !== undefined) {
        const u = store.getUser(resource.id);
        if (!u) throw notFound(resource.id);
        return out<UserOut>(store.userResource(u));
      }
      const index = store.membershipIndex();
      const records = store.listUsers();
      if (!resource.filter) return out<UserOut[]>(shortenForPaging(resource, records).map((u) => store.userResource(u, index)));
      const matched = listWithFilter(resource, records.map((u) => store.userResource(u, index, true)), quirks);
      return out<UserOut[]>(structuredClone(shortenForPaging(resource, matched)));
    })
    .ingress((resource, instance, ctx) => {
      const { store, quirks } = contextOf(ctx);
      const attributes = attributesOf(instance);
      const raw = typeof attributes.userName === 'string' ? attributes.userName.trim() : '';
      if (!raw) throw scimError(400, "Required attribute 'userName' is missing", 'invalidValue');
      // WorkOS stores userName lower-cased; otherwise keep exactly what the client sent.
      const userName = quirks.workos ? raw.toLowerCase() : (attributes.userName as string);
      if (resource.id !== undefined && !store.getUser(resource.id)) throw notFound(resource.id);
      if (store.userNameTaken(userName, resource.id)) throw scimError(409, `Another user already exists with this username '${userName}'`, 'uniqueness');
      const user = store.putUser(resource.id, { ...attributes, userName });
      return out<UserOut>(store.userResource(user));
    })
    .degress((resource, ctx) => {
      const { store } = contextOf(ctx);
      if (resource.id === undefined || !store.deleteUser(resource.id)) throw notFound(resource.id);
    });

  SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .egress((resource, ctx) => {
      const { store, quirks } = contextOf(ctx);
      if (resource.id !== undefined) {
        const g = store.getGroup(resource.id);
        if (!g) throw notFound(resource.id);
        return out<GroupOut>(store.groupResource(g));
      }
      const records = store.listGroups();
      const handed = resource.filter
        ? structuredClone(shortenForPaging(resource, listWithFilter(resource, records.map((g) => store.groupResource(g, true)), quirks)))
        : shortenForPaging(resource, records).map((g) => store.groupResource(g));
      if (membersExcluded(resource)) for (const g of handed) delete g.members;
      return out<GroupOut[]>(handed);
    })
    .ingress((resource, instance, ctx) => {
      const { store, quirks } = contextOf(ctx);
      const attributes = attributesOf(instance);
      const members = Array.isArray(attributes.members) ? (attributes.members as unknown[]) : [];
      delete attributes.members;
      const displayName = typeof attributes.displayName === 'string' ? attributes.displayName.trim() : '';
      if (!displayName) throw scimError(400, "Required attribute 'displayName' is missing", 'invalidValue');
      if (resource.id !== undefined && !store.getGroup(resource.id)) throw notFound(resource.id);

      const memberIds: string[] = [];
      for (const m of members) {
        const value = m && typeof m === 'object' ? (m as { value?: unknown }).value : undefined;
        if (typeof value === 'string' && store.getUser(value)) memberIds.push(value);
        // WorkOS drops unresolvable members silently (spec §2.2); otherwise refuse the write.
        else if (!quirks.workos) throw scimError(400, `Member '${String(value)}' does not reference an existing User`, 'invalidValue');
      }

      if (quirks.workos) {
        // WorkOS group identity: externalId when present, else displayName (spec §2.2).
        const externalId = typeof attributes.externalId === 'string' ? attributes.externalId : undefined;
        const clash = store.listGroups().find((g) => g.id !== resource.id && (externalId !== undefined ? g.attributes.externalId === externalId : g.attributes.externalId === undefined && g.attributes.displayName === displayName));
        if (clash) throw scimError(409, 'Another group already exists with this ID', 'uniqueness');
      }

      const group = store.putGroup(resource.id, { ...attributes, displayName }, memberIds);
      return out<GroupOut>(store.groupResource(group));
    })
    .degress((resource, ctx) => {
      const { store } = contextOf(ctx);
      if (resource.id === undefined || !store.deleteGroup(resource.id)) throw notFound(resource.id);
    });
}
