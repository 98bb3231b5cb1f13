import { beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDb, type AppDb } from '../../../lib/sources/database.ts';
import { markSeen, recordChanges, unseenCount } from '../../../lib/changes/record.ts';
import { complianceChanges } from '../../../lib/changes/sources/compliance.ts';
import { createChangeTracker } from '../../../lib/changes/tracker.ts';
import type { McpServerRow } from '../../../lib/sources/compliance/tables.ts';

let db: AppDb;
let n = 0;
beforeEach(() => {
  db = createDb({ name: `changes-${n++}`, indexedDB: new IDBFactory(), IDBKeyRange });
});

const server = (id: string, name: string): McpServerRow => ({
  id, name, names: [name], orgUuid: null, orgId: null, addedAt: '2026-11-01T00:00:00Z', addedBy: { type: 'user_actor', id: 'u1', email: 'ana@example.com' },
  firstEventAt: '2026-11-01T00:00:00Z', lastEventAt: '2026-11-01T00:00:00Z', deleted: 0, deletedAt: null, deletedBy: null, preAudit: false, managedAuthMode: null,
  connectedUsers: 0, usedInChats: null, projects: null, privateProjects: null, publicProjects: null,
});

describe('recording changes after a publish', () => {
  it('the first summary is the baseline; the next publish records what changed; the same run is not recorded twice', async () => {
    await db.pubMcpServers.put(server('s1', 'Jira'));
    expect(await recordChanges(db, complianceChanges, 'run1', new Date('2026-11-01T00:00:00Z'))).toEqual([]);
    expect((await db.changeRuns.get('compliance:run1'))?.baseline).toBe(true);

    await db.pubMcpServers.put(server('s2', 'Confluence'));
    await db.pubToolPolicies.put({ serverId: 's1', tool: 'delete_issue', permission: 'allow', at: '2026-11-02T00:00:00Z', setBy: null });
    const rows = await recordChanges(db, complianceChanges, 'run2', new Date('2026-11-02T00:00:00Z'));
    expect(rows.map((r) => [r.kind, r.change, r.subject])).toEqual([
      ['mcpServer', 'added', 's2'],
      ['toolPolicy', 'added', 's1\u0000delete_issue'],
    ]);
    expect(rows.every((r) => typeof r.id === 'number' && r.seen === 0 && r.run === 'compliance:run2')).toBe(true);
    expect(await recordChanges(db, complianceChanges, 'run2', new Date())).toEqual([]);
    expect(await db.changes.count()).toBe(2);
    expect(await unseenCount(db)).toBe(2);

    await markSeen(db, { changeIds: [rows[0]!.id!] });
    expect(await unseenCount(db)).toBe(1);
    await markSeen(db);
    expect(await unseenCount(db)).toBe(0);
  });

  it('the tracker records, raises alerts once, notifies and sets the badge', async () => {
    const badges: string[] = [];
    const sent: string[] = [];
    const tracker = createChangeTracker({
      db,
      now: () => new Date('2026-11-02T00:00:00Z'),
      alertOptions: async () => ({ notify: true, rules: {} }),
      notifier: { permitted: async () => true, notify: async (id) => void sent.push(id) },
      setBadge: async (t) => void badges.push(t),
    });
    await db.pubMcpServers.put(server('s1', 'Jira'));
    await tracker.afterPublish('compliance', 'r1');
    // Baseline: no changes, but the state rule "server with no tool policies" raises one alert.
    expect(sent).toEqual(['server-without-policies|s1|info']);
    expect(badges.at(-1)).toBe('1');
    await db.pubMcpServers.put(server('s2', 'Confluence'));
    const result = await tracker.afterPublish('compliance', 'r2');
    expect(result.changes).toBe(1);
    expect(sent).toEqual(['server-without-policies|s1|info', 'new-server-or-plugin|mcpServer:s2|warning', 'server-without-policies|s2|info']);
    expect((await db.alerts.get('new-server-or-plugin|mcpServer:s2|warning'))?.delivery).toBe('notified');
    expect(badges.at(-1)).toBe('4'); // 1 change + 3 alerts
    // Nothing new: nothing notifies again.
    await tracker.afterPublish('compliance', 'r3');
    expect(sent).toHaveLength(3);
  });

  it('a source without a registration records nothing but still runs the rules', async () => {
    const tracker = createChangeTracker({ db, alertOptions: async () => ({ notify: false, rules: {} }), notifier: null, setBadge: async () => undefined });
    expect(await tracker.afterPublish('unknown-source', 'r1')).toEqual({ changes: 0, alerts: 0 });
  });
});
