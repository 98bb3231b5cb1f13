import type { ExportColumn } from '../../lib/export/table.ts';
import type { OrgUsageView, ToolPolicyView } from './model.ts';

/** Export columns of the inventory's plain tables (the DataTables derive theirs from their column definitions). */

/** A server's "Tools & permissions": Name, Date, Set by, Max permissions, plus the raw tool name and permission value. */
export const TOOL_POLICY_EXPORT: ReadonlyArray<ExportColumn<ToolPolicyView>> = [
  { header: 'Name', value: (p) => p.name },
  { header: 'Tool', value: (p) => p.tool },
  { header: 'Date', value: (p) => p.at },
  { header: 'Set by', value: (p) => p.setBy },
  { header: 'Max permissions', value: (p) => p.permissionLabel },
  { header: 'Permission value', value: (p) => p.permission },
];

/** A model's usage per organization. */
export const MODEL_ORG_USAGE_EXPORT: ReadonlyArray<ExportColumn<OrgUsageView>> = [
  { header: 'Organization', value: (o) => o.name },
  { header: 'Organization id', value: (o) => o.uuid || null },
  { header: 'Used in chats', value: (o) => o.chats },
];
