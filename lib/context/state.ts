import { z } from 'zod';
import { defineKv } from '../db/kv.ts';

/**
 * What the context checks remember, in the worker's database (never in claude.ai's page):
 * - the SCIM URL the admin chose to use from claude.ai's SCIM setup page, waiting for the options page
 *   (which fills its SCIM URL field with it, asks for host access on Save as usual, and clears it);
 * - the checks whose panel the admin dismissed (per check, so per kind of page).
 */
export const ScimHandoffSchema = z.object({ url: z.string().max(2048), at: z.string() });
export type ScimHandoff = z.infer<typeof ScimHandoffSchema>;
export const SCIM_HANDOFF = defineKv('context.scimHandoff', ScimHandoffSchema);
/** What the worker tells open extension pages when a hand-off is waiting (the options page may already be open). */
export const SCIM_HANDOFF_READY = 'context/scim-handoff-ready';

export const CONTEXT_DISMISSED = defineKv('context.dismissed', z.record(z.string().max(64), z.string()));

/** A hand-off older than this is stale: the options page ignores it (the admin moved on). */
export const HANDOFF_TTL_MS = 30 * 60_000;

export function freshHandoff(h: ScimHandoff | undefined, now: Date): ScimHandoff | null {
  if (!h) return null;
  const age = now.getTime() - Date.parse(h.at);
  return age >= 0 && age <= HANDOFF_TTL_MS ? h : null;
}
