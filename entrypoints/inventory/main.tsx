import { mount } from '../../components/mount.tsx';
import { InventoryPage } from '../../components/inventory/InventoryPage.tsx';
import { openInventoryDb } from '../../components/inventory/data.ts';
import { preloadRoute, preloadListViews } from '../../components/inventory/lazy-views.ts';
import { parseRoute } from '../../components/inventory/routes.ts';

openInventoryDb();
// The view the page opens on brings its code in before the first render, so it paints without a
// "Loading…" fallback (components/lazy-component.tsx); the other tabs' code follows once the page is idle.
void preloadRoute(parseRoute(location.hash))
  .catch(() => undefined)
  .then(() => {
    mount(<InventoryPage />);
    preloadListViews();
  });
