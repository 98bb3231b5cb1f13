import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';
import { createDb, type AppDb } from '../../../lib/sources/database.ts';
import { createHttpClient, RequestLimiter, type HttpClient } from '../../../lib/api/http/index.ts';
import { CredentialVault } from '../../../lib/keys/vault.ts';
import { memoryVaultStorage } from '../../../lib/keys/storage.ts';
import { createHandlers, FRESH_KEY_CHECK_MS, KEY_RECHECK_ATTEMPTS } from '../../../lib/background/handlers.ts';
import { KEY_CHECK } from '../../../lib/sources/compliance/key-status.ts';
import type { Handlers } from '../../../lib/messaging/router.ts';

/**
 * The worker's key-check handlers against the real sandbox: saving a key reuses the check made when it
 * was pasted, and a check that cannot yet tell which key it is says so and asks to run again.
 */
let sandbox: Sandbox;
let db: AppDb;
let requests: string[];
let rechecks: number[];
let clock: Date;
let handlers: Handlers;
let n = 0;

beforeAll(async () => {
  sandbox = await startSandbox({ size: 'tiny', seed: 5, complianceRateLimit: 100_000 });
});
afterAll(async () => sandbox?.close());

beforeEach(() => {
  db = createDb({ name: `handlers-${n++}`, indexedDB: new IDBFactory(), IDBKeyRange });
  requests = [];
  rechecks = [];
  clock = new Date('2026-12-01T10:00:00Z');
  const vault = new CredentialVault(memoryVaultStorage());
  const http = async (_source: unknown, secret?: string): Promise<HttpClient> => {
    const client = createHttpClient({
      api: 'compliance',
      baseUrl: sandbox.url,
      credential: secret !== undefined ? async () => secret : () => vault.requireSecret('compliance'),
      limiter: new RequestLimiter({ perMinute: 100_000, burst: 1000 }),
    });
    return {
      ...client,
      request: (path: string, init?: Parameters<HttpClient['request']>[1]) => {
        requests.push(path);
        return client.request(path, init);
      },
    } as HttpClient;
  };
  handlers = createHandlers({ version: 't', startedAt: clock.toISOString(), db, vault, http, runners: new Map(), now: () => clock, scheduleKeyRecheck: (a) => rechecks.push(a) });
  sandbox.compliance.setRecordAccessEvents(true);
});

const settle = async () => {
  for (let i = 0; i < 50 && !(await KEY_CHECK.read(db)); i++) await new Promise((r) => setTimeout(r, 20));
  return KEY_CHECK.read(db);
};

describe('saving a key that was just checked', () => {
  it('reuses the fresh check instead of probing again', async () => {
    const secret = sandbox.keys.compliance.full.secret;
    const pasted = await handlers['compliance/check-key']({ type: 'compliance/check-key', secret });
    expect(pasted.status).toBe('ok');
    const probes = requests.length;
    expect(probes).toBeGreaterThanOrEqual(3);
    await handlers['credential/set']({ type: 'credential/set', connection: 'compliance', secret, mode: 'session' });
    const stored = await settle();
    expect(stored?.checkedAt).toBe(pasted.checkedAt);
    expect(requests.length).toBe(probes);
  });

  it('checks again when the saved key is not the one pasted, or the check is stale', async () => {
    await handlers['compliance/check-key']({ type: 'compliance/check-key', secret: sandbox.keys.compliance.full.secret });
    const probes = requests.length;
    clock = new Date(clock.getTime() + FRESH_KEY_CHECK_MS + 1000);
    await handlers['credential/set']({ type: 'credential/set', connection: 'compliance', secret: sandbox.keys.compliance.full.secret, mode: 'session' });
    const stored = await settle();
    expect(stored?.checkedAt).toBe(clock.toISOString());
    expect(requests.length).toBeGreaterThan(probes);
  });
});

describe('a key whose own requests are not indexed yet', () => {
  it('says "this key or another key", then re-checks until it knows the key carries the delete scope', async () => {
    const secret = sandbox.keys.compliance.withDelete.secret;
    sandbox.compliance.setRecordAccessEvents(false); // as when the feed has not indexed this key's requests yet
    await handlers['credential/set']({ type: 'credential/set', connection: 'compliance', secret, mode: 'session' });
    const first = (await settle())!;
    expect(first.status).toBe('ok');
    expect(first.deleteScope).toBe('unknown');
    expect(first.ownKeyIdentified).toBe(false);
    expect(first.message).toContain('This key or another active key carries delete:compliance_user_data');
    expect(first.warnings.map((w) => w.code)).toContain('maybe_this_key_delete');
    expect(first.warnings.map((w) => w.code)).not.toContain('other_delete_keys');
    expect(first.otherDeleteKeys.find((k) => k.name === sandbox.keys.compliance.withDelete.label)?.possiblyThisKey).toBe(true);
    expect(rechecks).toEqual([1]);

    // Still not indexed: asks again, but only a bounded number of times.
    for (let attempt = 1; attempt < KEY_RECHECK_ATTEMPTS; attempt++) await handlers['compliance/check-key']({ type: 'compliance/check-key', attempt });
    await handlers['compliance/check-key']({ type: 'compliance/check-key', attempt: KEY_RECHECK_ATTEMPTS });
    expect(rechecks).toEqual([1, 2, 3]);

    // Indexed now: the check becomes exact and stops asking.
    sandbox.compliance.setRecordAccessEvents(true);
    rechecks = [];
    const exact = await handlers['compliance/check-key']({ type: 'compliance/check-key', attempt: 1 });
    expect(exact.ownKeyIdentified).toBe(true);
    expect(exact.deleteScope).toBe('present');
    expect(exact.message).toBe('The key works, but it carries delete:compliance_user_data, which this product never needs.');
    expect(exact.otherDeleteKeys.map((k) => k.name)).not.toContain(sandbox.keys.compliance.withDelete.label);
    expect(rechecks).toEqual([]);
  });
});
