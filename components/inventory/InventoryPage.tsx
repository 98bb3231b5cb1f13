import { Component, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Status } from '../Status.tsx';
import { Tabs } from '../Tabs.tsx';
import { initialTableState, type TableViewState } from '../table/types.ts';
import { catalogFacts } from './catalog-facts.ts';
import { useLatestSnapshot, useOrgNames, usePublishedModels, usePublishedServers, useSnapshotCount } from './data.ts';
import { toModelView, toServerView } from './model.ts';
import { ModelsTable } from './ModelsTable.tsx';
import { listOf, type ListView, type Route } from './routes.ts';
import { ServersTable } from './ServersTable.tsx';
import { NoSnapshot, SnapshotLine, WhatChanged } from './SnapshotStatus.tsx';
import { useHashRoute } from './useHashRoute.ts';
import { LazyUsageTab } from '../usage/lazy.tsx';
import { LazyGroupPage, LazyGroupsTab, LazyPeopleTab, LazyPersonDetail } from '../people/lazy.tsx';
import { dayKey, useNow } from './useNow.ts';
import { BomButton } from './BomButton.tsx';
import { inventoryViews } from './lazy-views.ts';

const ModelDetail = inventoryViews.model.Component;
const McpServerDetail = inventoryViews.mcpServer.Component;
const PluginDetail = inventoryViews.plugin.Component;
const PluginsTab = inventoryViews.plugins.Component;
const FindingsTab = inventoryViews.findings.Component;
const LifecycleTab = inventoryViews.lifecycle.Component;
const ChangesView = inventoryViews.changes.Component;
const BudgetsView = inventoryViews.budgets.Component;

const NO_ORGS: ReadonlyMap<string, string> = new Map();
const isDetail = (r: Route) => r.view === 'model' || r.view === 'mcp-server' || r.view === 'person' || r.view === 'plugin' || r.view === 'group';
const LIST_TITLES: Record<ListView, string> = { models: 'Models', mcp: 'MCP servers', usage: 'Usage & spend', people: 'People', groups: 'Groups', plugins: 'Plugins', findings: 'Findings', lifecycle: 'Model lifecycle', changes: 'Changes', budgets: 'Budgets' };
const tabLoading = <p className="muted">Loading…</p>;

