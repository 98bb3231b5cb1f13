/**
 * The Plugins API (beta) of admin-api.md §6, as far as a Compliance key reaches it: plugin list, plugin,
 * versions list and version, and the archive download (served only so tests can prove it is never called).
 *
 * - `anthropic-beta` must contain `ce-plugins-2026-09-01`, else 404 "as if the route did not exist" (§1.4);
 *   an organization without the feature answers the same 404 (`enabled: false`).
 * - Reads take a Compliance key with `read:compliance_org_data` (§6.1); other keys get 403 [inferred body].
 * - `PageCursor` paging (§1.5): `limit`, `page` → `data[]`, `next_page`; newest first. The API states no
 *   maximum `limit` [unverified]; `maxLimit` caps it so tests can force several pages.
 * - Downloading a member-owned plugin's archive appends `claude_plugin_archive_accessed` to the feed (§6.2).
 * - Requests count against the Compliance rate limiter [unverified: the Admin API states no limit].
 */
import express, { type Request, type Response, type Router } from 'express';
import type { SandboxKey } from '../shared/contracts.ts';
import { newRequestId, readApiKey, sendApiError, stringParam } from '../shared/http.ts';
import type { RollingWindowLimiter } from '../shared/rate-limit.ts';
import { appendActivity, HOSTILE, iso, type SandboxOrg } from '../generator/index.ts';
import { serverCurrentName } from '../generator/types.ts';
import { pathParam, SCOPE } from './context.ts';

export const PLUGINS_BETA = 'ce-plugins-2026-09-01';
const DAY = 86_400_000;

type Scan = { status: string; assessment: string | null; reason: string | null } | null;
type Component = { type: string; name: string; description: string | null };

export interface SandboxPluginVersion {
  id: string;
  manifestVersion: string | null;
  reach: string | null;
  components: Component[] | null;
  scan: Scan;
  createdAtMs: number;
  releaseNotes: string | null;
}

