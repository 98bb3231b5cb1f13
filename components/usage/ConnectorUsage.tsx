import { useLiveQuery } from 'dexie-react-hooks';
import { connectorForServer } from '../../lib/sources/analytics/views.ts';
import { pageDb } from '../db.ts';
import { formatCount } from '../format.ts';
import { Api, Freshness } from './bits.tsx';
import { useAnalyticsState } from './data.ts';

/** "Connector usage" on an MCP server's page: the Analytics connector of the same name (labelled as a name match). */
export function ConnectorUsage({ names }: { names: readonly string[] }) {
  const state = useAnalyticsState();
  const connectors = useLiveQuery(() => pageDb().anConnectors.toArray(), []);
  if (!state || !connectors) return null;
  const c = connectorForServer(names, connectors);
  if (!c) return null;
  return (
    <section className="section usage" aria-labelledby="connector-usage-h" data-testid="connector-usage" style={{ marginTop: '1rem' }}>
      <h3 id="connector-usage-h">Connector usage</h3>
      <p className="muted">
        Matched by name with the Analytics connector <Api>{c.displayName ?? c.name}</Api> (the Analytics API reports connectors by name, not by server id), {c.from} to {c.to} (UTC).
      </p>
      <Freshness state={state} compact />
      <dl className="facts">
        <dt>People who used it</dt>
        <dd>{formatCount(c.distinctUsers)}</dd>
        <dt>Chat conversations</dt>
        <dd>{formatCount(c.chatConversations)}</dd>
        <dt>Claude Code sessions</dt>
        <dd>{formatCount(c.claudeCodeSessions)}</dd>
        <dt>Cowork sessions</dt>
        <dd>{formatCount(c.coworkSessions)}</dd>
        {c.readCalls !== null && (
          <>
            <dt>Read calls</dt>
            <dd>{formatCount(c.readCalls)}</dd>
          </>
        )}
        {c.writeCalls !== null && (
          <>
            <dt>Write calls</dt>
            <dd>{formatCount(c.writeCalls)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
