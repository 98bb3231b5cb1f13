/**
 * One read made before a view mounts (while its code loads), handed to that view's first render once: the
 * view passes it to its live queries as their initial value, so it renders with data instead of waiting
 * for queries that only start after mounting. Keyed, so a read made for one person is never shown for
 * another; taking it empties the slot, so later mounts use their live queries alone.
 */
export interface FirstRead<T> {
  put(value: T, key?: string): void;
  take(key?: string): T | undefined;
}

export function firstReadSlot<T>(): FirstRead<T> {
  let slot: { key: string; value: T } | undefined;
  return {
    put: (value, key = '') => void (slot = { key, value }),
    take: (key = '') => {
      const value = slot?.key === key ? slot.value : undefined;
      slot = undefined;
      return value;
    },
  };
}
