import { beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDb, type AppDb } from '../../../lib/sources/database.ts';
import { raiseAlerts, runRules, MAX_SINGLE_NOTIFICATIONS, GROUPED_PREFIX, type Notifier } from '../../../lib/alerts/evaluate.ts';
import { alertContext, type AlertRule } from '../../../lib/alerts/types.ts';
import { item, NOW } from './helpers.ts';

let db: AppDb;
let n = 0;
beforeEach(() => {
  db = createDb({ name: `alerts-${n++}`, indexedDB: new IDBFactory(), IDBKeyRange });
});

const recorder = (permitted = true) => {
  const sent: Array<{ id: string; title: string }> = [];
  const notifier: Notifier = { permitted: async () => permitted, notify: async (id, t) => void sent.push({ id, title: t.title }) };
  return { sent, notifier };
};
const allow = (id: string) => item('toolPolicy', id, { serverId: 's1', permission: 'allow' }, `Jira · ${id}`);

describe('raising alerts', () => {
  it('the same rule + subject + level never notifies twice', async () => {
    const { sent, notifier } = recorder();
    const ctx = alertContext({ now: NOW, items: [item('mcpServer', 's1', {}), allow('t1')] });
    const first = await raiseAlerts(db, ctx, { notify: true, rules: {} }, notifier);
    expect(first.map((a) => a.key)).toEqual(['always-allow|t1|warning']);
    expect(sent.map((s) => s.id)).toEqual(['always-allow|t1|warning']);
    expect(await raiseAlerts(db, ctx, { notify: true, rules: {} }, notifier)).toEqual([]);
    expect(sent).toHaveLength(1);
    expect((await db.alerts.get('always-allow|t1|warning'))?.delivery).toBe('notified');
  });

  it('a switched-off rule raises nothing', async () => {
    const ctx = alertContext({ now: NOW, items: [allow('t1')] });
    expect(await raiseAlerts(db, ctx, { notify: true, rules: { 'always-allow': false } }, recorder().notifier)).toEqual([]);
  });

  it('without the permission (or with notifications off) alerts are recorded, not notified', async () => {
    const { sent, notifier } = recorder(false);
    await raiseAlerts(db, alertContext({ now: NOW, items: [allow('t1')] }), { notify: true, rules: {} }, notifier);
    await raiseAlerts(db, alertContext({ now: NOW, items: [allow('t2')] }), { notify: false, rules: {} }, recorder().notifier);
    expect(sent).toEqual([]);
    expect((await db.alerts.toArray()).map((a) => [a.key, a.delivery, a.seen])).toEqual([
      ['always-allow|t1|warning', 'no-permission', 0],
      ['always-allow|t2|warning', 'notifications-off', 0],
    ]);
  });

  it('many new alerts: the first few notify one by one, the rest as one grouped notification', async () => {
    const { sent, notifier } = recorder();
    const items = Array.from({ length: 6 }, (_, i) => allow(`t${i}`));
    await raiseAlerts(db, alertContext({ now: NOW, items }), { notify: true, rules: {} }, notifier);
    expect(sent).toHaveLength(MAX_SINGLE_NOTIFICATIONS + 1);
    expect(sent.at(-1)?.id.startsWith(GROUPED_PREFIX)).toBe(true);
    expect(sent.at(-1)?.title).toBe('3 more alerts');
    expect((await db.alerts.toArray()).every((a) => a.delivery === 'notified')).toBe(true);
  });

  it('a rule that throws is skipped, the others still run', () => {
    const broken: AlertRule = { id: 'broken', title: 'Broken', evaluate: () => { throw new Error('bad record'); } };
    const fine: AlertRule = { id: 'fine', title: 'Fine', evaluate: () => [{ subject: 'x', level: 'info', title: 't', detail: 'd', href: 'h' }] };
    expect(runRules(alertContext({ now: NOW }), [broken, fine]).map((r) => r.rule)).toEqual(['fine']);
  });
});
