import type { AppDb } from '../db/schema.ts';
import { DIRECTORY_ACTIVITY_TYPES } from '../api/compliance/schemas.ts';
import { applyChats, CHAT_DERIVATION_TABLES } from './derive/models.ts';
import { CHAT_STORE_TABLES, hasChats, recentChatIds } from './derive/chat-store.ts';
import { applyActivities, MCP_DERIVATION_TABLES } from './derive/mcp.ts';
import { applyChatMessages, DEEP_SCAN_TABLES, loadServerNameIndex } from './derive/deep-scan.ts';
import { publishSnapshot, PUBLISH_TABLES } from './publish.ts';
import { describeFailure, type FailureVerdict } from './failures.ts';
import type { SnapshotSource } from './source.ts';
import type { Chat } from '../api/compliance/schemas.ts';
import { checkpointOf, JOB_ID, STATE_KEY, type Checkpoint, type Phase } from './checkpoint.ts';

export { JOB_ID, checkpointOf, progressOf, type Checkpoint, type Phase, type JobProgress } from './checkpoint.ts';

/**
 * The Compliance snapshot job: a checkpointed state machine. Every step sends one request and commits
 * that page's records together with the checkpoint that follows it in ONE Dexie transaction, so a worker
 * killed at any moment resumes exactly where the last committed step left it — no duplicates, no gaps.
 * Pages read only the published tables; those change in the final `publish` step, in one transaction,
 * so a failed or half-finished run leaves the previous snapshot on screen untouched.
 */
/** What survives between runs (in the kv table), advanced only when a run publishes. */
export interface PersistentState {
  chatsCursor: string | null;
  activitiesCursor: string | null;
  lastStartedAt: string | null;
  lastDirectoryAt: string | null;
  gen: number;
}

export interface SnapshotOptions {
  now?: () => Date;
  /** Re-read the directory at least this often even when the feed reports no change. */
  directoryMaxAgeMs?: number;
  deepScan?: { enabled: boolean; days: number; maxChats: number; minIntervalMs: number };
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type RunOutcome = { status: 'done'; snapshotId: string } | { status: 'paused' | 'failed' | 'cancelled'; error: string };

const CHAT_TABLES = [...CHAT_DERIVATION_TABLES, 'jobs'] as const;
/** Chats fetched before one commit (10 pages at the maximum page size), or whatever arrived within MAX_BATCH_MS. */
const CHATS_PER_COMMIT = 10_000;
const MAX_BATCH_MS = 3_000;
const MCP_TABLES = [...MCP_DERIVATION_TABLES, 'jobs'] as const;
const SCAN_TABLES = [...DEEP_SCAN_TABLES, 'jobs'] as const;

export async function readState(db: AppDb): Promise<PersistentState> {
  const row = await db.kv.get(STATE_KEY);
  const v = (row?.value ?? {}) as Partial<PersistentState>;
  return { chatsCursor: v.chatsCursor ?? null, activitiesCursor: v.activitiesCursor ?? null, lastStartedAt: v.lastStartedAt ?? null, lastDirectoryAt: v.lastDirectoryAt ?? null, gen: v.gen ?? 0 };
}

export class ComplianceSnapshotJob {
  private readonly now: () => Date;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private stepStarted = 0;
  /** Server names for deep-scan attribution, loaded once per run (servers do not change during the scan). */
  private scanIndex: Awaited<ReturnType<typeof loadServerNameIndex>> | undefined;
  private waitBefore = 0;

