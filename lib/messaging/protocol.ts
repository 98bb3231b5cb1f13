import { z } from 'zod';

/**
 * Every message between pages, content scripts and the background worker. Requests are validated
 * with zod on receipt; an unknown or malformed message is answered with an error envelope and never
 * reaches a handler.
 */
export const ConnectionSchema = z.enum(['compliance', 'analytics', 'scim']);
export type Connection = z.infer<typeof ConnectionSchema>;

export const RetentionModeSchema = z.enum(['dont-remember', 'session', 'encrypted']);
export type RetentionMode = z.infer<typeof RetentionModeSchema>;

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
  /** Checks a Compliance key: the pasted `secret`, or the stored one when omitted. Read-only probes. */
  z.object({ type: z.literal('compliance/check-key'), secret: z.string().max(4096).optional() }),
  /** Starts a Compliance snapshot, or joins the one already running. */
  z.object({ type: z.literal('snapshot/start') }),
  z.object({ type: z.literal('snapshot/cancel') }),
  /** From a content script on claude.ai: which checks apply to this page. Never answered with secrets. */
  z.object({ type: z.literal('context/check'), url: z.url() }),
]);
export type Request = z.infer<typeof RequestSchema>;
export type RequestType = Request['type'];
export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;

export const CredentialStatusSchema = z.object({
  connection: ConnectionSchema,
  mode: RetentionModeSchema,
  present: z.boolean(),
  locked: z.boolean(),
});
export type CredentialStatus = z.infer<typeof CredentialStatusSchema>;

export const ConnectionTestResultSchema = z.object({
  connection: ConnectionSchema,
  ok: z.boolean(),
  /** One line for the admin, e.g. "Connected: 3 organizations visible". */
  summary: z.string(),
  requestId: z.string().nullable(),
  checkedAt: z.string(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResultSchema>;

export const KeyCheckSchema = z.object({
  checkedAt: z.string(),
  /** From the key's shape alone (lib/keys/classify.ts). */
  credential: z.object({ code: z.string(), verdict: z.enum(['accepted', 'limited', 'rejected']), message: z.string(), masked: z.string().nullable() }),
  /** What the API said; null when the key was rejected before any request. */
  status: z.enum(['ok', 'missing_scopes', 'invalid_key', 'admin_key', 'unreachable', 'not_checked']),
  message: z.string(),
  checklist: z.array(z.object({ scope: z.string(), state: z.enum(['present', 'missing', 'unknown']), purpose: z.string() })),
  deleteScope: z.enum(['present', 'absent', 'unknown']),
  otherDeleteKeys: z.array(z.object({ name: z.string(), createdAt: z.string().nullable() })),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
  fix: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type KeyCheck = z.infer<typeof KeyCheckSchema>;

export const ContextFindingSchema = z.object({
  id: z.string(),
  level: z.enum(['info', 'warning', 'ok']),
  title: z.string(),
  detail: z.string(),
});
export const ContextCheckResultSchema = z.object({ page: z.string().nullable(), findings: z.array(ContextFindingSchema) });
export type ContextCheckResult = z.infer<typeof ContextCheckResultSchema>;

/** The response each request type gets on success. */
export const ResponseSchemas = {
  ping: z.object({ version: z.string(), workerStartedAt: z.string() }),
  'connection/test': ConnectionTestResultSchema,
  'credential/set': CredentialStatusSchema,
  'credential/status': CredentialStatusSchema,
  'credential/forget': CredentialStatusSchema,
  'vault/unlock': z.object({ unlocked: z.boolean() }),
  'context/check': ContextCheckResultSchema,
  'compliance/check-key': KeyCheckSchema,
  'snapshot/start': z.object({ runId: z.string(), joined: z.boolean() }),
  'snapshot/cancel': z.object({ cancelled: z.boolean() }),
} satisfies Record<RequestType, z.ZodType>;
export type ResponseOf<T extends RequestType> = z.infer<(typeof ResponseSchemas)[T]>;

export const ErrorCodeSchema = z.enum(['bad_request', 'unknown_type', 'forbidden', 'failed']);
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: z.infer<typeof ErrorCodeSchema>; message: string } };

export const EnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: ErrorCodeSchema, message: z.string() }) }),
]);

/** Requests a content script may send. Everything else from a content script is refused. */
export const CONTENT_SCRIPT_ALLOWED: ReadonlySet<RequestType> = new Set(['ping', 'context/check']);
