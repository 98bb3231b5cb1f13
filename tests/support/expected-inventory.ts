import { chatRecord, type SandboxOrg } from '../sandbox/generator/index.ts';

export interface ExpectedModel {
  model: string;
  chats: number;
  deletedChats: number;
  users: number;
  projects: number;
  organizations: number;
  firstSeen: string;
}

/**
 * The models inventory computed straight from the generator's chat arrays (not through the API), so
 * tests compare the extension's derivation with an independent ground truth. Soft-deleted chats count,
 * as the product documents; hard-deleted ones do not exist.
 */
export function expectedModels(org: SandboxOrg): Map<string, ExpectedModel> {
  const acc = new Map<string, { chats: number; deleted: number; users: Set<string>; projects: Set<string>; orgs: Set<string>; first: string }>();
  for (let i = 0; i < org.chats.n; i++) {
    if (!org.chats.exists(i)) continue;
    const c = chatRecord(org, i);
    const key = c.model ?? '';
    let a = acc.get(key);
    if (!a) acc.set(key, (a = { chats: 0, deleted: 0, users: new Set(), projects: new Set(), orgs: new Set(), first: c.created_at }));
    a.chats++;
    if (c.deleted_at) a.deleted++;
    if (c.user) a.users.add(c.user.id);
    if (c.project_id) a.projects.add(c.project_id);
    a.orgs.add(c.organization_uuid);
    if (c.created_at < a.first) a.first = c.created_at;
  }
  return new Map(
    [...acc].map(([model, a]) => [
      model,
      { model, chats: a.chats, deletedChats: a.deleted, users: a.users.size, projects: a.projects.size, organizations: a.orgs.size, firstSeen: a.first },
    ]),
  );
}

export interface ExpectedServer {
  id: string;
  name: string;
  preAudit: boolean;
}

/** MCP servers that exist now (not deleted), with their current names. */
export function expectedServers(org: SandboxOrg): Map<string, ExpectedServer> {
  return new Map(
    org.mcpServers
      .filter((s) => s.deletedAtMs === null || s.deletedAtMs > org.nowMs)
      .map((s) => [s.id, { id: s.id, name: s.renamedTo ?? s.originalName, preAudit: s.preAudit }]),
  );
}
