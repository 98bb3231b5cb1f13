import type { PluginRow } from '../sources/compliance/tables.ts';
import type { Evidence, Finding } from './types.ts';

/**
 * Plugin reach and the plugin statements of admin-api.md §6.5 (an [inferred] recipe): reach × content scan ×
 * how far the plugin reaches members (installation preference) × owner (member-owned plugins are outside
 * admin curation) × served vs latest version. Pure functions over the published plugin rows.
 */

export const REACH_VALUES = ['remote', 'privileged', 'contained'] as const;
export type Reach = (typeof REACH_VALUES)[number];

export const REACH_LABELS: Record<Reach, string> = {
  remote: 'Remote',
  privileged: 'Privileged',
  contained: 'Contained',
};

export const REACH_HELP: Record<Reach, string> = {
  remote: 'Declares an MCP server or a command-line tool: it can reach systems outside Claude.',
  privileged: 'Declares a hook, a monitor, a language server, a workflow or settings, or pre-approves tools in its Markdown.',
  contained: 'Skills, commands or agents that pre-approve no tools.',
};

export interface ReachView {
  /** A known reach, a value this version does not know (kept as sent), or null when nothing can be said. */
  value: string | null;
  /** True when the API gave no reach and it was derived from the declared components. */
  inferred: boolean;
  /** Why: the API field, or the rule applied. */
  basis: string;
}

const API_BASIS = 'reach of the served version, as the Plugins API computed it';

/**
 * The plugin's reach: the API's `reach` when it gave one. When it is null, derived from the components by the
 * spec's rules (§6.3): an MCP server or CLI → remote; else a hook → privileged; else privileged too, since
 * unreadable frontmatter yields null or privileged and never contained. Without components nothing is said.
 */
export function pluginReach(p: Pick<PluginRow, 'reach' | 'components'>): ReachView {
  if (p.reach) return { value: p.reach, inferred: false, basis: API_BASIS };
  const types = new Set((p.components ?? []).map((c) => c.type));
  if (p.components === null || p.components.length === 0) return { value: null, inferred: false, basis: 'the Plugins API computed no reach and listed no components' };
  if (types.has('mcp_server') || types.has('cli')) return { value: 'remote', inferred: true, basis: `inferred: declares ${types.has('mcp_server') ? 'an MCP server' : 'a command-line tool'}, which makes a plugin remote` };
  if (types.has('hook')) return { value: 'privileged', inferred: true, basis: 'inferred: declares a hook, which makes a plugin privileged' };
  return { value: 'privileged', inferred: true, basis: 'inferred: the API computed no reach, which happens only when it could not read the Markdown; that is never contained' };
}

export function reachLabel(value: string | null): string {
  if (value === null) return 'Unknown';
  return (REACH_LABELS as Record<string, string>)[value] ?? value;
}

export const SCAN_LABELS: Record<string, string> = { pass: 'Pass', warn: 'Warn', fail: 'Fail', unknown: 'Unknown' };

/** The scan as one line: "Warn — credential-exposure", "Scanning…", "Not scanned", "No verdict — scan-invalid-archive". */
export function scanSummary(scan: PluginRow['scan']): { label: string; assessment: string | null; reason: string | null } {
  if (!scan) return { label: 'Not scanned', assessment: null, reason: null };
  if (scan.status === 'completed' || scan.assessment) {
    const a = scan.assessment ?? 'unknown';
    return { label: SCAN_LABELS[a] ?? a, assessment: a, reason: scan.reason };
  }
  if (scan.status === 'processing') return { label: 'Scanning', assessment: null, reason: null };
  if (scan.status === 'errored') return { label: 'No verdict', assessment: null, reason: scan.reason ?? 'ruled out by a compliance configuration' };
  return { label: scan.status, assessment: null, reason: scan.reason };
}

export const PREFERENCE_LABELS: Record<string, string> = {
  required: 'Required',
  auto_install: 'Installed automatically',
  available: 'Available',
  not_available: 'Not available',
};

export function preferenceLabel(p: PluginRow): string {
  if (p.installationPreference === null) return p.ownerType === 'organization' ? 'Not set' : 'Member-owned (no organization setting)';
  return PREFERENCE_LABELS[p.installationPreference] ?? p.installationPreference;
}

export function ownerLabel(p: Pick<PluginRow, 'ownerType' | 'ownerUserId' | 'ownerEmail'>): string {
  if (p.ownerType === 'organization') return 'Organization';
  if (p.ownerType === 'user') return `Member: ${p.ownerEmail ?? p.ownerUserId ?? 'unknown'}`;
  return p.ownerType;
}

