import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import { lifecycle, lookupModel, modelDisplayName } from '../catalog/models.ts';
import { effectivePermission, currentPolicies, isServerDefaultTool, SERVER_DEFAULT_TOOL, toolFindings, type PolicyInput } from '../catalog/mcp-permissions.ts';
import type { McpServerRow, ModelRow, OrgRow, SnapshotRow, ToolPolicyRow } from '../sources/compliance/tables.ts';

/**
 * The inventory as a CycloneDX 1.6 BOM (JSON), built with the CycloneDX library from the published
 * snapshot: Claude models in use as `machine-learning-model` components (with the bundled catalogue's
 * provider, lifecycle dates and successor as properties), organization MCP servers as services (endpoint
 * where known; per-tool effective permission, users connected and risk facts as properties). Other parts
 * of the inventory (plugins, say) add their own components or services through `extra`.
 *
 * Pure: the caller reads the tables and passes the clock. Schema-validated in tests with the library's
 * own validator (tests/unit/export/cyclonedx.test.ts).
 */

/** Namespace of every property this product writes. */
export const PROPERTY_PREFIX = 'claude-enterprise';
const P = (name: string) => `${PROPERTY_PREFIX}:${name}`;

export interface BomProperty {
  name: string;
  value: string;
}

/** A component or service from another part of the inventory (e.g. a plugin), added as is. */
export interface BomExtraItem {
  kind: 'component' | 'service';
  /** For components: a CycloneDX component type ("application", "library", "data", …); default "application". */
  type?: string;
  name: string;
  version?: string;
  group?: string;
  description?: string;
  /** Unique within the BOM; made unique by the library when two items share it. */
  bomRef?: string;
  properties?: readonly BomProperty[];
  /** Services only: endpoint URLs. */
  endpoints?: readonly string[];
  /** bom-refs of other items (inventory or extra) this one depends on, written as the BOM's dependency graph. */
  dependsOn?: readonly string[];
}

export interface InventoryBomInput {
  models: readonly ModelRow[];
  servers: readonly McpServerRow[];
  toolPolicies: readonly ToolPolicyRow[];
  orgs: readonly OrgRow[];
  snapshot: SnapshotRow | null;
  /** This extension: the BOM's tool. */
  tool: { name: string; version: string };
  now: Date;
  /** Known endpoint URLs by MCP server id (the Compliance API records none; other sources may). */
  endpoints?: ReadonlyMap<string, readonly string[]>;
  /** Organization setting `connector_tools_default_always_allow`, where known (effective permission of tools without a policy). */
  connectorToolsDefaultAlwaysAllow?: boolean | null;
  extra?: readonly BomExtraItem[];
  /** `urn:uuid:…`; left out when not given (a serial number is optional). */
  serialNumber?: string;
}

const COMPONENT_TYPES = new Set<string>(Object.values(Enums.ComponentType));

function props(list: Array<[string, string | number | boolean | null | undefined]>): Models.PropertyRepository {
  const repo = new Models.PropertyRepository();
  for (const [name, value] of list) if (value !== null && value !== undefined && value !== '') repo.add(new Models.Property(name, String(value)));
  return repo;
}

function actor(a: { email: string | null; id: string | null; type: string } | null | undefined): string | null {
  return a ? a.email || a.id || a.type : null;
}

