import { z } from 'zod';
import type { Badge, ContextAnswer, ContextInput, Finding } from './types.ts';

/**
 * The zod side of the context-check messages (the worker and the protocol validate with these; the
 * content script only uses the plain types in ./types.ts, so zod stays out of its bundle).
 */
export const ContextFindingSchema = z.object({
  id: z.string().max(128),
  level: z.enum(['info', 'warning', 'ok']),
  title: z.string().max(500),
  detail: z.string().max(2000),
  action: z.object({ kind: z.literal('use-scim-url'), label: z.string().max(200), value: z.string().max(2048) }).optional(),
}) satisfies z.ZodType<Finding>;

/** Labels the page shows (connector names, member emails): bounded so a huge page cannot flood the worker. */
export const ContextInputSchema = z.object({
  connectors: z.array(z.string().max(200)).max(500).optional(),
  members: z.array(z.string().max(320)).max(2000).optional(),
}) satisfies z.ZodType<ContextInput>;

export const BadgeSchema = z.object({
  target: z.string(),
  label: z.string(),
  detail: z.string(),
  level: z.enum(['info', 'warning', 'ok']),
  open: z.string().nullable(),
}) satisfies z.ZodType<Badge>;

export const ContextCheckResultSchema = z.object({
  page: z.string().nullable(),
  findings: z.array(ContextFindingSchema),
  badges: z.array(BadgeSchema),
  dismissed: z.array(z.string()),
}) satisfies z.ZodType<ContextAnswer>;
export type ContextCheckResult = z.infer<typeof ContextCheckResultSchema>;

/** What the popup shows for the current tab: the checks that apply there, or the admin's next task elsewhere. */
export const TabChecksSchema = z.object({
  checks: z.array(z.object({ id: z.string(), title: z.string(), findings: z.array(ContextFindingSchema), dismissed: z.boolean() })),
  suggestion: z.object({ label: z.string(), url: z.string(), why: z.string() }).nullable(),
});
export type TabChecks = z.infer<typeof TabChecksSchema>;

/** Inventory pages a content script may ask the worker to open (a badge's link). */
export const INVENTORY_HASH = /^#\/(?:mcp|people)\/[^\s/]{1,400}$/;
