import { useCallback, useEffect, useMemo, useState } from 'react';
import { parseRoute, routeHash, type Route } from './routes.ts';

/**
 * The current hash route. `navigate` pushes a history entry (so Back returns), or replaces the current one
 * with `{ replace: true }` (switching tabs should not fill the history).
 */
export function useHashRoute(): [Route, (route: Route, options?: { replace?: boolean }) => void] {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const sync = () => setHash(window.location.hash);
    window.addEventListener('hashchange', sync);
    window.addEventListener('popstate', sync);
    return () => {
      window.removeEventListener('hashchange', sync);
      window.removeEventListener('popstate', sync);
    };
  }, []);
  const route = useMemo(() => parseRoute(hash), [hash]);
  const navigate = useCallback((next: Route, options: { replace?: boolean } = {}) => {
    const h = routeHash(next);
    if (h === window.location.hash) return;
    if (options.replace) window.history.replaceState(window.history.state, '', h);
    // Remember where we came from so "Back to …" can be the browser's Back (see DetailFrame.tsx).
    else window.history.pushState({ back: routeHash(parseRoute(window.location.hash)) }, '', h);
    setHash(h);
  }, []);
  return [route, navigate];
}
