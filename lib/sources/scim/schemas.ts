import type { ScimUserRow } from './tables.ts';
import { z } from 'zod';

/**
 * SCIM 2.0 resources (RFC 7643) as Claude Enterprise's directory-sync endpoint returns them
 * (specs/scim.md §2–3). Read tolerantly: extension schemas and unknown attributes are kept out of the
 * way, missing optional attributes are fine, and a resource without an `id` is skipped.
 */
export const ScimUserSchema = z.looseObject({
  id: z.string().min(1),
  userName: z.string(),
  displayName: z.string().nullable().optional(),
  externalId: z.string().nullable().optional(),
  active: z.boolean().optional(),
  name: z.looseObject({ givenName: z.string().nullable().optional(), familyName: z.string().nullable().optional(), formatted: z.string().nullable().optional() }).nullable().optional(),
  emails: z.array(z.looseObject({ value: z.string().optional(), primary: z.boolean().optional(), type: z.string().optional() })).optional(),
  meta: z.looseObject({ created: z.string().optional(), lastModified: z.string().optional() }).optional(),
});
export type ScimUser = z.infer<typeof ScimUserSchema>;

export const ScimGroupSchema = z.looseObject({
  id: z.string().min(1),
  displayName: z.string(),
  externalId: z.string().nullable().optional(),
  members: z.array(z.looseObject({ value: z.string(), display: z.string().optional() })).optional(),
  meta: z.looseObject({ created: z.string().optional(), lastModified: z.string().optional() }).optional(),
});
export type ScimGroup = z.infer<typeof ScimGroupSchema>;

/** ListResponse (RFC 7644 §3.4.2): `Resources` may be absent when empty; `totalResults` cannot always be trusted. */
export const ListResponseSchema = z.looseObject({
  totalResults: z.number().optional(),
  startIndex: z.number().optional(),
  itemsPerPage: z.number().optional(),
  Resources: z.array(z.unknown()).optional(),
});

/** The email a person is known by: the primary one, else the first work one, else the first, else a userName that is an email. */
export function primaryEmail(u: ScimUser): string | null {
  const emails = (u.emails ?? []).filter((e) => typeof e.value === 'string' && e.value.trim() !== '');
  const pick = emails.find((e) => e.primary) ?? emails.find((e) => e.type === 'work') ?? emails[0];
  if (pick?.value) return pick.value.toLowerCase();
  return u.userName.includes('@') ? u.userName.toLowerCase() : null;
}

/** The stored row of a SCIM user (the sync's staging and a confirmed write's local mirror use the same). */
export function scimUserRow(u: ScimUser): ScimUserRow {
  return {
    id: u.id,
    userName: u.userName,
    email: primaryEmail(u),
    displayName: u.displayName ?? u.name?.formatted ?? null,
    givenName: u.name?.givenName ?? null,
    familyName: u.name?.familyName ?? null,
    externalId: u.externalId ?? null,
    active: u.active !== false,
    created: u.meta?.created ?? null,
  };
}
