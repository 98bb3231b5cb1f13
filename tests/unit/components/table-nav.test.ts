import { describe, expect, it } from 'vitest';
import { matchesSearch, nextIndex, paddingRows } from '../../../components/table/nav.ts';

describe('table helpers', () => {
  it('matches every search term, case-insensitively', () => {
    expect(matchesSearch('Claude Opus 4.7 claude-opus-4-7', 'opus')).toBe(true);
    expect(matchesSearch('Claude Opus 4.7 claude-opus-4-7', 'OPUS 4-7')).toBe(true);
    expect(matchesSearch('Claude Opus 4.7 claude-opus-4-7', 'sonnet')).toBe(false);
    expect(matchesSearch('anything', '   ')).toBe(true);
  });

  it('moves between rows with the keyboard and stays in bounds', () => {
    expect(nextIndex('ArrowDown', 0, 5, 3)).toBe(1);
    expect(nextIndex('ArrowDown', 4, 5, 3)).toBe(4);
    expect(nextIndex('ArrowUp', 0, 5, 3)).toBe(0);
    expect(nextIndex('Home', 3, 5, 3)).toBe(0);
    expect(nextIndex('End', 0, 5, 3)).toBe(4);
    expect(nextIndex('PageDown', 0, 5, 3)).toBe(3);
    expect(nextIndex('PageUp', 4, 5, 3)).toBe(1);
    expect(nextIndex('PageDown', 0, 5, 0)).toBe(1);
    expect(nextIndex('a', 0, 5, 3)).toBeNull();
    expect(nextIndex('ArrowDown', 0, 0, 3)).toBeNull();
  });

  it('computes the spacer rows around the rendered window', () => {
    expect(paddingRows([], 1000)).toEqual({ top: 0, bottom: 0 });
    expect(
      paddingRows(
        [
          { start: 520, end: 572 },
          { start: 572, end: 624 },
        ],
        5200,
      ),
    ).toEqual({ top: 520, bottom: 4576 });
  });
});
