import { describe, expect, it } from 'vitest';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { inventoryBomJson, PROPERTY_PREFIX, type InventoryBomInput } from '../../../lib/export/cyclonedx.ts';
import { pluginBomItems } from '../../../lib/export/cyclonedx-plugins.ts';
import type { McpServerRow, ModelRow, PluginRow, ToolPolicyRow } from '../../../lib/sources/compliance/tables.ts';

/** The library's own JSON validator (ajv with the CycloneDX 1.6 JSON schema, strict). */
const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
const validate = (json: string) => validator.validate(json);

const model = (id: string, over: Partial<ModelRow> = {}): ModelRow => ({
  model: id,
  chats: 40,
  deletedChats: 1,
  projects: 3,
  organizations: 1,
  users: 7,
  firstSeen: '2026-01-05T10:00:00Z',
  firstUserId: null,
  firstUserEmail: null,
  ...over,
});

const server = (id: string, over: Partial<McpServerRow> = {}): McpServerRow => ({
  id,
  name: `Server ${id}`,
  names: [`Server ${id}`],
  orgUuid: 'org-1',
  orgId: null,
  addedAt: '2026-02-01T00:00:00Z',
  addedBy: { type: 'user_actor', id: 'u1', email: 'owner@example.com' },
  firstEventAt: '2026-02-01T00:00:00Z',
  lastEventAt: '2026-03-01T00:00:00Z',
  deleted: 0,
  deletedAt: null,
  deletedBy: null,
  preAudit: false,
  managedAuthMode: null,
  connectedUsers: 5,
  usedInChats: null,
  projects: null,
  privateProjects: null,
  publicProjects: null,
  ...over,
});

const policy = (serverId: string, tool: string, permission: string): ToolPolicyRow => ({ serverId, tool, permission, at: '2026-03-02T00:00:00Z', setBy: { type: 'user_actor', id: 'u2', email: 'admin@example.com' } });

const input = (over: Partial<InventoryBomInput> = {}): InventoryBomInput => ({
  models: [model('claude-sonnet-4-5-20250929'), model('claude-unknown-model-x', { chats: 2 }), model('', { chats: 9 })],
  servers: [server('srv-1', { names: ['Old name', 'Server srv-1'] }), server('srv-2', { preAudit: true, addedAt: null, addedBy: null }), server('srv-gone', { deleted: 1 })],
  toolPolicies: [policy('srv-1', '*', 'ask'), policy('srv-1', 'delete_issue', 'allow'), policy('srv-1', 'read_issue', 'blocked')],
  orgs: [{ uuid: 'org-1', name: 'Acme Corp', createdAt: null, gen: 1 }],
  snapshot: null,
  tool: { name: 'Claude Enterprise admin companion', version: '0.1.0' },
  now: new Date('2026-11-01T12:00:00Z'),
  ...over,
});

type Json = { [k: string]: unknown };
const propsOf = (x: Json) => new Map(((x.properties ?? []) as Array<{ name: string; value: string }>).map((p) => [p.name.replace(`${PROPERTY_PREFIX}:`, ''), p.value]));

