/**
 * Error types and message texts of the Compliance API (compliance-api.md §4.1–4.2). Texts the spec
 * gives verbatim are reproduced exactly; texts it calls undocumented are marked [unverified] and are the
 * sandbox's own wording.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new ApiError(400, 'invalid_request_error', message);
export const notFound = (message: string) => new ApiError(404, 'not_found_error', message);

/** Python-list rendering used in 403 bodies: `['a', 'b']`. */
export function pyList(items: readonly string[]): string {
  return `[${items.map((s) => `'${s}'`).join(', ')}]`;
}

export const MSG = {
  invalidKey: 'The API key provided is invalid or has been revoked.',
  missingScopes: (got: readonly string[], needed: readonly string[]) => `Missing required scopes. Got: ${pyList(got)} Needed: ${pyList(needed)}`,
  rateLimited: (limit: number) =>
    `Compliance API rate limit of ${limit} requests per minute per parent organization has been exceeded. Retry after the time indicated by the retry-after header. Quote the request-id response header when contacting Anthropic support.`,
  limit: (max: number, got: string) => `The limit parameter must be between 1 and ${max}, inclusive. Got ${got}.`,
  timestamp: (param: string, got: string) =>
    `The \`${param}\` parameter contains an invalid timestamp format. Timestamps must be provided in RFC 3339 format e.g., "2024-03-01T00:00:00Z". Got "${got}".`,
  /** Exact for activities; the chat and message variants follow the same pattern [unverified]. */
  badCursor: (param: 'after_id' | 'before_id', what: 'activity' | 'chat' | 'message', got: string) => `Invalid \`${param}\`. No ${what} found for \`${param}\` "${got}"`,
  /** Documented for the local-session endpoints; reused for every page token [unverified]. */
  badPage: 'The page parameter is not a valid cursor for this request.',
  // 404 texts (exact).
  chatNotFound: (id: string) => `Chat ${id} not found.`,
  fileNotFound: 'No file found with provided id, or it has already been deleted.',
  projectNotFound: 'No project is found with the provided id.',
  documentNotFound: 'No project document found with provided id, or it has already been deleted.',
  orgNotFound: (uuid: string) => `The "${uuid}" organization does not exist or the requester is not authorized to access it.`,
  roleNotFound: 'Role not found.',
  groupNotFound: 'Group not found.',
  settingsNotFound: (uuid: string) => `organization \`${uuid}\` not found in this organization's hierarchy`,
  localSessionsUnavailable: 'Local sessions are not available.',
  remoteSessionNotFound: 'Remote session not found.',
  projectHasChats: (id: string) => `The "${id}" project cannot be deleted as it has chats attached to it. Delete or detach all chats, and try deleting the project again.`,
  // [unverified] wording below: the docs name these cases but quote no message.
  generatedFileNotFound: 'No generated file found with provided id.',
  artifactNotFound: 'No artifact version found with provided id.',
  codeArtifactNotFound: 'No code artifact found with provided id, or it has already been deleted.',
  unknownRoute: 'The requested resource could not be found.',
  bothCursors: 'Only one of `after_id` and `before_id` may be provided.',
  typesAndExcludes: '`activity_types[]` and `exclude_activity_types[]` cannot be used together.',
  actorIdsUsersOnly: (got: string) => `Only user IDs (user_...) are supported in \`actor_ids[]\` and \`user_ids[]\`. Got "${got}".`,
  enumValue: (param: string, allowed: readonly string[], got: string) => `The \`${param}\` parameter must be one of: ${allowed.join(', ')}. Got "${got}".`,
  orderByWithUsers: '`order_by=updated_at` is only supported for organization-wide queries (without `user_ids[]`).',
  beforeIdOrgWide: '`before_id` is only supported together with `user_ids[]`.',
  projectIdsNeedUsers: '`project_ids[]` can only be used together with `user_ids[]`.',
  usersAndUpdatedAt: '`updated_at` filters cannot be combined with `user_ids[]`; use `created_at` filters instead.',
  tooManyUsers: (n: number) => `\`user_ids[]\` accepts between 1 and 10 values. Got ${n}.`,
  timeFilterOrderBy: (orderBy: string, field: string) => `Time filters must match \`order_by\`: with order_by=${orderBy}, \`${field}.*\` filters are not supported.`,
  cursorOrderBy: (param: string, issued: string, requested: string) => `The \`${param}\` cursor was issued for order_by=${issued} and cannot be used with order_by=${requested}.`,
  maxChars: (param: string, got: string) => `The \`${param}\` parameter must be a positive integer or -1. Got ${got}.`,
} as const;
