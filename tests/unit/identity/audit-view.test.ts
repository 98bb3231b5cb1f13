import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import type { AuditRow } from '../../../lib/db/schema.ts';
import { auditCsv, auditFileName, matchesAudit } from '../../../lib/identity/audit-view.ts';
import { auditDetail } from '../../../lib/identity/audit.ts';

const row = (over: Partial<AuditRow>): AuditRow => ({
  id: 1,
  at: '2026-12-07T12:00:00.000Z',
  connection: 'scim',
  action: 'user.create',
  target: 'jane@acme.example',
  outcome: 'done',
  detail: 'Sent: POST /Users {…} → 201. Result: Created.',
  requestId: null,
  ...over,
});

describe('the audit-log view', () => {
  it('filters by outcome and connection', () => {
    const rows = [row({ id: 1 }), row({ id: 2, outcome: 'refused', connection: 'admin' }), row({ id: 3, outcome: 'failed' })];
    expect(rows.filter((r) => matchesAudit(r, { outcome: 'all', connection: 'all' })).map((r) => r.id)).toEqual([1, 2, 3]);
    expect(rows.filter((r) => matchesAudit(r, { outcome: 'refused', connection: 'all' })).map((r) => r.id)).toEqual([2]);
    expect(rows.filter((r) => matchesAudit(r, { outcome: 'all', connection: 'scim' })).map((r) => r.id)).toEqual([1, 3]);
  });

  it('exports CSV with words for the codes, and a name that starts with = stays text', () => {
    const csv = auditCsv([row({ target: '=HYPERLINK("http://x","y")', action: 'group.member.remove', connection: 'admin', outcome: 'pending', requestId: 'req_1' })]);
    const parsed = Papa.parse<string[]>(csv.trim()).data;
    expect(parsed[0]).toEqual(['When (UTC)', 'Connection', 'Action', 'Target', 'Outcome', 'Request ID', 'Detail']);
    expect(parsed[1]!.slice(0, 6)).toEqual(['2026-12-07T12:00:00.000Z', 'Admin API', 'Revoke group membership', `'=HYPERLINK("http://x","y")`, 'Pending sync', 'req_1']);
  });

  it('names the file with the UTC date', () => {
    expect(auditFileName(new Date('2026-12-07T23:59:00Z'))).toBe('claude-admin-changes-2026-12-07.csv');
  });

  it('the detail says what was sent, or that nothing was, and the result', () => {
    expect(auditDetail({ steps: [], message: 'Refused.', reason: undefined })).toBe('Nothing was sent. Result: Refused.');
    expect(auditDetail({ steps: ['DELETE /Users/u1 → 204'], message: 'Removed.', reason: 'Review' })).toBe('Reason: Review. Sent: DELETE /Users/u1 → 204. Result: Removed.');
  });
});
