import { useState } from 'react';
import { browser } from 'wxt/browser';
import { exportFileName } from '../../lib/export/table.ts';
import { pageDb } from '../db.ts';
import { downloadText } from '../download.ts';
import { Status } from '../Status.tsx';

/** This extension as the BOM's tool: its name and version from the manifest. */
export function extensionIdentity(): { name: string; version: string } {
  const manifest = browser.runtime.getManifest();
  const localized = browser.i18n?.getMessage('extName');
  return { name: localized || 'Claude Enterprise admin companion', version: manifest.version };
}

/**
 * "Download CycloneDX BOM": the published inventory as a CycloneDX 1.6 JSON file. The builder and the
 * CycloneDX library load on the first click, so the tables never wait for them.
 */
export function BomButton() {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const download = async () => {
    setState({ busy: true, error: null });
    try {
      const db = pageDb();
      const [{ inventoryBomJson }, { pluginBomItems }, models, servers, toolPolicies, orgs, snapshot, plugins, pluginServers] = await Promise.all([
        import('../../lib/export/cyclonedx.ts'),
        import('../../lib/export/cyclonedx-plugins.ts'),
        db.pubModels.toArray(),
        db.pubMcpServers.toArray(),
        db.pubToolPolicies.toArray(),
        db.pubOrgs.toArray(),
        db.snapshots.orderBy('completedAt').last(),
        db.pubPlugins.toArray(),
        db.pubPluginServers.toArray(),
      ]);
      const now = new Date();
      const text = inventoryBomJson({ models, servers, toolPolicies, orgs, snapshot: snapshot ?? null, tool: extensionIdentity(), now, extra: pluginBomItems(plugins, pluginServers), serialNumber: `urn:uuid:${crypto.randomUUID()}` });
      downloadText(text, exportFileName('inventory', 'cdx.json', now), 'application/vnd.cyclonedx+json');
      setState({ busy: false, error: null });
    } catch (e) {
      setState({ busy: false, error: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <div className="row">
      <button type="button" onClick={() => void download()} disabled={state.busy} title="The models in use, the MCP servers with their tool permissions and the plugins with the MCP servers they declare, as a CycloneDX 1.6 software bill of materials (JSON)">
        {state.busy ? 'Building BOM…' : 'Download CycloneDX BOM'}
      </button>
      {state.error && <Status kind="error">The BOM could not be built: {state.error} Reload the page and try again.</Status>}
    </div>
  );
}
