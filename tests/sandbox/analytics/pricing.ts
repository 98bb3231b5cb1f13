/**
 * Prices for the cost reports, from specs/claude-models.md §1.3 (base Claude-API USD per million
 * tokens). All money inside the sandbox is an integer number of micro-cents (1e-6 US cent) so that
 * every total is an exact sum of the same atoms, whichever way a report groups them; the API's
 * decimal strings ("41280.000000" = 41 280 cents) are the micro-cents printed with 6 decimals.
 *
 * Number is exact for integers up to 2^53 micro-cents ≈ US$90 million, far above what a 31-day
 * report of the largest preset adds up to.
 */

export interface ModelPrice {
  /** USD per million input tokens. */
  input: number;
  /** USD per million output tokens. */
  output: number;
  /** Cache reads as a fraction of the input price (§1.2: 10%, 2.5% on Fable/Mythos 5.1, 5% on Opus 5.5). */
  cacheRead: number;
}

const PRICES: Record<string, ModelPrice> = {
  'claude-fable-5-2': { input: 8, output: 40, cacheRead: 0.1 },
  'claude-fable-5-1': { input: 10, output: 50, cacheRead: 0.025 },
  'claude-opus-5-5': { input: 4, output: 20, cacheRead: 0.05 },
  'claude-sonnet-5-5': { input: 2, output: 10, cacheRead: 0.1 },
  'claude-haiku-5-5': { input: 0.1, output: 0.5, cacheRead: 0.1 },
  'claude-fable-5': { input: 10, output: 50, cacheRead: 0.1 },
  'claude-opus-5': { input: 5, output: 25, cacheRead: 0.1 },
  'claude-sonnet-5': { input: 2, output: 10, cacheRead: 0.1 },
  'claude-opus-4-8': { input: 5, output: 25, cacheRead: 0.1 },
  'claude-opus-4-7': { input: 5, output: 25, cacheRead: 0.1 },
  'claude-opus-4-6': { input: 5, output: 25, cacheRead: 0.1 },
  'claude-sonnet-4-6': { input: 3, output: 15, cacheRead: 0.1 },
  'claude-opus-4-5-20251101': { input: 5, output: 25, cacheRead: 0.1 },
  'claude-haiku-4-5-20251001': { input: 1, output: 5, cacheRead: 0.1 },
  'claude-sonnet-4-5-20250929': { input: 3, output: 15, cacheRead: 0.1 },
  'claude-mythos-5-2': { input: 8, output: 40, cacheRead: 0.1 },
  'claude-mythos-5-1': { input: 10, output: 50, cacheRead: 0.025 },
  'claude-mythos-5': { input: 10, output: 50, cacheRead: 0.1 },
  'claude-opus-4-1-20250805': { input: 15, output: 75, cacheRead: 0.1 },
  'claude-opus-4-20250514': { input: 15, output: 75, cacheRead: 0.1 },
  'claude-sonnet-4-20250514': { input: 3, output: 15, cacheRead: 0.1 },
  'claude-3-7-sonnet-20250219': { input: 3, output: 15, cacheRead: 0.1 },
  'claude-3-5-haiku-20241022': { input: 0.8, output: 4, cacheRead: 0.1 },
  'claude-3-haiku-20240307': { input: 0.25, output: 1.25, cacheRead: 0.1 },
  'claude-3-opus-20240229': { input: 15, output: 75, cacheRead: 0.1 },
  'claude-3-5-sonnet-20241022': { input: 3, output: 15, cacheRead: 0.1 },
  'claude-3-5-sonnet-20240620': { input: 3, output: 15, cacheRead: 0.1 },
};
const ALIASES: Record<string, string> = {
  'claude-opus-4-5': 'claude-opus-4-5-20251101',
  'claude-haiku-4-5': 'claude-haiku-4-5-20251001',
  'claude-sonnet-4-5': 'claude-sonnet-4-5-20250929',
  'claude-opus-4-1': 'claude-opus-4-1-20250805',
  'claude-opus-4-0': 'claude-opus-4-20250514',
  'claude-sonnet-4-0': 'claude-sonnet-4-20250514',
};
/** [unverified] Fallback for a model id the catalog does not list: Sonnet-class pricing. */
const FALLBACK: ModelPrice = { input: 3, output: 15, cacheRead: 0.1 };

export function priceOf(model: string): ModelPrice {
  return PRICES[model] ?? PRICES[ALIASES[model] ?? ''] ?? FALLBACK;
}

/** [inferred] Cache writes at the usual multipliers of the input price: 5-minute 1.25×, 1-hour 2×. */
export const CACHE_WRITE_5M = 1.25;
export const CACHE_WRITE_1H = 2;
/** [unverified] Long-context (200k–1M) premium: input 2×, output 1.5×. */
export const LONG_CONTEXT_INPUT = 2;
export const LONG_CONTEXT_OUTPUT = 1.5;
/** [unverified] Fast mode premium on every token price. */
export const FAST_MULTIPLIER = 6;
/** Web search: US$10 per 1,000 searches = 1 cent each. */
export const WEB_SEARCH_MICROCENTS = 1_000_000;
/** [unverified] Code execution, per execution span (≈ a few container minutes). */
export const CODE_EXECUTION_SPAN_MICROCENTS = 500_000;
/**
 * [unverified] The sandbox org's negotiated discount: `amount` (post-discount, pre-credit) is 80% of
 * `list_amount` for tokens and web search, as in the spec's fixtures (41280 / 51600). Code execution
 * is billed at list (fixture 4.10: "120.000000" / "120.000000").
 */
export const DISCOUNT_FACTOR = 0.8;

/** USD per million tokens → micro-cents per token is ×100. */
export function tokenMicrocents(tokens: number, usdPerMillion: number): number {
  return Math.round(tokens * usdPerMillion * 100);
}

/** Integer micro-cents → the API's decimal string in cents with 6 fractional digits. */
export function formatMicrocents(micro: number): string {
  const v = BigInt(Math.round(micro));
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const whole = abs / 1_000_000n;
  const frac = (abs % 1_000_000n).toString().padStart(6, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}
