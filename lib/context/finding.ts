import { z } from 'zod';

/** What a context check says on a claude.ai page: a short title and one line of detail, never a secret. */
export const ContextFindingSchema = z.object({
  id: z.string(),
  level: z.enum(['info', 'warning', 'ok']),
  title: z.string(),
  detail: z.string(),
});
export type Finding = z.infer<typeof ContextFindingSchema>;

export const ContextCheckResultSchema = z.object({ page: z.string().nullable(), findings: z.array(ContextFindingSchema) });
export type ContextCheckResult = z.infer<typeof ContextCheckResultSchema>;
