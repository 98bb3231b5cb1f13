import { useState } from 'react';
import { browser } from 'wxt/browser';
import { Tabs } from '../Tabs.tsx';

const COLUMNS = ['Name', 'Added', 'Projects', 'Organizations'] as const;

function EmptyTable({ caption, empty }: { caption: string; empty: string }) {
  return (
    <table>
      <caption className="muted" style={{ textAlign: 'left', padding: '0.4rem 0' }}>
        {caption}
      </caption>
      <thead>
        <tr>
          {COLUMNS.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        <tr>
          <td colSpan={COLUMNS.length} className="empty">
            {empty}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

export function InventoryPage() {
  const [tab, setTab] = useState('models');
  const hint = (
    <>
      {' '}
      <button className="linklike" onClick={() => void browser.runtime.openOptionsPage()}>
        Open Options
      </button>
    </>
  );
  return (
    <main style={{ maxWidth: 1100, margin: '0 auto', padding: '1.25rem' }}>
      <header style={{ marginBottom: '1rem' }}>
        <h1>Inventory</h1>
        <p className="muted">Claude models in use and your organization&apos;s MCP servers, from the last Compliance snapshot.</p>
      </header>
      <Tabs
        label="Inventory"
        selected={tab}
        onSelect={setTab}
        tabs={[
          {
            id: 'models',
            label: 'Models',
            content: (
              <>
                <EmptyTable caption="Claude models in use" empty="No snapshot yet: paste a Compliance key in Options and ingest a snapshot." />
                {hint}
              </>
            ),
          },
          {
            id: 'mcp',
            label: 'MCP servers',
            content: (
              <>
                <EmptyTable caption="Organization MCP servers" empty="No snapshot yet: paste a Compliance key in Options and ingest a snapshot." />
                {hint}
              </>
            ),
          },
        ]}
      />
    </main>
  );
}
