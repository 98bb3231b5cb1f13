import { describe, expect, it } from 'vitest';
import { formatCount, formatDate, plural, relativeTime, safeHttpUrl } from '../../../components/format.ts';

describe('inventory formatting', () => {
  const now = new Date('2026-11-20T12:00:00Z');

  it('formats relative times for the snapshot line', () => {
    expect(relativeTime('2026-11-20T11:59:30Z', now)).toBe('Just now');
    expect(relativeTime('2026-11-20T12:00:05Z', now)).toBe('Just now'); // clock skew
    expect(relativeTime('2026-11-20T11:59:00Z', now)).toBe('1 minute ago');
    expect(relativeTime('2026-11-20T11:55:00Z', now)).toBe('5 minutes ago');
    expect(relativeTime('2026-11-20T11:00:00Z', now)).toBe('1 hour ago');
    expect(relativeTime('2026-11-20T02:00:00Z', now)).toBe('10 hours ago');
    expect(relativeTime('2026-11-19T10:00:00Z', now)).toBe('Yesterday');
    expect(relativeTime('2026-11-17T12:00:00Z', now)).toBe('3 days ago');
    expect(relativeTime('2026-09-01T12:00:00Z', now)).toBe('on Sep 1, 2026');
    expect(relativeTime('not a date', now)).toBe('—');
    expect(relativeTime(null, now)).toBe('—');
  });

  it('formats counts with thousands separators and never shows unknown as 0', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(null)).toBe('—');
    expect(formatCount(undefined)).toBe('—');
    expect(plural(1, 'model')).toBe('1 model');
    expect(plural(1200, 'model')).toBe('1,200 models');
  });

  it('formats dates in UTC', () => {
    expect(formatDate('2026-03-14T23:30:00Z')).toBe('Mar 14, 2026');
    expect(formatDate('2026-03-15T00:30:00+02:00')).toBe('Mar 14, 2026');
    expect(formatDate(null)).toBe('—');
    expect(formatDate('garbage')).toBe('—');
  });

  it('keeps only http(s) links', () => {
    expect(safeHttpUrl('https://www.anthropic.com/claude-opus-4-6-system-card')).toBe('https://www.anthropic.com/claude-opus-4-6-system-card');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,<b>x</b>')).toBeNull();
    expect(safeHttpUrl('not a url')).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });
});
