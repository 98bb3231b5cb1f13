import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDb, LATEST_VERSION, type AppDb } from '../../../lib/sources/database.ts';
import { writeBackup } from '../../../lib/backup/write.ts';
import { applyRestore, readBackupFile } from '../../../lib/backup/restore.ts';
import { deleteAllData } from '../../../lib/backup/wipe.ts';
import { BackupError, durableTables, SKIPPED_TABLES } from '../../../lib/backup/format.ts';
import type { McpServerRow, ModelRow, SnapshotRow } from '../../../lib/sources/compliance/tables.ts';

let n = 0;
const open = (upTo?: number): AppDb => createDb({ name: `backup-test-${++n}`, indexedDB: new IDBFactory(), IDBKeyRange, ...(upTo ? { upTo } : {}) });

const model = (id: string, chats: number): ModelRow => ({ model: id, chats, deletedChats: 0, projects: 1, organizations: 1, users: 2, firstSeen: '2026-10-01T00:00:00Z', firstUserId: null, firstUserEmail: null });
const server = (id: string): McpServerRow => ({
  id,
  name: `Server ${id}`,
  names: [`Server ${id}`],
  orgUuid: 'org-1',
  orgId: null,
  addedAt: null,
  addedBy: null,
  firstEventAt: '2026-10-01T00:00:00Z',
  lastEventAt: '2026-10-02T00:00:00Z',
  deleted: 0,
  deletedAt: null,
  deletedBy: null,
  preAudit: true,
  managedAuthMode: null,
  connectedUsers: 3,
  usedInChats: null,
  projects: null,
  privateProjects: null,
  publicProjects: null,
});
const snapshot: SnapshotRow = {
  id: 'snap-1',
  startedAt: '2026-11-01T00:00:00Z',
  completedAt: '2026-11-01T00:05:00Z',
  kind: 'full',
  requests: 12,
  durationMs: 300_000,
  counts: { models: 2, mcpServers: 1, users: 5, organizations: 1, chats: 30, groups: 0, projects: 1 },
  skipped: {},
  changes: [],
};

/** Data in every kind of table: published, Analytics, SCIM, Admin, identity, audit, kv, plus skipped ones. */
async function fill(db: AppDb, upTo = LATEST_VERSION): Promise<void> {
  await db.pubModels.bulkPut([model('claude-a', 20), model('claude-b', 10)]);
  await db.pubModelOrgs.bulkPut([{ model: 'claude-a', value: 'org-1', chats: 20 }]);
  await db.pubMcpServers.put(server('srv-1'));
  await db.pubToolPolicies.put({ serverId: 'srv-1', tool: '*', permission: 'ask', at: '2026-10-02T00:00:00Z', setBy: null });
  await db.pubOrgs.put({ uuid: 'org-1', name: 'Acme', createdAt: null, gen: 1 });
  await db.snapshots.put(snapshot);
  await db.audit.add({ at: '2026-11-01T00:00:00Z', connection: 'scim', action: 'user.create', target: 'a@example.com', outcome: 'ok', detail: 'Created', requestId: null });
  await db.kv.bulkPut([
    { key: 'orgEvaluations', value: [{ model: 'claude-a', score: 1 }] },
    { key: 'compliance.state', value: { chatsCursor: 'c-1' } },
  ]);
  await db.anSpend.put({ month: '2026-11', actorKey: 'user_1', actor: { key: 'user_1', type: 'user_actor', name: 'Ana', email: 'ana@example.com', deleted: false }, model: 'claude-a', product: 'chat', amount: '41280.5', listAmount: '50000', requests: 3, uncachedInputTokens: 1, cacheReadInputTokens: 2, cacheCreationInputTokens: 3, outputTokens: 4, totalTokens: 10, webSearchRequests: 0 });
  await db.anStage.add({ table: 'anDays', query: 'q', row: { date: '2026-11-01' } as never });
  await db.scimUsers.put({ id: 'scim-1', userName: 'ana@example.com', email: 'ana@example.com', displayName: 'Ana', givenName: null, familyName: null, externalId: null, active: true, created: null });
  if (upTo >= 8) await db.adminUsers.put({ id: 'user_1', email: 'ana@example.com', name: 'Ana', role: 'user', addedAt: '2026-01-01T00:00:00Z' });
  if (upTo >= 9) await db.accessReviews.put({ id: 'rev-1', title: 'Q4 review', startedAt: '2026-11-01T00:00:00Z', closedAt: null });
  await db.jobs.put({ id: 'compliance-snapshot', kind: 'compliance-snapshot', status: 'done', createdAt: 'x', updatedAt: 'x', checkpoint: { cursor: 'abc' }, error: null, attempts: 0 });
  await db.models.put(model('working-row', 1));
}

