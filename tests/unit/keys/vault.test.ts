import { describe, expect, it, vi } from 'vitest';
import type { WxtBrowser } from 'wxt/browser';
import { fromBase64, IV_BYTES, PBKDF2_ITERATIONS, SALT_BYTES } from '../../../lib/keys/crypto.ts';
import { browserVaultStorage, MemoryStorageArea, memoryVaultStorage, type BrowserStorageAreaLike, type VaultStorage } from '../../../lib/keys/storage.ts';
import { CredentialVault, VAULT_LOCAL_KEY, VAULT_SESSION_KEY, VaultError, type VaultErrorCode } from '../../../lib/keys/vault.ts';
import { ANALYTICS_KEY, COMPLIANCE_KEY, SCIM_TOKEN } from './fixtures.ts';

const PASS = 'correct horse battery staple';
const OTHER_PASS = 'Tr0ub4dor&3-but-longer';

// Compile-time check: the real `browser.storage` from wxt/browser fits the adapter (type-only import).
const _fitsWxtBrowser = (b: WxtBrowser): VaultStorage => browserVaultStorage(b.storage);

type Stored = { kdf: { name: string; hash: string; iterations: number; salt: string }; check: { iv: string; ct: string }; entries: Record<string, { iv: string; ct: string }> };
type LocalValue = { v: number; modes: Record<string, string>; encrypted: Stored | null };

function setup() {
  const storage = memoryVaultStorage();
  return { storage, vault: new CredentialVault(storage) };
}

/** A browser restart: storage.session is emptied and a new worker starts. */
function restartBrowser(storage: ReturnType<typeof memoryVaultStorage>) {
  storage.session.clear();
  return new CredentialVault(storage);
}

/** A worker restart: same storage, new vault instance (memory gone). */
function restartWorker(storage: VaultStorage) {
  return new CredentialVault(storage);
}

async function localValue(storage: ReturnType<typeof memoryVaultStorage>): Promise<LocalValue> {
  return (await storage.local.get(VAULT_LOCAL_KEY)) as LocalValue;
}

/** Proves that nothing in the local area contains any of the given secrets, nor a 12-character piece of one. */
function expectNoPlaintext(area: MemoryStorageArea, secrets: string[]) {
  const dump = JSON.stringify(area.entries());
  for (const secret of secrets) {
    expect(dump).not.toContain(secret);
    for (let i = 0; i + 12 <= secret.length; i += 6) expect(dump).not.toContain(secret.slice(i, i + 12));
  }
}

async function vaultError(promise: Promise<unknown>): Promise<VaultError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(VaultError);
    return err as VaultError;
  }
  throw new Error('expected a VaultError');
}

async function expectCode(promise: Promise<unknown>, code: VaultErrorCode): Promise<VaultError> {
  const err = await vaultError(promise);
  expect(err.code).toBe(code);
  return err;
}

describe('vault: session mode (default)', () => {
  it('reports the default mode before anything is set', async () => {
    const { vault } = setup();
    expect(await vault.status('compliance')).toEqual({ connection: 'compliance', mode: 'session', present: false, locked: false });
    expect(await vault.getSecret('compliance')).toBeNull();
  });

  it('round-trips a secret, trimmed, and keeps it out of storage.local', async () => {
    const { storage, vault } = setup();
    const status = await vault.setSecret('compliance', `  ${COMPLIANCE_KEY}\n`, 'session');
    expect(status).toEqual({ connection: 'compliance', mode: 'session', present: true, locked: false });
    expect(await vault.getSecret('compliance')).toBe(COMPLIANCE_KEY);
    expect(await vault.requireSecret('compliance')).toBe(COMPLIANCE_KEY);
    expect(JSON.stringify(storage.session.entries())).toContain(COMPLIANCE_KEY);
    expectNoPlaintext(storage.local, [COMPLIANCE_KEY]);
  });

  it('survives a worker restart but not a browser restart', async () => {
    const { storage, vault } = setup();
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'session');
    expect(await restartWorker(storage).getSecret('compliance')).toBe(COMPLIANCE_KEY);
    const after = restartBrowser(storage);
    expect(await after.getSecret('compliance')).toBeNull();
    expect(await after.status('compliance')).toEqual({ connection: 'compliance', mode: 'session', present: false, locked: false });
    const err = await expectCode(after.requireSecret('compliance'), 'missing');
    // Says why it is gone and what to do, not that none was ever set.
    expect(err.message).toMatch(/kept for this browser session only/);
    expect(err.message).toMatch(/Paste it again/);
  });

  it('asks for a key never set in plain words', async () => {
    const { vault } = setup();
    const err = await expectCode(vault.requireSecret('scim'), 'missing');
    expect(err.message).toBe('No SCIM token is set. Paste it in the options page.');
  });
});

