import { isApiError } from '../api/http/index.ts';
import { redactSecrets } from '../util/redact.ts';

/**
 * What provisioning tells the admin: fixed explanations the UI can show where an admin would look for
 * them, and the mapping of SCIM and Admin API failures to plain words with what to do next.
 */

/** SCIM manages membership only: groups come from the identity provider. */
export const GROUPS_NOT_OVER_SCIM =
  'Groups cannot be created or deleted from here: over SCIM they come from your identity provider. Create or delete the group there (or, for a group made by hand, in claude.ai → Organization settings → Groups); then sync.';

export const SCIM_GROUP_READ_ONLY =
  'This group comes from your identity provider (SCIM), and the Admin API cannot change its members while SCIM provisioning is on. Change the membership in your identity provider, or grant it through the SCIM group instead.';

export const OWNER_GROUP_REFUSED =
  'This group grants owner access, and the Admin API refuses to add or remove its members. Make the change in claude.ai → Organization settings → Groups.';

export const OWNER_GROUP_UNCONFIRMED =
  'The Admin API could not confirm whether this group grants owner access, so nothing was changed (trying again will not help). Make the change in claude.ai → Organization settings → Groups.';

export const ADMIN_WRITES_DISABLED =
  'Changes through the Admin API are turned off. To allow them, open Options → Admin API and turn on "Allow changes through the Admin API"; nothing was sent.';

export const CONNECT_ADMIN_FIRST = 'Connect the Admin API first (Options → Admin API).';

/** Only these roles can be set by API in an Enterprise organization (admin-api.md §2.3). */
export const ROLES_SETTABLE_BY_API = 'Only the User and Managed roles can be set through the Admin API; other roles are set in claude.ai → Organization settings → Members.';

export interface Failure {
  outcome: 'refused' | 'failed';
  message: string;
}

function said(detail: string | null): string {
  return detail ? ` The service said: "${detail.slice(0, 300)}".` : '';
}

/** A SCIM failure in plain words. `what` names the change ("create the user", "add the member"). */
export function describeScimFailure(err: unknown, what: string): Failure {
  if (!isApiError(err)) return { outcome: 'failed', message: `Could not ${what}: ${redactSecrets(err instanceof Error ? err.message : String(err))}` };
  const detail = err.serverMessage;
  if (err.kind !== 'http') return { outcome: 'failed', message: `Could not ${what}. ${err.message}` };
  const status = err.status ?? 0;
  switch (err.apiErrorType) {
    case 'invalidValue':
      return {
        outcome: 'refused',
        message: /email/i.test(detail ?? '')
          ? `The SCIM service did not accept the email address, so it did not ${what}.${said(detail)} Check the address and try again.`
          : `The SCIM service refused a value, so it did not ${what}.${said(detail)} Check the name, email or ids and try again.`,
      };
    case 'invalidSyntax':
      return { outcome: 'refused', message: `The SCIM service could not read the request, so it did not ${what}.${said(detail)} Report this together with the request ID.` };
    case 'uniqueness':
      return { outcome: 'refused', message: `The SCIM service already has a record with the same name or email, so it did not ${what}.${said(detail)}` };
    case 'mutability':
      return { outcome: 'refused', message: `The SCIM service does not allow that attribute to be changed, so it did not ${what}.${said(detail)}` };
    case 'invalidPath':
    case 'noTarget':
      return { outcome: 'refused', message: `The SCIM service did not accept the way the change was addressed, so it did not ${what}.${said(detail)} Report this together with the request ID.` };
    case 'tooMany':
    case 'invalidFilter':
      return { outcome: 'failed', message: `The SCIM service refused a look-up needed to ${what}.${said(detail)}` };
    case 'sensitive':
      return { outcome: 'refused', message: `The SCIM service refused to handle sensitive data in this request, so it did not ${what}.${said(detail)}` };
    default:
      break;
  }
  switch (status) {
    case 401:
      return { outcome: 'refused', message: `Could not ${what}: ${err.message}` };
    case 403:
      return {
        outcome: 'refused',
        message: `The SCIM token may not ${what} (HTTP 403).${said(detail)} Generate a token with write access in the directory-sync portal (claude.ai → Organization settings → Identity and access) and save it in Options → SCIM.`,
      };
    case 404:
      return { outcome: 'failed', message: `The SCIM service no longer has that user or group, so it could not ${what}. Run Sync now (Options → SCIM) to refresh the lists.` };
    case 409:
      return { outcome: 'refused', message: `The SCIM service refused to ${what} because it conflicts with an existing record (HTTP 409).${said(detail)}` };
    case 413:
      return { outcome: 'refused', message: `The SCIM service refused the request as too large (HTTP 413), so it did not ${what}. Shorten the display name and try again.` };
    case 429:
      return {
        outcome: 'failed',
        message: `The SCIM service is limiting requests (HTTP 429), so it did not ${what}. Try again in ${err.retryAfterSeconds !== null ? `${Math.max(1, Math.ceil(err.retryAfterSeconds))} second${Math.ceil(err.retryAfterSeconds) <= 1 ? '' : 's'}` : 'a minute'}.`,
      };
    default:
      if (status >= 500) return { outcome: 'failed', message: `The SCIM service had a problem on its side (HTTP ${status}), so it could not ${what}.${said(detail)} Try again in a few minutes.` };
      return { outcome: 'failed', message: `Could not ${what}. ${err.message}` };
  }
}