async function dump(db: AppDb, tables: string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of tables) out[t] = await db.table(t).toArray();
  return out;
}

const textOf = (parts: string[]) => parts.join('');
const NOW = new Date('2026-12-07T10:00:00Z');

describe('backup contents', () => {
  it('holds every durable table, and no staging tables, job checkpoints or working data', async () => {
    const db = open();
    const tables = durableTables(db);
    expect(tables).toEqual(expect.arrayContaining(['kv', 'audit', 'pubModels', 'pubMcpServers', 'pubToolPolicies', 'snapshots', 'anSpend', 'scimUsers', 'adminUsers', 'adminSpendLimits', 'adminLimitRequests', 'accessReviews', 'reviewDecisions', 'pendingChanges']));
    for (const skipped of ['jobs', 'anStage', 'scimStage', 'adminStage', 'chatBatches', 'models', 'mcpServers']) expect(tables).not.toContain(skipped);
    // Every table the database declares is either in a backup or deliberately skipped.
    for (const t of db.tables.map((x) => x.name)) expect(tables.includes(t) || t in SKIPPED_TABLES || t.endsWith('Stage')).toBe(true);
    await fill(db);
    const { parts, counts } = await writeBackup(db, { schemaVersion: LATEST_VERSION, extensionVersion: '0.1.0', settings: { schedule: 'daily' }, now: NOW });
    const file = JSON.parse(textOf(parts));
    expect(file).toMatchObject({ format: 'claude-enterprise-admin-backup', formatVersion: 1, schemaVersion: LATEST_VERSION, createdAt: NOW.toISOString(), extensionVersion: '0.1.0', settings: { schedule: 'daily' } });
    expect(Object.keys(file.tables).sort()).toEqual(tables);
    expect(file.tables.jobs).toBeUndefined();
    expect(counts.pubModels).toBe(2);
    // The snapshot's cursors stay out with its working tables.
    expect(file.tables.kv.map((r: { key: string }) => r.key)).toEqual(['orgEvaluations']);
  });
});

