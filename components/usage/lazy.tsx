import { lazy, Suspense } from 'react';
import { lazyComponent } from '../lazy-component.tsx';

/**
 * The Usage & spend views load on demand, so the inventory's first paint does not carry them (nor uPlot).
 * A page opened on the tab reads its first numbers while this code loads (components/inventory/lazy-views.ts).
 */
export const usageView = lazyComponent(() => import('./UsageTab.tsx').then((m) => m.UsageTab));
const UsageTab = usageView.Component;
const ModelSpend = lazy(() => import('./ModelSpend.tsx').then((m) => ({ default: m.ModelSpend })));
const ConnectorUsage = lazy(() => import('./ConnectorUsage.tsx').then((m) => ({ default: m.ConnectorUsage })));

const loading = <p className="muted">Loading…</p>;

export function LazyUsageTab(props: { onOpenPerson: (actorKey: string) => void }) {
  return (
    <Suspense fallback={loading}>
      <UsageTab {...props} />
    </Suspense>
  );
}

/** Renders nothing while loading (a small section on the model page). */
export function LazyModelSpend(props: { model: string }) {
  return (
    <Suspense fallback={null}>
      <ModelSpend {...props} />
    </Suspense>
  );
}

/** Renders nothing while loading, or without a connector of the same name (a small section on the MCP server page). */
export function LazyConnectorUsage(props: { names: readonly string[] }) {
  return (
    <Suspense fallback={null}>
      <ConnectorUsage {...props} />
    </Suspense>
  );
}
