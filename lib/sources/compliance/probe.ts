import { z } from 'zod';
import type { HttpClient } from '../../api/http/index.ts';
import type { ProbeResult } from '../../jobs/source.ts';

/** Test connection: the organizations the key can see (one request at the maximum page size). */
export async function probeCompliance(http: HttpClient, _now: Date, signal?: AbortSignal): Promise<ProbeResult> {
  const res = await http.request('/v1/compliance/organizations', {
    query: { limit: 1000 },
    schema: z.looseObject({ data: z.array(z.unknown()), has_more: z.boolean().optional() }),
    ...(signal ? { signal } : {}),
  });
  const n = res.data.data.length;
  return { ok: true, summary: `Connected: ${n}${res.data.has_more ? '+' : ''} organization${n === 1 ? '' : 's'} visible`, requestId: res.requestId };
}
