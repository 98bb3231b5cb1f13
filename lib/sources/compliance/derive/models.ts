import type { ComplianceDb, ChatRow, ModelRow, ModelUsageRow, UsageDim } from '../tables.ts';
import { bump, compareTime, isRecord } from './util.ts';
import { appendChats, CHAT_STORE_TABLES, clearChatStore, lookupChats } from './chat-store.ts';

/**
 * Models in use, derived from chat metadata (compliance-api.md §6.1).
 *
 * Every chat contributes to exactly one model ('' = "Unknown model": the API's `model` is null for
 * legacy chats). The contribution is stored as a ChatRow, so a chat seen again (a re-listed chat, a
 * replayed page after a crash) is compared with what it contributed last time and only the difference
 * is applied: counts can never be doubled, and a chat whose model changed moves from the old model to
 * the new one.
 *
 * Aggregates maintained per model:
 * - ModelRow.chats / deletedChats;
 * - one ModelUsageRow per (model, dim) for dim ∈ org | project | user, mapping each value to how many
 *   of the model's chats have it. A value is present only while its count is > 0, so the distinct
 *   counts on ModelRow (organizations, projects, users) change exactly when a value appears (0 → 1)
 *   or disappears (1 → 0). A chat without a project or a user adds no usage row for that dim: "no
 *   project" is not counted as a project.
 *
 * Soft-deleted chats (`deleted_at` set; the API still lists them) COUNT as usage: the model was used,
 * by that user, in that project, whatever happened to the conversation afterwards. They are also
 * counted in `deletedChats` so the UI can say "12 chats (incl. 3 deleted)". Hard-deleted chats vanish
 * from the API; pass their ids to `removeChats` to take their contribution back.
 *
 * Work is proportional to the page, never to the tables: one bulkGet of the page's chat ids (skipped
 * for chats the caller knows are new), then (in parallel) one bulkGet of the affected (model, dim)
 * usage rows and one of the affected models, then the writes.
 */

/** Tables read and written by `applyChats` and `removeChats`; list them in the caller's transaction. */
export const CHAT_DERIVATION_TABLES = [...CHAT_STORE_TABLES, 'models', 'modelUsage'] as const;

export interface ChatUserInput {
  readonly id: string;
  readonly email_address?: string | null;
}

/** A chat as listed by C1 `GET /v1/compliance/apps/chats` (extra fields are ignored). */
export interface ChatInput {
  readonly id: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly deleted_at?: string | null;
  readonly model?: string | null;
  readonly organization_uuid?: string | null;
  readonly project_id?: string | null;
  readonly user?: ChatUserInput | null;
  readonly [key: string]: unknown;
}

export interface ApplyChatsResult {
  /** Chats seen for the first time. */
  inserted: number;
  /** Known chats whose contribution changed (model, organization, project, user or deleted flag). */
  updated: number;
  /** Known chats with the same contribution as stored (replayed page, re-listed chat). */
  unchanged: number;
  /** Versions older than the one already stored (by `updated_at`), or superseded by a newer copy in the same page. */
  stale: number;
  /** Chats that could not be understood, by reason; they were ignored. */
  skipped: Record<string, number>;
}

export interface RemoveChatsResult {
  removed: number;
  /** Ids that were not stored (already removed or never seen). */
  unknown: number;
}

/** A change of one chat's contribution: before → after (undefined = no contribution). */
interface Transition {
  before: ChatRow | undefined;
  after: ChatRow | undefined;
  email: string | null;
}

interface ModelDelta {
  chats: number;
  deleted: number;
  organizations: number;
  projects: number;
  users: number;
  /** Earliest chat that entered this model in this batch. */
  first: { at: string; userId: string | null; email: string | null } | null;
}

interface UsageDelta {
  model: string;
  dim: UsageDim;
  /** value → change of its chat count */
  deltas: Map<string, number>;
}

/** The usage dimensions; each is also the name of the ChatRow field it counts. */
const DIMS: readonly UsageDim[] = ['org', 'project', 'user'];
const DISTINCT_FIELD: Record<UsageDim, 'organizations' | 'projects' | 'users'> = {
  org: 'organizations',
  project: 'projects',
  user: 'users',
};

/** The stored contribution of a chat, or a reason it cannot be understood. */
export function chatToRow(chat: unknown): ChatRow | { invalid: string } {
  if (!isRecord(chat)) return { invalid: 'malformed' };
  const { id, created_at: createdAt, updated_at: updatedAt } = chat;
  if (typeof id !== 'string' || id === '') return { invalid: 'missing_id' };
  if (typeof createdAt !== 'string' || typeof updatedAt !== 'string') return { invalid: 'missing_timestamps' };
  const user = chat.user;
  return {
    id,
    model: typeof chat.model === 'string' ? chat.model : '',
    org: typeof chat.organization_uuid === 'string' ? chat.organization_uuid : '',
    project: typeof chat.project_id === 'string' ? chat.project_id : '',
    user: isRecord(user) && typeof user.id === 'string' ? user.id : '',
    createdAt,
    updatedAt,
    deleted: typeof chat.deleted_at === 'string' && chat.deleted_at !== '' ? 1 : 0,
  };
}