function modelComponent(row: ModelRow, now: Date): Models.Component | null {
  if (row.model === '') return null; // Chats without a model: counted in the metadata, not a component.
  const hit = lookupModel(row.model);
  const list: Array<[string, string | number | boolean | null | undefined]> = [
    [P('model:id'), row.model],
    [P('model:inCatalog'), hit !== undefined],
    [P('usage:chats'), row.chats],
    [P('usage:deletedChats'), row.deletedChats],
    [P('usage:users'), row.users],
    [P('usage:projects'), row.projects],
    [P('usage:organizations'), row.organizations],
    [P('usage:firstSeen'), row.firstSeen || null],
  ];
  const externalReferences = new Models.ExternalReferenceRepository();
  let supplier: Models.OrganizationalEntity | undefined;
  let version: string | undefined;
  if (hit) {
    const e = hit.entry;
    const l = lifecycle(e, now);
    supplier = new Models.OrganizationalEntity({ name: e.vendor });
    version = hit.snapshot.id;
    list.push(
      [P('model:displayName'), modelDisplayName(row.model)],
      [P('model:provider'), e.vendor],
      [P('model:family'), e.family],
      [P('model:catalogMatch'), hit.match],
      [P('lifecycle:state'), l.state],
      [P('lifecycle:status'), e.status_label],
      [P('lifecycle:deprecatedOn'), e.deprecated_on],
      [P('lifecycle:retiresOn'), e.retires_on],
      [P('lifecycle:retirementFloor'), e.retirement_floor],
      [P('lifecycle:daysLeft'), l.daysLeft],
      [P('lifecycle:successor'), e.replacement_id],
      [P('lifecycle:successorName'), e.replacement_id ? modelDisplayName(e.replacement_id) : null],
    );
    if (e.docs_url) externalReferences.add(new Models.ExternalReference(e.docs_url, Enums.ExternalReferenceType.Documentation));
  }
  return new Models.Component(Enums.ComponentType.MachineLearningModel, row.model, {
    bomRef: `model:${row.model}`,
    ...(version ? { version } : {}),
    ...(supplier ? { supplier } : {}),
    ...(hit ? { description: modelDisplayName(row.model) } : { description: 'Not in the catalogue bundled with the extension; nothing about it is guessed.' }),
    externalReferences,
    properties: props(list),
  });
}

function serverService(row: McpServerRow, policies: readonly ToolPolicyRow[], orgNames: ReadonlyMap<string, string>, orgDefault: boolean | null | undefined): Models.Service {
  const inputs: PolicyInput[] = policies.map((p) => ({ tool: p.tool, permission: p.permission, at: p.at, setBy: p.setBy }));
  const current = currentPolicies(inputs);
  const org = orgDefault === undefined ? {} : { connectorToolsDefaultAlwaysAllow: orgDefault };
  const list: Array<[string, string | number | boolean | null | undefined]> = [
    [P('mcp:serverId'), row.id],
    [P('mcp:organization'), row.orgUuid ? (orgNames.get(row.orgUuid) ?? row.orgUuid) : row.orgId],
    [P('mcp:organizationId'), row.orgUuid ?? row.orgId],
    [P('mcp:addedAt'), row.preAudit ? null : row.addedAt],
    [P('mcp:addedBy'), row.preAudit ? null : actor(row.addedBy)],
    [P('mcp:configuredBeforeAuditLog'), row.preAudit],
    [P('mcp:managedAuthMode'), row.managedAuthMode],
    [P('mcp:usersConnected'), row.connectedUsers],
    [P('mcp:usedInChats'), row.usedInChats],
    [P('mcp:projects'), row.projects],
    [P('mcp:toolPolicies'), current.size],
  ];
  for (const former of new Set(row.names.filter((n) => n && n !== row.name))) list.push([P('mcp:formerName'), former]);
  const star = effectivePermission(SERVER_DEFAULT_TOOL, current, org);
  list.push([P('mcp:defaultPermission'), star.value ?? 'unknown'], [P('mcp:defaultPermissionFrom'), star.from]);
  for (const tool of [...current.keys()].filter((t) => !isServerDefaultTool(t)).sort()) {
    const eff = effectivePermission(tool, current, org);
    const own = current.get(tool)!;
    list.push(
      [P(`mcp:tool:${tool}:permission`), eff.value ?? 'unknown'],
      [P(`mcp:tool:${tool}:setAt`), own.at ?? null],
      [P(`mcp:tool:${tool}:setBy`), actor(policies.find((p) => p.tool === tool)?.setBy)],
    );
  }
  const findings = toolFindings({ server: { id: row.id, name: row.name, connectedUsers: row.connectedUsers, projects: row.projects, preAudit: row.preAudit }, policies: inputs, org });
  for (const f of findings) if (f.severity !== 'info') list.push([P(`risk:${f.code}`), f.statement]);
  return new Models.Service(row.name || row.id, { bomRef: `mcp-server:${row.id}`, properties: props(list) });
}

function extraItem(item: BomExtraItem): Models.Component | Models.Service {
  const properties = props((item.properties ?? []).map((p) => [p.name, p.value]));
  const common = {
    ...(item.bomRef ? { bomRef: item.bomRef } : {}),
    ...(item.version ? { version: item.version } : {}),
    ...(item.group ? { group: item.group } : {}),
    ...(item.description ? { description: item.description } : {}),
    properties,
  };
  if (item.kind === 'service') return new Models.Service(item.name, common);
  const type = item.type && COMPONENT_TYPES.has(item.type) ? (item.type as Enums.ComponentType) : Enums.ComponentType.Application;
  return new Models.Component(type, item.name, common);
}

