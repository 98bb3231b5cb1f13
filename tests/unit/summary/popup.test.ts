import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../lib/sources/database.ts';
import { KEY_CHECK, type KeyCheck } from '../../../lib/sources/compliance/key-status.ts';
import type { SnapshotRow } from '../../../lib/sources/compliance/tables.ts';
import { buildPopupSummary, parsePopupSummary, POPUP_SUMMARY_KEY, type PopupSummary } from '../../../lib/summary/popup.ts';
import { popupSummaryWriter } from '../../../lib/summary/write.ts';

const SECRET = 'sk-ant-api01-' + 'a'.repeat(80) + '-bbbbbbAA';

const snapshot = (completedAt: string, models: number): SnapshotRow => ({
  id: completedAt,
  startedAt: completedAt,
  completedAt,
  kind: 'full',
  requests: 10,
  durationMs: 100,
  counts: { models, mcpServers: 3, users: 40, organizations: 2, chats: 1000, groups: 4, projects: 7 },
  skipped: {},
  changes: [],
});

const keyCheck: KeyCheck = {
  checkedAt: '2026-01-01T00:00:00.000Z',
  credential: { code: 'compliance_key', verdict: 'accepted', message: 'Compliance key', masked: 'sk-ant-…bbAA' },
  status: 'ok',
  message: `All three scopes (${SECRET})`,
  checklist: [],
  deleteScope: 'absent',
  otherDeleteKeys: [],
  warnings: [],
  fix: null,
  requestId: 'req_123',
};

describe('popup summary', () => {
  it('holds the counts, key health and job state, and nothing secret', () => {
    const s = buildPopupSummary({
      snapshot: snapshot('2026-01-02T00:00:00.000Z', 8),
      keyCheck,
      job: { id: 'compliance-snapshot', kind: 'compliance', status: 'paused', createdAt: '', updatedAt: '', checkpoint: { cursor: 'secret-cursor' }, error: `Bearer ${SECRET} was refused`, attempts: 1 },
      credential: { present: true, locked: false },
      now: new Date('2026-01-03T00:00:00.000Z'),
    });
    expect(s.snapshot).toEqual({ completedAt: '2026-01-02T00:00:00.000Z', counts: { models: 8, chatsWithoutModel: 0, mcpServers: 3, users: 40, organizations: 2 } });
    expect(s.keyCheck?.status).toBe('ok');
    expect(s.job?.status).toBe('paused');
    const text = JSON.stringify(s);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('sk-ant-…bbAA');
    expect(text).not.toContain('req_123');
    expect(text).not.toContain('secret-cursor');
    expect(parsePopupSummary(JSON.parse(text))).toEqual(s);
  });

  it('says "no snapshot" and "not checked" as null', () => {
    const s = buildPopupSummary({ snapshot: undefined, keyCheck: undefined, job: undefined, credential: { present: false, locked: false }, now: new Date(0) });
    expect(s).toMatchObject({ snapshot: null, keyCheck: null, job: null });
  });

  it('reads anything else as absent', () => {
    expect(parsePopupSummary(undefined)).toBeUndefined();
    expect(parsePopupSummary({ version: 2, writtenAt: 'x', credential: {} })).toBeUndefined();
    expect(parsePopupSummary('x')).toBeUndefined();
  });

  it('the writer stores the latest snapshot and key check, coalescing concurrent refreshes', async () => {
    const db = createDb({ name: 'popup-summary', indexedDB: new IDBFactory(), IDBKeyRange });
    await db.snapshots.bulkPut([snapshot('2026-01-01T00:00:00.000Z', 5), snapshot('2026-01-02T00:00:00.000Z', 8)]);
    await KEY_CHECK.write(db, keyCheck);
    const writes: PopupSummary[] = [];
    const refresh = popupSummaryWriter({
      db,
      credential: async () => ({ present: true, locked: false }),
      store: async (items) => {
        writes.push(items[POPUP_SUMMARY_KEY]!);
      },
    });
    await Promise.all([refresh(), refresh(), refresh()]);
    expect(writes.length).toBeLessThanOrEqual(2);
    expect(writes.at(-1)?.snapshot?.counts.models).toBe(8);
    expect(writes.at(-1)?.keyCheck?.status).toBe('ok');
    db.close();
  });
});