describe('round trip', () => {
  it('write → wipe → restore gives the same rows', async () => {
    const db = open();
    await fill(db);
    const tables = durableTables(db);
    const before = await dump(db, tables);
    const { parts } = await writeBackup(db, { schemaVersion: LATEST_VERSION, extensionVersion: '0.1.0', now: NOW });
    await deleteAllData(db);
    expect(await db.pubModels.count()).toBe(0);
    const parsed = await readBackupFile(textOf(parts), db, { schemaVersion: LATEST_VERSION });
    expect(parsed.preview.tables.find((t) => t.table === 'pubModels')).toEqual({ table: 'pubModels', now: 0, inFile: 2 });
    expect(parsed.preview.ignored).toEqual([]);
    const progress: number[] = [];
    await applyRestore(db, parsed, (p) => progress.push(p.done));
    expect(await dump(db, tables)).toEqual({ ...before, kv: before.kv!.filter((r) => (r as { key: string }).key !== 'compliance.state') });
    expect(progress.length).toBeGreaterThan(0);
    // Skipped tables come back empty: the next snapshot reads from scratch.
    expect(await db.jobs.count()).toBe(0);
    expect(await db.models.count()).toBe(0);
  });

  it('typed arrays and dates survive (for tables other parts add)', async () => {
    const db = open();
    await db.kv.put({ key: 'binary', value: { bits: new Uint8Array([1, 2, 255]), at: new Date('2026-01-01T00:00:00Z') } });
    const { parts } = await writeBackup(db, { schemaVersion: LATEST_VERSION, extensionVersion: '0.1.0', now: NOW });
    await deleteAllData(db);
    await applyRestore(db, await readBackupFile(textOf(parts), db, { schemaVersion: LATEST_VERSION }));
    const back = (await db.kv.get('binary'))!.value as { bits: Uint8Array; at: Date };
    expect(back.bits).toBeInstanceOf(Uint8Array);
    expect([...back.bits]).toEqual([1, 2, 255]);
    expect(back.at.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('restore replaces current rows and keeps the working state it does not hold', async () => {
    const db = open();
    await fill(db);
    const { parts } = await writeBackup(db, { schemaVersion: LATEST_VERSION, extensionVersion: '0.1.0', now: NOW });
    await db.pubModels.put(model('claude-new', 99));
    await db.kv.put({ key: 'compliance.state', value: { chatsCursor: 'c-2' } });
    const parsed = await readBackupFile(textOf(parts), db, { schemaVersion: LATEST_VERSION });
    expect(parsed.preview.tables.find((t) => t.table === 'pubModels')).toEqual({ table: 'pubModels', now: 3, inFile: 2 });
    await applyRestore(db, parsed);
    expect((await db.pubModels.toArray()).map((m) => m.model).sort()).toEqual(['claude-a', 'claude-b']);
    expect((await db.kv.get('compliance.state'))?.value).toEqual({ chatsCursor: 'c-2' });
    expect(await db.models.count()).toBe(1);
  });
});

describe('versions', () => {
  it('a backup from database version 7 restores under the current version', async () => {
    const old = open(7);
    await fill(old, 7);
    const { parts } = await writeBackup(old, { schemaVersion: 7, extensionVersion: '0.0.9', now: NOW });
    const file = JSON.parse(textOf(parts));
    expect(file.schemaVersion).toBe(7);
    expect(file.tables.adminUsers).toBeUndefined();

    const db = open();
    await db.adminUsers.put({ id: 'user_9', email: 'z@example.com', name: 'Zed', role: 'user', addedAt: '2026-01-01T00:00:00Z' });
    const parsed = await readBackupFile(textOf(parts), db, { schemaVersion: LATEST_VERSION });
    expect(parsed.preview.schemaVersion).toBe(7);
    expect(parsed.preview.upgradedFrom).toBe(7);
    expect(parsed.preview.kept).toEqual(expect.arrayContaining(['adminUsers', 'accessReviews']));
    await applyRestore(db, parsed);
    expect((await db.pubModels.toArray()).map((m) => m.model).sort()).toEqual(['claude-a', 'claude-b']);
    expect(await db.scimUsers.count()).toBe(1);
    expect((await db.kv.toArray()).map((r) => r.key)).toEqual(['orgEvaluations']);
    // Tables the old version did not have are kept as they were.
    expect((await db.adminUsers.toArray()).map((u) => u.id)).toEqual(['user_9']);
  });

  it('a backup from database version 3 moves forward: kv records that version 4 moved out are dropped', async () => {
    const old = open(3);
    await old.pubModels.put(model('claude-old', 4));
    await old.kv.bulkPut([
      { key: 'derive:deepScan:chat:c1', value: { project: '', servers: {} } },
      { key: 'orgEvaluations', value: [] },
    ]);
    const { parts } = await writeBackup(old, { schemaVersion: 3, extensionVersion: '0.0.1', now: NOW });
    const db = open();
    const parsed = await readBackupFile(textOf(parts), db, { schemaVersion: LATEST_VERSION });
    expect(parsed.preview.upgradedFrom).toBe(3);
    await applyRestore(db, parsed);
    expect((await db.kv.toArray()).map((r) => r.key)).toEqual(['orgEvaluations']);
    expect((await db.pubModels.toArray()).map((m) => m.model)).toEqual(['claude-old']);
  });

  it('a backup from a newer version is refused with a plain message, nothing changed', async () => {
    const db = open();
    await fill(db);
    const { parts } = await writeBackup(db, { schemaVersion: LATEST_VERSION, extensionVersion: '0.1.0', now: NOW });
    const newer = JSON.parse(textOf(parts));
    newer.schemaVersion = LATEST_VERSION + 1;
    await expect(readBackupFile(JSON.stringify(newer), db, { schemaVersion: LATEST_VERSION })).rejects.toThrow(
      `This backup was made by a newer version of the extension (database version ${LATEST_VERSION + 1}; this version reads up to ${LATEST_VERSION}). Update the extension, then restore it.`,
    );
    expect(await db.pubModels.count()).toBe(2);
  });

  it('tables this version does not know are ignored and reported', async () => {
    const db = open();
    const { parts } = await writeBackup(db, { schemaVersion: LATEST_VERSION, extensionVersion: '0.1.0', now: NOW });
    const file = JSON.parse(textOf(parts));
    file.tables.futureThing = [{ id: 'x' }];
    file.tables.jobs = [{ id: 'job' }];
    const parsed = await readBackupFile(JSON.stringify(file), db, { schemaVersion: LATEST_VERSION });
    expect(parsed.preview.ignored).toEqual(['futureThing', 'jobs']);
    await applyRestore(db, parsed);
    expect(await db.jobs.count()).toBe(0);
  });
});

describe('bad files', () => {
  async function refused(text: string, message: RegExp) {
    const db = open();
    await fill(db);
    const before = await dump(db, durableTables(db));
    await expect(readBackupFile(text, db, { schemaVersion: LATEST_VERSION, maxBytes: 1_000_000 })).rejects.toThrow(message);
    expect(await dump(db, durableTables(db))).toEqual(before);
  }

  it('refuses what is not JSON, not a backup, damaged, or too large — nothing changed', async () => {
    await refused('{"format": "claude-enterprise-admin-backup", "tables": {', /not valid JSON/);
    await refused('name,chats\nx,1', /not valid JSON/);
    await refused(JSON.stringify({ bomFormat: 'CycloneDX' }), /not a backup from this extension/);
    await refused(JSON.stringify({ format: 'claude-enterprise-admin-backup', formatVersion: 1, schemaVersion: 9, createdAt: 'yesterday', extensionVersion: '1', tables: {} }), /createdAt is not a date/);
    await refused(JSON.stringify({ format: 'claude-enterprise-admin-backup', formatVersion: 1, schemaVersion: 9, createdAt: NOW.toISOString(), extensionVersion: '1', tables: { pubModels: 'x' } }), /cannot be restored/);
    await refused(JSON.stringify({ format: 'claude-enterprise-admin-backup', formatVersion: 1, schemaVersion: 9, createdAt: NOW.toISOString(), extensionVersion: '1', tables: { pubModels: [{ chats: 1 }] } }), /has no valid "model"/);
    await refused(' '.repeat(1_000_001), /larger than a backup can be/);
  });

  it('a write that fails half-way is undone: nothing changed', async () => {
    const db = open();
    await fill(db);
    const { parts } = await writeBackup(db, { schemaVersion: LATEST_VERSION, extensionVersion: '0.1.0', now: NOW });
    const parsed = await readBackupFile(textOf(parts), db, { schemaVersion: LATEST_VERSION });
    // A row IndexedDB cannot store (a function) in a table restored after others were already cleared.
    (parsed.file.tables.snapshots as unknown[]).push({ id: 'bad', completedAt: () => 1 });
    await db.pubModels.put(model('current-only', 5));
    const before = await dump(db, durableTables(db));
    await expect(applyRestore(db, parsed)).rejects.toThrow(/failed and was undone; nothing was changed/);
    expect(await dump(db, durableTables(db))).toEqual(before);
  });

  it('refuses to restore while a job runs', async () => {
    const db = open();
    const { parts } = await writeBackup(db, { schemaVersion: LATEST_VERSION, extensionVersion: '0.1.0', now: NOW });
    const parsed = await readBackupFile(textOf(parts), db, { schemaVersion: LATEST_VERSION });
    await db.jobs.put({ id: 'j', kind: 'k', status: 'running', createdAt: 'x', updatedAt: 'x', checkpoint: null, error: null, attempts: 0 });
    await expect(applyRestore(db, parsed)).rejects.toThrow(/running/);
  });
});

describe('no credentials', () => {
  it('refuses to write a backup in which a key was planted, and says where', async () => {
    const db = open();
    await fill(db);
    await db.audit.add({ at: '2026-11-02T00:00:00Z', connection: 'compliance', action: 'x', target: null, outcome: 'failed', detail: 'used sk-ant-api01-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', requestId: null });
    const err = await writeBackup(db, { schemaVersion: LATEST_VERSION, extensionVersion: '0.1.0', now: NOW }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect((err as Error).message).toMatch(/table "audit" contains something that looks like a credential/);
    expect((err as Error).message).not.toContain('AbCdEf');
  });

  it('refuses settings that carry a credential, and a file that plants one', async () => {
    const db = open();
    await expect(writeBackup(db, { schemaVersion: LATEST_VERSION, extensionVersion: '0.1.0', now: NOW, settings: { scimUrl: 'https://user:hunter2secret@scim.example.com' } })).rejects.toThrow(/settings/);
    const { parts } = await writeBackup(db, { schemaVersion: LATEST_VERSION, extensionVersion: '0.1.0', now: NOW });
    const file = JSON.parse(textOf(parts));
    file.tables.kv = [{ key: 'note', value: 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123' }];
    await expect(readBackupFile(JSON.stringify(file), db, { schemaVersion: LATEST_VERSION })).rejects.toThrow(/looks like a credential/);
    expect(await db.kv.count()).toBe(0);
  });

  it('a backup of ordinary data passes the scan (token counts are not tokens)', async () => {
    const db = open();
    await fill(db);
    await expect(writeBackup(db, { schemaVersion: LATEST_VERSION, extensionVersion: '0.1.0', now: NOW })).resolves.toBeTruthy();
  });
});
