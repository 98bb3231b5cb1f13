import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import './theme.css';

// zod's first object parse probes for eval with `new Function`; the extension's CSP refuses it and
// reports a securitypolicyviolation on the page. jitless skips the probe. Set through zod's global config
// object (what `z.config()` writes), in place, when this module loads (each entrypoint imports it first,
// before any module that parses), so pages that load zod lazily do not load it here.
((globalThis as { __zod_globalConfig?: Record<string, unknown> }).__zod_globalConfig ??= {}).jitless = true;

/** Mounts a page component into #root. Called from each entrypoint's main.tsx. */
export function mount(node: ReactNode): void {
  const el = document.getElementById('root');
  if (!el) throw new Error('Page is missing its #root element.');
  createRoot(el).render(<StrictMode>{node}</StrictMode>);
}
