import Big from 'big.js';

/**
 * Money as the Analytics API gives it: decimal strings in US cents with fractional cents
 * ("41280.000000" = US$412.80). Arithmetic is decimal (big.js), never binary floating point, so sums of
 * millions of rows stay exact to the fraction of a cent. Stored values stay strings.
 */
export type Cents = string;

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A cents string as the API sent it, normalized ("41280.000000" → "41280"); null when it is not a decimal. */
export function parseCents(raw: unknown): Cents | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) return new Big(raw).toFixed();
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  if (!DECIMAL.test(s)) return null;
  return new Big(s).toFixed();
}

/** The exact sum of cents strings. */
export function sumCents(values: Iterable<Cents | null | undefined>): Cents {
  let total = new Big(0);
  for (const v of values) if (v) total = total.plus(v);
  return total.toFixed();
}

export function addCents(a: Cents, b: Cents): Cents {
  return new Big(a).plus(b).toFixed();
}

export function compareCents(a: Cents, b: Cents): number {
  return new Big(a).cmp(b);
}

/** a / b as a number for shares and percentages (display only); null when b is zero. */
export function ratio(a: Cents, b: Cents): number | null {
  const d = new Big(b);
  if (d.eq(0)) return null;
  return Number(new Big(a).div(d).toPrecision(15));
}

/** "$412.80", "$1,234,567.89", "-$0.05"; cents rounded half-up to whole cents for display only. */
export function formatUsd(cents: Cents, options: { fractionDigits?: 0 | 2 } = {}): string {
  const digits = options.fractionDigits ?? 2;
  const dollars = new Big(cents).div(100).round(digits, Big.roundHalfUp);
  const negative = dollars.lt(0);
  const [whole, frac] = dollars.abs().toFixed(digits).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}$${grouped}${frac ? `.${frac}` : ''}`;
}

/** Linear forecast to the end of a period: spent × (period length / elapsed). */
export function forecastCents(spent: Cents, elapsedMs: number, periodMs: number): Cents | null {
  if (elapsedMs <= 0) return null;
  return new Big(spent).times(periodMs).div(elapsedMs).round(6, Big.roundHalfUp).toFixed();
}

/** Digits of the minor unit of an ISO 4217 currency (2 for USD and EUR, 0 for JPY); 2 when unknown. */
export function minorDigits(currency: string): number {
  try {
    const d = new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
    return typeof d === 'number' ? d : 2;
  } catch {
    return 2;
  }
}

/**
 * An amount in the minor unit of `currency` ("50000" USD → "$500.00"; "12050.5" → "$120.51"), exact until
 * the display rounding (half-up to the currency's minor unit). USD uses {@link formatUsd}; other
 * currencies read "1,234.50 EUR".
 */
export function formatMinor(minor: Cents, currency: string): string {
  const code = currency.trim().toUpperCase() || 'USD';
  if (code === 'USD') return formatUsd(minor);
  const digits = minorDigits(code);
  const major = new Big(minor).div(new Big(10).pow(digits)).round(digits, Big.roundHalfUp);
  const negative = major.lt(0);
  const [whole, frac] = major.abs().toFixed(digits).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${frac ? `.${frac}` : ''} ${code}`;
}