function sameContribution(a: ChatRow, b: ChatRow): boolean {
  return a.model === b.model && a.org === b.org && a.project === b.project && a.user === b.user && a.deleted === b.deleted;
}

function emailOf(chat: ChatInput): string | null {
  const user = chat.user;
  return isRecord(user) && typeof user.email_address === 'string' && user.email_address !== '' ? user.email_address : null;
}

/**
 * Applies one page of C1 chats (see the module comment for the rules). Idempotent per chat.
 * Runs in the caller's transaction when there is one (it must include CHAT_DERIVATION_TABLES),
 * otherwise in its own.
 */
export interface ApplyChatsOptions {
  /**
   * Chats the caller can prove were never stored (e.g. a first full walk into an empty table, for
   * chats last updated before the walk began: each appears exactly once). Their lookup is skipped.
   */
  knownNew?: (chat: ChatRow) => boolean;
}

export async function applyChats(db: ComplianceDb, chats: readonly ChatInput[], options: ApplyChatsOptions = {}): Promise<ApplyChatsResult> {
  const result: ApplyChatsResult = { inserted: 0, updated: 0, unchanged: 0, stale: 0, skipped: {} };

  // Normalise and collapse duplicates inside the page (the newest `updated_at` wins; on a tie the later one).
  const incoming = new Map<string, { row: ChatRow; email: string | null }>();
  for (const chat of chats) {
    const row = chatToRow(chat);
    if ('invalid' in row) {
      bump(result.skipped, row.invalid);
      continue;
    }
    const seen = incoming.get(row.id);
    if (seen && compareTime(row.updatedAt, seen.row.updatedAt) < 0) {
      result.stale++;
      continue;
    }
    if (seen) result.stale++;
    incoming.set(row.id, { row, email: emailOf(chat) });
  }
  if (incoming.size === 0) return result;

  return db.transaction('rw', CHAT_DERIVATION_TABLES, async () => {
    const ids = [...incoming.keys()];
    const knownNew = options.knownNew;
    const lookup = knownNew ? ids.filter((id) => !knownNew(incoming.get(id)!.row)) : ids;
    const byId = await lookupChats(db, lookup);
    const stored = ids.map((id) => byId.get(id));
    const transitions: Transition[] = [];
    const touched: ChatRow[] = [];
    ids.forEach((id, i) => {
      const { row, email } = incoming.get(id)!;
      const before = stored[i];
      if (!before) {
        result.inserted++;
        transitions.push({ before: undefined, after: row, email });
        touched.push(row);
        return;
      }
      if (compareTime(row.updatedAt, before.updatedAt) < 0) {
        result.stale++;
        return;
      }
      if (sameContribution(before, row)) {
        result.unchanged++;
        // Keep the stored version current (for the staleness check) without touching aggregates.
        if (before.updatedAt !== row.updatedAt || before.createdAt !== row.createdAt) touched.push(row);
        return;
      }
      result.updated++;
      transitions.push({ before, after: row, email });
      touched.push(row);
    });

    await Promise.all([applyTransitions(db, transitions), appendChats(db, touched)]);
    return result;
  });
}

/**
 * Takes back the contribution of chats known to be hard-deleted (they disappear from C1, or C2 said
 * `claude_chat_deleted`) and forgets them. Unknown ids are ignored.
 */
export async function removeChats(db: ComplianceDb, ids: readonly string[]): Promise<RemoveChatsResult> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return { removed: 0, unknown: 0 };
  return db.transaction('rw', CHAT_DERIVATION_TABLES, async () => {
    const found = await lookupChats(db, unique);
    const transitions: Transition[] = [];
    const gone: string[] = [];
    for (const before of found.values()) {
      if (!before) continue;
      transitions.push({ before, after: undefined, email: null });
      gone.push(before.id);
    }
    await Promise.all([applyTransitions(db, transitions), appendChats(db, [], gone)]);
    return { removed: gone.length, unknown: unique.length - gone.length };
  });
}

/** Empties the chat store and the model aggregates (before a full walk rebuilds them). Inside a transaction over CHAT_DERIVATION_TABLES. */
export async function clearChatDerivation(db: ComplianceDb): Promise<void> {
  await Promise.all([clearChatStore(db), db.models.clear(), db.modelUsage.clear()]);
}

function usageKey(model: string, dim: UsageDim): string {
  return `${model}\u0000${dim}`;
}

