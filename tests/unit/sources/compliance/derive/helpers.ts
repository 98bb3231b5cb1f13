import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDb, type AppDb } from '../../../../../lib/sources/database.ts';
import type { ChatInput } from '../../../../../lib/sources/compliance/derive/models.ts';

let counter = 0;

/** A fresh, empty database at the latest schema in its own in-memory IndexedDB. */
export function freshDb(): AppDb {
  counter++;
  return createDb({ name: `derive-test-${counter}`, indexedDB: new IDBFactory(), IDBKeyRange });
}

/** A C1 chat with sensible defaults (fields as documented in compliance-api.md §2.7). */
export function chat(id: string, fields: Partial<Omit<ChatInput, 'user'>> & { user?: string | null; email?: string | null } = {}): ChatInput {
  const { user = 'user_a', email, ...rest } = fields;
  return {
    id,
    name: `Chat ${id}`,
    created_at: '2026-04-10T08:00:00Z',
    updated_at: '2026-04-10T09:00:00Z',
    deleted_at: null,
    href: `https://claude.ai/chat/${id}`,
    model: 'claude-opus-4-7',
    organization_uuid: 'org-1',
    organization_id: 'org_1',
    project_id: null,
    user: user === null ? null : { id: user, email_address: email === undefined ? `${user}@example.com` : email },
    ...rest,
  };
}

/** Every row of the given tables, sorted by primary key, for whole-state comparisons. */
export async function dump(db: AppDb, tables: readonly string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of tables) out[name] = await db.table(name).toArray();
  return out;
}
