import type { RetryPolicy } from './retry.ts';
import type { ApiName } from './rate-limit.ts';

export type AuthStyle = 'x-api-key' | 'bearer';

/** Per-API transport facts and the words admin-facing messages use. */
export interface ApiPreset {
  auth: AuthStyle;
  /** Sent as `accept`, and as `content-type` when there is a body. */
  mediaType: string;
  headers: Readonly<Record<string, string>>;
  /** "Compliance API": the subject of error messages. */
  label: string;
  /** "Compliance key": what the admin pasted. */
  credentialName: string;
  /** Where to check or replace the credential. */
  credentialHelp: string;
  retry: Partial<RetryPolicy>;
}

export const ANTHROPIC_VERSION = '2023-06-01';

export const API_PRESETS: Readonly<Record<ApiName, ApiPreset>> = {
  compliance: {
    auth: 'x-api-key',
    mediaType: 'application/json',
    headers: { 'anthropic-version': ANTHROPIC_VERSION },
    label: 'Compliance API',
    credentialName: 'Compliance key',
    credentialHelp: 'Check it in claude.ai → Organization settings → API.',
    retry: {},
  },
  analytics: {
    auth: 'x-api-key',
    mediaType: 'application/json',
    headers: { 'anthropic-version': ANTHROPIC_VERSION },
    label: 'Analytics API',
    credentialName: 'Analytics API key',
    credentialHelp: 'Check it in claude.ai → Organization settings → API (only the Primary Owner can create one).',
    retry: {},
  },
  scim: {
    auth: 'bearer',
    mediaType: 'application/scim+json',
    headers: {},
    label: 'SCIM service',
    credentialName: 'SCIM token',
    credentialHelp:
      'Check the SCIM URL and token: they come from the directory-sync portal opened from claude.ai → Organization settings → Identity and access, where a new token can be generated.',
    // scim.md §5: back off 0.5 s → 8 s, at most 5 tries.
    retry: { baseDelayMs: 500, maxDelayMs: 8_000 },
  },
  admin: {
    // admin-api.md §1.3: the SDK sends a bearer token with anthropic-version 2026-10-21.
    auth: 'bearer',
    mediaType: 'application/json',
    headers: { 'anthropic-version': '2026-10-21' },
    label: 'Admin API',
    credentialName: 'Admin API key',
    credentialHelp: 'Check it in the Claude Console → Settings → Admin keys (an organization admin creates it; the secret is shown once).',
    retry: {},
  },
};
