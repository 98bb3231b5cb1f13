import type { AppDb } from '../sources/database.ts';
import type { Badge } from './types.ts';

/**
 * Badges for claude.ai's Connectors page: each listed connector that matches an MCP server of the
 * published inventory (by its current or an earlier name, case-insensitively) gets its tool policy
 * counts, the tools with no policy (tools seen in chats by the deep scan that have no policy row) and
 * its connected users. Counts and labels only.
 */

export interface ConnectorSummary {
  serverId: string;
  name: string;
  allow: number;
  ask: number;
  blocked: number;
  /** Tools seen in use without a policy of their own; null when no deep scan ran. */
  noPolicy: number | null;
  users: number;
}

const norm = (s: string) => s.trim().toLowerCase();

export async function connectorSummaries(db: AppDb, names: readonly string[]): Promise<Map<string, ConnectorSummary>> {
  const wanted = new Map(names.map((n) => [norm(n), n]));
  const out = new Map<string, ConnectorSummary>();
  if (wanted.size === 0) return out;
  const servers = (await db.pubMcpServers.toArray()).filter((s) => s.deleted === 0);
  // A current name wins over an earlier name of another server.
  const matches = [
    ...servers.filter((s) => wanted.has(norm(s.name))).map((s) => ({ server: s, match: norm(s.name) })),
    ...servers.flatMap((s) => {
      const earlier = s.names.map(norm).find((n) => wanted.has(n) && n !== norm(s.name));
      return earlier === undefined ? [] : [{ server: s, match: earlier }];
    }),
  ];
  for (const { server, match } of matches) {
    const label = wanted.get(match)!;
    if (out.has(label)) continue; // two servers of one name: the first published keeps the badge
    const policies = await db.pubToolPolicies.where('serverId').equals(server.id).toArray();
    const count = (p: string) => policies.filter((x) => x.tool !== '*' && x.permission === p).length;
    const scan = await db.deepScanServers.get(server.id);
    const withPolicy = new Set(policies.filter((p) => p.tool !== '*').map((p) => p.tool));
    out.set(label, {
      serverId: server.id,
      name: server.name,
      allow: count('allow'),
      ask: count('ask'),
      blocked: count('blocked'),
      noPolicy: scan ? Object.keys(scan.tools).filter((t) => !withPolicy.has(t)).length : null,
      users: server.connectedUsers,
    });
  }
  return out;
}

export function connectorBadge(target: string, s: ConnectorSummary): Badge {
  const parts = [`Always allow ${s.allow}`, `Needs approval ${s.ask}`, `Blocked ${s.blocked}`];
  if (s.noPolicy !== null) parts.push(`No policy ${s.noPolicy}`);
  const users = `${s.users} user${s.users === 1 ? '' : 's'} connected`;
  return {
    target,
    label: `${parts.join(' · ')} · ${users}`,
    detail: `${s.name} in the inventory: tool policies ${parts.join(', ')}; ${users}.${s.noPolicy === null ? ' Tools with no policy are counted after a deep scan.' : ''}`,
    level: 'info',
    open: `#/mcp/${encodeURIComponent(s.serverId)}`,
  };
}
