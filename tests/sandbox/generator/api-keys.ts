/**
 * Compliance Access Key records as the settings endpoint (O6) lists them, built from the sandbox's
 * credentials. Secrets never appear; the id is derived from the secret so the same key has the same
 * `apikey_…` id in `api_keys[]` and in `compliance_api_accessed` events (spec §1.5 leaves open whether
 * the real API uses one id space for both [unverified]; the sandbox does).
 */
import { createHash } from 'node:crypto';
import type { SandboxKey } from '../shared/contracts.ts';
import { BASE62 } from './prng.ts';
import { iso, DAY } from './time.ts';

export function apiKeyIdFor(secret: string): string {
  const digest = createHash('sha256').update(`apikey:${secret}`).digest();
  let out = '';
  for (let i = 0; out.length < 22; i++) out += BASE62[digest[i % digest.length]! % 62]!;
  return `apikey_01${out}`;
}

export interface ApiKeyRecord {
  type: 'compliance_api_key';
  id: string;
  name: string;
  scopes: string[];
  is_active: boolean;
  created_at: string;
  created_by_id: string | null;
  expires_at: string | null;
}

/**
 * Every Compliance Access Key of the parent (`sk-ant-api01-…`), deactivated ones and keys holding only
 * the retired scope included; Admin API keys (`sk-ant-admin01-…`) are Console credentials and are not
 * listed. Ordered by created_at ascending.
 */
export function complianceApiKeyRecords(keys: readonly SandboxKey[], firstCreatedMs: number, createdById: string | null): ApiKeyRecord[] {
  return keys
    .filter((k) => k.secret.startsWith('sk-ant-api01-'))
    .map((k, i) => ({
      type: 'compliance_api_key' as const,
      id: apiKeyIdFor(k.secret),
      name: k.label,
      scopes: [...k.scopes],
      is_active: k.active,
      created_at: iso(firstCreatedMs + i * 9 * DAY),
      created_by_id: createdById,
      expires_at: null,
    }));
}
