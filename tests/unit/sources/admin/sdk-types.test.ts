import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { OrganizationInfo } from '@anthropic-ai/sdk/resources/organization/organization';
import type { OrganizationUser } from '@anthropic-ai/sdk/resources/organization/users';
import type { RBACGroup } from '@anthropic-ai/sdk/resources/organization/rbac-groups/rbac-groups';
import type { RBACGroupMember } from '@anthropic-ai/sdk/resources/organization/rbac-groups/members';
import type { RBACRole } from '@anthropic-ai/sdk/resources/organization/rbac-roles/rbac-roles';
import type { RBACRolePermission } from '@anthropic-ai/sdk/resources/organization/rbac-roles/permissions';
import type { PageCursorResponse, PageResponse } from '@anthropic-ai/sdk/core/pagination';
import type {
  OrganizationInfoSchema,
  OrganizationUserSchema,
  PageCursorSchema,
  PageSchema,
  RbacGroupMemberSchema,
  RbacGroupSchema,
  RbacRolePermissionSchema,
  RbacRoleSchema,
} from '../../../../lib/sources/admin/schemas.ts';

/**
 * The Admin API schemas accept every value the SDK 1.16 types describe (a dev dependency only, never
 * bundled). Index signatures of our loose objects are stripped so only named fields are compared.
 */
type Named<T> = T extends object ? (T extends readonly unknown[] ? T : { [K in keyof T as string extends K ? never : K]: Named<T[K]> }) : T;
type Accepts<Schema extends z.ZodType, Sdk> = Named<Sdk> extends Named<z.input<Schema>> ? true : false;

describe('Admin API schemas agree with the SDK 1.16 types', () => {
  it('organization and users', () => {
    expectTypeOf<Accepts<typeof OrganizationInfoSchema, OrganizationInfo>>().toEqualTypeOf<true>();
    expectTypeOf<Accepts<typeof OrganizationUserSchema, OrganizationUser>>().toEqualTypeOf<true>();
  });

  it('RBAC groups, members, roles and permissions (every resource kind)', () => {
    expectTypeOf<Accepts<typeof RbacGroupSchema, RBACGroup>>().toEqualTypeOf<true>();
    expectTypeOf<Accepts<typeof RbacGroupMemberSchema, RBACGroupMember>>().toEqualTypeOf<true>();
    expectTypeOf<Accepts<typeof RbacRoleSchema, RBACRole>>().toEqualTypeOf<true>();
    expectTypeOf<Accepts<typeof RbacRolePermissionSchema, RBACRolePermission>>().toEqualTypeOf<true>();
  });

  it('both paging envelopes', () => {
    expectTypeOf<Accepts<typeof PageSchema, PageResponse<OrganizationUser>>>().toEqualTypeOf<true>();
    expectTypeOf<Accepts<typeof PageCursorSchema, PageCursorResponse<RBACGroup>>>().toEqualTypeOf<true>();
  });
});