/** Applies the aggregate side of a batch of transitions: modelUsage rows and ModelRows. */
async function applyTransitions(db: ComplianceDb, transitions: readonly Transition[]): Promise<void> {
  if (transitions.length === 0) return;
  const models = new Map<string, ModelDelta>();
  const usage = new Map<string, UsageDelta>();
  const modelDelta = (model: string): ModelDelta => {
    let d = models.get(model);
    if (!d) {
      d = { chats: 0, deleted: 0, organizations: 0, projects: 0, users: 0, first: null };
      models.set(model, d);
    }
    return d;
  };
  const contribute = (row: ChatRow, sign: 1 | -1): void => {
    const d = modelDelta(row.model);
    d.chats += sign;
    d.deleted += sign * row.deleted;
    for (const dim of DIMS) {
      const value = row[dim];
      if (value === '') continue; // no project / no user: not counted
      const key = usageKey(row.model, dim);
      let u = usage.get(key);
      if (!u) usage.set(key, (u = { model: row.model, dim, deltas: new Map() }));
      u.deltas.set(value, (u.deltas.get(value) ?? 0) + sign);
    }
  };

  for (const t of transitions) {
    if (t.before) contribute(t.before, -1);
    if (t.after) {
      contribute(t.after, 1);
      // Candidate for "first seen": only a chat entering a model can make it earlier.
      if (!t.before || t.before.model !== t.after.model || compareTime(t.after.createdAt, t.before.createdAt) < 0) {
        const d = modelDelta(t.after.model);
        if (!d.first || compareTime(t.after.createdAt, d.first.at) < 0) {
          d.first = { at: t.after.createdAt, userId: t.after.user === '' ? null : t.after.user, email: t.email };
        }
      }
    }
  }

  const usageChanges = [...usage.values()].filter((u) => [...u.deltas.values()].some((d) => d !== 0));
  const modelIds = [...models.keys()];
  const [usageRows, modelRows] = await Promise.all([
    usageChanges.length > 0 ? db.modelUsage.bulkGet(usageChanges.map((u) => [u.model, u.dim] as [string, UsageDim])) : Promise.resolve([]),
    db.models.bulkGet(modelIds),
  ]);

  const usagePuts: ModelUsageRow[] = [];
  const usageDeletes: Array<[string, UsageDim]> = [];
  usageChanges.forEach((u, i) => {
    const existing = usageRows[i];
    const counts: Record<string, number> = existing ? existing.counts : {};
    for (const [value, delta] of u.deltas) {
      if (delta === 0) continue;
      const before = counts[value] ?? 0;
      const after = before + delta;
      if (after > 0) {
        counts[value] = after;
        if (before <= 0) modelDelta(u.model)[DISTINCT_FIELD[u.dim]] += 1;
      } else if (before > 0) {
        delete counts[value];
        modelDelta(u.model)[DISTINCT_FIELD[u.dim]] -= 1;
      }
    }
    if (Object.keys(counts).length > 0) usagePuts.push({ model: u.model, dim: u.dim, counts });
    else if (existing) usageDeletes.push([u.model, u.dim]);
  });

  const modelPuts: ModelRow[] = [];
  const modelDeletes: string[] = [];
  modelIds.forEach((model, i) => {
    const d = models.get(model)!;
    const existing = modelRows[i];
    if (!existing) {
      if (d.chats <= 0 || !d.first) return;
      modelPuts.push({
        model,
        chats: d.chats,
        deletedChats: Math.max(0, d.deleted),
        projects: Math.max(0, d.projects),
        organizations: Math.max(0, d.organizations),
        users: Math.max(0, d.users),
        firstSeen: d.first.at,
        firstUserId: d.first.userId,
        firstUserEmail: d.first.email,
      });
      return;
    }
    const chats = existing.chats + d.chats;
    if (chats <= 0) {
      modelDeletes.push(model);
      return;
    }
    const next: ModelRow = {
      ...existing,
      chats,
      deletedChats: Math.max(0, existing.deletedChats + d.deleted),
      projects: Math.max(0, existing.projects + d.projects),
      organizations: Math.max(0, existing.organizations + d.organizations),
      users: Math.max(0, existing.users + d.users),
    };
    // "Added" never moves later: only an earlier chat replaces it.
    if (d.first && compareTime(d.first.at, existing.firstSeen) < 0) {
      next.firstSeen = d.first.at;
      next.firstUserId = d.first.userId;
      next.firstUserEmail = d.first.email;
    }
    modelPuts.push(next);
  });

  await Promise.all([
    usagePuts.length > 0 ? db.modelUsage.bulkPut(usagePuts) : undefined,
    usageDeletes.length > 0 ? db.modelUsage.bulkDelete(usageDeletes) : undefined,
    modelPuts.length > 0 ? db.models.bulkPut(modelPuts) : undefined,
    modelDeletes.length > 0 ? db.models.bulkDelete(modelDeletes) : undefined,
  ]);
}

/** Display name of a model key ('' is the bucket of chats without a model). */
export function modelLabel(model: string): string {
  return model === '' ? 'Unknown model' : model;
}
