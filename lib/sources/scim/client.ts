import type { HttpClient, RequestOptions } from '../../api/http/index.ts';
import type { RequestMeter } from '../../jobs/types.ts';
import { parseItems } from '../../util/items.ts';
import { ListResponseSchema, ScimGroupSchema, ScimUserSchema, type ScimGroup, type ScimUser } from './schemas.ts';

/** Requested page size: servers may return fewer; the loop advances by what came back. */
export const SCIM_PAGE_SIZE = 1000;

export interface ScimPage<T> {
  items: T[];
  skipped: number;
  /** How many resources the page held (valid or not): what startIndex advances by. */
  returned: number;
  /** The `count` asked for. */
  requested: number;
  totalResults: number | null;
}

/** What the sync needs of the SCIM service (the interface keeps the job testable). */
export interface ScimSource extends RequestMeter {
  users(startIndex: number, signal?: AbortSignal): Promise<ScimPage<ScimUser>>;
  groups(startIndex: number, signal?: AbortSignal): Promise<ScimPage<ScimGroup>>;
}

export class ScimClient implements ScimSource {
  private requests = 0;
  private waited = 0;

  constructor(
    private readonly http: HttpClient,
    private readonly pageSize = SCIM_PAGE_SIZE,
  ) {}

  requestCount(): number {
    return this.requests;
  }

  waitMs(): number {
    return this.waited;
  }

  private async list<T>(path: '/Users' | '/Groups', startIndex: number, item: import('zod').ZodType<T>, signal?: AbortSignal): Promise<ScimPage<T>> {
    this.requests++;
    const options: RequestOptions<import('zod').infer<typeof ListResponseSchema>> = { query: { startIndex, count: this.pageSize }, schema: ListResponseSchema };
    if (signal) options.signal = signal;
    const started = performance.now();
    try {
      const res = await this.http.request(path, options);
      const resources = res.data.Resources ?? [];
      const { items, skipped } = parseItems(item, resources);
      return { items, skipped, returned: resources.length, requested: this.pageSize, totalResults: typeof res.data.totalResults === 'number' ? res.data.totalResults : null };
    } finally {
      this.waited += performance.now() - started;
    }
  }

  users(startIndex: number, signal?: AbortSignal): Promise<ScimPage<ScimUser>> {
    return this.list('/Users', startIndex, ScimUserSchema, signal);
  }

  groups(startIndex: number, signal?: AbortSignal): Promise<ScimPage<ScimGroup>> {
    return this.list('/Groups', startIndex, ScimGroupSchema, signal);
  }
}
