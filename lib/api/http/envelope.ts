import { z } from 'zod';

/** The platform-wide Anthropic error body (the compliance pages sometimes print only the inner `error`). */
const AnthropicErrorSchema = z.object({
  type: z.literal('error').optional(),
  error: z.object({ type: z.string(), message: z.string().optional(), details: z.looseObject({ error_code: z.string().optional() }).nullable().optional() }).loose(),
  request_id: z.string().optional(),
});

/** RFC 7644 §3.12. `status` is a string per the RFC, a number on many servers. */
const ScimErrorSchema = z.object({
  schemas: z.array(z.string()).refine((s) => s.some((u) => u.endsWith(':Error')), 'not a SCIM error'),
  status: z.union([z.string(), z.number()]).optional(),
  scimType: z.string().optional(),
  detail: z.string().optional(),
});

export interface ParsedErrorBody {
  format: 'anthropic' | 'scim';
  /** `error.type` (Anthropic) or `scimType` (SCIM). */
  errorType: string | undefined;
  message: string | undefined;
  requestId: string | undefined;
  /** `error.details.error_code` (Admin and Analytics APIs name specific refusals, e.g. `report_page_too_large`). */
  errorCode?: string | undefined;
}

/** Reads an error body in either envelope; undefined for anything else (bare 413, a proxy's HTML page …). */
export function parseErrorBody(text: string): ParsedErrorBody | undefined {
  if (text.trim() === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const a = AnthropicErrorSchema.safeParse(json);
  if (a.success) return { format: 'anthropic', errorType: a.data.error.type, message: a.data.error.message, requestId: a.data.request_id, errorCode: a.data.error.details?.error_code };
  const s = ScimErrorSchema.safeParse(json);
  if (s.success) return { format: 'scim', errorType: s.data.scimType, message: s.data.detail, requestId: undefined };
  return undefined;
}
