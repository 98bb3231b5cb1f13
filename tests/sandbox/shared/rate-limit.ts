/**
 * A rolling-window request limiter, as the real APIs apply per tenant (Compliance: 600/min per parent
 * organization; Analytics: 60/min per organization).
 */
export class RollingWindowLimiter {
  private hits: number[] = [];
  constructor(
    public limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one request. Returns the verdict and the numbers for the `anthropic-ratelimit-*` headers. */
  take(): { allowed: boolean; remaining: number; resetAt: Date; retryAfterSeconds: number } {
    const t = this.now();
    this.prune(t);
    if (this.hits.length >= this.limit) {
      const oldest = this.hits[0]!;
      const resetAt = new Date(oldest + this.windowMs);
      return { allowed: false, remaining: 0, resetAt, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - t) / 1000)) };
    }
    this.hits.push(t);
    const oldest = this.hits[0]!;
    return { allowed: true, remaining: this.limit - this.hits.length, resetAt: new Date(oldest + this.windowMs), retryAfterSeconds: 0 };
  }

  reset(): void {
    this.hits = [];
  }

  private prune(t: number): void {
    let i = 0;
    while (i < this.hits.length && this.hits[i]! <= t - this.windowMs) i++;
    if (i > 0) this.hits.splice(0, i);
  }
}
