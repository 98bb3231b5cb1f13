import type { NewUser } from './validate.ts';

/**
 * The request bodies and filters provisioning sends over SCIM (specs/scim.md §3 PATCH, §6 exchanges 2,
 * 3, 6, 7). Pure: no transport. Bodies carry no null and JSON booleans only, as WorkOS requires.
 */
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface ScimCreateBody {
  schemas: string[];
  userName: string;
  name: { givenName: string; familyName?: string };
  displayName: string;
  emails: Array<{ value: string; type: 'work'; primary: true }>;
  active: true;
}

/** POST /Users: userName = email, a primary work email, name, displayName, active; never a password (SSO). */
export function createUserBody(user: NewUser): ScimCreateBody {
  return {
    schemas: [USER_SCHEMA],
    userName: user.email,
    name: user.familyName === null ? { givenName: user.givenName } : { givenName: user.givenName, familyName: user.familyName },
    displayName: user.displayName,
    emails: [{ value: user.email, type: 'work', primary: true }],
    active: true,
  };
}

/** A SCIM filter string literal: `\` and `"` escaped (the query layer URL-encodes the whole parameter). */
export function scimString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function userNameFilter(userName: string): string {
  return `userName eq ${scimString(userName)}`;
}

export interface PatchBody {
  schemas: string[];
  Operations: Array<{ op: 'add' | 'remove'; path: string; value?: Array<{ value: string }> }>;
}

/** Add one member: `{"op":"add","path":"members","value":[{"value":id}]}`. */
export function addMemberPatch(userId: string): PatchBody {
  return { schemas: [PATCH_SCHEMA], Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }] };
}

/** Remove one member, standard form: path filter `members[value eq "id"]`, no value. */
export function removeMemberPatch(userId: string): PatchBody {
  return { schemas: [PATCH_SCHEMA], Operations: [{ op: 'remove', path: `members[value eq ${scimString(userId)}]` }] };
}

/**
 * Remove one member, fallback form (value array). Per the RFC a remove on `members` without a filter may
 * remove every member, so it is sent only after the standard form was refused with invalidPath/noTarget.
 */
export function removeMemberFallbackPatch(userId: string): PatchBody {
  return { schemas: [PATCH_SCHEMA], Operations: [{ op: 'remove', path: 'members', value: [{ value: userId }] }] };
}

/** scimTypes after which the fallback remove form is tried (spec §3 PATCH, §6 exchange 7). */
export const FALLBACK_SCIM_TYPES: ReadonlySet<string> = new Set(['invalidPath', 'noTarget']);

/** One line for the audit record: what the body asked for, without anything secret (bodies never hold one). */
export function summariseBody(body: ScimCreateBody | PatchBody): string {
  if ('Operations' in body) {
    return body.Operations.map((o) => `${o.op} ${o.path}${o.value ? ` ${JSON.stringify(o.value.map((v) => v.value))}` : ''}`).join('; ');
  }
  const family = body.name.familyName === undefined ? 'no familyName' : `familyName ${JSON.stringify(body.name.familyName)}`;
  return `userName ${body.userName}, displayName ${JSON.stringify(body.displayName)}, givenName ${JSON.stringify(body.name.givenName)}, ${family}, primary work email, active true`;
}
