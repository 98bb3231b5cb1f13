/** Pure helpers for DataTable: search matching, keyboard movement and virtual padding rows. */

/** Every whitespace-separated term of `query` occurs in `text` (case-insensitive). An empty query matches all. */
export function matchesSearch(text: string, query: string): boolean {
  const haystack = text.toLocaleLowerCase('en-US');
  return query
    .toLocaleLowerCase('en-US')
    .split(/\s+/)
    .filter(Boolean)
    .every((term) => haystack.includes(term));
}

/** Where focus goes for a key in a list of `count` rows; null when the key is not a navigation key. */
export function nextIndex(key: string, current: number, count: number, pageSize: number): number | null {
  if (count === 0) return null;
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  switch (key) {
    case 'ArrowDown':
      return clamp(current + 1);
    case 'ArrowUp':
      return clamp(current - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case 'PageDown':
      return clamp(current + Math.max(1, pageSize));
    case 'PageUp':
      return clamp(current - Math.max(1, pageSize));
    default:
      return null;
  }
}

/**
 * Heights of the two spacer rows that stand in for the rows not rendered, so the visible rows stay
 * real <tr>s of one <table> (the "padding rows" technique).
 */
export function paddingRows(items: ReadonlyArray<{ start: number; end: number }>, totalSize: number): { top: number; bottom: number } {
  if (items.length === 0) return { top: 0, bottom: 0 };
  const first = items[0]!;
  const last = items[items.length - 1]!;
  return { top: Math.max(0, first.start), bottom: Math.max(0, totalSize - last.end) };
}
