import { lazyComponent } from '../lazy-component.tsx';
import { prefetchPeopleFirstRead, prefetchPersonFirstRead } from '../people/first-read.ts';
import { peopleViews } from '../people/lazy.tsx';
import { prefetchUsageFirstRead } from '../usage/data.ts';
import { usageView } from '../usage/lazy.tsx';
import type { Route } from './routes.ts';

/**
 * The inventory's views that load when opened (detail pages, and tabs other than Models and MCP servers),
 * so the tables' first render does not wait for them.
 */
export const inventoryViews = {
  model: lazyComponent(() => import('./ModelDetail.tsx').then((m) => m.ModelDetail)),
  mcpServer: lazyComponent(() => import('./McpServerDetail.tsx').then((m) => m.McpServerDetail)),
  plugin: lazyComponent(() => import('./PluginDetail.tsx').then((m) => m.PluginDetail)),
  plugins: lazyComponent(() => import('./PluginsTab.tsx').then((m) => m.PluginsTab)),
  findings: lazyComponent(() => import('./FindingsTab.tsx').then((m) => m.FindingsTab)),
  lifecycle: lazyComponent(() => import('./LifecycleTab.tsx').then((m) => m.LifecycleTab)),
  changes: lazyComponent(() => import('../changes/ChangesView.tsx').then((m) => m.ChangesView)),
  budgets: lazyComponent(() => import('../changes/BudgetsView.tsx').then((m) => m.BudgetsView)),
};

/**
 * The code of the view a route opens (nothing for the Models and MCP servers tabs, which are in the page's
 * own code) and, for the views that have one, their first read (components/first-read.ts).
 */
export function preloadRoute(route: Route): Promise<unknown> {
  switch (route.view) {
    case 'model':
      return inventoryViews.model.preload();
    case 'mcp-server':
      return inventoryViews.mcpServer.preload();
    case 'plugin':
      return inventoryViews.plugin.preload();
    case 'person':
      return Promise.all([peopleViews.person.preload(), prefetchPersonFirstRead(route.id).catch(() => undefined)]);
    case 'group':
      return peopleViews.group.preload();
    case 'people':
      return Promise.all([peopleViews.people.preload(), prefetchPeopleFirstRead().catch(() => undefined)]);
    case 'groups':
      return peopleViews.groups.preload();
    case 'usage':
      return Promise.all([usageView.preload(), prefetchUsageFirstRead().catch(() => undefined)]);
    case 'plugins':
    case 'findings':
    case 'lifecycle':
    case 'changes':
    case 'budgets':
      return inventoryViews[route.view].preload();
    case 'models':
    case 'mcp':
      return Promise.resolve();
  }
}

/**
 * Brings in every tab's code once the page has shown its first view and is idle, so switching tabs shows
 * no "Loading…" fallback; not sooner, so it never competes with the first view's own reads and render.
 */
export function preloadListViews(): void {
  const all = [usageView, peopleViews.people, peopleViews.groups, inventoryViews.plugins, inventoryViews.findings, inventoryViews.lifecycle, inventoryViews.changes, inventoryViews.budgets];
  const run = () => void Promise.all(all.map((v) => v.preload().catch(() => undefined)));
  setTimeout(() => (typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: 3_000 }) : run()), 1_500);
}
