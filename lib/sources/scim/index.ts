import { z } from 'zod';
import type { SourceDefinition } from '../../jobs/source.ts';

/** SCIM 2.0 (the organization's directory-sync endpoint): users, groups and provisioning. */
export const scimSource: SourceDefinition = {
  id: 'scim',
  connection: 'scim',
  label: 'SCIM service',
  baseUrl: (s) => s.scimUrl,
  missingBaseUrl: 'Enter the SCIM URL first (Options → SCIM).',
  probe: async (http, _now, signal) => {
    const res = await http.request('/Users', { query: { startIndex: 1, count: 1 }, schema: z.looseObject({ totalResults: z.number().optional() }), ...(signal ? { signal } : {}) });
    const total = res.data.totalResults;
    return { ok: true, summary: total === undefined ? 'Connected to the SCIM service' : `Connected: ${total} provisioned user${total === 1 ? '' : 's'}`, requestId: res.requestId };
  },
};
