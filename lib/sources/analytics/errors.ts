import type { ErrorDescriber } from '../../api/http/index.ts';

/**
 * The Analytics API answers 401, 403 and 404 alike for credential problems (a bad key, a key without
 * read:analytics, or analytics access switched off for the organization), so all three get one
 * message that says where to look.
 */
export const describeAnalyticsError: ErrorDescriber = (ctx) =>
  ctx.status === 401 || ctx.status === 403 || ctx.status === 404
    ? 'The Analytics API key was rejected: it is invalid or revoked, lacks read:analytics, or the Analytics API is switched off for the organization. Check it in claude.ai → Organization settings → API (only the Primary Owner can create one).'
    : undefined;
