import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs` (relative times and "Retiring in N days" stay true on an open tab). */
export function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = window.setInterval(() => setNow(new Date()), intervalMs);
    return () => window.clearInterval(t);
  }, [intervalMs]);
  return now;
}

/** A key that changes once per UTC day (memoize day-based computations such as lifecycle badges). */
export const dayKey = (d: Date): string => d.toISOString().slice(0, 10);
