import { centsToDollars, type ExportColumn } from '../../lib/export/table.ts';
import type { DimensionSpend, DirectoryPerson, TeamSpendView } from '../../lib/sources/analytics/views.ts';

/** Export columns of the Usage & spend tab's plain tables (amounts as exact dollars, tokens as counts). */

export function dimensionExport(head: string): ReadonlyArray<ExportColumn<DimensionSpend>> {
  return [
    { header: head, value: (r) => r.label },
    { header: `${head} id`, value: (r) => r.key },
    { header: 'Spend (USD)', value: (r) => centsToDollars(r.amount) },
    { header: 'Tokens', value: (r) => r.totalTokens },
  ];
}

export const TEAM_SPEND_EXPORT: ReadonlyArray<ExportColumn<TeamSpendView>> = [
  { header: 'Team (RBAC group)', value: (t) => t.name },
  { header: 'Group id', value: (t) => t.groupId },
  { header: 'Spend (USD)', value: (t) => centsToDollars(t.amount) },
  { header: 'Tokens', value: (t) => t.totalTokens },
];

export type InactiveSeatRow = DirectoryPerson & { reason: string; unknown: boolean };

export const INACTIVE_SEATS_EXPORT: ReadonlyArray<ExportColumn<InactiveSeatRow>> = [
  { header: 'Person', value: (p) => p.fullName || p.email },
  { header: 'Email', value: (p) => p.email },
  { header: 'User id', value: (p) => p.id },
  { header: 'Status', value: (p) => (p.unknown ? 'unknown' : 'inactive') },
  { header: 'Evidence', value: (p) => p.reason },
  { header: 'Last active', value: (p) => p.lastActiveDate },
  { header: 'Spend to date (USD)', value: (p) => centsToDollars(p.spendToDate) },
];
