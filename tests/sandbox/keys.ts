import { createHash } from 'node:crypto';
import type { SandboxKey } from './shared/contracts.ts';

export const COMPLIANCE_READ_SCOPES = ['read:compliance_activities', 'read:compliance_user_data', 'read:compliance_org_data'] as const;

function secret(prefix: string, seed: number, label: string): string {
  const body = createHash('sha256').update(`${seed}:${label}`).digest('base64url').slice(0, 86);
  return `${prefix}${body}-sbx${label.length}AA`;
}

/**
 * The credentials a sandbox tenant accepts, derived from its seed so a demo or a test can print them.
 * Every kind of key the Compliance key check must recognise is here.
 */
export function sandboxKeys(seed: number) {
  const compliance = {
    full: { secret: secret('sk-ant-api01-', seed, 'full'), label: 'Admin companion (sandbox)', scopes: [...COMPLIANCE_READ_SCOPES], active: true },
    activitiesOnly: { secret: secret('sk-ant-api01-', seed, 'activities-only'), label: 'SIEM export', scopes: ['read:compliance_activities'], active: true },
    noUserData: { secret: secret('sk-ant-api01-', seed, 'no-user-data'), label: 'Directory reader', scopes: ['read:compliance_activities', 'read:compliance_org_data'], active: true },
    withDelete: {
      secret: secret('sk-ant-api01-', seed, 'with-delete'),
      label: 'Retention tool',
      scopes: [...COMPLIANCE_READ_SCOPES, 'delete:compliance_user_data'],
      active: true,
    },
    retiredScope: { secret: secret('sk-ant-api01-', seed, 'retired'), label: 'Old settings reader', scopes: ['read:compliance_org_settings'], active: true },
    revoked: { secret: secret('sk-ant-api01-', seed, 'revoked'), label: 'Rotated key', scopes: [...COMPLIANCE_READ_SCOPES], active: false },
    /** Admin API key: reaches the Activity Feed only. */
    admin: { secret: secret('sk-ant-admin01-', seed, 'admin'), label: 'Console admin key', scopes: ['read:compliance_activities'], active: true },
  } satisfies Record<string, SandboxKey>;
  const analytics = {
    full: { secret: secret('sk-ant-api01-', seed, 'analytics'), label: 'Analytics (sandbox)', scopes: ['read:analytics'], active: true },
  } satisfies Record<string, SandboxKey>;
  /** Admin API keys (admin-api.md §1.2): every scope the product uses, read-only, and one that reads members only. */
  const admin = {
    full: { secret: secret('sk-ant-admin01-', seed, 'admin-api-full'), label: 'Admin companion (sandbox)', scopes: ['read:rbac_groups', 'write:rbac_groups', 'write:members'], active: true },
    readOnly: { secret: secret('sk-ant-admin01-', seed, 'admin-api-read'), label: 'Directory reader', scopes: ['read:rbac_groups'], active: true },
    membersOnly: { secret: secret('sk-ant-admin01-', seed, 'admin-api-members'), label: 'Member list', scopes: [], active: true },
  } satisfies Record<string, SandboxKey>;
  const scimToken = createHash('sha256').update(`${seed}:scim`).digest('base64url').slice(0, 40);
  return { compliance, analytics, admin, scimToken };
}
export type SandboxKeys = ReturnType<typeof sandboxKeys>;
