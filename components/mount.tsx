import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import './theme.css';

/** Mounts a page component into #root. Called from each entrypoint's main.tsx. */
export function mount(node: ReactNode): void {
  const el = document.getElementById('root');
  if (!el) throw new Error('Page is missing its #root element.');
  createRoot(el).render(<StrictMode>{node}</StrictMode>);
}
