import { z } from 'zod';
import type { Handlers } from '../messaging/router.ts';
import type { Connection, ConnectionTestResult, KeyCheck } from '../messaging/protocol.ts';
import { checksFor } from '../context/checks.ts';
import type { AppDb } from '../db/schema.ts';
import type { CredentialVault } from '../keys/vault.ts';
import { classifyCredential, normalizeCredential } from '../keys/classify.ts';
import type { Settings } from '../settings/settings.ts';
import { ApiError, type HttpClient } from '../api/http/index.ts';
import { checkComplianceKey } from '../api/compliance/key-check.ts';
import type { SnapshotRunner } from './snapshot-runner.ts';

export interface BackgroundDeps {
  version: string;
  startedAt: string;
  db: AppDb;
  vault: CredentialVault;
  settings: () => Promise<Settings>;
  /** An HTTP client for a connection, using `secret` when given, else the stored credential. */
  http: (connection: Connection, secret?: string) => Promise<HttpClient>;
  runner: SnapshotRunner;
  now?: () => Date;
}

export const KEY_CHECK_KEY = 'compliance.keyCheck';

/** Analytics engagement data lags; three days back is available on every documented server version. */
function analyticsProbeDate(now: Date): string {
  return new Date(now.getTime() - 3 * 86_400_000).toISOString().slice(0, 10);
}

export function createHandlers(deps: BackgroundDeps): Handlers {
  const now = deps.now ?? (() => new Date());

  const storeKeyCheck = async (check: KeyCheck) => {
    await deps.db.kv.put({ key: KEY_CHECK_KEY, value: check });
  };

  const checkStoredComplianceKey = async (): Promise<KeyCheck> => {
    const secret = await deps.vault.requireSecret('compliance');
    const check = await checkComplianceKey(await deps.http('compliance'), secret, now());
    await storeKeyCheck(check);
    return check;
  };

  const testConnection = async (connection: Connection): Promise<ConnectionTestResult> => {
    const http = await deps.http(connection);
    const checkedAt = now().toISOString();
    try {
      if (connection === 'compliance') {
        const res = await http.request('/v1/compliance/organizations', { query: { limit: 1000 }, schema: z.looseObject({ data: z.array(z.unknown()), has_more: z.boolean().optional() }) });
        const n = res.data.data.length;
        return { connection, ok: true, summary: `Connected: ${n}${res.data.has_more ? '+' : ''} organization${n === 1 ? '' : 's'} visible`, requestId: res.requestId, checkedAt };
      }
      if (connection === 'analytics') {
        const date = analyticsProbeDate(now());
        const res = await http.request('/v1/organizations/analytics/users', { query: { date, limit: 1000 }, schema: z.looseObject({ data: z.array(z.unknown()), next_page: z.string().nullable().optional() }) });
        const n = res.data.data.length;
        return { connection, ok: true, summary: `Connected: ${n}${res.data.next_page ? '+' : ''} active user${n === 1 ? '' : 's'} on ${date}`, requestId: res.requestId, checkedAt };
      }
      const res = await http.request('/Users', { query: { startIndex: 1, count: 1 }, schema: z.looseObject({ totalResults: z.number().optional() }) });
      const total = res.data.totalResults;
      return { connection, ok: true, summary: total === undefined ? 'Connected to the SCIM service' : `Connected: ${total} provisioned user${total === 1 ? '' : 's'}`, requestId: res.requestId, checkedAt };
    } catch (err) {
      if (err instanceof ApiError) return { connection, ok: false, summary: err.message, requestId: err.requestId, checkedAt };
      throw err;
    }
  };

  return {
    ping: async () => ({ version: deps.version, workerStartedAt: deps.startedAt }),
    'connection/test': (r) => testConnection(r.connection),
    'credential/set': async (r) => {
      const check = classifyCredential(r.connection, r.secret);
      if (!check.usable) throw new Error(check.message);
      const status = await deps.vault.setSecret(r.connection, normalizeCredential(r.secret), r.mode, r.passphrase);
      if (r.connection === 'compliance') void checkStoredComplianceKey().catch(() => undefined);
      return status;
    },
    'credential/status': (r) => deps.vault.status(r.connection),
    'credential/forget': async (r) => {
      if (r.connection === 'compliance') await deps.db.kv.delete(KEY_CHECK_KEY);
      return deps.vault.forget(r.connection);
    },
    'vault/unlock': async (r) => {
      await deps.vault.unlock(r.passphrase);
      return { unlocked: true };
    },
    'compliance/check-key': async (r) => {
      if (r.secret === undefined) return checkStoredComplianceKey();
      const secret = normalizeCredential(r.secret);
      return checkComplianceKey(await deps.http('compliance', secret), secret, now());
    },
    'snapshot/start': () => deps.runner.start(),
    'snapshot/cancel': async () => ({ cancelled: deps.runner.cancel() }),
    'context/check': async (r) => {
      const checks = checksFor(new URL(r.url));
      const findings = [];
      if (checks.some((c) => c.id === 'api-access')) {
        const stored = await deps.vault.status('compliance');
        const keyCheck = (await deps.db.kv.get(KEY_CHECK_KEY))?.value as KeyCheck | undefined;
        if (!stored.present) {
          findings.push({ id: 'api-access.no-key', level: 'info' as const, title: 'No Compliance key in the companion yet', detail: 'After creating the key here, paste it into the companion: Options → Compliance key.' });
        } else if (keyCheck && keyCheck.status !== 'ok') {
          findings.push({ id: 'api-access.key-problem', level: 'warning' as const, title: 'The companion’s Compliance key needs attention', detail: keyCheck.message });
        } else if (keyCheck?.deleteScope === 'present') {
          findings.push({ id: 'api-access.key-delete', level: 'warning' as const, title: 'The companion’s key can delete data', detail: 'Create a key without delete:compliance_user_data and replace it in Options.' });
        } else if (keyCheck) {
          findings.push({ id: 'api-access.key-ok', level: 'ok' as const, title: 'The companion’s Compliance key is healthy', detail: 'It has the three read scopes the inventory needs.' });
        }
      }
      return { page: checks[0]?.id ?? null, findings };
    },
  };
}
