import { lazy, type ComponentType } from 'react';

export interface LazyComponent<P extends object> {
  /** Renders the component: directly once its code is in, else suspending (inside a Suspense boundary) while it loads. */
  Component: ComponentType<P>;
  /** Starts loading the code (once); resolves when it is in. A failed load can be tried again. */
  preload: () => Promise<unknown>;
}

/**
 * A component whose code loads on demand, like React's `lazy`, but that renders without suspending once its
 * code is in. React 19 holds back content that replaces a shown Suspense fallback for up to 300 ms after
 * that fallback appeared (its reveal throttle), so a page opened on a lazy view would show "Loading…" and
 * then wait, idle, well after the code arrived. Pages preload the view they open on before their first
 * render (components/inventory/lazy-views.ts), so that view paints without a fallback at all.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): LazyComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (pending ??= load().then(
      (c) => (loaded = c),
      (err: unknown) => {
        pending = null;
        throw err;
      },
    ));
  const Suspending = lazy(() => preload().then((c) => ({ default: c })));
  function Component(props: P) {
    const Loaded = loaded;
    return Loaded ? <Loaded {...props} /> : <Suspending {...props} />;
  }
  return { Component, preload };
}
