import { Suspense, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { lazyComponent } from '../../../components/lazy-component.tsx';
import { preloadRoute } from '../../../components/inventory/lazy-views.ts';

const Hello = ({ name }: { name: string }) => <p>Hello {name}</p>;
const inBoundary = (node: ReactNode) => renderToString(<Suspense fallback={<i>Loading…</i>}>{node}</Suspense>);

describe('lazyComponent', () => {
  it('shows the fallback until its code is in, then renders the component directly (no Suspense fallback to reveal)', async () => {
    const load = vi.fn(() => Promise.resolve(Hello));
    const view = lazyComponent(load);
    expect(inBoundary(<view.Component name="Ada" />)).toContain('Loading…');
    await view.preload();
    const html = inBoundary(<view.Component name="Ada" />);
    expect(html).toContain('Hello <!-- -->Ada');
    expect(html).not.toContain('Loading…');
    // Rendering and preloading again never loads the code twice.
    await view.preload();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('lets a failed load be tried again', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('chunk failed')).mockResolvedValueOnce(Hello);
    const view = lazyComponent(load as () => Promise<typeof Hello>);
    await expect(view.preload()).rejects.toThrow('chunk failed');
    await view.preload();
    expect(load).toHaveBeenCalledTimes(2);
    expect(inBoundary(<view.Component name="Grace" />)).toContain('Grace');
  });
});

describe('preloadRoute', () => {
  it('resolves at once for the tabs in the page’s own code', async () => {
    await expect(preloadRoute({ view: 'models' })).resolves.toBeUndefined();
    await expect(preloadRoute({ view: 'mcp' })).resolves.toBeUndefined();
  });
});
