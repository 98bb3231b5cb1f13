/**
 * The "hostile" organization (sandbox option `hostile: true`): the same generated organization, with
 * strings an attacker or a careless admin could put into claude.ai written into fixed places of every
 * source (Compliance, Plugins, Analytics through the directory, SCIM, Admin API). Deterministic: the same
 * entities get the same strings for every seed, so tests can find them by these constants. The default
 * output (no option) is unchanged.
 *
 * Every payload that could run sets `window.__hostile` or adds an element carrying `data-hostile`, so a
 * test can prove nothing ran and nothing was parsed as markup.
 */
import type { SandboxOrg } from './org.ts';

export const HOSTILE = {
  /** Markup with a script: would set the flag and add an element if it were parsed as HTML. */
  html: '<b data-hostile="1">bold</b><script>window.__hostile=1</script><img src=x onerror="window.__hostile=1">',
  /** A link target a renderer must never follow or make clickable. */
  jsUrl: 'javascript:window.__hostile=1//',
  /** A right-to-left override that makes "Ops gnp.exe" read as "Ops exe.png". */
  bidi: 'Ops \u202Egnp.exe',
  /** Zero-width space and a left-to-right mark hidden in a name. */
  zeroWidth: 'Fin\u200Bance\u200E team',
  /** 100,000 characters. */
  long: `Long-${'x'.repeat(100_000 - 5)}`,
  /** An enum value no current spec lists. */
  unknownRole: 'future_role_2030',
  unknownComponent: 'future_component',
} as const;

/** Whether a string holds one of the hostile payloads (or the start of the long one). */
export function isHostile(s: string | null | undefined): boolean {
  return typeof s === 'string' && (s.includes('data-hostile') || s.includes('__hostile') || s.includes('\u202E') || s.includes('\u200B') || s.startsWith('Long-xxxx'));
}

/**
 * Writes the hostile strings into the directory, before chats and the activity feed are generated (so
 * events carry them too). Emails stay valid addresses: every source keys people by email.
 */
export function applyHostile(org: SandboxOrg): void {
  const user = (i: number) => org.users[Math.min(i, org.users.length - 1)]!;
  // People: markup, an override, a zero-width character and 100k characters, in every name field.
  user(1).fullName = `Eve ${HOSTILE.html}`;
  user(1).givenName = `Eve ${HOSTILE.html}`;
  user(2).fullName = `Mallory ${HOSTILE.bidi}`;
  user(2).givenName = `Mallory ${HOSTILE.bidi}`;
  user(3).fullName = HOSTILE.long;
  user(3).familyName = HOSTILE.long;
  user(4).fullName = `Trent ${HOSTILE.zeroWidth}`;
  // Groups, roles, projects.
  if (org.groups[0]) {
    org.groups[0].name = `Admins ${HOSTILE.html}`;
    org.groups[0].description = HOSTILE.jsUrl;
  }
  if (org.groups[1]) org.groups[1].name = HOSTILE.zeroWidth;
  if (org.groups[2]) org.groups[2].description = null;
  if (org.roles[0]) org.roles[0].description = HOSTILE.html;
  if (org.projects[0]) org.projects[0].name = `Plan ${HOSTILE.html}`;
  if (org.projects[1]) org.projects[1].name = HOSTILE.bidi;
  if (org.projects[2]) org.projects[2].description = HOSTILE.long;
  // MCP servers: names, a javascript: URL, tool names with markup and a 100k name.
  // Live servers, the ones with a creation event first (a pre-audit server shows only through later events).
  const servers = org.mcpServers.filter((s) => s.deletedAtMs === null).sort((a, b) => Number(a.preAudit) - Number(b.preAudit) || a.index - b.index);
  if (servers[0]) {
    servers[0].originalName = `Wiki ${HOSTILE.html}`;
    servers[0].renamedTo = null;
    servers[0].renamedAtMs = null;
    servers[0].url = HOSTILE.jsUrl;
    servers[0].tools = [`read_${HOSTILE.html}`, `x${HOSTILE.bidi}`, ...servers[0].tools.slice(0, 1)];
  }
  if (servers[1]) {
    servers[1].originalName = HOSTILE.bidi;
    servers[1].renamedTo = null;
    servers[1].renamedAtMs = null;
  }
  if (servers[2]) {
    servers[2].originalName = HOSTILE.long;
    servers[2].renamedTo = null;
    servers[2].renamedAtMs = null;
  }
  // Organization names (shown in every inventory table).
  if (org.organizations[1]) org.organizations[1].name = `Org ${HOSTILE.zeroWidth}`;
}
