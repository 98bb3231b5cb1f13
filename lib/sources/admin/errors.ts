import type { ErrorDescriber } from '../../api/http/index.ts';

const IN_CLAUDE = 'Make this change in claude.ai → Organization settings (admin settings) instead.';

/**
 * Plain words for the named error codes of the Admin API (admin-api.md §1.7): what happened and what
 * to do. Branches on `error.details.error_code`, never on the message text; an unknown code falls back
 * to the generic wording of its status.
 */
export const ADMIN_ERROR_MESSAGES: Readonly<Record<string, string>> = {
  rbac_group_grants_owner_access: `The Admin API does not change this group: a role attached to it grants owner access, so members cannot be added or removed and the group cannot be deleted through the API. ${IN_CLAUDE}`,
  rbac_group_owner_access_unconfirmed: `Nothing was changed: the Admin API could not confirm whether this group grants owner access, and trying again will not help. ${IN_CLAUDE}`,
  rbac_group_not_found: 'This RBAC group no longer exists in the organization. Sync the Admin API again to refresh the group list.',
  rbac_role_not_found: 'This RBAC role no longer exists. Sync the Admin API again to refresh the role list.',
  cannot_remove_last_member: 'This person is the organization’s only member and cannot be removed. Add another member first.',
  concurrent_membership_change: 'Another membership change is running for this organization. Try again in a moment, once it has finished.',
  api_key_requester_unconfirmed:
    'The Admin API could not confirm that the request came from the organization, so it refused the part that needed the API key (on a removal the person stays a member but may have been signed out). Sending the same request again is safe; if it keeps failing, contact support with the request ID.',
  change_outcome_unknown: 'Some of the change may have been saved. Send the same change again to finish it: the parts already saved are not repeated.',
  org_member_limit_exceeded: 'The organization has reached its member limit (pending invites count). Remove members or invites, or ask your account team to raise the limit.',
  already_member: 'This person is already a member of the organization.',
  invite_already_exists: 'An invite for this email address is already pending.',
  email_domain_not_allowed: 'The organization does not allow members with this email domain. Add the domain in the organization settings, or use another address.',
  cannot_invite_emails_with_unverified_domains: 'This email domain is not verified for the organization. Verify the domain in the organization settings first.',
  cannot_sign_out_primary_owner: 'The Primary Owner cannot be signed out through the API.',
  cannot_sign_out_self: 'The API key cannot sign out its own user.',
  cannot_sign_out_owner: 'Owners cannot be signed out with this key. Do it in claude.ai admin settings.',
  cannot_sign_out_membership_admin: 'Membership admins cannot be signed out with this key. Do it in claude.ai admin settings.',
  cannot_sign_out_managed_member: 'Managed members cannot be signed out with this key. Do it in claude.ai admin settings.',
  cannot_sign_out_privileged_member: 'Members with owner permissions cannot be signed out with this key. Do it in claude.ai admin settings.',
  organization_not_enrolled_in_beta: 'This feature is in beta and not enabled for the organization, so the extension does not use it.',
  organization_type_not_supported: 'This part of the Admin API does not serve this type of organization (it is for Claude Enterprise organizations), so the extension does not use it.',
  parent_organization_required: 'This part of the Admin API serves only organizations that have a parent organization, so the extension does not use it.',
  organization_not_eligible: 'The organization is not eligible for this feature. Contact your account team if you need it.',
  organization_on_hold: 'The organization is on hold, so the Admin API refuses requests and syncing has stopped. Follow the appeal instructions in claude.ai or contact support.',
  spend_limits_admin_api_writes_not_enabled: 'The organization does not allow spend limits to be read or changed with an Admin API key (an organization setting).',
  sandbox_egress_restricted: 'The request was refused because it came from a network-restricted environment. Send it from a normal network connection.',
  authorization_check_unavailable: 'The Admin API could not check the organization’s approval right now, so nothing was done. Try again in a minute.',
};

/** A `scim` group while SCIM is on: the API's refusal has no documented code [unverified], so it is recognised by status and the group's kind where the caller knows it. */
export const SCIM_GROUP_READ_ONLY =
  'This group is provisioned by your identity provider (SCIM), so its members cannot be changed through the Admin API while SCIM provisioning is on. Change the group in your identity provider; the change reaches Claude with the next directory sync.';

export const describeAdminError: ErrorDescriber = (ctx) => {
  if (ctx.kind !== 'http') return undefined;
  if (ctx.errorCode) {
    const known = ADMIN_ERROR_MESSAGES[ctx.errorCode];
    if (known) return known;
  }
  if (ctx.status === 403) {
    const said = ctx.serverMessage ? ` The server said: "${ctx.serverMessage.slice(0, 300)}"` : '';
    return `The Admin API key is not allowed to do this: it lacks a scope (reading groups needs read:rbac_groups; membership changes need write:rbac_groups; removing members needs write:members).${said} Create a key with the scope you need and replace it in Options → Admin API.`;
  }
  if (ctx.status === 400 && /\/rbac_groups\/[^/]+\/members/.test(ctx.path) && ctx.serverMessage && /scim/i.test(ctx.serverMessage)) return SCIM_GROUP_READ_ONLY;
  return undefined;
};
