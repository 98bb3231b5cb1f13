import { describe, expect, it } from 'vitest';
import { addCents, compareCents, forecastCents, formatUsd, parseCents, ratio, sumCents } from '../../../lib/util/money.ts';

describe('money is decimal cents, exact', () => {
  it('parses the API strings, short and long fractions, and refuses what is not a decimal', () => {
    expect(parseCents('41280.000000')).toBe('41280');
    expect(parseCents('0.1')).toBe('0.1');
    expect(parseCents('12.3456789012345678901')).toBe('12.3456789012345678901');
    expect(parseCents(' 7 ')).toBe('7');
    expect(parseCents('1e5')).toBeNull();
    expect(parseCents('NaN')).toBeNull();
    expect(parseCents(null)).toBeNull();
    expect(parseCents(12)).toBe('12');
  });

  it('sums beyond 2^53 cents without losing a fraction of a cent', () => {
    const big = '9007199254740993.000001'; // 2^53 + 1 and a millionth of a cent
    expect(sumCents([big, big, '0.000001'])).toBe('18014398509481986.000003');
    // Floats would say 0.30000000000000004.
    expect(sumCents(['0.1', '0.2'])).toBe('0.3');
    expect(addCents('0.1', '0.2')).toBe('0.3');
    expect(sumCents(Array.from({ length: 100_000 }, () => '0.01'))).toBe('1000');
  });

  it('formats dollars for display only', () => {
    expect(formatUsd('41280.000000')).toBe('$412.80');
    expect(formatUsd('123456789.5')).toBe('$1,234,567.90');
    expect(formatUsd('-5')).toBe('-$0.05');
    expect(formatUsd('0.4')).toBe('$0.00');
    expect(formatUsd('99950', { fractionDigits: 0 })).toBe('$1,000');
  });

  it('compares, divides and forecasts', () => {
    expect(compareCents('10', '9.999999')).toBe(1);
    expect(ratio('75', '100')).toBe(0.75);
    expect(ratio('1', '0')).toBeNull();
    expect(forecastCents('1000', 10, 30)).toBe('3000');
    expect(forecastCents('1000', 0, 30)).toBeNull();
  });
});