describe("vault: don't-remember mode", () => {
  it('round-trips in memory only: nothing in either storage area', async () => {
    const { storage, vault } = setup();
    expect(await vault.setSecret('analytics', ANALYTICS_KEY, 'dont-remember')).toEqual({ connection: 'analytics', mode: 'dont-remember', present: true, locked: false });
    expect(await vault.getSecret('analytics')).toBe(ANALYTICS_KEY);
    expectNoPlaintext(storage.local, [ANALYTICS_KEY]);
    expectNoPlaintext(storage.session, [ANALYTICS_KEY]);
  });

  it('is gone after a worker restart; the mode choice stays so the UI asks again', async () => {
    const { storage, vault } = setup();
    await vault.setSecret('analytics', ANALYTICS_KEY, 'dont-remember');
    const next = restartWorker(storage);
    expect(await next.getSecret('analytics')).toBeNull();
    expect(await next.status('analytics')).toEqual({ connection: 'analytics', mode: 'dont-remember', present: false, locked: false });
    const err = await expectCode(next.requireSecret('analytics'), 'missing');
    expect(err.message).toMatch(/for this run/);
  });
});

describe('vault: encrypted mode', () => {
  it('round-trips, stores only ciphertext with the KDF parameters, and is unlocked right after the write', async () => {
    const { storage, vault } = setup();
    expect(await vault.setSecret('compliance', COMPLIANCE_KEY, 'encrypted', PASS)).toEqual({ connection: 'compliance', mode: 'encrypted', present: true, locked: false });
    expect(await vault.getSecret('compliance')).toBe(COMPLIANCE_KEY);
    const local = await localValue(storage);
    expect(local.modes).toEqual({ compliance: 'encrypted' });
    expect(local.encrypted?.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: PBKDF2_ITERATIONS });
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(fromBase64(local.encrypted?.kdf.salt ?? '')).toHaveLength(SALT_BYTES);
    const entry = local.encrypted?.entries.compliance;
    expect(fromBase64(entry?.iv ?? '')).toHaveLength(IV_BYTES);
    // Ciphertext + 16-byte tag, no longer readable as the key.
    expect(fromBase64(entry?.ct ?? '')).toHaveLength(COMPLIANCE_KEY.length + 16);
    expectNoPlaintext(storage.local, [COMPLIANCE_KEY, PASS]);
    expect(await vault.hasPassphrase()).toBe(true);
  });

  it('survives a browser restart but stays locked until unlock', async () => {
    const { storage, vault } = setup();
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'encrypted', PASS);
    const after = restartBrowser(storage);
    expect(await after.status('compliance')).toEqual({ connection: 'compliance', mode: 'encrypted', present: true, locked: true });
    expect(await after.getSecret('compliance')).toBeNull();
    await expectCode(after.requireSecret('compliance'), 'locked');
    expect(await after.unlock(PASS)).toEqual({ unlocked: true, connections: ['compliance'] });
    expect(await after.getSecret('compliance')).toBe(COMPLIANCE_KEY);
    // Unlocked once per browser session: a worker restart does not ask again.
    const worker = restartWorker(storage);
    expect(await worker.status('compliance')).toMatchObject({ present: true, locked: false });
    expect(await worker.getSecret('compliance')).toBe(COMPLIANCE_KEY);
  });

  it('a wrong passphrase gives a clear error and loses nothing', async () => {
    const { storage, vault } = setup();
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'encrypted', PASS);
    const after = restartBrowser(storage);
    const before = JSON.stringify(storage.local.entries());
    const err = await expectCode(after.unlock('not the passphrase'), 'wrong_passphrase');
    expect(err.message).toMatch(/does not unlock/);
    expect(err.message).toMatch(/Nothing was changed/);
    expect(err.message).not.toContain('not the passphrase');
    expect(JSON.stringify(storage.local.entries())).toBe(before);
    expect(await after.status('compliance')).toMatchObject({ present: true, locked: true });
    await after.unlock(PASS);
    expect(await after.getSecret('compliance')).toBe(COMPLIANCE_KEY);
  });

  it('uses a fresh random IV for every write: same secret, different ciphertext', async () => {
    const { storage, vault } = setup();
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'encrypted', PASS);
    const first = (await localValue(storage)).encrypted?.entries.compliance;
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'encrypted', PASS);
    const second = (await localValue(storage)).encrypted?.entries.compliance;
    await vault.setSecret('analytics', COMPLIANCE_KEY, 'encrypted', PASS);
    const third = (await localValue(storage)).encrypted?.entries.analytics;
    expect(first && second && third).toBeTruthy();
    expect(second?.iv).not.toBe(first?.iv);
    expect(second?.ct).not.toBe(first?.ct);
    expect(new Set([first?.iv, second?.iv, third?.iv]).size).toBe(3);
    expect(new Set([first?.ct, second?.ct, third?.ct]).size).toBe(3);
  });

  it('needs a passphrase, refuses a short new one, and checks the existing one on later writes', async () => {
    const { storage, vault } = setup();
    await expectCode(vault.setSecret('compliance', COMPLIANCE_KEY, 'encrypted'), 'passphrase_required');
    await expectCode(vault.setSecret('compliance', COMPLIANCE_KEY, 'encrypted', 'short'), 'weak_passphrase');
    await expectCode(vault.setSecret('compliance', COMPLIANCE_KEY, 'encrypted', '          '), 'weak_passphrase');
    expect(await storage.local.get(VAULT_LOCAL_KEY)).toBeUndefined();
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'encrypted', PASS);
    const before = JSON.stringify(storage.local.entries());
    await expectCode(vault.setSecret('analytics', ANALYTICS_KEY, 'encrypted', OTHER_PASS), 'wrong_passphrase');
    expect(JSON.stringify(storage.local.entries())).toBe(before);
    expect(await vault.status('analytics')).toMatchObject({ mode: 'session', present: false });
  });

  it('one passphrase covers every connection; a write with it unlocks the others too', async () => {
    const { storage, vault } = setup();
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'encrypted', PASS);
    const after = restartBrowser(storage);
    await after.setSecret('scim', SCIM_TOKEN, 'encrypted', PASS);
    expect(await after.getSecret('compliance')).toBe(COMPLIANCE_KEY);
    expect(await after.getSecret('scim')).toBe(SCIM_TOKEN);
    const again = restartBrowser(storage);
    expect((await again.unlock(PASS)).connections).toEqual(['compliance', 'scim']);
    expectNoPlaintext(storage.local, [COMPLIANCE_KEY, SCIM_TOKEN, PASS]);
  });

  it('lock() drops the decrypted copies but not session-mode secrets', async () => {
    const { vault } = setup();
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'encrypted', PASS);
    await vault.setSecret('analytics', ANALYTICS_KEY, 'session');
    await vault.lock();
    expect(await vault.status('compliance')).toMatchObject({ present: true, locked: true });
    expect(await vault.getSecret('compliance')).toBeNull();
    expect(await vault.getSecret('analytics')).toBe(ANALYTICS_KEY);
    await vault.unlock(PASS);
    expect(await vault.getSecret('compliance')).toBe(COMPLIANCE_KEY);
  });

  it('changes the passphrase: new salt and ciphertext, old passphrase refused, wrong current changes nothing', async () => {
    const { storage, vault } = setup();
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'encrypted', PASS);
    await vault.setSecret('scim', SCIM_TOKEN, 'encrypted', PASS);
    const before = await localValue(storage);
    await expectCode(vault.changePassphrase('wrong passphrase', OTHER_PASS), 'wrong_passphrase');
    await expectCode(vault.changePassphrase(PASS, 'short'), 'weak_passphrase');
    expect(await localValue(storage)).toEqual(before);

    await vault.changePassphrase(PASS, OTHER_PASS);
    const after = await localValue(storage);
    expect(after.encrypted?.kdf.salt).not.toBe(before.encrypted?.kdf.salt);
    expect(after.encrypted?.entries.compliance?.ct).not.toBe(before.encrypted?.entries.compliance?.ct);
    expectNoPlaintext(storage.local, [COMPLIANCE_KEY, SCIM_TOKEN, PASS, OTHER_PASS]);

    const restarted = restartBrowser(storage);
    await expectCode(restarted.unlock(PASS), 'wrong_passphrase');
    await restarted.unlock(OTHER_PASS);
    expect(await restarted.getSecret('compliance')).toBe(COMPLIANCE_KEY);
    expect(await restarted.getSecret('scim')).toBe(SCIM_TOKEN);
  });

  it('forget removes the secret; forgetting the last encrypted one removes the passphrase too', async () => {
    const { storage, vault } = setup();
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'encrypted', PASS);
    await vault.setSecret('analytics', ANALYTICS_KEY, 'encrypted', PASS);
    expect(await vault.forget('compliance')).toEqual({ connection: 'compliance', mode: 'encrypted', present: false, locked: false });
    expect(await vault.hasPassphrase()).toBe(true);
    expect((await localValue(storage)).encrypted?.entries).not.toHaveProperty('compliance');
    await vault.forget('analytics');
    expect(await vault.hasPassphrase()).toBe(false);
    expect((await localValue(storage)).encrypted).toBeNull();
    expect(JSON.stringify(storage.session.entries())).not.toContain(ANALYTICS_KEY);
    // A new passphrase can be chosen now.
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'encrypted', OTHER_PASS);
    expect(await restartBrowser(storage).unlock(OTHER_PASS)).toMatchObject({ connections: ['compliance'] });
  });

  it('forgetAll clears every mode and the passphrase (a lost passphrase)', async () => {
    const { storage, vault } = setup();
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'encrypted', PASS);
    await vault.setSecret('analytics', ANALYTICS_KEY, 'session');
    await vault.setSecret('scim', SCIM_TOKEN, 'dont-remember');
    await vault.forgetAll();
    expect(await vault.statusAll()).toEqual({
      compliance: { connection: 'compliance', mode: 'encrypted', present: false, locked: false },
      analytics: { connection: 'analytics', mode: 'session', present: false, locked: false },
      scim: { connection: 'scim', mode: 'dont-remember', present: false, locked: false },
      admin: { connection: 'admin', mode: 'session', present: false, locked: false },
    });
    expect(await vault.hasPassphrase()).toBe(false);
    expectNoPlaintext(storage.session, [COMPLIANCE_KEY, ANALYTICS_KEY, SCIM_TOKEN]);
    await expectCode(vault.unlock(PASS), 'no_passphrase_set');
  });

  it('detects tampered ciphertext and a ciphertext moved to another connection', async () => {
    const { storage, vault } = setup();
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'encrypted', PASS);
    await vault.setSecret('analytics', ANALYTICS_KEY, 'encrypted', PASS);
    const good = await localValue(storage);
    const enc = good.encrypted;
    if (!enc?.entries.compliance || !enc.entries.analytics) throw new Error('fixture');

    const swapped = { ...good, encrypted: { ...enc, entries: { compliance: enc.entries.analytics, analytics: enc.entries.compliance } } };
    await storage.local.set({ [VAULT_LOCAL_KEY]: swapped });
    const err = await expectCode(restartBrowser(storage).unlock(PASS), 'corrupt');
    expect(err.message).not.toContain(COMPLIANCE_KEY);

    const ct = fromBase64(enc.entries.compliance.ct);
    ct[5] = (ct[5] ?? 0) ^ 1;
    const flipped = { ...good, encrypted: { ...enc, entries: { ...enc.entries, compliance: { ...enc.entries.compliance, ct: btoa(String.fromCharCode(...ct)) } } } };
    await storage.local.set({ [VAULT_LOCAL_KEY]: flipped });
    await expectCode(restartBrowser(storage).unlock(PASS), 'corrupt');
  });

  it('re-encrypts with today’s iteration count when unlocking a vault saved with fewer', async () => {
    const storage = memoryVaultStorage();
    await new CredentialVault(storage, { kdfIterations: 100_000 }).setSecret('compliance', COMPLIANCE_KEY, 'encrypted', PASS);
    expect((await localValue(storage)).encrypted?.kdf.iterations).toBe(100_000);
    await restartBrowser(storage).unlock(PASS);
    expect((await localValue(storage)).encrypted?.kdf.iterations).toBe(PBKDF2_ITERATIONS);
    expect(await restartBrowser(storage).unlock(PASS)).toMatchObject({ connections: ['compliance'] });
  });

  it('refuses an unsafe iteration count', () => {
    expect(() => new CredentialVault(memoryVaultStorage(), { kdfIterations: 1000 })).toThrow(RangeError);
  });
});