function Inventory() {
  const [route, navigate] = useHashRoute();
  const now = useNow();
  const day = dayKey(now);
  const snapshot = useLatestSnapshot();
  const snapshotCount = useSnapshotCount();
  const modelRows = usePublishedModels();
  const serverRows = usePublishedServers();
  const orgNames = useOrgNames() ?? NO_ORGS;

  // eslint-disable-next-line react-hooks/exhaustive-deps -- lifecycle badges change once per day, not every tick
  const models = useMemo(() => modelRows?.map((r) => toModelView(r, r.model === '' ? null : catalogFacts(r.model, now))), [modelRows, day]);
  const servers = useMemo(() => serverRows?.map((r) => toServerView(r, orgNames)), [serverRows, orgNames]);

  // Table state lives here, so going to a detail page and back finds the table as it was.
  const [modelsState, setModelsState] = useState<TableViewState>(() => initialTableState([{ id: 'chats', desc: true }]));
  const [serversState, setServersState] = useState<TableViewState>(() => initialTableState([{ id: 'name', desc: false }]));
  const [previous, setPrevious] = useState(route);
  const [restoreFocus, setRestoreFocus] = useState(false);
  if (previous !== route) {
    setPrevious(route);
    setRestoreFocus(isDetail(previous) && !isDetail(route));
  }

  const list = listOf(route);
  useEffect(() => {
    document.title = `${LIST_TITLES[list]} — Inventory — Claude Enterprise admin`;
  }, [list]);

  const loading = <span className="muted">Loading…</span>;
  const noSnapshot = 'No snapshot yet: paste a Compliance key in Options and click Ingest snapshot.';
  const modelsEmpty =
    snapshot === undefined || models === undefined
      ? loading
      : snapshot === null
        ? noSnapshot
        : 'No chat activity found in this snapshot. Models appear here once members chat with Claude: each chat reports the model it uses.';
  const serversEmpty =
    snapshot === undefined || servers === undefined ? (
      loading
    ) : snapshot === null ? (
      noSnapshot
    ) : (
      <>
        No MCP servers found in this snapshot. MCP servers appear through audit events (a server created or updated, a tool permission set, a user connecting);
        a server configured before the Compliance API was enabled appears after its next event.
      </>
    );

  let body: ReactNode;
  if (route.view === 'model') {
    body = <ModelDetail id={route.id} tab={route.tab} now={now} orgNames={orgNames} onTab={(tab) => navigate({ ...route, tab }, { replace: true })} />;
  } else if (route.view === 'mcp-server') {
    body = <McpServerDetail id={route.id} tab={route.tab} orgNames={orgNames} onTab={(tab) => navigate({ ...route, tab }, { replace: true })} />;
  } else if (route.view === 'person') {
    body = <LazyPersonDetail id={route.id} />;
  } else if (route.view === 'group') {
    body = <LazyGroupPage id={route.id} />;
  } else if (route.view === 'plugin') {
    body = <PluginDetail id={route.id} />;
  } else {
    body = (
      <>
        {snapshot === null && <NoSnapshot />}
        <Tabs
          label="Inventory"
          selected={list}
          onSelect={(id) => navigate({ view: id as ListView }, { replace: true })}
          tabs={[
            {
              id: 'models',
              label: 'Models',
              content: (
                <ModelsTable
                  models={models ?? []}
                  state={modelsState}
                  onStateChange={setModelsState}
                  onOpen={(m) => navigate({ view: 'model', id: m.id })}
                  empty={modelsEmpty}
                  restoreFocus={restoreFocus}
                />
              ),
            },
            {
              id: 'mcp',
              label: 'MCP servers',
              content: (
                <ServersTable
                  servers={servers ?? []}
                  state={serversState}
                  onStateChange={setServersState}
                  onOpen={(s) => navigate({ view: 'mcp-server', id: s.id })}
                  empty={serversEmpty}
                  restoreFocus={restoreFocus}
                />
              ),
            },
            { id: 'usage', label: 'Usage & spend', content: <LazyUsageTab onOpenPerson={(id) => navigate({ view: 'person', id })} /> },
            { id: 'people', label: 'People', content: <LazyPeopleTab onOpenPerson={(id) => navigate({ view: 'person', id })} /> },
            { id: 'groups', label: 'Groups', content: <LazyGroupsTab onOpenGroup={(id) => navigate({ view: 'group', id })} /> },
            {
              id: 'plugins',
              label: 'Plugins',
              content: (
                <Suspense fallback={tabLoading}>
                  <PluginsTab hasSnapshot={!!snapshot} />
                </Suspense>
              ),
            },
            {
              id: 'findings',
              label: 'Findings',
              content: (
                <Suspense fallback={tabLoading}>
                  <FindingsTab servers={serverRows} hasSnapshot={!!snapshot} />
                </Suspense>
              ),
            },
            {
              id: 'lifecycle',
              label: 'Model lifecycle',
              content: (
                <Suspense fallback={tabLoading}>
                  <LifecycleTab models={modelRows} now={now} hasSnapshot={!!snapshot} />
                </Suspense>
              ),
            },
            { id: 'changes', label: 'Changes', content: <ChangesView /> },
            { id: 'budgets', label: 'Budgets', content: <BudgetsView /> },
          ]}
        />
        {snapshot && (list === 'models' || list === 'mcp') && <WhatChanged snapshot={snapshot} first={snapshotCount === 1} />}
      </>
    );
  }

  return (
    <main className="inventory">
      <header className="page-head">
        <h1>Inventory</h1>
        <p className="muted">Claude models in use and your organization&apos;s MCP servers, from the last Compliance snapshot.</p>
        <SnapshotLine snapshot={snapshot} now={now} />
        {snapshot && <BomButton />}
      </header>
      <Suspense fallback={<p className="muted">Loading…</p>}>{body}</Suspense>
    </main>
  );
}

/** A database that cannot be opened (e.g. a newer schema from an updated extension) is explained, not a blank page. */
class ErrorBoundary extends Component<{ children: ReactNode }, { error: string | null }> {
  override state = { error: null as string | null };
  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  override render() {
    if (this.state.error !== null) {
      return (
        <main className="inventory">
          <h1>Inventory</h1>
          <Status kind="error">The inventory could not be read from this browser&apos;s database: {this.state.error} Reload the page to try again.</Status>
        </main>
      );
    }
    return this.props.children;
  }
}

export function InventoryPage() {
  return (
    <ErrorBoundary>
      <Inventory />
    </ErrorBoundary>
  );
}
