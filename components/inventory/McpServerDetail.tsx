import { StatTile } from '../StatTile.tsx';
import { Status } from '../Status.tsx';
import { Tabs } from '../Tabs.tsx';
import { Badge, DateText, Facts, Unknown } from './bits.tsx';
import { usePublishedServer } from './data.ts';
import { DetailFrame } from './DetailFrame.tsx';
import { formatCount, formatDate } from '../format.ts';
import { CONNECTED_USERS_HELP, DEEP_SCAN_HELP, PRE_AUDIT_ADDED, PRE_AUDIT_BADGE, PRE_AUDIT_HELP, toServerView, type ServerView } from './model.ts';
import { ToolPermissions } from './ToolPermissions.tsx';
import { ServerFindings } from './ServerFindings.tsx';
import { ApiText } from '../ApiText.tsx';
import { LazyConnectorUsage } from '../usage/lazy.tsx';

export const SERVER_TABS = ['usages', 'tools', 'findings'] as const;

const orUnknown = (n: number | null) => (n === null ? <Unknown reason={DEEP_SCAN_HELP} short="Unknown (no deep scan)" /> : formatCount(n));

function Usages({ server, firstEventAt, lastEventAt, managedAuthMode }: { server: ServerView; firstEventAt: string; lastEventAt: string; managedAuthMode: string | null }) {
  const names = [...server.formerNames, server.name];
  return (
    <div className="stack">
      <Facts
        label="Usages"
        items={[
          {
            term: 'Organizations',
            value: server.orgName ? (
              <>
                {server.orgName}
                {server.orgUuid && server.orgUuid !== server.orgName && (
                  <div className="sub">
                    <code>{server.orgUuid}</code>
                  </div>
                )}
              </>
            ) : (
              <span className="muted">Not recorded</span>
            ),
          },
          {
            term: 'Set by',
            value: server.preAudit ? <span className="muted">Unknown — {PRE_AUDIT_BADGE.toLowerCase()}</span> : (server.addedBy ?? <span className="muted">Not recorded</span>),
          },
          { term: 'Added', value: server.preAudit ? PRE_AUDIT_ADDED : <DateText iso={server.addedAt} /> },
          {
            term: 'Names',
            value:
              names.length > 1 ? (
                <ol className="names">
                  {names.map((n, i) => (
                    <li key={`${i}-${n}`}>
                      <ApiText>{n}</ApiText>
                      {i === names.length - 1 && <span className="hint"> (current)</span>}
                    </li>
                  ))}
                </ol>
              ) : (
                <ApiText>{server.name}</ApiText>
              ),
          },
          { term: 'Connected users', value: <span title={CONNECTED_USERS_HELP}>{formatCount(server.users)}</span> },
          { term: 'Used in chats', value: orUnknown(server.chats) },
          { term: 'Projects', value: orUnknown(server.projects) },
          ...(managedAuthMode ? [{ term: 'Managed authentication', value: managedAuthMode }] : []),
          { term: 'First event seen', value: <DateText iso={firstEventAt} /> },
          { term: 'Last event seen', value: <DateText iso={lastEventAt} /> },
        ]}
      />
      {server.chats === null && <p className="hint">{DEEP_SCAN_HELP} The deep scan reads chat messages, one request per chat, so it is optional.</p>}
      <p className="hint">Connected users come from “user connected” and “user disconnected” events: a user counts while their latest event for this server is a connection.</p>
      <LazyConnectorUsage names={names} />
    </div>
  );
}

export function McpServerDetail({ id, tab, onTab, orgNames }: { id: string; tab: string | undefined; onTab: (tab: string) => void; orgNames: ReadonlyMap<string, string> }) {
  const row = usePublishedServer(id);
  if (row === undefined) return <p className="muted detail-loading">Loading…</p>;
  if (row === null) {
    return (
      <DetailFrame list="mcp" title="MCP server not found" subtitle={<code><ApiText>{id}</ApiText></code>}>
        <Status kind="warning">This MCP server is not in the latest snapshot. It may have been deleted, or the link is from another browser.</Status>
      </DetailFrame>
    );
  }
  const server = toServerView(row, orgNames);
  const selected = SERVER_TABS.includes(tab as (typeof SERVER_TABS)[number]) ? tab! : 'usages';
  return (
    <DetailFrame
      list="mcp"
      title={server.name}
      subtitle={<code><ApiText>{server.id}</ApiText></code>}
      badges={
        server.preAudit && (
          <Badge kind="info" help={PRE_AUDIT_HELP}>
            {PRE_AUDIT_BADGE}
          </Badge>
        )
      }
    >
      {server.preAudit && <p className="hint">{PRE_AUDIT_HELP}</p>}
      <div className="tiles detail-tiles">
        <StatTile label="Added" value={server.preAudit ? PRE_AUDIT_ADDED : formatDate(server.addedAt)} />
        <StatTile label="Organizations" value={server.organizations} />
        <StatTile label="Private projects" value={server.privateProjects ?? '—'} />
        <StatTile label="Public projects" value={server.publicProjects ?? '—'} />
        <StatTile label="Users" value={server.users} />
      </div>
      <Tabs
        label="MCP server details"
        selected={selected}
        onSelect={onTab}
        tabs={[
          { id: 'usages', label: 'Usages', content: <Usages server={server} firstEventAt={row.firstEventAt} lastEventAt={row.lastEventAt} managedAuthMode={row.managedAuthMode} /> },
          { id: 'tools', label: 'Tools & permissions', content: <ToolPermissions server={row} /> },
          { id: 'findings', label: 'Findings', content: <ServerFindings server={row} /> },
        ]}
      />
    </DetailFrame>
  );
}
