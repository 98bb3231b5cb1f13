import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDb, type AppDb } from '../../../lib/sources/database.ts';
import { createHttpClient, RequestLimiter } from '../../../lib/api/http/index.ts';
import { CredentialVault } from '../../../lib/keys/vault.ts';
import { memoryVaultStorage } from '../../../lib/keys/storage.ts';
import { createHandlers, type BackgroundDeps } from '../../../lib/background/handlers.ts';
import { dispatch } from '../../../lib/messaging/router.ts';
import { WriteResultSchema } from '../../../lib/identity/contract.ts';
import { ADMIN_WRITES_DISABLED, CONNECT_ADMIN_FIRST } from '../../../lib/identity/messages.ts';
import { resetQuirks } from '../../sandbox/scim/index.ts';
import { startTestPeer, TOKEN, type TestPeer } from '../identity/peer.ts';

/** The worker answers the identity write messages with real handlers: validated, written, audited. */
let peer: TestPeer;
let db: AppDb;
let n = 0;
const page = { fromContentScript: false };

beforeAll(async () => {
  peer = await startTestPeer();
});
afterAll(async () => peer?.close());
beforeEach(() => {
  resetQuirks(peer.quirks);
  db = createDb({ name: `identity-handlers-${n++}`, indexedDB: new IDBFactory(), IDBKeyRange });
});

function handlers(extra: Partial<BackgroundDeps> = {}) {
  const http: BackgroundDeps['http'] = async (source) => {
    expect(source.connection).toBe('scim');
    return createHttpClient({ api: 'scim', baseUrl: peer.base, credential: async () => TOKEN, limiter: new RequestLimiter({ perMinute: 100_000, burst: 1000 }) });
  };
  return createHandlers({ version: 't', startedAt: '', db, vault: new CredentialVault(memoryVaultStorage()), http, runners: new Map(), ...extra });
}

describe('identity messages', () => {
  it('identity/create-user creates through SCIM and answers a WriteResult with its audit id', async () => {
    const env = await dispatch(handlers(), { type: 'identity/create-user', displayName: 'Message Sent', email: 'message.sent@acme.example' }, page);
    expect(env.ok).toBe(true);
    const result = WriteResultSchema.parse(env.ok ? env.data : null);
    expect(result.outcome).toBe('done');
    expect(peer.store.findUserByUserName('message.sent@acme.example')?.id).toBe(result.userId);
    expect(await db.audit.get(result.auditId!)).toMatchObject({ action: 'user.create', outcome: 'done' });
  });

  it('identity/membership via admin: refused while Admin API changes are off (the default)', async () => {
    const env = await dispatch(handlers(), { type: 'identity/membership', op: 'add', via: 'admin', groupId: 'rbac_group_x', userId: 'user_x' }, page);
    expect(env).toMatchObject({ ok: true, data: { outcome: 'refused', message: ADMIN_WRITES_DISABLED } });
  });

  it('with changes allowed but no Admin API connected: failed, saying to connect it', async () => {
    const env = await dispatch(handlers({ adminWritesEnabled: async () => true }), { type: 'identity/delete-user', adminUserId: 'user_x' }, page);
    expect(env).toMatchObject({ ok: true, data: { outcome: 'failed', message: CONNECT_ADMIN_FIRST } });
    expect(await db.audit.count()).toBe(1);
  });

  it('web pages cannot send identity writes', async () => {
    const env = await dispatch(handlers(), { type: 'identity/delete-user', scimUserId: 'x' }, { fromContentScript: true });
    expect(env).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await db.audit.count()).toBe(0);
  });
});