  constructor(
    private readonly db: AppDb,
    private readonly source: SnapshotSource,
    private readonly options: SnapshotOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms, signal) => new Promise((resolve, reject) => {
      const t = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => { clearTimeout(t); reject(signal.reason); }, { once: true });
    }));
  }

  /** Creates a new run unless one is unfinished (running or paused), which is then continued instead. */
  async prepare(): Promise<Checkpoint> {
    return this.db.transaction('rw', ['jobs', 'kv', 'chatFilters'], async () => {
      const existing = await this.db.jobs.get(JOB_ID);
      const cp = checkpointOf(existing);
      if (existing && cp && (existing.status === 'running' || existing.status === 'paused' || existing.status === 'queued')) {
        await this.db.jobs.update(JOB_ID, { status: 'running', error: null, updatedAt: this.now().toISOString() });
        return cp;
      }
      const state = await readState(this.db);
      const now = this.now().toISOString();
      const kind = state.chatsCursor === null && state.lastStartedAt === null ? 'full' : 'incremental';
      const freshChats = kind === 'full' && !(await hasChats(this.db));
      const checkpoint: Checkpoint = {
        runId: `run_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`,
        kind,
        startedAt: now,
        phase: 'orgs',
        phaseStartedAt: now,
        gen: state.gen + 1,
        directory: kind === 'full',
        directoryDirty: false,
        orgs: [],
        groups: [],
        index: 0,
        page: null,
        chatsCursor: state.chatsCursor,
        freshChats,
        chatsSince: null,
        chatsFrom: null,
        chatsAt: null,
        activitiesCursor: state.activitiesCursor,
        activitiesFrom: null,
        activitiesAt: null,
        deepScanIds: [],
        requests: 0,
        timings: { stepsMs: 0, waitMs: 0 },
        counts: { chats: 0, activities: 0, users: 0, groups: 0, projects: 0, scanned: 0 },
        skipped: {},
      };
      await this.db.jobs.put({ id: JOB_ID, kind: 'compliance-snapshot', status: 'running', createdAt: now, updatedAt: now, checkpoint, error: null, attempts: 0 });
      return checkpoint;
    });
  }

  /** Runs steps until the snapshot is published, the job pauses or fails, or `signal` cancels it. */
  async run(signal?: AbortSignal): Promise<RunOutcome> {
    let cp = await this.prepare();
    for (;;) {
      if (signal?.aborted) return this.stop('cancelled', 'Cancelled. The previous snapshot is still shown; start a new one at any time.');
      try {
        const next = await this.step(cp, signal);
        if (next === 'published') {
          const job = await this.db.jobs.get(JOB_ID);
          return { status: 'done', snapshotId: checkpointOf(job)?.runId ?? cp.runId };
        }
        cp = next;
      } catch (err) {
        if (signal?.aborted) return this.stop('cancelled', 'Cancelled. The previous snapshot is still shown; start a new one at any time.');
        const verdict: FailureVerdict = describeFailure(err);
        return this.stop(verdict.status, verdict.message);
      }
    }
  }

  private async stop(status: 'paused' | 'failed' | 'cancelled', error: string): Promise<RunOutcome> {
    await this.db.jobs.update(JOB_ID, { status, error, updatedAt: this.now().toISOString() });
    return { status, error };
  }

  /** Commits `cp` (the checkpoint after this step) with the step's writes, in the caller's transaction. */
  private async commit(cp: Checkpoint, requestsBefore: number): Promise<void> {
    cp.requests += this.source.requestCount() - requestsBefore;
    const t = performance.now();
    cp.timings = cp.timings ?? { stepsMs: 0, waitMs: 0 };
    cp.timings.stepsMs += t - this.stepStarted;
    cp.timings.waitMs += this.source.waitMs() - this.waitBefore;
    this.stepStarted = t;
    this.waitBefore = this.source.waitMs();
    await this.db.jobs.update(JOB_ID, { checkpoint: cp, updatedAt: this.now().toISOString() });
  }

  private enter(cp: Checkpoint, phase: Phase): Checkpoint {
    return { ...cp, phase, phaseStartedAt: this.now().toISOString(), index: 0, page: null };
  }

  /** Which phase follows `phase` in this run. */
  private after(cp: Checkpoint, phase: Phase): Phase {
    const order: Phase[] = ['orgs', 'activities', 'chats', 'users', 'roles', 'groups', 'members', 'settings', 'projects', 'deepScan', 'publish'];
    const directoryOnly = new Set<Phase>(['users', 'roles', 'groups', 'members', 'settings']);
    let i = order.indexOf(phase) + 1;
    while (i < order.length) {
      const p = order[i]!;
      if (directoryOnly.has(p) && !cp.directory) i++;
      else if (p === 'deepScan' && !this.options.deepScan?.enabled) i++;
      else return p;
    }
    return 'publish';
  }

  private async step(cp0: Checkpoint, signal?: AbortSignal): Promise<Checkpoint | 'published'> {
    const cp: Checkpoint = structuredClone(cp0);
    const before = this.source.requestCount();
    this.stepStarted = performance.now();
    this.waitBefore = this.source.waitMs();
    const db = this.db;
    switch (cp.phase) {
      case 'orgs': {
        const page = await this.source.organizations(cp.page, signal);
        addSkipped(cp, 'organizations', page.skipped);
        await db.transaction('rw', ['orgs', 'jobs'], async () => {
          await db.orgs.bulkPut(page.items.map((o) => ({ uuid: o.uuid, name: o.name, createdAt: o.created_at, gen: cp.gen })));
          cp.orgs.push(...page.items.map((o) => o.uuid));
          const next = page.next ? { ...cp, page: page.next } : this.enter(cp, this.after(cp, 'orgs'));
          await this.commit(next, before);
          Object.assign(cp, next);
        });
        return cp;
      }
      case 'activities': {
        const overlap = cp.overlap ?? null;
        const page = overlap ? await this.source.activities(overlap.cursor, signal, overlap.since) : await this.source.activities(cp.activitiesCursor, signal);
        addSkipped(cp, 'activities', page.skipped);
        await db.transaction('rw', [...MCP_TABLES], async () => {
          const result = await applyActivities(db, page.items);
          for (const [reason, n] of Object.entries(result.skipped)) addSkipped(cp, `activity ${reason}`, n);
          // Directory changes seen by the cursor walk trigger a directory re-read; the overlapping walk
          // re-reads events already seen, so late directory events wait for the daily re-read.
          if (!overlap && page.items.some((a) => (DIRECTORY_ACTIVITY_TYPES as readonly string[]).includes(a.type))) cp.directoryDirty = true;
          if (overlap) {
            // Already-applied events are skipped by id; only late-indexed ones change anything.
            cp.overlap = page.hasMore && page.next ? { since: overlap.since, cursor: page.next } : null;
            if (!cp.overlap) cp.overlapDone = true;
          } else {
            cp.counts.activities += page.items.length;
            const last = page.items[page.items.length - 1];
            if (last) {
              cp.activitiesFrom ??= page.items[0]!.created_at;
              cp.activitiesAt = last.created_at;
            }
            if (page.next) cp.activitiesCursor = page.next;
          }
          let next = cp;
          const state = await readState(db);
          if (!page.hasMore && !overlap && !cp.overlapDone && cp.kind === 'incremental' && state.lastStartedAt) {
            cp.overlap = { since: new Date(Date.parse(state.lastStartedAt) - 10 * 60_000).toISOString(), cursor: null };
          } else if (!page.hasMore || (overlap && !cp.overlap)) {
            const stale = state.lastDirectoryAt === null || this.now().getTime() - Date.parse(state.lastDirectoryAt) > (this.options.directoryMaxAgeMs ?? 24 * 3_600_000);
            cp.directory = cp.directory || cp.directoryDirty || stale;
            next = this.enter(cp, this.after(cp, 'activities'));
          }
          await this.commit(next, before);
          Object.assign(cp, next);
        });
        return cp;
      }
      case 'chats': {
        // Several pages are fetched, then committed together with the cursor after the last one: the
        // per-model usage rows are then written once per batch instead of once per page. A worker that
        // dies mid-batch re-fetches at most one batch; nothing is applied twice.
        const batch: Chat[] = [];
        let cursor = cp.chatsCursor;
        let hasMore = true;
        const batchStarted = performance.now();
        while (hasMore && batch.length < CHATS_PER_COMMIT && (batch.length === 0 || performance.now() - batchStarted < MAX_BATCH_MS)) {
          let page;
          try {
            page = await this.source.chats(cursor, cursor ? null : cp.chatsSince, signal);
          } catch (err) {
            if (batch.length > 0) break; // commit what was fetched; the next step retries from there
            // A cursor the API no longer accepts: re-read from the last run's start instead (upserts are idempotent).
            if (cursor && isInvalidCursor(err)) {
              const state = await readState(db);
              const fallback = { ...cp, chatsCursor: null, chatsSince: state.lastStartedAt ? new Date(Date.parse(state.lastStartedAt) - 10 * 60_000).toISOString() : null };
              await db.transaction('rw', ['jobs'], () => this.commit(fallback, before));
              return fallback;
            }
            throw err;
          }
          addSkipped(cp, 'chats', page.skipped);
          batch.push(...page.items);
          if (page.next) cursor = page.next;
          hasMore = page.hasMore;
        }
        await db.transaction('rw', [...CHAT_TABLES], async () => {
          // In a first walk into an empty table, a chat last updated well before the run began appears
          // exactly once, so its lookup can be skipped; one updated since (it may appear twice) is looked
          // up. The 10-minute margin covers clock skew between this machine and the API.
          const freshBefore = Date.parse(cp.startedAt) - 10 * 60_000;
          await applyChats(db, batch, cp.freshChats ? { knownNew: (row) => Date.parse(row.updatedAt) < freshBefore } : {});
          cp.counts.chats += batch.length;
          const first = batch[0];
          const last = batch[batch.length - 1];
          if (first) cp.chatsFrom ??= first.updated_at;
          if (last) cp.chatsAt = last.updated_at;
          cp.chatsCursor = cursor;
          const next = hasMore ? cp : this.enter(cp, this.after(cp, 'chats'));
          await this.commit(next, before);
          Object.assign(cp, next);
        });
        return cp;
      }
      case 'users':
      case 'roles': {
        const org = cp.orgs[cp.index];
        if (org === undefined) return this.advance(cp, before);
        if (cp.phase === 'users') {
          const page = await this.source.users(org, cp.page, signal);
          addSkipped(cp, 'users', page.skipped);
          await db.transaction('rw', ['users', 'jobs'], async () => {
            await db.users.bulkPut(page.items.map((u) => ({ key: `${org}:${u.id}`, id: u.id, org, email: u.email, fullName: u.full_name, role: u.organization_role, createdAt: u.created_at, gen: cp.gen })));
            cp.counts.users += page.items.length;
            await this.nextInList(cp, page.next, cp.orgs.length, before);
          });
        } else {
          const page = await this.source.roles(org, cp.page, signal);
          addSkipped(cp, 'roles', page.skipped);
          await db.transaction('rw', ['roles', 'jobs'], async () => {
            await db.roles.bulkPut(page.items.map((r) => ({ key: `${org}:${r.id}`, id: r.id, org, name: r.name, description: r.description, gen: cp.gen })));
            await this.nextInList(cp, page.next, cp.orgs.length, before);
          });
        }
        return cp;
      }
      case 'groups': {
        const page = await this.source.groups(cp.page, signal);
        addSkipped(cp, 'groups', page.skipped);
        await db.transaction('rw', ['groups', 'jobs'], async () => {
          await db.groups.bulkPut(page.items.map((g) => ({ id: g.id, name: g.name, description: g.description, source: g.source_type, roles: g.roles, gen: cp.gen })));
          cp.groups.push(...page.items.map((g) => g.id));
          cp.counts.groups += page.items.length;
          const next = page.next ? { ...cp, page: page.next } : this.enter(cp, this.after(cp, 'groups'));
          await this.commit(next, before);
          Object.assign(cp, next);
        });
        return cp;
      }
      case 'members': {
        const group = cp.groups[cp.index];
        if (group === undefined) return this.advance(cp, before);
        const page = await this.source.groupMembers(group, cp.page, signal);
        addSkipped(cp, 'group members', page.skipped);
        await db.transaction('rw', ['groupMembers', 'jobs'], async () => {
          await db.groupMembers.bulkPut(page.items.map((m) => ({ groupId: group, userId: m.user_id, email: m.email, gen: cp.gen })));
          await this.nextInList(cp, page.next, cp.groups.length, before);
        });
        return cp;
      }
      case 'settings': {
        const org = cp.orgs[cp.index];
        if (org === undefined) return this.advance(cp, before);
        const s = await this.source.settings(org, signal);
        await db.transaction('rw', ['orgSettings', 'jobs'], async () => {
          if (s)
            await db.orgSettings.put({
              org,
              settings: s.settings.map((x) => ({ name: x.name, type: x.type, value: x.value })),
              apiKeys: s.api_keys.map((k) => ({ id: k.id, name: k.name, scopes: k.scopes, isActive: k.is_active, createdAt: k.created_at })),
              gen: cp.gen,
            });
          await this.nextInList(cp, null, cp.orgs.length, before);
        });
        return cp;
      }
      case 'projects': {
        const state = await readState(db);
        const since = cp.directory || !state.lastStartedAt ? null : new Date(Date.parse(state.lastStartedAt) - 10 * 60_000).toISOString();
        const page = await this.source.projects(cp.page, since, signal);
        addSkipped(cp, 'projects', page.skipped);
        await db.transaction('rw', ['projects', 'jobs'], async () => {
          await db.projects.bulkPut(
            page.items.map((p) => ({ id: p.id, name: p.name, org: p.organization_uuid, isPrivate: p.is_private, deletedAt: p.deleted_at, creatorId: p.user?.id ?? null, createdAt: p.created_at, updatedAt: p.updated_at, gen: cp.gen })),
          );
          cp.counts.projects += page.items.length;
          const next = page.next ? { ...cp, page: page.next } : this.enter(cp, this.after(cp, 'projects'));
          await this.commit(next, before);
          Object.assign(cp, next);
        });
        return cp;
      }
      case 'deepScan': {
        if (!cp.deepScanLoaded) {
          // Candidates are chosen once per run, from the chats stored so far (newest first, within the window).
          const ids = await this.deepScanCandidates();
          const next = { ...cp, deepScanIds: ids, deepScanLoaded: true, index: 0 };
          await db.transaction('rw', ['jobs'], () => this.commit(next, before));
          return next;
        }
        const id = cp.deepScanIds[cp.index];
        if (id === undefined) return this.advance(cp, before);
        if (cp.index > 0 && this.options.deepScan) await this.sleep(this.options.deepScan.minIntervalMs, signal);
        const result = await this.source.chatMessages(id, signal);
        await db.transaction('rw', [...SCAN_TABLES], async () => {
          if (result) {
            this.scanIndex ??= await loadServerNameIndex(db);
            await applyChatMessages(db, result.chat, result.messages, { index: this.scanIndex });
          }
          cp.counts.scanned++;
          cp.index++;
          await this.commit(cp, before);
        });
        return cp;
      }
      case 'publish': {
        const state = await readState(db);
        const completed = this.now();
        await db.transaction('rw', [...PUBLISH_TABLES, 'kv', 'jobs'], async () => {
          await publishSnapshot(db, {
            id: cp.runId,
            startedAt: cp.startedAt,
            kind: cp.kind,
            requests: cp.requests + (this.source.requestCount() - before),
            durationMs: completed.getTime() - Date.parse(cp.startedAt),
            skipped: cp.skipped,
            directoryGen: cp.directory ? cp.gen : null,
          });
          const next: PersistentState = {
            chatsCursor: cp.chatsCursor,
            activitiesCursor: cp.activitiesCursor,
            lastStartedAt: cp.startedAt,
            lastDirectoryAt: cp.directory ? cp.startedAt : state.lastDirectoryAt,
            gen: cp.gen,
          };
          await db.kv.put({ key: STATE_KEY, value: next });
          await db.jobs.update(JOB_ID, { status: 'done', error: null, checkpoint: cp, updatedAt: completed.toISOString() });
        });
        return 'published';
      }
    }
  }

  private async advance(cp: Checkpoint, before: number): Promise<Checkpoint> {
    const next = this.enter(cp, this.after(cp, cp.phase));
    await this.db.transaction('rw', ['jobs'], () => this.commit(next, before));
    return next;
  }

  /** Moves to the next page of the current list, or to the next org/group, committing the checkpoint. */
  private async nextInList(cp: Checkpoint, nextPage: string | null, listLength: number, before: number): Promise<void> {
    let next: Checkpoint;
    if (nextPage) next = { ...cp, page: nextPage };
    else if (cp.index + 1 < listLength) next = { ...cp, index: cp.index + 1, page: null };
    else next = this.enter(cp, this.after(cp, cp.phase));
    await this.commit(next, before);
    Object.assign(cp, next);
  }

  private async deepScanCandidates(): Promise<string[]> {
    const ds = this.options.deepScan;
    if (!ds?.enabled) return [];
    const cutoff = new Date(this.now().getTime() - ds.days * 86_400_000).toISOString();
    return this.db.transaction('r', [...CHAT_STORE_TABLES], () => recentChatIds(this.db, cutoff, ds.maxChats));
  }
}

function addSkipped(cp: Checkpoint, kind: string, n: number): void {
  if (n > 0) cp.skipped[kind] = (cp.skipped[kind] ?? 0) + n;
}

function isInvalidCursor(err: unknown): boolean {
  const e = err as { status?: number; message?: string };
  return e?.status === 400 && /after_id|cursor/i.test(e.message ?? '');
}

