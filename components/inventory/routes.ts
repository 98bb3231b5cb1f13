/**
 * Hash routes of the inventory page, so every view is linkable and Back works:
 *   #/models                     Models tab (also the default for an empty or unknown hash)
 *   #/mcp                        MCP servers tab
 *   #/models/<encoded id>[/tab]  model detail (tab: usage | risk | capabilities)
 *   #/mcp/<encoded id>[/tab]     MCP server detail (tab: usages | tools)
 *   #/usage                      Usage & spend tab (Analytics)
 *   #/people                     People tab (identity: SCIM, Admin API, Compliance, Analytics)
 *   #/people/<encoded key>       one person: identity, flags, actions, and their usage and spend
 *   #/groups                     Groups tab
 *   #/groups/<encoded key>       one group: members, grant and revoke
 *   #/plugins                    Plugins tab; #/plugins/<encoded id> one plugin
 *   #/findings                   tool-permission findings of every MCP server
 *   #/lifecycle                  models in use that are deprecated or retiring
 *   #/changes                    Changes (what changed between snapshots and syncs, alerts)
 *   #/budgets                    Team budgets
 * Ids are encodeURIComponent-encoded: model ids are API strings and the unknown model is ''.
 */

export type ListView = 'models' | 'mcp' | 'usage' | 'people' | 'groups' | 'plugins' | 'findings' | 'lifecycle' | 'changes' | 'budgets';
export type Route =
  | { view: ListView }
  | { view: 'model'; id: string; tab?: string }
  | { view: 'mcp-server'; id: string; tab?: string }
  | { view: 'person'; id: string }
  | { view: 'plugin'; id: string }
  | { view: 'group'; id: string };

/** The unknown-model bucket ('' in the database) needs a non-empty path segment. */
const UNKNOWN_MODEL_SEGMENT = '~unknown';

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '');
  const [section, rawId, tab, ...rest] = path.split('/');
  if (rest.length > 0) return { view: section === 'mcp' ? 'mcp' : 'models' };
  if (section === 'usage') return { view: 'usage' };
  if (section === 'findings') return { view: 'findings' };
  if (section === 'lifecycle') return { view: 'lifecycle' };
  if (section === 'plugins') {
    const id = rawId ? decode(rawId) : null;
    return id === null || tab ? { view: 'plugins' } : { view: 'plugin', id };
  }
  if (section === 'changes' || section === 'budgets') return { view: section };
  if (section === 'people' || section === 'groups') {
    const list = section;
    if (!rawId) return { view: list };
    const id = decode(rawId);
    if (id === null || tab) return { view: list };
    return list === 'people' ? { view: 'person', id } : { view: 'group', id };
  }
  if (section === 'mcp') {
    if (!rawId) return { view: 'mcp' };
    const id = decode(rawId);
    if (id === null) return { view: 'mcp' };
    return tab ? { view: 'mcp-server', id, tab } : { view: 'mcp-server', id };
  }
  if (section === 'models' && rawId) {
    const id = rawId === UNKNOWN_MODEL_SEGMENT ? '' : decode(rawId);
    if (id === null) return { view: 'models' };
    return tab ? { view: 'model', id, tab } : { view: 'model', id };
  }
  return { view: 'models' };
}

export function routeHash(route: Route): string {
  switch (route.view) {
    case 'models':
      return '#/models';
    case 'mcp':
      return '#/mcp';
    case 'usage':
      return '#/usage';
    case 'changes':
      return '#/changes';
    case 'budgets':
      return '#/budgets';
    case 'people':
      return '#/people';
    case 'groups':
      return '#/groups';
    case 'group':
      return `#/groups/${encodeURIComponent(route.id)}`;
    case 'person':
      return `#/people/${encodeURIComponent(route.id)}`;
    case 'plugins':
    case 'findings':
    case 'lifecycle':
      return `#/${route.view}`;
    case 'plugin':
      return `#/plugins/${encodeURIComponent(route.id)}`;
    case 'model': {
      const seg = route.id === '' ? UNKNOWN_MODEL_SEGMENT : encodeURIComponent(route.id);
      return `#/models/${seg}${route.tab ? `/${encodeURIComponent(route.tab)}` : ''}`;
    }
    case 'mcp-server':
      return `#/mcp/${encodeURIComponent(route.id)}${route.tab ? `/${encodeURIComponent(route.tab)}` : ''}`;
  }
}

/** The list a route belongs to (the tab that is selected, and where Back from a detail goes). */
export function listOf(route: Route): ListView {
  if (route.view === 'usage') return 'usage';
  if (route.view === 'people' || route.view === 'person') return 'people';
  if (route.view === 'groups' || route.view === 'group') return 'groups';
  if (route.view === 'plugin' || route.view === 'plugins') return 'plugins';
  if (route.view === 'findings' || route.view === 'lifecycle') return route.view;
  if (route.view === 'changes' || route.view === 'budgets') return route.view;
  return route.view === 'model' || route.view === 'models' ? 'models' : 'mcp';
}

export const modelHref = (id: string): string => routeHash({ view: 'model', id });
export const serverHref = (id: string): string => routeHash({ view: 'mcp-server', id });
export const personHref = (id: string): string => routeHash({ view: 'person', id });
export const pluginHref = (id: string): string => routeHash({ view: 'plugin', id });
export const groupHref = (id: string): string => routeHash({ view: 'group', id });
