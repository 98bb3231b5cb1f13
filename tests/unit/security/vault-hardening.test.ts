import { describe, expect, it, vi } from 'vitest';
import { passphraseStrength } from '../../../lib/util/passphrase-strength.ts';
import { CredentialVault } from '../../../lib/keys/vault.ts';
import { memoryVaultStorage } from '../../../lib/keys/storage.ts';
import { AUTOLOCK_ALARM, createAutoLock } from '../../../lib/keys/autolock.ts';
import { PBKDF2_MIN_ITERATIONS } from '../../../lib/keys/crypto.ts';

const KEY = 'sk-ant-api01-Q2xhdWRlQWRtaW5Db21wYW5pb25UZXN0S2V5MDEyMzQ1Njc4OWFiY2RlZg-sbx4AA';
const PASS = 'correct horse battery staple';

describe('passphrase strength (issue 6 §1.2)', () => {
  it.each(['password1', 'Summer2026!', '12345678', 'aaaaaaaaaaaa', 'qwertyuiop123', 'ClaudeAdmin2026'])('calls %s too weak', (p) => {
    expect(passphraseStrength(p)).toMatchObject({ score: 0, label: 'Too weak', acceptable: false });
  });
  it('rates unrelated words and long mixed passphrases highly', () => {
    expect(passphraseStrength(PASS)).toMatchObject({ label: 'Very strong', acceptable: true, advice: '' });
    expect(passphraseStrength('dog cat sun')).toMatchObject({ label: 'Weak', acceptable: true });
  });
  it('the vault refuses a guessable new passphrase with advice, and accepts a strong one', async () => {
    const vault = new CredentialVault(memoryVaultStorage(), { kdfIterations: PBKDF2_MIN_ITERATIONS });
    await expect(vault.setSecret('compliance', KEY, 'encrypted', 'password1')).rejects.toMatchObject({ code: 'weak_passphrase', message: expect.stringMatching(/too easy to guess/) });
    await expect(vault.setSecret('compliance', KEY, 'encrypted', PASS)).resolves.toMatchObject({ mode: 'encrypted', present: true, locked: false });
  });
});

describe('idle auto-lock of encrypted keys (issue 6 §1.2)', () => {
  const setup = async (minutes: number) => {
    const storage = memoryVaultStorage();
    const vault = new CredentialVault(storage, { kdfIterations: PBKDF2_MIN_ITERATIONS });
    await vault.setSecret('analytics', KEY, 'encrypted', PASS);
    await vault.setSecret('compliance', KEY, 'session');
    const alarms = new Map<string, number>();
    const api = {
      create: vi.fn((name: string, info: { delayInMinutes: number }) => void alarms.set(name, info.delayInMinutes)),
      clear: vi.fn(async (name: string) => alarms.delete(name)),
      get: vi.fn(async (name: string) => (alarms.has(name) ? { name } : undefined)),
    };
    const onLocked = vi.fn();
    let setting = minutes;
    const lock = createAutoLock({ alarms: api, minutes: async () => setting, lock: () => vault.lock(), onLocked });
    return { vault, alarms, api, lock, onLocked, set: (m: number) => (setting = m) };
  };

  it('arms on use, and its alarm locks only the encrypted keys', async () => {
    const { vault, alarms, lock, onLocked } = await setup(15);
    await lock.touch(true);
    expect(alarms.get(AUTOLOCK_ALARM)).toBe(15);
    expect(await lock.onAlarm(AUTOLOCK_ALARM)).toBe(true);
    expect(await vault.status('analytics')).toMatchObject({ present: true, locked: true });
    expect(await vault.status('compliance')).toMatchObject({ present: true, locked: false });
    expect(onLocked).toHaveBeenCalledOnce();
    await vault.unlock(PASS);
    expect(await vault.getSecret('analytics')).toBe(KEY);
  });

  it('is off by default: no alarm, and a stray alarm locks nothing', async () => {
    const { vault, alarms, lock } = await setup(0);
    await lock.settingsApplied();
    await lock.touch();
    expect(alarms.size).toBe(0);
    await lock.onAlarm(AUTOLOCK_ALARM);
    expect(await vault.status('analytics')).toMatchObject({ locked: false });
  });

  it('a worker restart does not postpone a running period; turning it off clears it', async () => {
    const { api, lock, set } = await setup(60);
    await lock.touch(true);
    api.create.mockClear();
    await lock.settingsApplied();
    expect(api.create).not.toHaveBeenCalled();
    set(0);
    await lock.settingsApplied();
    expect(api.clear).toHaveBeenCalledWith(AUTOLOCK_ALARM);
  });

  it('ignores other alarms', async () => {
    const { lock } = await setup(15);
    expect(await lock.onAlarm('schedule:compliance')).toBe(false);
  });
});
