import { adminChanges } from './sources/admin.ts';
import { analyticsChanges } from './sources/analytics.ts';
import { complianceChanges } from './sources/compliance.ts';
import { scimChanges } from './sources/scim.ts';
import type { ChangeSource } from './types.ts';

/**
 * Every source that takes part in the Changes view, one line each. A source not listed here publishes as
 * before and records no changes. The Admin API entry applies once that source publishes (source id
 * "admin"). Plugins publish with the Compliance snapshot, so they are its kind "plugin" (fields `name`,
 * `scan`, `reach`); the alert rules "new plugin" and "plugin scan fail/warn" read that kind.
 */
export const CHANGE_SOURCES: readonly ChangeSource[] = [complianceChanges, analyticsChanges, scimChanges, adminChanges];

export function changeSourceFor(source: string): ChangeSource | undefined {
  return CHANGE_SOURCES.find((s) => s.source === source);
}
