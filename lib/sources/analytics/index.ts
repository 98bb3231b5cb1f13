import { z } from 'zod';
import { sourceJob, type SourceDefinition } from '../../jobs/source.ts';
import { describeAnalyticsError } from './errors.ts';
import { AnalyticsClient } from './client.ts';
import { COLLECTION_JOB } from './job.ts';

/** Engagement data lags; three days back is available on every documented server version. */
function probeDate(now: Date): string {
  return new Date(now.getTime() - 3 * 86_400_000).toISOString().slice(0, 10);
}

/** The Analytics API: per-user engagement, tokens and spend, collected in the background. */
export const analyticsSource: SourceDefinition = {
  id: 'analytics',
  connection: 'analytics',
  label: 'Analytics API',
  baseUrl: (s) => s.analyticsBaseUrl,
  describeError: describeAnalyticsError,
  probe: async (http, now, signal) => {
    const date = probeDate(now);
    const res = await http.request('/v1/organizations/analytics/users', {
      query: { date, limit: 1000 },
      schema: z.looseObject({ data: z.array(z.unknown()), next_page: z.string().nullable().optional() }),
      ...(signal ? { signal } : {}),
    });
    const n = res.data.data.length;
    return { ok: true, summary: `Connected: ${n}${res.data.next_page ? '+' : ''} active user${n === 1 ? '' : 's'} on ${date}`, requestId: res.requestId };
  },
  job: sourceJob(COLLECTION_JOB, {
    client: (http) => new AnalyticsClient(http),
    options: () => ({}),
    scheduleMinutes: (s) => (s.analyticsPollHours > 0 ? s.analyticsPollHours * 60 : null),
  }),
};