export function pluginName(p: Pick<PluginRow, 'displayName' | 'name'>): string {
  return p.displayName || p.name;
}

function record(p: PluginRow, detail: string): Evidence {
  return { source: 'Plugins API plugin record', id: p.id, date: p.updatedAt, detail, ref: { type: 'plugin', id: p.id } };
}

const REACHES_MEMBERS = new Set(['required', 'auto_install']);

/** §6.5 statements about one plugin, each with its evidence. */
export function pluginFindings(p: PluginRow): Finding[] {
  const out: Finding[] = [];
  const name = pluginName(p);
  const add = (topic: string, kind: Finding['kind'], statement: string, evidence: Evidence[]) =>
    out.push({ key: `${p.id}:${topic}`, kind, topic, serverId: null, tool: null, pluginId: p.id, statement, evidence });

  const reach = pluginReach(p);
  const servers = (p.components ?? []).filter((c) => c.type === 'mcp_server').map((c) => c.name);
  const clis = (p.components ?? []).filter((c) => c.type === 'cli').map((c) => c.name);
  const declares = [servers.length ? `MCP server${servers.length > 1 ? 's' : ''} ${servers.map((s) => `“${s}”`).join(', ')}` : '', clis.length ? `command-line tool ${clis.map((s) => `“${s}”`).join(', ')}` : '']
    .filter(Boolean)
    .join(' and ');
  add(
    'reach',
    reach.inferred ? 'inferred' : 'fact',
    reach.value === null
      ? `${name}: reach unknown (${reach.basis}).`
      : `${name} is ${reachLabel(reach.value).toLowerCase()}${declares ? `: it declares ${declares}` : ''}${reach.inferred ? ` (${reach.basis})` : ''}.`,
    [record(p, `reach = ${p.reach ?? 'null'}; components = ${p.components === null ? 'null (not enumerated)' : p.components.map((c) => `${c.type}:${c.name}`).join(', ') || 'none'}`)],
  );

  const scan = scanSummary(p.scan);
  const scanEvidence = [record(p, `content_scan = ${p.scan ? `{status: ${p.scan.status}, assessment: ${p.scan.assessment ?? 'null'}, reason: ${p.scan.reason ?? 'null'}}` : 'null'}`)];
  if (scan.assessment === 'fail' || scan.assessment === 'warn') {
    add(
      'scan',
      'fact',
      `The content scan of ${name} says ${scan.label.toLowerCase()}${scan.reason ? ` (${scan.reason})` : ''}${scan.assessment === 'warn' ? '; a warn can be a fail an admin allowed in claude.ai' : ''}.`,
      scanEvidence,
    );
  } else if (!p.scan) add('scan', 'fact', `${name} has never been scanned.`, scanEvidence);
  else if (scan.label === 'No verdict') add('scan', 'fact', `The content scan of ${name} gave no verdict (${scan.reason}).`, scanEvidence);
  else add('scan', 'fact', `The content scan of ${name}: ${scan.label}.`, scanEvidence);

  const pref = p.installationPreference;
  if (pref && REACHES_MEMBERS.has(pref)) {
    add('members', 'fact', `${name} is ${pref === 'required' ? 'required for' : 'installed automatically for'} members across the organization${p.installationPreferenceInherited ? ' (inherited from its marketplace)' : ''}; group settings can override this.`, [
      record(p, `organization_installation_preference = ${pref}; inherited = ${String(p.installationPreferenceInherited)}`),
    ]);
  }
  if (p.ownerType === 'user') {
    add('owner', 'fact', `${name} is owned by a member (${p.ownerEmail ?? p.ownerUserId ?? 'unknown'}), in their personal marketplace: it is outside admin curation.`, [
      record(p, `owner = {type: user, user_id: ${p.ownerUserId ?? 'null'}}`),
    ]);
  }
  if (p.servedVersionId !== p.latestVersionId) {
    const latestScan = p.latest ? scanSummary(p.latest.scan).label : null;
    add(
      'version',
      'fact',
      `${name} serves an older version than its latest${p.servedVersionPinned ? ' (the served version is pinned)' : ''}${p.latest ? `: latest ${p.latest.manifestVersion ?? p.latestVersionId}, scan ${latestScan?.toLowerCase()}` : ''}.`,
      [record(p, `served_version_id = ${p.servedVersionId}; latest_version_id = ${p.latestVersionId}; served_version_pinned = ${String(p.servedVersionPinned)}`)],
    );
  }
  return out;
}
