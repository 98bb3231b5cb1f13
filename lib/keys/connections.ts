import { z } from 'zod';

/**
 * The credential slots the extension keeps: one per API connection. Each source reads with one of them
 * (lib/sources/<source>); the vault stores them; pages show their status.
 */
export const ConnectionSchema = z.enum(['compliance', 'analytics', 'scim', 'admin']);
export type Connection = z.infer<typeof ConnectionSchema>;

/** How a credential is kept: pasted for each run, in the browser session (default), or encrypted on disk. */
export const RetentionModeSchema = z.enum(['dont-remember', 'session', 'encrypted']);
export type RetentionMode = z.infer<typeof RetentionModeSchema>;

export const CredentialStatusSchema = z.object({
  connection: ConnectionSchema,
  mode: RetentionModeSchema,
  present: z.boolean(),
  locked: z.boolean(),
});
export type CredentialStatus = z.infer<typeof CredentialStatusSchema>;
