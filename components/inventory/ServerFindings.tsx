import { useMemo } from 'react';
import type { McpServerRow } from '../../lib/sources/compliance/tables.ts';
import { toolFindings } from '../../lib/findings/tools.ts';
import { useToolPolicies } from './data.ts';
import { useAdminRoles, usePluginsOfServer, useServerEvents } from './plugin-data.ts';
import { FindingList } from './FindingList.tsx';

/** The MCP server page's Findings tab: statements about its tools, each with the event or record it rests on. */
export function ServerFindings({ server }: { server: McpServerRow }) {
  const policies = useToolPolicies(server.id);
  const events = useServerEvents(server.id);
  const plugins = usePluginsOfServer(server.id);
  const admin = useAdminRoles();
  const findings = useMemo(
    () => (policies && events && plugins && admin ? toolFindings({ server, policies, events, plugins, roles: admin.roles, groups: admin.groups }) : undefined),
    [server, policies, events, plugins, admin],
  );
  if (findings === undefined) return <p className="muted">Loading…</p>;
  return (
    <div className="stack">
      <p className="hint">
        Statements built from the replayed activity feed, the inventory, role permissions (when the Admin API is connected) and plugins. Each one names its evidence: the
        event or record id and its date. <strong>Hint</strong> marks a guess from a tool&apos;s name only.
      </p>
      <FindingList findings={findings} label={`Findings for ${server.name}`} />
    </div>
  );
}