/** The BOM as the library's model (for callers that add to it), plus the endpoints to write per service bom-ref. */
export function buildInventoryBom(input: InventoryBomInput): { bom: Models.Bom; endpoints: Map<string, string[]> } {
  const bom = new Models.Bom(input.serialNumber ? { serialNumber: input.serialNumber } : {});
  const orgNames = new Map(input.orgs.map((o) => [o.uuid, o.name] as const));
  const metadata = bom.metadata;
  metadata.timestamp = input.now;
  metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, input.tool.name, { version: input.tool.version, description: 'Browser extension that built this inventory from the Compliance API' }),
  );
  const orgs = [...input.orgs].sort((a, b) => a.name.localeCompare(b.name));
  if (orgs.length > 0) {
    // The subject: the organization(s) whose Claude use this inventory describes.
    metadata.component = new Models.Component(Enums.ComponentType.Platform, orgs.length === 1 ? orgs[0]!.name : orgs.map((o) => o.name).join(', '), {
      bomRef: 'organization',
      description: 'Claude Enterprise organization',
      properties: props(orgs.map((o) => [P('organization:id'), o.uuid])),
    });
  }
  const snap = input.snapshot;
  metadata.properties = props([
    [P('snapshot:completedAt'), snap?.completedAt],
    [P('snapshot:kind'), snap?.kind],
    [P('snapshot:chatsWithoutModel'), snap?.counts.chatsWithoutModel ?? input.models.find((m) => m.model === '')?.chats],
  ]);

  for (const row of input.models) {
    const c = modelComponent(row, input.now);
    if (c) bom.components.add(c);
  }
  const policiesByServer = new Map<string, ToolPolicyRow[]>();
  for (const p of input.toolPolicies) {
    const list = policiesByServer.get(p.serverId) ?? [];
    list.push(p);
    policiesByServer.set(p.serverId, list);
  }
  const endpoints = new Map<string, string[]>();
  for (const row of input.servers) {
    if (row.deleted) continue;
    const service = serverService(row, policiesByServer.get(row.id) ?? [], orgNames, input.connectorToolsDefaultAlwaysAllow);
    bom.services.add(service);
    const urls = input.endpoints?.get(row.id);
    if (urls?.length) endpoints.set(`mcp-server:${row.id}`, [...urls]);
  }
  const extras: Array<[BomExtraItem, Models.Component | Models.Service]> = [];
  for (const item of input.extra ?? []) {
    const built = extraItem(item);
    extras.push([item, built]);
    if (built instanceof Models.Service) {
      bom.services.add(built);
      if (item.endpoints?.length && item.bomRef) endpoints.set(item.bomRef, [...item.endpoints]);
    } else bom.components.add(built);
  }
  // Dependencies between items, by bom-ref (a reference to nothing in the BOM is left out).
  if (extras.some(([item]) => item.dependsOn?.length)) {
    const byRef = new Map<string, Models.BomRef>();
    for (const c of bom.components) if (c.bomRef.value) byRef.set(c.bomRef.value, c.bomRef);
    for (const sv of bom.services) if (sv.bomRef.value) byRef.set(sv.bomRef.value, sv.bomRef);
    for (const [item, built] of extras) {
      for (const ref of item.dependsOn ?? []) {
        const target = byRef.get(ref);
        if (target) built.dependencies.add(target);
      }
    }
  }
  return { bom, endpoints };
}

/** The BOM as CycloneDX 1.6 JSON text (lists sorted, so the same inventory gives the same file). */
export function inventoryBomJson(input: InventoryBomInput): string {
  const { bom, endpoints } = buildInventoryBom(input);
  const normalized = new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6).makeForBom().normalize(bom, { sortLists: true });
  // The library's service model has no `endpoints` (CycloneDX 1.6 `service.endpoints`): added to the normalized form.
  if (endpoints.size > 0) {
    for (const s of (normalized.services ?? []) as Array<{ 'bom-ref'?: string; endpoints?: string[] }>) {
      const urls = s['bom-ref'] ? endpoints.get(s['bom-ref']) : undefined;
      if (urls) s.endpoints = urls;
    }
  }
  return `${JSON.stringify(normalized, null, 2)}\n`;
}
