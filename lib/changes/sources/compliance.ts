import { modelDisplayName, permissionLabel, toolLabel } from '../../catalog/index.ts';
import { DELETE_SCOPE } from '../../keys/scopes.ts';
import { KEY_CHECK } from '../../sources/compliance/key-status.ts';
import type { ActorSummary } from '../../sources/compliance/tables.ts';
import type { AppDb } from '../../sources/database.ts';
import { hrefs } from '../hrefs.ts';
import type { SummaryItem, SummaryValue } from '../tables.ts';
import type { ChangeSource } from '../types.ts';

const actor = (a: ActorSummary | null): string | null => (a ? (a.email ?? a.id ?? a.type) : null);
const permission = (v: SummaryValue) => (typeof v === 'string' ? permissionLabel(v).label : null);
const yesNo = (v: SummaryValue) => (v === true ? 'yes' : v === false ? 'no' : null);

/** Tool policy ids join the server id and the tool name with '\u0000' (neither contains it). */
export const policyId = (serverId: string, tool: string) => `${serverId}\u0000${tool}`;

/**
 * The Compliance snapshot's summary: models in use, MCP servers (name, who added or removed them),
 * tool policies (permission, who set it, when), the organization's API keys (whether they carry the
 * delete scope), the plugins (content scan verdict, reach) and the check of the extension's own key.
 */
export async function summarizeCompliance(db: AppDb): Promise<SummaryItem[]> {
  const [models, servers, policies, settings, keyCheck, plugins] = await Promise.all([
    db.pubModels.toArray(),
    db.pubMcpServers.toArray(),
    db.pubToolPolicies.toArray(),
    db.orgSettings.toArray(),
    KEY_CHECK.read(db),
    db.pubPlugins.toArray(),
  ]);
  const items: SummaryItem[] = [];
  for (const m of models) {
    if (m.model === '' || m.chats - m.deletedChats <= 0) continue;
    items.push({ kind: 'model', id: m.model, label: modelDisplayName(m.model), fields: { chats: m.chats - m.deletedChats, firstSeen: m.firstSeen } });
  }
  const serverNames = new Map<string, string>();
  for (const s of servers) {
    serverNames.set(s.id, s.name);
    items.push({
      kind: 'mcpServer',
      id: s.id,
      label: s.name,
      fields: {
        name: s.name,
        deleted: s.deleted === 1,
        addedBy: actor(s.addedBy),
        addedAt: s.addedAt,
        deletedBy: actor(s.deletedBy),
        deletedAt: s.deletedAt,
        // Names are tracked by the latest event that renamed the server; the rename's time is the last event.
        lastEventAt: s.lastEventAt,
      },
    });
  }
  for (const p of policies) {
    items.push({
      kind: 'toolPolicy',
      id: policyId(p.serverId, p.tool),
      label: `${serverNames.get(p.serverId) ?? p.serverId} · ${toolLabel(p.tool)}`,
      fields: { serverId: p.serverId, tool: p.tool, permission: p.permission, setBy: actor(p.setBy), at: p.at },
    });
  }
  for (const org of settings) {
    for (const k of org.apiKeys) {
      items.push({ kind: 'apiKey', id: k.id, label: k.name, fields: { org: org.org, delete: k.scopes.includes(DELETE_SCOPE), active: k.isActive, createdAt: k.createdAt } });
    }
  }
  for (const p of plugins) {
    // The content scan's verdict of the served version: pass / warn / fail, or its status while there is none.
    const scan = p.scan ? (p.scan.assessment ?? p.scan.status) : null;
    items.push({ kind: 'plugin', id: p.id, label: p.displayName ?? p.name, fields: { name: p.displayName ?? p.name, scan, scanReason: p.scan?.reason ?? null, reach: p.reach, owner: p.ownerEmail ?? p.ownerType, createdAt: p.createdAt } });
  }
  if (keyCheck) items.push({ kind: 'ownKey', id: 'compliance', label: 'The extension’s Compliance key', fields: { deleteScope: keyCheck.deleteScope, checkedAt: keyCheck.checkedAt } });
  return items;
}

export const complianceChanges: ChangeSource = {
  source: 'compliance',
  label: 'Compliance',
  summarize: summarizeCompliance,
  kinds: {
    model: { noun: 'Model', href: (i) => hrefs.model(i.id), addedWhen: 'firstSeen' },
    mcpServer: {
      noun: 'MCP server',
      href: (i) => hrefs.server(i.id),
      present: (i) => i.fields.deleted !== true,
      value: 'name',
      addedWho: 'addedBy',
      addedWhen: 'addedAt',
      removedWho: 'deletedBy',
      removedWhen: 'deletedAt',
      track: { name: { change: 'renamed', when: 'lastEventAt' } },
    },
    toolPolicy: {
      noun: 'Tool policy',
      href: (i) => hrefs.server(String(i.fields.serverId), 'tools'),
      value: 'permission',
      addedWho: 'setBy',
      addedWhen: 'at',
      track: { permission: { change: 'permission', who: 'setBy', when: 'at', show: permission } },
    },
    apiKey: {
      noun: 'API key',
      href: () => hrefs.complianceKey(),
      // Keys appearing and going are the Primary Owner's routine; what matters is the delete scope.
      added: (i) => i.fields.delete === true,
      removed: false,
      track: { delete: { change: (_a, b) => (b === true ? 'gained delete scope' : 'lost delete scope'), show: yesNo } },
    },
    plugin: {
      noun: 'Plugin',
      href: (i) => hrefs.plugin(i.id),
      value: 'scan',
      addedWhen: 'createdAt',
      track: { scan: { change: 'content scan' }, reach: { change: 'reach' }, name: { change: 'renamed' } },
    },
    ownKey: {
      noun: 'Compliance key',
      href: () => hrefs.complianceKey(),
      added: false,
      removed: false,
      track: { deleteScope: { change: 'delete scope', when: 'checkedAt' } },
    },
  },
};
