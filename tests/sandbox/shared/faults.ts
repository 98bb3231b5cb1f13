import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { newRequestId } from './http.ts';

/**
 * Fault injection, configured per run (in-process via `FaultInjector.add`, or over HTTP with
 * `POST /_sandbox/faults`). Rules are checked in order; the first one whose filters match and that has
 * firings left applies to the request.
 */
export const FaultRuleSchema = z.object({
  /** Regular expression tested against the request path (without query string). */
  path: z.string().default('.*'),
  method: z.string().optional(),
  /** Let this many matching requests through untouched before firing. */
  after: z.number().int().min(0).default(0),
  /** How many times the rule fires; 0 = every time. */
  times: z.number().int().min(0).default(1),
  /** Delay before the request is handled (applies with or without another effect). */
  latencyMs: z.number().int().min(0).default(0),
  /** Answer with this status instead of handling the request. */
  status: z.number().int().min(100).max(599).optional(),
  /** Error type for the JSON envelope sent with `status` (defaults by status). */
  errorType: z.string().optional(),
  message: z.string().optional(),
  /** `error.details.error_code` of the envelope (e.g. `report_page_too_large`). */
  errorCode: z.string().optional(),
  headers: z.record(z.string(), z.string()).default({}),
  /** Handle the request, then send only the first half of the body (still a complete HTTP response). */
  truncate: z.boolean().default(false),
  /** Destroy the connection without any response. */
  drop: z.boolean().default(false),
});
export type FaultRule = z.input<typeof FaultRuleSchema>;
type ParsedRule = z.output<typeof FaultRuleSchema> & { seen: number; fired: number; re: RegExp };

const DEFAULT_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  409: 'conflict_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

export class FaultInjector {
  private rules: ParsedRule[] = [];

  add(rule: FaultRule): void {
    const parsed = FaultRuleSchema.parse(rule);
    this.rules.push({ ...parsed, seen: 0, fired: 0, re: new RegExp(parsed.path) });
  }

  clear(): void {
    this.rules = [];
  }

  /** Rules still armed (for assertions that a fault was consumed). */
  pending(): number {
    return this.rules.filter((r) => r.times === 0 || r.fired < r.times).length;
  }

  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const rule = this.match(req);
      if (!rule) return next();
      const apply = (): void => {
        if (rule.drop) {
          req.socket.destroy();
          return;
        }
        if (rule.status !== undefined) {
          const requestId = newRequestId();
          res.setHeader('request-id', requestId);
          for (const [k, v] of Object.entries(rule.headers)) res.setHeader(k, v);
          res.status(rule.status).json({
            type: 'error',
            error: { type: rule.errorType ?? DEFAULT_TYPES[rule.status] ?? 'api_error', message: rule.message ?? 'Injected fault.', ...(rule.errorCode ? { details: { error_code: rule.errorCode } } : {}) },
            request_id: requestId,
          });
          return;
        }
        for (const [k, v] of Object.entries(rule.headers)) res.setHeader(k, v);
        if (rule.truncate) truncateResponse(res);
        next();
      };
      if (rule.latencyMs > 0) setTimeout(apply, rule.latencyMs);
      else apply();
    };
  }

  private match(req: Request): ParsedRule | undefined {
    for (const rule of this.rules) {
      if (rule.method && rule.method.toUpperCase() !== req.method) continue;
      if (!rule.re.test(req.path)) continue;
      if (rule.times !== 0 && rule.fired >= rule.times) continue;
      rule.seen++;
      if (rule.seen <= rule.after) continue;
      rule.fired++;
      return rule;
    }
    return undefined;
  }
}

function truncateResponse(res: Response): void {
  const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => Response;
  (res as unknown as { end: (chunk?: unknown, ...rest: unknown[]) => Response }).end = (chunk?: unknown, ...rest: unknown[]) => {
    if (chunk === undefined || typeof chunk === 'function') return end(chunk, ...rest);
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    const half = buf.subarray(0, Math.floor(buf.length / 2));
    res.setHeader('content-length', String(half.length));
    return end(half);
  };
}
