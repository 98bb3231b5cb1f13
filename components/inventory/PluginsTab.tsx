import { useMemo } from 'react';
import { ownerLabel, pluginName, preferenceLabel } from '../../lib/findings/plugins.ts';
import { ApiText } from '../ApiText.tsx';
import { Status } from '../Status.tsx';
import { usePluginServers, usePluginsNote, usePublishedPlugins } from './plugin-data.ts';
import { DeclaredServers, ReachBadge, ScanText, VersionText } from './plugin-bits.tsx';
import { pluginHref } from './routes.ts';

/** The Plugins tab: every plugin with owner, reach, declared MCP servers and components, scan, installation, versions. */
export function PluginsTab({ hasSnapshot }: { hasSnapshot: boolean }) {
  const plugins = usePublishedPlugins();
  const links = usePluginServers();
  const note = usePluginsNote();
  const byPlugin = useMemo(() => {
    const m = new Map<string, NonNullable<typeof links>>();
    for (const l of links ?? []) m.set(l.pluginId, [...(m.get(l.pluginId) ?? []), l]);
    return m;
  }, [links]);
  const rows = useMemo(() => [...(plugins ?? [])].sort((a, b) => pluginName(a).localeCompare(pluginName(b))), [plugins]);
  if (plugins === undefined || note === undefined) return <p className="muted">Loading…</p>;
  return (
    <div className="stack">
      {note?.note && <Status kind={note.status === 'error' ? 'warning' : 'info'}>{note.note}</Status>}
      {rows.length === 0 ? (
        <p className="empty">
          {!hasSnapshot
            ? 'No snapshot yet: paste a Compliance key in Options and click Ingest snapshot. Plugins are read with the same key.'
            : note?.status === 'absent'
              ? 'No plugins to show: the Plugins API is not available for this organization.'
              : note === null
                ? 'Plugins have not been read yet. They are read with the directory: on the first snapshot, after a directory change, and daily. Click Ingest new snapshot in Options to read them now.'
                : 'No plugins in this organization. Plugins appear here once an admin adds one to a marketplace or a member uploads one to their personal marketplace.'}
        </p>
      ) : (
        <div className="dt-scroll">
          <table className="compact plugins">
            <caption className="sr-only">Plugins</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Owner</th>
                <th scope="col">Reach</th>
                <th scope="col">MCP servers</th>
                <th scope="col">Components</th>
                <th scope="col">Scan</th>
                <th scope="col">Installation</th>
                <th scope="col">Version</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id} data-plugin={p.id}>
                  <td>
                    <a href={pluginHref(p.id)} className="name">
                      <ApiText>{pluginName(p)}</ApiText>
                    </a>
                    <div className="sub">
                      <code>
                        <ApiText>{p.name}</ApiText>
                      </code>
                    </div>
                  </td>
                  <td>
                    <ApiText>{ownerLabel(p)}</ApiText>
                  </td>
                  <td>
                    <ReachBadge plugin={p} />
                  </td>
                  <td>
                    <DeclaredServers links={byPlugin.get(p.id) ?? []} />
                  </td>
                  <td>{p.components === null ? <span className="muted">Not listed</span> : <ApiText>{componentSummary(p.components)}</ApiText>}</td>
                  <td>
                    <ScanText scan={p.scan} />
                  </td>
                  <td>{preferenceLabel(p)}</td>
                  <td>
                    <VersionText plugin={p} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="footnote muted">
        Reach is the Plugins API&apos;s own rating of the served version (remote: declares an MCP server or a command-line tool; privileged: hooks, settings or
        pre-approved tools; contained: neither); where the API gave none it is derived from the components and marked “inferred”. MCP servers are linked to the
        inventory by name. Plugin archives are never downloaded.
      </p>
    </div>
  );
}

export function componentSummary(components: NonNullable<import('../../lib/sources/compliance/tables.ts').PluginRow['components']>): string {
  const counts = new Map<string, number>();
  for (const c of components) counts.set(c.type, (counts.get(c.type) ?? 0) + 1);
  if (counts.size === 0) return 'None';
  const names: Record<string, string> = { mcp_server: 'MCP server', cli: 'CLI', hook: 'hook', skill: 'skill', command: 'command', agent: 'agent' };
  return [...counts].map(([t, n]) => `${n} ${names[t] ?? t}${n === 1 ? '' : 's'}`).join(', ');
}
