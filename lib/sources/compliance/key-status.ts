import { z } from 'zod';
import { defineKv } from '../../db/kv.ts';

/** The result of checking a Compliance key (./key-check.ts): shown in Options, the popup and on claude.ai. */
export const KeyCheckSchema = z.object({
  checkedAt: z.string(),
  /** From the key's shape alone (lib/keys/classify.ts). */
  credential: z.object({ code: z.string(), verdict: z.enum(['accepted', 'limited', 'rejected']), message: z.string(), masked: z.string().nullable() }),
  /** What the API said; not_checked when the key was rejected before any request. */
  status: z.enum(['ok', 'missing_scopes', 'invalid_key', 'admin_key', 'unreachable', 'not_checked']),
  message: z.string(),
  checklist: z.array(z.object({ scope: z.string(), state: z.enum(['present', 'missing', 'unknown']), purpose: z.string() })),
  deleteScope: z.enum(['present', 'absent', 'unknown']),
  otherDeleteKeys: z.array(z.object({ name: z.string(), createdAt: z.string().nullable(), possiblyThisKey: z.boolean().optional() })),
  /** False while this key could not be told apart among the organization's keys (its own requests not yet indexed). */
  ownKeyIdentified: z.boolean().optional(),
  /** The name of this key among the organization's keys, when it was identified. */
  ownKeyName: z.string().nullable().optional(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
  fix: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type KeyCheck = z.infer<typeof KeyCheckSchema>;

/** The last check of the stored Compliance key. */
export const KEY_CHECK = defineKv('compliance.keyCheck', KeyCheckSchema);

/**
 * Whether checking again later can make the check exact: the key works, but which of the organization's
 * keys it is (and so whether it carries the delete scope) waits on the API indexing its own requests.
 */
export function keyCheckSettlesLater(check: KeyCheck): boolean {
  return check.status === 'ok' && check.ownKeyIdentified === false && check.otherDeleteKeys.some((k) => k.possiblyThisKey === true);
}