export interface SandboxPlugin {
  id: string;
  name: string;
  displayName: string | null;
  description: string | null;
  marketplaceId: string;
  owner: { type: 'organization' } | { type: 'user'; user_id: string };
  createdBy: { type: 'user_actor'; user_id: string; email_address: string | null } | { type: 'api_actor'; api_key_id: string } | null;
  preference: string | null;
  preferenceInherited: boolean | null;
  /** Oldest first; the last one is the latest. */
  versions: SandboxPluginVersion[];
  servedVersionId: string;
  pinned: boolean;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface PluginsControl {
  /** false: the organization has no Plugins API (every route answers 404). */
  enabled: boolean;
  /** Largest page the list returns, whatever `limit` asks for. */
  maxLimit: number;
  /** Archive downloads served (tests assert none). */
  downloads: number;
}

const mcp = (name: string): Component => ({ type: 'mcp_server', name, description: null });
const scan = (assessment: string | null, reason: string | null = null, status = 'completed'): Scan => ({ status, assessment, reason });

/** The fixture plugins, built from the organization so their MCP servers match inventory servers. */
export function samplePlugins(org: SandboxOrg): SandboxPlugin[] {
  const now = org.nowMs;
  const servers = org.mcpServers.filter((s) => s.deletedAtMs === null);
  const serverName = (i: number) => (servers.length ? serverCurrentName(servers[i % servers.length]!) : `server-${i}`);
  const people = org.users.filter((u) => u.active);
  const member = (i: number) => people[Math.min(people.length - 1, i)]!;
  const owner = org.users[0]!;
  const byUser = (u: { id: string; email: string }) => ({ type: 'user_actor' as const, user_id: u.id, email_address: u.email });
  let n = 0;
  const v = (reach: string | null, components: Component[] | null, s: Scan, ageDays: number, manifestVersion: string | null): SandboxPluginVersion => ({
    id: `pluginver_sbx${String(++n).padStart(4, '0')}`,
    manifestVersion,
    reach,
    components,
    scan: s,
    createdAtMs: now - ageDays * DAY,
    releaseNotes: null,
  });
  const plugin = (p: Omit<SandboxPlugin, 'servedVersionId' | 'updatedAtMs' | 'marketplaceId'> & { served?: number; marketplaceId?: string }): SandboxPlugin => {
    const served = p.versions[p.served ?? p.versions.length - 1]!;
    return { marketplaceId: 'marketplace_sbxOrg0001', ...p, servedVersionId: served.id, updatedAtMs: p.versions[p.versions.length - 1]!.createdAtMs };
  };
  const sales = [mcp(serverName(0)), { type: 'skill', name: 'summarize-account', description: 'Summarises an account from the CRM.' }, { type: 'command', name: 'forecast', description: 'Builds a quarterly forecast.' }];
  const exporter = [mcp(serverName(4)), { type: 'cli', name: 'bulk-export', description: null }, { type: 'skill', name: 'export-report', description: 'Exports a report to a spreadsheet.' }];
  return [
    plugin({
      id: 'plugin_sbxSalesToolkit01',
      name: 'sales-toolkit',
      displayName: 'Sales toolkit',
      description: 'CRM lookups and forecasts for the sales team.',
      owner: { type: 'organization' },
      createdBy: byUser(owner),
      preference: 'auto_install',
      preferenceInherited: false,
      versions: [v('remote', sales, scan('pass'), 60, '1.0.0'), v('remote', sales, scan('warn', 'credential-exposure'), 20, '1.1.0')],
      pinned: false,
      createdAtMs: now - 60 * DAY,
    }),
    plugin({
      id: 'plugin_sbxReleaseHooks01',
      name: 'release-hooks',
      displayName: 'Release hooks',
      description: 'Runs checks before tools are used in release work.',
      owner: { type: 'organization' },
      createdBy: { type: 'api_actor', api_key_id: 'apikey_sbxAdmin0001' },
      preference: 'required',
      preferenceInherited: false,
      versions: [v('privileged', [{ type: 'hook', name: 'PreToolUse', description: null }, { type: 'command', name: 'ship', description: 'Prepares a release.' }], scan('pass'), 45, '2.3.0')],
      pinned: true,
      createdAtMs: now - 45 * DAY,
    }),
    plugin({
      id: 'plugin_sbxWritingStyle01',
      name: 'writing-style',
      displayName: 'House writing style',
      description: 'The company style guide as skills.',
      owner: { type: 'organization' },
      createdBy: byUser(owner),
      preference: 'available',
      preferenceInherited: true,
      versions: [
        v('contained', [{ type: 'skill', name: 'house-style', description: 'Applies the house style.' }], scan('pass'), 30, '3.0.0'),
        v('contained', [{ type: 'skill', name: 'house-style', description: 'Applies the house style.' }, { type: 'skill', name: 'glossary', description: 'Company terms.' }], scan(null, null, 'processing'), 1, '3.1.0'),
      ],
      served: 0,
      pinned: false,
      createdAtMs: now - 30 * DAY,
    }),
    plugin({
      id: 'plugin_sbxDataExporter01',
      name: 'data-exporter',
      displayName: 'Data exporter',
      description: 'Exports chat results to external storage.',
      owner: { type: 'user', user_id: member(3).id },
      createdBy: byUser(member(3)),
      preference: null,
      preferenceInherited: null,
      marketplaceId: 'marketplace_sbxPersonal03',
      versions: [v('remote', exporter, scan('fail', 'guardrail-tampering'), 10, '0.4.2')],
      pinned: false,
      createdAtMs: now - 10 * DAY,
    }),
    plugin({
      id: 'plugin_sbxNotesHelper01',
      name: 'notes-helper',
      displayName: null,
      description: null,
      owner: { type: 'user', user_id: member(5).id },
      createdBy: null,
      preference: null,
      preferenceInherited: null,
      marketplaceId: 'marketplace_sbxPersonal05',
      versions: [v(null, null, null, 5, null)],
      pinned: false,
      createdAtMs: now - 5 * DAY,
    }),
    plugin({
      id: 'plugin_sbxBrokenArchive1',
      name: 'legacy-macros',
      displayName: 'Legacy macros',
      description: 'Old macros kept for reference.',
      owner: { type: 'organization' },
      createdBy: byUser(owner),
      preference: 'not_available',
      preferenceInherited: false,
      versions: [v('privileged', [{ type: 'agent', name: 'macro-runner', description: 'Runs saved macros.' }], scan(null, 'scan-invalid-archive', 'errored'), 3, '0.9')],
      pinned: false,
      createdAtMs: now - 3 * DAY,
    }),
    // The hostile organization (generator/hostile.ts): markup, an override, 100k characters, a javascript:
    // text and values no spec lists (reach, preference, component type, scan status).
    ...(org.hostile
      ? [
          plugin({
            id: 'plugin_sbxHostile000001',
            name: `evil-${HOSTILE.html}`,
            displayName: `Helper ${HOSTILE.bidi}`,
            description: HOSTILE.long,
            owner: { type: 'organization' },
            createdBy: byUser(owner),
            preference: 'future_preference',
            preferenceInherited: false,
            versions: [
              v('future_reach', [{ type: HOSTILE.unknownComponent, name: `tool ${HOSTILE.html}`, description: HOSTILE.jsUrl }, { type: 'skill', name: HOSTILE.zeroWidth, description: null }], scan('future_assessment', null, 'future_status'), 2, `1.0 ${HOSTILE.html}`),
            ],
            pinned: false,
            createdAtMs: now - 2 * DAY,
          }),
        ]
      : []),
  ];
}

function versionRecord(p: SandboxPlugin, v: SandboxPluginVersion) {
  return {
    id: v.id,
    plugin_id: p.id,
    reach: v.reach,
    components: v.components,
    content_scan: v.scan,
    created_by: p.createdBy,
    created_at: iso(v.createdAtMs),
    description: p.description,
    display_name: p.displayName,
    manifest_version: v.manifestVersion,
    release_notes: v.releaseNotes,
    type: 'plugin_version',
  };
}

export function pluginRecord(p: SandboxPlugin) {
  const served = p.versions.find((x) => x.id === p.servedVersionId)!;
  const latest = p.versions[p.versions.length - 1]!;
  return {
    id: p.id,
    name: p.name,
    display_name: p.displayName,
    description: p.description,
    marketplace_id: p.marketplaceId,
    owner: p.owner,
    created_by: p.createdBy,
    reach: served.reach,
    components: served.components,
    content_scan: served.scan,
    organization_installation_preference: p.preference,
    organization_installation_preference_inherited: p.preferenceInherited,
    served_version_id: served.id,
    latest_version_id: latest.id,
    served_version_pinned: p.pinned,
    manifest_version: served.manifestVersion,
    created_at: iso(p.createdAtMs),
    updated_at: iso(p.updatedAtMs),
    type: 'plugin',
  };
}

const encodePage = (offset: number) => Buffer.from(`plugins:${offset}`).toString('base64url');
function decodePage(token: string | undefined): number | null {
  if (token === undefined) return 0;
  const m = /^plugins:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  return m ? Number(m[1]) : null;
}

export function createPluginsApi(org: SandboxOrg, opts: { keys: SandboxKey[]; limiter: RollingWindowLimiter; clock: () => number; plugins?: SandboxPlugin[] }) {
  const control: PluginsControl = { enabled: true, maxLimit: 1000, downloads: 0 };
  const plugins = opts.plugins ?? samplePlugins(org);
  const keys = new Map(opts.keys.map((k) => [k.secret, k]));
  const router: Router = express.Router();

  router.use((req: Request, res: Response, next) => {
    res.setHeader('request-id', newRequestId());
    const secret = readApiKey(req);
    const key = secret === undefined ? undefined : keys.get(secret);
    if (!key || !key.active) return sendApiError(res, 401, 'authentication_error', 'invalid x-api-key');
    const beta = (req.header('anthropic-beta') ?? '').split(',').map((s) => s.trim());
    if (!beta.includes(PLUGINS_BETA) || !control.enabled) return sendApiError(res, 404, 'not_found_error', 'Not found');
    const verdict = opts.limiter.take();
    if (!verdict.allowed) return sendApiError(res, 429, 'rate_limit_error', 'Rate limited.', { 'retry-after': String(verdict.retryAfterSeconds) });
    // A Compliance key reads plugins with read:compliance_org_data (§6.1); an Admin key here holds no plugin scope.
    if (!secret!.startsWith('sk-ant-api01-') || !key.scopes.includes(SCOPE.orgData)) {
      return sendApiError(res, 403, 'permission_error', 'This key may not read plugins.');
    }
    next();
  });

  const find = (req: Request, res: Response): SandboxPlugin | undefined => {
    const p = plugins.find((x) => x.id === pathParam(req, 'pluginId'));
    if (!p) sendApiError(res, 404, 'not_found_error', 'Plugin not found.');
    return p;
  };

  router.get('/', (req, res) => {
    const rawLimit = stringParam(req, 'limit');
    const limit = rawLimit === undefined ? 20 : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1) return sendApiError(res, 400, 'invalid_request_error', 'limit must be a positive integer.');
    const offset = decodePage(stringParam(req, 'page'));
    if (offset === null) return sendApiError(res, 400, 'invalid_request_error', 'Invalid page cursor.');
    const ownerType = stringParam(req, 'owner_type');
    const list = plugins
      .filter((p) => !ownerType || (ownerType === 'user' ? p.owner.type === 'user' : p.owner.type === ownerType))
      .sort((a, b) => b.createdAtMs - a.createdAtMs || (a.id < b.id ? -1 : 1));
    const size = Math.min(limit, control.maxLimit);
    const data = list.slice(offset, offset + size).map(pluginRecord);
    res.json({ data, next_page: offset + size < list.length ? encodePage(offset + size) : null });
  });
  router.get('/:pluginId', (req, res) => {
    const p = find(req, res);
    if (p) res.json(pluginRecord(p));
  });
  // Installation settings and shares (§6.4), deterministic per plugin: every organization-owned plugin
  // has its organization-wide setting (unless inherited) and the first one a group override; every
  // member-owned plugin is shared with one group and one member.
  const group = org.groups[0];
  const sharedWith = org.users.filter((u) => u.active)[1];
  const at = (p: SandboxPlugin) => iso(p.updatedAtMs);
  const accessOf = (p: SandboxPlugin) => {
    const settings: Array<{ plugin_id: string; target: Record<string, string>; installation_preference: string; created_at: string; updated_at: string }> = [];
    const shares: Array<{ plugin_id: string; target: Record<string, string>; granted_at: string }> = [];
    if (p.owner.type === 'organization') {
      if (p.preference && !p.preferenceInherited) settings.push({ plugin_id: p.id, target: { type: 'organization' }, installation_preference: p.preference, created_at: at(p), updated_at: at(p) });
      if (group && p.id === plugins.find((x) => x.owner.type === 'organization')?.id) {
        settings.push({ plugin_id: p.id, target: { type: 'rbac_group', rbac_group_id: group.id }, installation_preference: 'required', created_at: at(p), updated_at: at(p) });
      }
    } else {
      if (group) shares.push({ plugin_id: p.id, target: { type: 'rbac_group', rbac_group_id: group.id }, granted_at: at(p) });
      if (sharedWith) shares.push({ plugin_id: p.id, target: { type: 'organization_member', user_id: sharedWith.id }, granted_at: at(p) });
    }
    return { settings, shares };
  };
  const TARGETS = new Set(['organization', 'rbac_group', 'organization_member']);
  const accessList = (kind: 'settings' | 'shares') => (req: Request, res: Response) => {
    const p = find(req, res);
    if (!p) return;
    const target = stringParam(req, 'target_type');
    if (target !== undefined && (!TARGETS.has(target) || (kind === 'settings' && target === 'organization_member'))) return sendApiError(res, 400, 'invalid_request_error', 'target_type: invalid value.');
    const rows = accessOf(p)[kind].filter((r) => target === undefined || r.target.type === target);
    const offset = decodePage(stringParam(req, 'page'));
    if (offset === null) return sendApiError(res, 400, 'invalid_request_error', 'Invalid page cursor.');
    const rawLimit = stringParam(req, 'limit');
    const size = Math.min(rawLimit === undefined ? 20 : Math.max(1, Number(rawLimit) || 20), control.maxLimit);
    res.json({ data: rows.slice(offset, offset + size), next_page: offset + size < rows.length ? encodePage(offset + size) : null });
  };
  router.get('/:pluginId/installation_settings', accessList('settings'));
  router.get('/:pluginId/shares', accessList('shares'));
  router.get('/:pluginId/versions', (req, res) => {
    const p = find(req, res);
    if (p) res.json({ data: [...p.versions].reverse().map((x) => versionRecord(p, x)), next_page: null });
  });
  router.get('/:pluginId/versions/:version', (req, res) => {
    const p = find(req, res);
    if (!p) return;
    const v = p.versions.find((x) => x.id === pathParam(req, 'version') || x.manifestVersion === pathParam(req, 'version'));
    if (!v) return sendApiError(res, 404, 'not_found_error', 'Plugin version not found.');
    res.json(versionRecord(p, v));
  });
  router.get('/:pluginId/versions/:version/content', (req, res) => {
    const p = find(req, res);
    if (!p) return;
    const v = p.versions.find((x) => x.id === pathParam(req, 'version'));
    if (!v) return sendApiError(res, 404, 'not_found_error', 'Plugin version not found.');
    control.downloads++;
    if (p.owner.type === 'user') {
      appendActivity(org, opts.clock(), {
        type: 'claude_plugin_archive_accessed',
        organization: { id: null, uuid: null },
        actor: { type: 'api_actor', api_key_id: 'apikey_sbxCompliance', ip_address: null, user_agent: null },
        payload: { plugin_id: p.id, plugin_version_id: v.id, user_id: p.owner.user_id },
      });
    }
    res.type('application/zip').send(Buffer.from('PK\u0005\u0006' + '\u0000'.repeat(18), 'binary'));
  });

  return { router, control, plugins, accessOf };
}
