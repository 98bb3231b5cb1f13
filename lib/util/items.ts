import type { z } from 'zod';

/** Validates list items one by one: the ones a schema accepts, and how many it did not (skipped, counted, never fatal). */
export function parseItems<T>(schema: z.ZodType<T>, items: unknown[]): { items: T[]; skipped: number } {
  const out: T[] = [];
  let skipped = 0;
  for (const raw of items) {
    const r = schema.safeParse(raw);
    if (r.success) out.push(r.data);
    else skipped++;
  }
  return { items: out, skipped };
}