describe('vault: switching modes', () => {
  it('setSecret in a new mode removes the copy kept in the old one', async () => {
    const { storage, vault } = setup();
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'encrypted', PASS);
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'session');
    expect((await localValue(storage)).encrypted).toBeNull();
    expect(await vault.status('compliance')).toMatchObject({ mode: 'session', present: true });
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'dont-remember');
    expect(JSON.stringify(storage.session.entries())).not.toContain(COMPLIANCE_KEY);
    expect(await vault.getSecret('compliance')).toBe(COMPLIANCE_KEY);
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'session');
    expect(await restartWorker(storage).getSecret('compliance')).toBe(COMPLIANCE_KEY);
  });

  it('setMode moves the current secret, and needs the passphrase to leave a locked vault', async () => {
    const { storage, vault } = setup();
    await vault.setSecret('scim', SCIM_TOKEN, 'session');
    await expectCode(vault.setMode('scim', 'encrypted'), 'passphrase_required');
    expect(await vault.setMode('scim', 'encrypted', PASS)).toMatchObject({ mode: 'encrypted', present: true, locked: false });
    expect(JSON.stringify(storage.session.entries())).toContain(SCIM_TOKEN); // the unlocked copy
    expectNoPlaintext(storage.local, [SCIM_TOKEN]);

    const after = restartBrowser(storage);
    await expectCode(after.setMode('scim', 'session'), 'locked');
    await expectCode(after.setMode('scim', 'session', OTHER_PASS), 'wrong_passphrase');
    expect(await after.setMode('scim', 'session', PASS)).toMatchObject({ mode: 'session', present: true, locked: false });
    expect(await after.getSecret('scim')).toBe(SCIM_TOKEN);
    expect(await after.hasPassphrase()).toBe(false);
  });

  it('setMode without a secret just records the choice', async () => {
    const { vault } = setup();
    expect(await vault.setMode('analytics', 'encrypted')).toEqual({ connection: 'analytics', mode: 'encrypted', present: false, locked: false });
    expect(await vault.setMode('analytics', 'dont-remember')).toEqual({ connection: 'analytics', mode: 'dont-remember', present: false, locked: false });
  });
});

