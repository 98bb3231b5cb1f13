import type { z } from 'zod';
import type { CoreDb } from './schema.ts';

/**
 * A typed singleton record in the shared `kv` table, declared beside the code that owns it:
 * `export const KEY_CHECK = defineKv('compliance.keyCheck', KeyCheckSchema)`. Reads validate with the
 * schema, so a record written by an older version (or damaged) reads as absent instead of leaking an
 * unexpected shape into the UI; writes are typed.
 */
export interface KvDefinition<T> {
  readonly key: string;
  readonly schema: z.ZodType<T>;
  /** The stored value, or undefined when absent or no longer valid. */
  read(db: CoreDb): Promise<T | undefined>;
  write(db: CoreDb, value: T): Promise<void>;
  remove(db: CoreDb): Promise<void>;
  /** Validates a raw value read elsewhere (e.g. a page's live query). */
  parse(raw: unknown): T | undefined;
}

const registered = new Set<string>();

export function defineKv<T>(key: string, schema: z.ZodType<T>): KvDefinition<T> {
  if (registered.has(key)) throw new Error(`kv key "${key}" is defined twice.`);
  registered.add(key);
  const parse = (raw: unknown): T | undefined => {
    if (raw === undefined) return undefined;
    const r = schema.safeParse(raw);
    return r.success ? r.data : undefined;
  };
  return {
    key,
    schema,
    parse,
    read: async (db) => parse((await db.kv.get(key))?.value),
    write: async (db, value) => {
      await db.kv.put({ key, value });
    },
    remove: async (db) => {
      await db.kv.delete(key);
    },
  };
}