/** Admin API refusal codes that mean "change this in claude.ai instead" (admin-api.md §1.7). */
export const OWNER_CODES: ReadonlySet<string> = new Set(['rbac_group_grants_owner_access', 'rbac_group_owner_access_unconfirmed']);

/** An Admin API failure in plain words (branching on `error_code`, never on the text). */
export function describeAdminFailure(err: unknown, what: string): Failure {
  if (!isApiError(err)) {
    const text = redactSecrets(err instanceof Error ? err.message : String(err));
    return { outcome: 'failed', message: text === CONNECT_ADMIN_FIRST ? text : `Could not ${what}: ${text}` };
  }
  switch (err.errorCode) {
    case 'rbac_group_grants_owner_access':
      return { outcome: 'refused', message: OWNER_GROUP_REFUSED };
    case 'rbac_group_owner_access_unconfirmed':
      return { outcome: 'refused', message: OWNER_GROUP_UNCONFIRMED };
    case 'rbac_group_not_found':
      return { outcome: 'failed', message: `The group is no longer in the organization, so the Admin API could not ${what}. Sync the Admin API (Options → Admin API) to refresh the group list.` };
    case 'cannot_remove_last_member':
      return { outcome: 'refused', message: `The Admin API refused: this person is the group's only member, and a group cannot be left empty this way.` };
    case 'concurrent_membership_change':
      return { outcome: 'failed', message: `Another membership change is running in the organization, so the Admin API did not ${what}. Try again in a moment.` };
    case 'api_key_requester_unconfirmed':
      return { outcome: 'failed', message: `The Admin API could not confirm this request came from the organization and did not ${what}. Sending it again is safe; if it keeps happening, contact support with the request ID.` };
    case 'sandbox_egress_restricted':
      return { outcome: 'refused', message: `The Admin API refused the request because it came from a restricted network environment. Send it from a normal browser.` };
    case 'organization_on_hold':
      return { outcome: 'refused', message: `The organization is on hold, so the Admin API did not ${what}.${said(err.serverMessage)}` };
    default:
      break;
  }
  // The status of the "SCIM group is read-only" refusal is not documented: recognise it by its words.
  if (err.kind === 'http' && err.status !== null && err.status < 500 && /\bscim\b/i.test(`${err.errorCode ?? ''} ${err.serverMessage ?? ''}`)) {
    return { outcome: 'refused', message: SCIM_GROUP_READ_ONLY };
  }
  if (err.kind === 'http' && err.status === 403) {
    return {
      outcome: 'refused',
      message: `The Admin API key may not ${what} (HTTP 403).${said(err.serverMessage)} Group changes need write:rbac_groups and removing members needs write:members: create a key with those scopes and save it in Options → Admin API.`,
    };
  }
  if (err.kind === 'http' && err.status === 404) {
    return { outcome: 'failed', message: `The Admin API no longer has that person or group, so it could not ${what}. Sync the Admin API to refresh the lists.` };
  }
  if (err.kind === 'http' && err.status !== null && err.status >= 400 && err.status < 500 && err.status !== 408 && err.status !== 429) {
    return { outcome: 'refused', message: `Could not ${what}. ${err.message}` };
  }
  return { outcome: 'failed', message: `Could not ${what}. ${err.message}` };
}
