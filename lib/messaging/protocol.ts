import { z } from 'zod';
import { ConnectionSchema, CredentialStatusSchema, RetentionModeSchema } from '../keys/connections.ts';
import { ConnectionTestResultSchema } from '../jobs/source.ts';
import { KeyCheckSchema } from '../sources/compliance/key-status.ts';
import { ContextCheckResultSchema, ContextInputSchema, INVENTORY_HASH, TabChecksSchema } from '../context/finding.ts';
import { AdminScopeCheckSchema } from '../sources/admin/scope-status.ts';
import { PluginAccessSchema } from '../sources/compliance/plugin-access.ts';
import { BudgetResponseSchema, MarkSeenRequestSchema, RemoveBudgetRequestSchema, RemoveBudgetResponseSchema, SetBudgetRequestSchema, UnseenResponseSchema } from '../changes/contract.ts';
import { CreateUserRequestSchema, DeleteUserRequestSchema, MembershipRequestSchema, WriteResultSchema } from '../identity/contract.ts';

/**
 * Every message between pages, content scripts and the background worker. Requests are validated
 * with zod on receipt; an unknown or malformed message is answered with an error envelope and never
 * reaches a handler. The domain types (credential status, key check, …) live with their owners in lib/.
 */

/** A source id (lib/sources): "compliance", "analytics", … Checked against the registry by the worker. */
const SourceIdSchema = z.string().min(1).max(64);

export const RequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }),
  z.object({ type: z.literal('connection/test'), connection: ConnectionSchema }),
  z.object({
    type: z.literal('credential/set'),
    connection: ConnectionSchema,
    secret: z.string().max(4096),
    mode: RetentionModeSchema,
    passphrase: z.string().max(1024).optional(),
  }),
  z.object({ type: z.literal('credential/status'), connection: ConnectionSchema }),
  z.object({ type: z.literal('credential/forget'), connection: ConnectionSchema }),
  z.object({ type: z.literal('vault/unlock'), passphrase: z.string().min(1).max(1024) }),
  /**
   * Checks a Compliance key: the pasted `secret`, or the stored one when omitted. Read-only probes.
   * `attempt` counts the automatic re-checks of a stored key whose delete scope waits on indexing.
   */
  z.object({ type: z.literal('compliance/check-key'), secret: z.string().max(4096).optional(), attempt: z.number().int().min(0).max(10).optional() }),
  /** Checks which scopes the stored Admin API key carries, with read-only probes (never a write); stores the result. */
  z.object({ type: z.literal('admin/check-scopes') }),
  /** One plugin's per-group installation settings and shares, read now with the stored Compliance key (never stored). */
  z.object({ type: z.literal('plugins/access'), pluginId: z.string().min(1).max(200) }),
  /**
   * Starts a source's job (a Compliance snapshot, an Analytics collection, …), or joins the one running.
   * `fullWalk`: the next run re-reads everything instead of only changes (Compliance: walks every chat id
   * so hard-deleted chats leave the inventory).
   */
  z.object({ type: z.literal('job/start'), source: SourceIdSchema, fullWalk: z.boolean().optional() }),
  z.object({ type: z.literal('job/cancel'), source: SourceIdSchema }),
  /** From a content script on claude.ai: which checks apply to this page. Never answered with secrets. */
  z.object({ type: z.literal('context/check'), url: z.url(), input: ContextInputSchema.optional() }),
  /** From a content script, after the admin clicked "Use this SCIM URL in the extension": the URL shown on claude.ai. */
  z.object({ type: z.literal('context/scim-url'), url: z.string().min(1).max(2048) }),
  /** From a content script: a badge's link to an inventory page (an MCP server or a person). */
  z.object({ type: z.literal('context/open'), hash: z.string().regex(INVENTORY_HASH) }),
  /** From a content script: the admin dismissed (or the popup restored) the panel of a check. */
  z.object({ type: z.literal('context/dismiss'), check: z.string().min(1).max(64), dismissed: z.boolean() }),
  /** From the popup: the checks that apply to the current tab (its URL when the popup can see it, else its id). */
  z.object({ type: z.literal('context/tab'), url: z.url().max(4096).optional(), tabId: z.number().int().nonnegative().optional() }),
  /** From the options page: the SCIM URL hand-off was taken into the form. */
  z.object({ type: z.literal('context/scim-handoff-taken') }),
  /** Identity writes (lib/identity): the worker writes, audits, reads back and records the pending change. */
  CreateUserRequestSchema,
  DeleteUserRequestSchema,
  MembershipRequestSchema,
  /** From People pages: make sure the published directory (lib/identity/directory.ts) is current. */
  z.object({ type: z.literal('identity/directory') }),
  /** Changes view, alerts and team budgets (lib/changes). */
  MarkSeenRequestSchema,
  SetBudgetRequestSchema,
  RemoveBudgetRequestSchema,
]);
export type Request = z.infer<typeof RequestSchema>;
export type RequestType = Request['type'];
export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;

/** The response each request type gets on success. */
export const ResponseSchemas = {
  ping: z.object({ version: z.string(), workerStartedAt: z.string() }),
  'connection/test': ConnectionTestResultSchema,
  'credential/set': CredentialStatusSchema,
  'credential/status': CredentialStatusSchema,
  'credential/forget': CredentialStatusSchema,
  'vault/unlock': z.object({ unlocked: z.boolean() }),
  'context/check': ContextCheckResultSchema,
  'context/scim-url': z.object({ ok: z.boolean(), message: z.string() }),
  'context/open': z.object({ opened: z.boolean() }),
  'context/dismiss': z.object({ dismissed: z.array(z.string()) }),
  'context/tab': TabChecksSchema,
  'context/scim-handoff-taken': z.object({ cleared: z.boolean() }),
  'compliance/check-key': KeyCheckSchema,
  'admin/check-scopes': AdminScopeCheckSchema,
  'plugins/access': PluginAccessSchema,
  'job/start': z.object({ runId: z.string(), joined: z.boolean() }),
  'job/cancel': z.object({ cancelled: z.boolean() }),
  'identity/create-user': WriteResultSchema,
  'identity/delete-user': WriteResultSchema,
  'identity/membership': WriteResultSchema,
  'identity/directory': z.object({ builtAt: z.string().nullable() }),
  'changes/mark-seen': UnseenResponseSchema,
  'budget/set': BudgetResponseSchema,
  'budget/remove': RemoveBudgetResponseSchema,
} satisfies Record<RequestType, z.ZodType>;
export type ResponseOf<T extends RequestType> = z.infer<(typeof ResponseSchemas)[T]>;

export const ErrorCodeSchema = z.enum(['bad_request', 'unknown_type', 'forbidden', 'failed']);
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: z.infer<typeof ErrorCodeSchema>; message: string } };

export const EnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: ErrorCodeSchema, message: z.string() }) }),
]);

/** Requests a content script may send. Everything else from a content script is refused. */
export const CONTENT_SCRIPT_ALLOWED: ReadonlySet<RequestType> = new Set(['ping', 'context/check', 'context/scim-url', 'context/open', 'context/dismiss']);
