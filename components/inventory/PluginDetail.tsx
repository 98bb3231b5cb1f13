import { useMemo } from 'react';
import { ownerLabel, pluginFindings, pluginName, pluginReach, preferenceLabel } from '../../lib/findings/plugins.ts';
import { ApiText } from '../ApiText.tsx';
import { Status } from '../Status.tsx';
import { DateText, Facts } from './bits.tsx';
import { DetailFrame } from './DetailFrame.tsx';
import { FindingList } from './FindingList.tsx';
import { PluginAccess } from './PluginAccess.tsx';
import { usePluginServers, usePublishedPlugin } from './plugin-data.ts';
import { DeclaredServers, ReachBadge, ScanText, VersionText } from './plugin-bits.tsx';

const COMPONENT_LABELS: Record<string, string> = { mcp_server: 'MCP server', cli: 'Command-line tool', hook: 'Hook', skill: 'Skill', command: 'Command', agent: 'Agent' };

/** One plugin: its facts, its components, and the statements of the risk recipe with their evidence. */
export function PluginDetail({ id }: { id: string }) {
  const plugin = usePublishedPlugin(id);
  const links = usePluginServers();
  const findings = useMemo(() => (plugin ? pluginFindings(plugin) : []), [plugin]);
  if (plugin === undefined || links === undefined) return <p className="muted detail-loading">Loading…</p>;
  if (plugin === null) {
    return (
      <DetailFrame list="plugins" title="Plugin not found" subtitle={<code><ApiText>{id}</ApiText></code>}>
        <Status kind="warning">This plugin is not in the latest snapshot. It may have been deleted, or the link is from another browser.</Status>
      </DetailFrame>
    );
  }
  const reach = pluginReach(plugin);
  const mine = links.filter((l) => l.pluginId === plugin.id);
  return (
    <DetailFrame list="plugins" title={pluginName(plugin)} subtitle={<code><ApiText>{plugin.id}</ApiText></code>} badges={<ReachBadge plugin={plugin} />}>
      {plugin.description && (
        <p>
          <ApiText>{plugin.description}</ApiText>
        </p>
      )}
      <Facts
        label="Plugin"
        items={[
          { term: 'Name', value: <code><ApiText>{plugin.name}</ApiText></code> },
          { term: 'Owner', value: <ApiText>{ownerLabel(plugin)}</ApiText> },
          { term: 'Reach', value: <>{reach.value ?? 'Unknown'} <span className="hint">({reach.basis})</span></> },
          { term: 'Content scan', value: <ScanText scan={plugin.scan} /> },
          { term: 'Installation', value: <>{preferenceLabel(plugin)}{plugin.installationPreferenceInherited ? <span className="hint"> (inherited from the marketplace)</span> : null}</> },
          { term: 'Version', value: <VersionText plugin={plugin} /> },
          ...(plugin.latest ? [{ term: 'Latest version scan', value: <ScanText scan={plugin.latest.scan} /> }] : []),
          { term: 'MCP servers', value: <DeclaredServers links={mine} /> },
          { term: 'Marketplace', value: plugin.marketplaceId ? <code><ApiText>{plugin.marketplaceId}</ApiText></code> : <span className="muted">Not recorded</span> },
          { term: 'Created', value: <><DateText iso={plugin.createdAt} />{plugin.createdBy && <span className="hint"> by <ApiText>{plugin.createdBy.email ?? plugin.createdBy.id ?? plugin.createdBy.type}</ApiText></span>}</> },
          { term: 'Updated', value: <DateText iso={plugin.updatedAt} /> },
        ]}
      />
      <section aria-labelledby="components-h">
        <h3 id="components-h">Components</h3>
        {plugin.components === null ? (
          <p className="muted">The Plugins API did not list this plugin&apos;s components.</p>
        ) : plugin.components.length === 0 ? (
          <p className="muted">No components.</p>
        ) : (
          <table className="compact">
            <caption className="sr-only">Components</caption>
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {plugin.components.map((c, i) => (
                <tr key={`${c.type}-${c.name}-${i}`}>
                  <td>{COMPONENT_LABELS[c.type] ?? <ApiText>{c.type}</ApiText>}</td>
                  <td>
                    <code>
                      <ApiText>{c.name}</ApiText>
                    </code>
                  </td>
                  <td>{c.description ? <ApiText>{c.description}</ApiText> : <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <PluginAccess pluginId={plugin.id} memberOwned={plugin.ownerType !== 'organization'} />
      <section aria-labelledby="plugin-findings-h">
        <h3 id="plugin-findings-h">Findings</h3>
        <FindingList findings={findings} label={`Findings for ${pluginName(plugin)}`} />
      </section>
    </DetailFrame>
  );
}
