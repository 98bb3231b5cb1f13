import type { PageCheck } from './types.ts';
import { complianceKeysCheck } from './checks/compliance-keys.ts';
import { analyticsKeysCheck } from './checks/analytics-keys.ts';
import { scimSetupCheck } from './checks/scim-setup.ts';
import { connectorsCheck } from './checks/connectors.ts';
import { membersCheck } from './checks/members.ts';

export type { Finding, PageCheck } from './types.ts';

/**
 * Every claude.ai context check, one file each under ./checks/. Adding a check = its file plus one line
 * here. This module is imported by the content script: it and the check files import no zod and no
 * database code (the worker's side of a check receives its facts through ContextFacts).
 */
export const PAGE_CHECKS: ReadonlyArray<PageCheck> = [
  register(complianceKeysCheck),
  register(analyticsKeysCheck),
  register(scimSetupCheck),
  register(connectorsCheck),
  register(membersCheck),
];

/** A check with its own detection type, in the list of checks (its detection only ever goes back to it). */
function register<D>(check: PageCheck<D>): PageCheck {
  return check as unknown as PageCheck;
}

export function checksFor(url: URL): PageCheck[] {
  return PAGE_CHECKS.filter((c) => c.matches(url));
}
