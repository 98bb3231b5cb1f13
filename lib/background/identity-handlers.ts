import type { Handlers } from '../messaging/router.ts';
import { createUser } from '../identity/create-user.ts';
import { deleteUser } from '../identity/delete-user.ts';
import { changeMembership } from '../identity/membership.ts';
import { realSleep, type ProvisionDeps } from '../identity/deps.ts';

export type IdentityHandlers = Pick<Handlers, 'identity/create-user' | 'identity/delete-user' | 'identity/membership'>;

/**
 * The worker's answers to the identity write messages: each write is validated, sent, read back,
 * audited and (when the provider has not applied it yet) recorded as pending sync by lib/identity.
 */
export function createIdentityHandlers(deps: Omit<ProvisionDeps, 'sleep' | 'now'> & Partial<Pick<ProvisionDeps, 'sleep' | 'now'>>): IdentityHandlers {
  const full: ProvisionDeps = { ...deps, now: deps.now ?? (() => new Date()), sleep: deps.sleep ?? realSleep };
  return {
    'identity/create-user': (r) => createUser(full, r),
    'identity/delete-user': (r) => deleteUser(full, r),
    'identity/membership': (r) => changeMembership(full, r),
  };
}
