import { useMemo, useState } from 'react';
import { toolFindings } from '../../lib/findings/tools.ts';
import type { Finding } from '../../lib/findings/types.ts';
import type { McpServerRow, PluginRow } from '../../lib/sources/compliance/tables.ts';
import { ApiText } from '../ApiText.tsx';
import { FindingList } from './FindingList.tsx';
import { useAdminRoles, useAllMcpEvents, useAllToolPolicies, usePluginServers, usePublishedPlugins } from './plugin-data.ts';
import { serverHref } from './routes.ts';

/** Every MCP server's tool-permission findings on one page, server by server; filter by kind. */
export function FindingsTab({ servers, hasSnapshot }: { servers: readonly McpServerRow[] | undefined; hasSnapshot: boolean }) {
  const policies = useAllToolPolicies();
  const events = useAllMcpEvents();
  const plugins = usePublishedPlugins();
  const links = usePluginServers();
  const admin = useAdminRoles();
  const [only, setOnly] = useState<'all' | 'hint' | 'history'>('all');
  const groups = useMemo(() => {
    if (!servers || !policies || !events || !plugins || !links || !admin) return undefined;
    const byId = new Map<string, PluginRow>(plugins.map((p) => [p.id, p]));
    return [...servers]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((server) => {
        const declaring = links.filter((l) => l.serverIds.includes(server.id)).map((l) => byId.get(l.pluginId)).filter((p): p is PluginRow => p !== undefined);
        const findings = toolFindings({
          server,
          policies: policies.filter((p) => p.serverId === server.id),
          events: events.filter((e) => e.serverId === server.id),
          plugins: [...new Set(declaring)],
          roles: admin.roles,
          groups: admin.groups,
        }).filter((f) => f.topic !== 'roles' || f.tool !== null || admin.roles.length > 0);
        return { server, findings };
      });
  }, [servers, policies, events, plugins, links, admin]);
  if (groups === undefined) return <p className="muted">Loading…</p>;
  const keep = (f: Finding) => (only === 'all' ? true : only === 'hint' ? f.kind === 'hint' : f.topic === 'history');
  const shown = groups.map((g) => ({ ...g, findings: g.findings.filter(keep) })).filter((g) => g.findings.length > 0);
  return (
    <div className="stack">
      <p className="hint">
        For each MCP server and tool: the permission in force and who set it when, whether it was ever restricted, members connected, roles granting Always allow
        (with the Admin API connected) and plugins that declare the server. Each statement cites its event or record. {groups.length > 0 && (admin?.roles.length ?? 0) === 0 && 'Role permissions are not known: connect the Admin API to see them.'}
      </p>
      <fieldset className="row">
        <legend className="sr-only">Show</legend>
        {(
          [
            ['all', 'All findings'],
            ['history', 'Permission history'],
            ['hint', 'Name hints only'],
          ] as const
        ).map(([value, label]) => (
          <label key={value}>
            <input type="radio" name="findings-filter" value={value} checked={only === value} onChange={() => setOnly(value)} /> {label}
          </label>
        ))}
      </fieldset>
      {shown.length === 0 ? (
        <p className="empty">
          {!hasSnapshot ? 'No snapshot yet: paste a Compliance key in Options and click Ingest snapshot.' : groups.length === 0 ? 'No MCP servers in this snapshot, so there is nothing to say about tool permissions.' : 'No findings of this kind.'}
        </p>
      ) : (
        shown.map(({ server, findings }) => (
          <section key={server.id} aria-labelledby={`f-${server.id}`} className="card">
            <h3 id={`f-${server.id}`}>
              <a href={serverHref(server.id)}>
                <ApiText>{server.name}</ApiText>
              </a>
            </h3>
            <FindingList findings={findings} label={`Findings for ${server.name}`} />
          </section>
        ))
      )}
    </div>
  );
}
