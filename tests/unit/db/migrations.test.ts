import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDb, LATEST_VERSION, SCHEMA_VERSIONS } from '../../../lib/sources/database.ts';
import { recordAudit } from '../../../lib/db/audit.ts';
import { declaredVersions } from '../../../lib/db/schema.ts';

/**
 * The migration test pattern: for every released schema version N, write representative data at N,
 * reopen the same database at N+1, and check that every row survived and was upgraded.
 * When you add a version, add its sample data to SAMPLES.
 */
const SAMPLES: Record<number, { write: (db: ReturnType<typeof createDb>) => Promise<void>; check: (db: ReturnType<typeof createDb>) => Promise<void> }> = {
  1: {
    write: async (db) => {
      await db.kv.put({ key: 'lastSnapshotAt', value: '2026-11-01T00:00:00Z' });
      await db.table('jobs').bulkPut([
        { id: 'job-1', kind: 'compliance-snapshot', status: 'done', createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:05:00Z', checkpoint: { cursor: 'abc' }, error: null },
        { id: 'job-2', kind: 'compliance-snapshot', status: 'paused', createdAt: '2026-11-02T00:00:00Z', updatedAt: '2026-11-02T00:05:00Z', checkpoint: { cursor: 'def' }, error: 'Malformed page' },
      ]);
    },
    check: async (db) => {
      expect((await db.kv.get('lastSnapshotAt'))?.value).toBe('2026-11-01T00:00:00Z');
      const jobs = await db.jobs.orderBy('id').toArray();
      expect(jobs.map((j) => [j.id, j.status, j.attempts, (j.checkpoint as { cursor: string }).cursor])).toEqual([
        ['job-1', 'done', 0, 'abc'],
        ['job-2', 'paused', 0, 'def'],
      ]);
      // The compound index added in v2 answers queries over rows written by v1.
      expect(await db.jobs.where('[kind+status]').equals(['compliance-snapshot', 'paused']).count()).toBe(1);
    },
  },
  2: {
    write: async (db) => {
      await db.kv.put({ key: 'complianceCursor', value: 'activity_01' });
      await db.audit.add({ at: '2026-11-03T00:00:00Z', connection: 'scim', action: 'user.create', target: 'ada@example.com', outcome: 'ok', detail: 'Created', requestId: null });
    },
    check: async (db) => {
      expect((await db.kv.get('complianceCursor'))?.value).toBe('activity_01');
      expect(await db.audit.count()).toBe(1);
      // v3 adds the snapshot tables empty.
      expect(await db.chatBatches.count()).toBe(0);
      expect(await db.pubModels.count()).toBe(0);
      await db.modelUsage.put({ model: 'claude-opus-4-7', dim: 'user', counts: { u1: 2 } });
      expect((await db.modelUsage.get(['claude-opus-4-7', 'user']))?.counts).toEqual({ u1: 2 });
    },
  },
  3: {
    // v3 kept the deep scan's records and the cleared-policy tombstones as prefixed kv keys.
    write: async (db) => {
      await db.kv.bulkPut([
        { key: 'derive:deepScan:chat:chat_1', value: { project: 'proj_1', servers: { mcpsrv_a: ['create_issue'] } } },
        { key: 'derive:deepScan:server:mcpsrv_a', value: { chats: 1, projects: { proj_1: { chats: 1, isPrivate: true } }, tools: { create_issue: 1 } } },
        { key: 'derive:mcp:policyCleared:mcpsrv_a\u0000delete_issue', value: '2026-04-05T00:00:00Z' },
        { key: 'compliance.state', value: { chatsCursor: 'chat_9', activitiesCursor: null, lastStartedAt: '2026-11-01T00:00:00Z', lastDirectoryAt: null, gen: 3 } },
      ]);
      await db.table('pubModels').put({ model: 'claude-opus-4-7', chats: 4 });
    },
    check: async (db) => {
      expect(await db.deepScanChats.get('chat_1')).toEqual({ chatId: 'chat_1', project: 'proj_1', servers: { mcpsrv_a: ['create_issue'] } });
      expect((await db.deepScanServers.get('mcpsrv_a'))?.tools).toEqual({ create_issue: 1 });
      expect(await db.policyTombstones.get(['mcpsrv_a', 'delete_issue'])).toEqual({ serverId: 'mcpsrv_a', tool: 'delete_issue', clearedAt: '2026-04-05T00:00:00Z' });
      // The moved keys are gone from kv; other records stay.
      expect(await db.kv.toCollection().primaryKeys()).toEqual(['compliance.state']);
      expect((await db.pubModels.get('claude-opus-4-7'))?.chats).toBe(4);
    },
  },
  4: {
    // v6 adds the Analytics tables: the Compliance inventory and its state are untouched.
    write: async (db) => {
      await db.kv.put({ key: 'compliance.state', value: { chatsCursor: 'c1', activitiesCursor: null, lastStartedAt: '2026-04-05T00:00:00Z', lastDirectoryAt: null, gen: 3 } });
      await db.pubModels.put({ model: 'claude-opus-4-7', chats: 9, deletedChats: 0, users: 2, projects: 0, organizations: 1, firstSeen: '2026-04-01T00:00:00Z' } as never);
      await db.deepScanServers.put({ serverId: 'mcpsrv_a', chats: 1 } as never);
    },
    check: async (db) => {
      expect((await db.kv.get('compliance.state'))?.value).toMatchObject({ chatsCursor: 'c1', gen: 3 });
      expect((await db.pubModels.get('claude-opus-4-7'))?.chats).toBe(9);
      expect(await db.deepScanServers.count()).toBe(1);
      expect(await db.anSpend.count()).toBe(0);
    },
  },
  6: {
    // v7 adds the SCIM tables: Analytics data is untouched.
    write: async (db) => {
      await db.anSpend.put({ month: '2026-11', actorKey: 'user_a', actor: { key: 'user_a', type: 'user_actor', name: 'A', email: 'a@example.com', deleted: false }, model: 'claude-opus-5-5', product: 'chat', amount: '12.5', listAmount: '12.5', requests: 1, uncachedInputTokens: 1, cacheReadInputTokens: 0, cacheCreationInputTokens: 0, outputTokens: 1, totalTokens: 2, webSearchRequests: 0 });
      await db.kv.put({ key: 'analytics.state', value: { completedAt: '2026-11-30T00:00:00Z' } });
    },
    check: async (db) => {
      expect((await db.anSpend.toArray()).map((r) => r.amount)).toEqual(['12.5']);
      expect((await db.kv.get('analytics.state'))?.value).toEqual({ completedAt: '2026-11-30T00:00:00Z' });
      expect(await db.scimUsers.count()).toBe(0);
    },
  },
  7: {
    // v8 adds the Admin API tables: the SCIM directory is untouched.
    write: async (db) => {
      await db.scimUsers.put({ id: 'u1', userName: 'ana@example.com', email: 'ana@example.com', displayName: 'Ana', givenName: 'Ana', familyName: null, externalId: null, active: true, created: null });
      await db.scimMembers.put({ groupId: 'g1', userId: 'u1' });
    },
    check: async (db) => {
      expect((await db.scimUsers.get('u1'))?.userName).toBe('ana@example.com');
      expect(await db.scimMembers.count()).toBe(1);
      expect(await db.adminUsers.count()).toBe(0);
    },
  },
  8: {
    // v9 adds pending writes and access reviews: the Admin API directory is untouched.
    write: async (db) => {
      await db.adminUsers.put({ id: 'user_1', email: 'ana@example.com', name: 'Ana', role: 'user', addedAt: '2026-01-01T00:00:00Z' });
      await db.adminMembers.put({ groupId: 'rbac_group_1', userId: 'user_1', email: 'ana@example.com', addedAt: '2026-01-02T00:00:00Z' });
    },
    check: async (db) => {
      expect((await db.adminUsers.get('user_1'))?.role).toBe('user');
      expect(await db.adminMembers.where('userId').equals('user_1').count()).toBe(1);
      expect(await db.pendingChanges.count()).toBe(0);
    },
  },
  9: {
    // v10 adds the plugin tables and the published MCP event history: reviews, pending writes and the MCP
    // history written before it stay; policy events recorded before v10 have no tool field (read from the summary).
    write: async (db) => {
      await db.accessReviews.put({ id: 'review_1', startedAt: '2026-11-01T00:00:00Z' } as never);
      await db.mcpEvents.put({ id: 'activity_1', serverId: 'mcpsrv_a', type: 'mcp_tool_policy_updated', at: '2026-04-01T00:00:00Z', actor: null, summary: 'delete_issue → Always allow' });
    },
    check: async (db) => {
      expect((await db.accessReviews.get('review_1'))?.startedAt).toBe('2026-11-01T00:00:00Z');
      expect((await db.mcpEvents.get('activity_1'))?.summary).toBe('delete_issue → Always allow');
      expect(await db.pubPlugins.count()).toBe(0);
      await db.plugins.put({ id: 'plugin_1', gen: 2 } as never);
      expect(await db.plugins.where('gen').equals(2).count()).toBe(1);
      await db.pubPluginServers.put({ pluginId: 'plugin_1', name: 'Jira', serverIds: ['mcpsrv_a', 'mcpsrv_b'] });
      expect(await db.pubPluginServers.where('serverIds').equals('mcpsrv_b').count()).toBe(1);
      await db.pubMcpEvents.put({ id: 'activity_1', serverId: 'mcpsrv_a', type: 'x', at: '2026-04-01T00:00:00Z', actor: null, summary: '' });
      expect(await db.pubMcpEvents.where('serverId').equals('mcpsrv_a').count()).toBe(1);
    },
  },
  10: {
    // v11 adds change summaries, change records, alerts and team budgets: identity records are untouched.
    write: async (db) => {
      await db.pendingChanges.add({ kind: 'member-added', via: 'scim', userId: 'u1', email: 'ana@example.com', groupId: 'g1', at: '2026-12-01T00:00:00Z', auditId: 1 });
      await db.accessReviews.put({ id: 'rev1', title: 'Q4', startedAt: '2026-12-01T00:00:00Z', closedAt: null });
    },
    check: async (db) => {
      expect((await db.pendingChanges.toArray()).map((r) => r.kind)).toEqual(['member-added']);
      expect((await db.accessReviews.get('rev1'))?.title).toBe('Q4');
      {
        expect(await db.changes.count()).toBe(0);
        await db.changes.add({ run: 'scim:r1', source: 'scim', at: '2026-12-02T00:00:00Z', kind: 'scimUser', change: 'added', subject: 'u2', label: 'bo@example.com', old: null, new: null, who: null, when: null, href: 'inventory.html#/people', seen: 0 });
        expect(await db.changes.where('seen').equals(0).count()).toBe(1);
        await db.teamBudgets.put({ teamKey: 'rbac:g1', kind: 'rbac', groupId: 'g1', name: 'Eng', monthly: '100000', thresholds: [75, 90, 100], updatedAt: '2026-12-02T00:00:00Z' });
        expect((await db.teamBudgets.get('rbac:g1'))?.monthly).toBe('100000');
      }
    },
  },
  11: {
    // v12 adds the published directory (people), empty: the worker joins it from the synced tables, which stay.
    write: async (db) => {
      await db.scimUsers.put({ id: 's-1', userName: 'ana@example.com', email: 'ana@example.com', displayName: 'Ana', givenName: null, familyName: null, externalId: null, active: true, created: null } as never);
      await db.teamBudgets.put({ teamKey: 'rbac:g1', kind: 'rbac', groupId: 'g1', name: 'Eng', monthly: '100000', thresholds: [75, 90, 100], updatedAt: '2026-12-02T00:00:00Z' });
    },
    check: async (db) => {
      expect((await db.scimUsers.get('s-1'))?.userName).toBe('ana@example.com');
      expect((await db.teamBudgets.get('rbac:g1'))?.name).toBe('Eng');
      expect(await db.people.count()).toBe(0);
      await db.people.put({ key: 'scim:s-1', userId: null, emailNorm: 'ana@example.com', groupKeys: ['scim:g1', 'rbac:g2'] } as never);
      expect(await db.people.where('groupKeys').equals('rbac:g2').count()).toBe(1);
      expect(await db.people.where('emailNorm').equals('ana@example.com').count()).toBe(1);
    },
  },
  12: {
    // v13 adds the effective spend limits and increase requests of the Admin API: the Admin directory, team
    // budgets and the published directory are untouched.
    write: async (db) => {
      await db.adminUsers.put({ id: 'user_1', email: 'ana@example.com', name: 'Ana', role: 'user', addedAt: '2026-01-01T00:00:00Z' });
      await db.teamBudgets.put({ teamKey: 'rbac:g1', kind: 'rbac', groupId: 'g1', name: 'Eng', monthly: '100000', thresholds: [75, 90, 100], updatedAt: '2026-12-02T00:00:00Z' });
    },
    check: async (db) => {
      expect((await db.adminUsers.get('user_1'))?.email).toBe('ana@example.com');
      expect((await db.teamBudgets.get('rbac:g1'))?.monthly).toBe('100000');
      await db.people.put({ key: 'user_1', userId: 'user_1', emailNorm: 'ana@example.com', groupKeys: [] } as never);
      expect(await db.people.where('emailNorm').equals('ana@example.com').count()).toBe(1);
      {
        expect(await db.adminSpendLimits.count()).toBe(0);
        await db.adminSpendLimits.put({
          id: 'user_1|monthly', actorType: 'user_actor', userId: 'user_1', apiKeyId: null, email: 'ana@example.com', name: 'Ana', deleted: false, period: 'monthly',
          amount: '50000', currency: 'USD', spent: '12050.5', scope: { type: 'user', id: 'user_1' }, source: { type: 'organization', id: null }, spendLimitId: 'spl_1', raw: {},
        });
        expect((await db.adminSpendLimits.where('userId').equals('user_1').first())?.spent).toBe('12050.5');
        await db.adminLimitRequests.put({ id: 'slir_1', userId: 'user_1', email: null, name: null, status: 'pending', period: 'monthly', createdAt: null, amount: null, spent: null, currency: null, raw: {} });
        expect(await db.adminLimitRequests.where('status').equals('pending').count()).toBe(1);
      }
    },
  },
};

describe('database migrations', () => {
  const declared = SCHEMA_VERSIONS.map((v) => v.version);
  for (const version of declared.filter((v) => v < LATEST_VERSION)) {
    // Versions are declared per source and need not be consecutive: the next one is the next declared.
    const following = declared[declared.indexOf(version) + 1]!;
    it(`data written at version ${version} opens at version ${following} without loss`, async () => {
      const sample = SAMPLES[version];
      expect(sample, `add sample data for schema version ${version}`).toBeDefined();
      const indexedDB = new IDBFactory();
      const old = createDb({ name: 'migration-test', upTo: version, indexedDB, IDBKeyRange });
      await sample!.write(old);
      old.close();
      const next = createDb({ name: 'migration-test', upTo: following, indexedDB, IDBKeyRange });
      await next.open();
      expect(next.verno).toBe(following);
      await sample!.check(next);
      next.close();
    });
  }

  for (const version of declared.filter((v) => v < LATEST_VERSION)) {
    it(`data written at version ${version} opens at the latest version in one step, with every upgrade since`, async () => {
      const indexedDB = new IDBFactory();
      const old = createDb({ name: 'migration-leap', upTo: version, indexedDB, IDBKeyRange });
      await SAMPLES[version]!.write(old);
      old.close();
      const latest = createDb({ name: 'migration-leap', indexedDB, IDBKeyRange });
      await latest.open();
      expect(latest.verno).toBe(LATEST_VERSION);
      await SAMPLES[version]!.check(latest);
      latest.close();
    });
  }

  it('declares only the versions with an upgrade and the last, each carrying the store changes folded into it', () => {
    const up = () => undefined;
    const folded = declaredVersions([
      { version: 1, stores: { a: 'id' } },
      { version: 2, stores: { b: 'id' }, upgrade: up },
      { version: 3, stores: { c: 'id' } },
      { version: 4, stores: { a: 'id, x', c: null } },
      { version: 5, stores: { d: 'id' } },
    ]);
    expect(folded).toEqual([
      { version: 2, stores: { a: 'id', b: 'id' }, upgrade: up },
      { version: 5, stores: { c: null, a: 'id, x', d: 'id' } },
    ]);
    // The real list: the same stores in the end, far fewer declarations.
    const all = declaredVersions(SCHEMA_VERSIONS);
    expect(all.at(-1)!.version).toBe(LATEST_VERSION);
    expect(all.length).toBeLessThan(SCHEMA_VERSIONS.length);
    const finalStores = (list: readonly { stores: Record<string, string | null> }[]) => Object.fromEntries(Object.entries(Object.assign({}, ...list.map((v) => v.stores))).filter(([, spec]) => spec !== null));
    expect(finalStores(all)).toEqual(finalStores(SCHEMA_VERSIONS));
  });

  it('the latest schema opens empty and records audit entries with secrets redacted', async () => {
    const db = createDb({ name: 'fresh', indexedDB: new IDBFactory(), IDBKeyRange });
    const id = await recordAudit(db, {
      connection: 'scim',
      action: 'user.create',
      target: 'ada@example.com',
      outcome: 'failed',
      detail: 'Request with Bearer abcdefghijklmnopqrstuvwxyz0123456789 failed',
      requestId: null,
    });
    const row = await db.audit.get(id);
    expect(row?.outcome).toBe('failed');
    expect(row?.detail).not.toContain('abcdefghijklmnopqrstuvwxyz0123456789');
    db.close();
  });
});