describe('vault: input checks, errors and concurrency', () => {
  it('rejects empty secrets and unknown connections or modes', async () => {
    const { vault } = setup();
    await expectCode(vault.setSecret('compliance', ' \n\u200B ', 'session'), 'empty_secret');
    await expectCode(vault.setSecret('compliance', 'x'.repeat(5000), 'session'), 'secret_too_long');
    await expectCode(vault.setSecret('billing' as never, COMPLIANCE_KEY, 'session'), 'invalid_request');
    await expectCode(vault.setSecret('compliance', COMPLIANCE_KEY, 'forever' as never), 'invalid_request');
  });

  it('never puts a secret in an error, even when the storage error quotes it', async () => {
    const failing = new MemoryStorageArea();
    failing.set = async (items) => {
      throw new Error(`QUOTA_BYTES exceeded while writing ${JSON.stringify(items)}`);
    };
    const storage: VaultStorage = { local: new MemoryStorageArea(), session: failing };
    const vault = new CredentialVault(storage);
    const messages: string[] = [];
    for (const attempt of [
      vault.setSecret('compliance', COMPLIANCE_KEY, 'session'),
      vault.setSecret('scim', SCIM_TOKEN, 'session'),
      vault.setSecret('compliance', COMPLIANCE_KEY, 'encrypted', PASS),
      vault.setSecret('analytics', ANALYTICS_KEY, 'encrypted', 'wrong passphrase here'),
    ]) {
      const err = await vaultError(attempt);
      messages.push(err.message, String(err.stack));
    }
    expect(messages[0]).toMatch(/Could not save the extension's storage: QUOTA_BYTES exceeded/);
    for (const text of messages) {
      for (const secret of [COMPLIANCE_KEY, ANALYTICS_KEY, SCIM_TOKEN, PASS, 'wrong passphrase here']) expect(text).not.toContain(secret);
    }
    expectNoPlaintext(storage.local as MemoryStorageArea, [COMPLIANCE_KEY, ANALYTICS_KEY, SCIM_TOKEN]);
  });

  it('serialises concurrent calls (no lost update between connections)', async () => {
    const { storage, vault } = setup();
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'encrypted', PASS);
    await Promise.all([
      vault.setSecret('analytics', ANALYTICS_KEY, 'encrypted', PASS),
      vault.setSecret('scim', SCIM_TOKEN, 'encrypted', PASS),
      vault.status('compliance'),
    ]);
    const after = restartBrowser(storage);
    expect((await after.unlock(PASS)).connections).toEqual(['compliance', 'analytics', 'scim']);
  });

  it('treats unreadable stored records as empty instead of crashing', async () => {
    const { storage } = setup();
    await storage.local.set({ [VAULT_LOCAL_KEY]: { v: 1, modes: { compliance: 'forever' }, encrypted: 'garbage' } });
    await storage.session.set({ [VAULT_SESSION_KEY]: 42 });
    const vault = new CredentialVault(storage);
    expect(await vault.status('compliance')).toEqual({ connection: 'compliance', mode: 'session', present: false, locked: false });
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'session');
    expect(await vault.getSecret('compliance')).toBe(COMPLIANCE_KEY);
  });

  it('no plaintext secret anywhere in storage.local across a whole session of use', async () => {
    const { storage, vault } = setup();
    const secrets = [COMPLIANCE_KEY, ANALYTICS_KEY, SCIM_TOKEN, PASS, OTHER_PASS];
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'session');
    expectNoPlaintext(storage.local, secrets);
    await vault.setSecret('analytics', ANALYTICS_KEY, 'dont-remember');
    expectNoPlaintext(storage.local, secrets);
    await vault.setSecret('scim', SCIM_TOKEN, 'encrypted', PASS);
    expectNoPlaintext(storage.local, secrets);
    await vault.setMode('compliance', 'encrypted', PASS);
    expectNoPlaintext(storage.local, secrets);
    await vault.changePassphrase(PASS, OTHER_PASS);
    expectNoPlaintext(storage.local, secrets);
    await vault.lock();
    await vault.unlock(OTHER_PASS);
    expectNoPlaintext(storage.local, secrets);
    await vault.setMode('analytics', 'encrypted', OTHER_PASS);
    expectNoPlaintext(storage.local, secrets);
    expect(Object.keys((await localValue(storage)).encrypted?.entries ?? {}).sort()).toEqual(['analytics', 'compliance', 'scim']);
  });
});

