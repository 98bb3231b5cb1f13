import { browser } from 'wxt/browser';
import { ask } from '../extension.ts';
import { useAsync } from '../useAsync.ts';
import { Status } from '../Status.tsx';

export function PopupPage() {
  const worker = useAsync(() => ask({ type: 'ping' }));
  const compliance = useAsync(() => ask({ type: 'credential/status', connection: 'compliance' }));
  const openInventory = async () => {
    await browser.tabs.create({ url: browser.runtime.getURL('/inventory.html') });
    window.close();
  };
  return (
    <main style={{ width: 360, padding: '0.9rem' }}>
      <h1>Claude Enterprise admin</h1>
      <p className="muted">Inventory, spend and identity for your organization.</p>
      <section className="card" aria-labelledby="snapshot-h">
        <h2 id="snapshot-h">Compliance snapshot</h2>
        {compliance.data?.present ? (
          <p>A Compliance key is ready. Open the inventory to see models and MCP servers.</p>
        ) : (
          <p data-testid="popup-empty">No snapshot yet. Add a Compliance key in Options to build your inventory.</p>
        )}
        <div className="row">
          <button className="primary" onClick={() => void openInventory()}>
            Open inventory
          </button>
          <button onClick={() => void browser.runtime.openOptionsPage()}>Options</button>
        </div>
      </section>
      {worker.error ? (
        <Status kind="error">Background worker unavailable: {worker.error}</Status>
      ) : (
        <p className="muted" data-testid="worker-status">
          {worker.data ? `Background worker running (v${worker.data.version})` : 'Checking background worker…'}
        </p>
      )}
    </main>
  );
}