describe('CycloneDX BOM of the inventory', () => {
  const text = inventoryBomJson(input({ endpoints: new Map([['srv-1', ['https://mcp.example.com/v1/mcp']]]) }));
  const bom = JSON.parse(text) as Json;

  it('is valid CycloneDX 1.6 JSON', async () => {
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(bom.specVersion).toBe('1.6');
    expect(await validate(text)).toBeNull();
  });

  it('has metadata: timestamp, this extension as the tool, the organization as the subject', () => {
    const metadata = bom.metadata as Json;
    expect(metadata.timestamp).toBe('2026-11-01T12:00:00.000Z');
    const tools = (metadata.tools as Json).components as Json[];
    expect(tools.map((t) => [t.name, t.version])).toEqual([['Claude Enterprise admin companion', '0.1.0']]);
    expect((metadata.component as Json).name).toBe('Acme Corp');
    expect(propsOf(metadata).get('snapshot:chatsWithoutModel')).toBe('9');
  });

  it('lists each named model as a machine-learning-model with catalogue facts', () => {
    const components = bom.components as Json[];
    expect(components.map((c) => c.name).sort()).toEqual(['claude-sonnet-4-5-20250929', 'claude-unknown-model-x']);
    expect(components.every((c) => c.type === 'machine-learning-model')).toBe(true);
    const sonnet = propsOf(components.find((c) => c.name === 'claude-sonnet-4-5-20250929')!);
    expect(sonnet.get('model:provider')).toBe('Anthropic');
    expect(sonnet.get('lifecycle:retiresOn')).toBe('2026-11-30');
    expect(sonnet.get('lifecycle:state')).toBe('retiring-soon');
    expect(sonnet.get('lifecycle:successor')).toBe('claude-sonnet-5-5');
    expect(sonnet.get('usage:chats')).toBe('40');
    const unknown = propsOf(components.find((c) => c.name === 'claude-unknown-model-x')!);
    expect(unknown.get('model:inCatalog')).toBe('false');
    expect(unknown.has('model:provider')).toBe(false);
  });

  it('lists current MCP servers as services with endpoint, tool permissions, users and risk facts', () => {
    const services = bom.services as Json[];
    expect(services.map((s) => s.name).sort()).toEqual(['Server srv-1', 'Server srv-2']);
    const one = services.find((s) => s.name === 'Server srv-1')!;
    expect(one.endpoints).toEqual(['https://mcp.example.com/v1/mcp']);
    const p = propsOf(one);
    expect(p.get('mcp:serverId')).toBe('srv-1');
    expect(p.get('mcp:organization')).toBe('Acme Corp');
    expect(p.get('mcp:usersConnected')).toBe('5');
    expect(p.get('mcp:defaultPermission')).toBe('ask');
    expect(p.get('mcp:tool:delete_issue:permission')).toBe('allow');
    expect(p.get('mcp:tool:delete_issue:setBy')).toBe('admin@example.com');
    expect(p.get('mcp:tool:read_issue:permission')).toBe('blocked');
    expect(p.get('mcp:formerName')).toBe('Old name');
    expect([...p.keys()].some((k) => k === 'risk:tool_always_allowed')).toBe(true);
    const two = propsOf(services.find((s) => s.name === 'Server srv-2')!);
    expect(two.get('mcp:configuredBeforeAuditLog')).toBe('true');
    expect(two.get('mcp:toolPolicies')).toBe('0');
    expect(two.has('mcp:addedAt')).toBe(false);
    expect(two.get('mcp:defaultPermission')).toBe('unknown');
  });

  it('takes extra components and services (plugins) with their properties, still valid', async () => {
    const withPlugins = inventoryBomJson(
      input({
        extra: [
          { kind: 'component', type: 'application', name: 'release-notes', version: '1.2.0', bomRef: 'plugin:release-notes', properties: [{ name: `${PROPERTY_PREFIX}:plugin:reach`, value: 'remote' }] },
          { kind: 'service', name: 'Plugin MCP', bomRef: 'plugin-mcp:x', endpoints: ['https://plugin.example.com/mcp'], properties: [{ name: `${PROPERTY_PREFIX}:plugin:scan`, value: 'warn' }] },
        ],
      }),
    );
    expect(await validate(withPlugins)).toBeNull();
    const parsed = JSON.parse(withPlugins) as Json;
    const plugin = (parsed.components as Json[]).find((c) => c.name === 'release-notes')!;
    expect(plugin.type).toBe('application');
    expect(propsOf(plugin).get('plugin:reach')).toBe('remote');
    expect((parsed.services as Json[]).find((s) => s.name === 'Plugin MCP')!.endpoints).toEqual(['https://plugin.example.com/mcp']);
  });

  it('the inventory BOM with plugins: every plugin a component with its facts, its MCP servers services it depends on, still valid', async () => {
    const plugin = (id: string, over: Partial<PluginRow> = {}): PluginRow => ({
      id, name: id, displayName: null, description: null, marketplaceId: 'marketplace_1', ownerType: 'organization', ownerUserId: null, ownerEmail: null, createdBy: null,
      reach: 'contained', components: [], scan: { status: 'completed', assessment: 'pass', reason: null }, installationPreference: 'available', installationPreferenceInherited: true,
      servedVersionId: `${id}-v1`, latestVersionId: `${id}-v1`, servedVersionPinned: false, manifestVersion: '1.0.0', latest: null, createdAt: '2026-10-01T00:00:00Z', updatedAt: '2026-10-02T00:00:00Z', gen: 1, ...over,
    });
    const plugins = [
      plugin('plugin_remote', {
        displayName: 'Release notes', reach: 'remote', installationPreference: 'auto_install', installationPreferenceInherited: false,
        components: [{ type: 'mcp_server', name: 'jira', description: null }, { type: 'skill', name: 'summarize', description: 'Summarize' }],
        scan: { status: 'completed', assessment: 'warn', reason: 'credential-exposure' }, latestVersionId: 'plugin_remote-v2', latest: { manifestVersion: '2.0.0', reach: 'remote', scan: null, createdAt: null },
      }),
      plugin('plugin_member', { ownerType: 'user', ownerUserId: 'user_9', ownerEmail: 'kim@example.com', reach: null, scan: null, components: null, installationPreference: null, installationPreferenceInherited: null, manifestVersion: null }),
    ];
    const text = inventoryBomJson(input({ extra: pluginBomItems(plugins, [{ pluginId: 'plugin_remote', name: 'jira', serverIds: ['srv-1'] }]) }));
    expect(await validate(text)).toBeNull();
    const parsed = JSON.parse(text) as Json;
    const components = parsed.components as Json[];
    const remote = components.find((c) => c['bom-ref'] === 'plugin:plugin_remote')!;
    expect(remote).toMatchObject({ type: 'application', name: 'Release notes', version: '1.0.0' });
    const rp = propsOf(remote);
    expect(Object.fromEntries(['plugin:owner', 'plugin:reach', 'plugin:scan:assessment', 'plugin:scan:reason', 'plugin:installationPreference', 'plugin:servedVersion', 'plugin:latestVersion', 'plugin:component:skill'].map((k) => [k, rp.get(k)]))).toEqual({
      'plugin:owner': 'organization', 'plugin:reach': 'remote', 'plugin:scan:assessment': 'warn', 'plugin:scan:reason': 'credential-exposure',
      'plugin:installationPreference': 'auto_install', 'plugin:servedVersion': '1.0.0', 'plugin:latestVersion': '2.0.0', 'plugin:component:skill': 'summarize',
    });
    const member = propsOf(components.find((c) => c['bom-ref'] === 'plugin:plugin_member')!);
    expect([member.get('plugin:owner'), member.get('plugin:reach'), member.get('plugin:scan:status'), member.get('plugin:componentsEnumerated')]).toEqual(['kim@example.com', 'not computed', 'never scanned', 'false']);
    // The declared MCP server is a service, linked to the inventory server of that name, and the plugin depends on it.
    const jira = (parsed.services as Json[]).find((s) => s['bom-ref'] === 'plugin:plugin_remote:mcp-server:jira')!;
    expect(propsOf(jira).get('mcp:inventoryServerId')).toBe('srv-1');
    const deps = (parsed.dependencies as Array<{ ref: string; dependsOn?: string[] }>).find((d) => d.ref === 'plugin:plugin_remote')!;
    expect(deps.dependsOn).toEqual(['plugin:plugin_remote:mcp-server:jira']);
  });

  it('an empty inventory is a valid BOM too', async () => {
    expect(await validate(inventoryBomJson(input({ models: [], servers: [], toolPolicies: [], orgs: [] })))).toBeNull();
  });

  it('the validation rejects a broken BOM (the test would catch a bad builder)', async () => {
    const broken = structuredClone(bom);
    (broken.components as Json[])[0]!.type = 'not-a-component-type';
    expect(await validate(JSON.stringify(broken))).not.toBeNull();
    const noName = structuredClone(bom);
    delete (noName.services as Json[])[0]!.name;
    expect(await validate(JSON.stringify(noName))).not.toBeNull();
    const badEndpoint = structuredClone(bom);
    (badEndpoint.services as Json[])[0]!.endpoints = 'https://not-an-array.example';
    expect(await validate(JSON.stringify(badEndpoint))).not.toBeNull();
  });

  it('is deterministic for the same input', () => {
    expect(inventoryBomJson(input())).toBe(inventoryBomJson(input()));
  });
});