describe('browserVaultStorage adapter', () => {
  function fakeArea(): BrowserStorageAreaLike & { data: Record<string, unknown> } {
    const data: Record<string, unknown> = {};
    return {
      data,
      get: async (key: string) => (key in data ? { [key]: data[key] } : {}),
      set: async (items: Record<string, unknown>) => void Object.assign(data, items),
      remove: async (keys: string[]) => keys.forEach((k) => delete data[k]),
    };
  }

  it('reads and writes through browser.storage and restricts the session area once', async () => {
    const local = fakeArea();
    const session = { ...fakeArea(), setAccessLevel: vi.fn(async (_o: { accessLevel: 'TRUSTED_CONTEXTS' }) => undefined) };
    const vault = new CredentialVault(browserVaultStorage({ local, session }));
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'session');
    await vault.setSecret('analytics', ANALYTICS_KEY, 'session');
    expect(session.setAccessLevel).toHaveBeenCalledTimes(1);
    expect(session.setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
    expect(JSON.stringify(session.data)).toContain(COMPLIANCE_KEY);
    expect(JSON.stringify(local.data)).not.toContain(COMPLIANCE_KEY);
    expect(await vault.getSecret('analytics')).toBe(ANALYTICS_KEY);
  });

  it('works where setAccessLevel is missing or fails', async () => {
    const session = { ...fakeArea(), setAccessLevel: async () => Promise.reject(new Error('not supported')) };
    const vault = new CredentialVault(browserVaultStorage({ local: fakeArea(), session }));
    await vault.setSecret('compliance', COMPLIANCE_KEY, 'session');
    expect(await vault.getSecret('compliance')).toBe(COMPLIANCE_KEY);
    const plain = new CredentialVault(browserVaultStorage({ local: fakeArea(), session: fakeArea() }));
    await plain.setSecret('scim', SCIM_TOKEN, 'session');
    expect(await plain.getSecret('scim')).toBe(SCIM_TOKEN);
  });

  it('refuses to run without storage.session', () => {
    expect(() => browserVaultStorage({ local: fakeArea() })).toThrow(/storage\.session/);
  });
});
