import { describe, expect, it } from 'vitest';
import { alertContext } from '../../../../lib/alerts/types.ts';
import { deleteScope } from '../../../../lib/alerts/rules/delete-scope.ts';
import { item, NOW } from '../helpers.ts';

describe('alert rule: a key with the delete scope', () => {
  it('fires for an active organization key with the scope and for the extension’s own key', () => {
    const ctx = alertContext({ now: NOW, items: [item('apiKey', 'k1', { delete: true, active: true }, 'SIEM export'), item('ownKey', 'compliance', { deleteScope: 'present' })] });
    expect(deleteScope.evaluate(ctx).map((a) => [a.subject, a.level])).toEqual([
      ['org-key/k1', 'critical'],
      ['ownKey', 'critical'],
    ]);
  });
  it('does not fire for revoked keys, keys without the scope or an unknown own-key state', () => {
    const ctx = alertContext({ now: NOW, items: [item('apiKey', 'k1', { delete: true, active: false }), item('apiKey', 'k2', { delete: false, active: true }), item('ownKey', 'compliance', { deleteScope: 'unknown' })] });
    expect(deleteScope.evaluate(ctx)).toEqual([]);
  });
});

describe('delete-scope alert records', () => {
  it('never look like a credential to the backup and export scanners', async () => {
    const { containsSecret } = await import('../../../../lib/util/redact.ts');
    const subject = `org-key/apikey_018nuT5Z0lKsSEso3Z6VTJ7b`;
    expect(containsSecret(JSON.stringify({ key: `delete-scope|${subject}|critical`, subject }))).toBe(false);
  });
});
