/**
 * A minimal Chrome DevTools Protocol client for the benchmarks: attaches to the extension's service
 * worker (Playwright offers no CDP session for workers) to read its JS heap and take heap snapshots.
 * Chromium is launched with `--remote-debugging-port=0`; the port is read from DevToolsActivePort.
 * Node 20 needs `--experimental-websocket` for the global WebSocket (the npm scripts pass it).
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

export const CDP_ARGS = ['--remote-debugging-port=0'];

export class CdpTarget {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<string, Array<(params: Record<string, unknown>) => void>>();

  private constructor(private readonly ws: WebSocket) {
    ws.addEventListener('message', (ev) => {
      const msg = JSON.parse(String(ev.data)) as { id?: number; result?: unknown; error?: { message: string }; method?: string; params?: Record<string, unknown> };
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(msg.error.message));
        else p?.resolve(msg.result);
      } else if (msg.method) for (const l of this.listeners.get(msg.method) ?? []) l(msg.params ?? {});
    });
  }

  /** Connects to the extension's service worker (`chrome-extension://<id>/background.js`). */
  static async serviceWorker(userDataDir: string, extensionId: string): Promise<CdpTarget> {
    const file = path.join(userDataDir, 'DevToolsActivePort');
    for (let i = 0; i < 50 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
    const port = readFileSync(file, 'utf8').split('\n')[0]!.trim();
    const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ type: string; url: string; webSocketDebuggerUrl: string }>;
    const sw = list.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
    if (!sw) throw new Error('No service worker target');
    const ws = new WebSocket(sw.webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('open', () => resolve(), { once: true });
      ws.addEventListener('error', () => reject(new Error('CDP connection failed')), { once: true });
    });
    return new CdpTarget(ws);
  }

  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
  }

  on(method: string, fn: (params: Record<string, unknown>) => void): void {
    const list = this.listeners.get(method) ?? [];
    list.push(fn);
    this.listeners.set(method, list);
  }

  /** JS heap of the worker after a full GC: used and total bytes. */
  async heapAfterGc(): Promise<{ usedSize: number; totalSize: number }> {
    await this.send('HeapProfiler.collectGarbage').catch(() => undefined);
    return this.send<{ usedSize: number; totalSize: number }>('Runtime.getHeapUsage');
  }

  /** A heap snapshot, summarised: the largest constructors/types by self size. */
  async heapSummary(top = 25): Promise<Array<{ name: string; count: number; selfMB: number }>> {
    const chunks: string[] = [];
    this.on('HeapProfiler.addHeapSnapshotChunk', (p) => chunks.push(String(p.chunk)));
    await this.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    const snap = JSON.parse(chunks.join('')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
    this.listeners.delete('HeapProfiler.addHeapSnapshotChunk');
    const f = snap.snapshot.meta.node_fields;
    const width = f.length;
    const iType = f.indexOf('type');
    const iName = f.indexOf('name');
    const iSize = f.indexOf('self_size');
    const types = snap.snapshot.meta.node_types[0];
    const by = new Map<string, { count: number; size: number }>();
    for (let i = 0; i < snap.nodes.length; i += width) {
      const type = types[snap.nodes[i + iType]!]!;
      const key = type === 'object' || type === 'native' ? `${type}:${snap.strings[snap.nodes[i + iName]!]}` : type;
      const e = by.get(key) ?? { count: 0, size: 0 };
      e.count++;
      e.size += snap.nodes[i + iSize]!;
      by.set(key, e);
    }
    return [...by.entries()]
      .sort((a, b) => b[1].size - a[1].size)
      .slice(0, top)
      .map(([name, e]) => ({ name, count: e.count, selfMB: +(e.size / 1048576).toFixed(2) }));
  }

  close(): void {
    this.ws.close();
  }
}
