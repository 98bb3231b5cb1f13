import type { PluginRow, PluginServerRow } from '../../lib/sources/compliance/tables.ts';
import { pluginReach, reachLabel, REACH_HELP, scanSummary, type Reach } from '../../lib/findings/plugins.ts';
import { ApiText } from '../ApiText.tsx';
import { Badge } from './bits.tsx';
import { serverHref } from './routes.ts';

/** Reach, with "inferred" said when the API gave none and it was derived from the components. */
export function ReachBadge({ plugin }: { plugin: Pick<PluginRow, 'reach' | 'components'> }) {
  const r = pluginReach(plugin);
  const help = r.value && r.value in REACH_HELP ? `${REACH_HELP[r.value as Reach]} Source: ${r.basis}.` : r.basis;
  return (
    <span className="reach" data-reach={r.value ?? 'unknown'}>
      <Badge kind={r.value === 'remote' ? 'danger' : r.value === 'privileged' ? 'warn' : 'muted'} help={help}>
        {reachLabel(r.value)}
      </Badge>
      {r.inferred && <span className="hint"> (inferred)</span>}
    </span>
  );
}

/** Scan assessment and reason: "Warn — credential-exposure". */
export function ScanText({ scan }: { scan: PluginRow['scan'] }) {
  const s = scanSummary(scan);
  return (
    <span className="scan" data-assessment={s.assessment ?? 'none'}>
      <Badge kind={s.assessment === 'fail' ? 'danger' : s.assessment === 'warn' ? 'warn' : s.assessment === 'pass' ? 'info' : 'muted'}>{s.label}</Badge>
      {s.reason && (
        <>
          {' '}
          <code>
            <ApiText>{s.reason}</ApiText>
          </code>
        </>
      )}
    </span>
  );
}

/** The MCP servers a plugin declares, linked to the MCP servers tab where the name matches an inventory server. */
export function DeclaredServers({ links }: { links: readonly PluginServerRow[] }) {
  if (links.length === 0) return <span className="muted">None</span>;
  return (
    <ul className="plain-list">
      {links.map((l) => (
        <li key={l.name}>
          {l.serverIds.length === 0 ? (
            <span title="No MCP server in the inventory has this name.">
              <ApiText>{l.name}</ApiText> <span className="hint">(not in the inventory)</span>
            </span>
          ) : (
            l.serverIds.map((id, i) => (
              <span key={id}>
                {i > 0 && ', '}
                <a href={serverHref(id)} title={`MCP server ${id}`}>
                  <ApiText>{l.name}</ApiText>
                  {l.serverIds.length > 1 && <span className="hint"> ({i + 1})</span>}
                </a>
              </span>
            ))
          )}
        </li>
      ))}
    </ul>
  );
}

export function VersionText({ plugin }: { plugin: PluginRow }) {
  const served = plugin.manifestVersion ?? plugin.servedVersionId;
  if (plugin.servedVersionId === plugin.latestVersionId) return <span>{served} <span className="hint">(latest)</span></span>;
  return (
    <span>
      {served} <span className="hint">served</span>
      <br />
      {plugin.latest?.manifestVersion ?? plugin.latestVersionId} <span className="hint">latest{plugin.servedVersionPinned ? ', served version pinned' : ''}</span>
    </span>
  );
}
