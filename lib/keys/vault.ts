import { z } from 'zod';
import {
  ConnectionSchema,
  RetentionModeSchema,
  type Connection,
  type CredentialStatus,
  type RetentionMode,
} from './connections.ts';
import { MAX_CREDENTIAL_LENGTH, normalizeCredential } from './classify.ts';
import {
  deriveKey,
  newKdfParams,
  decryptText,
  PBKDF2_ITERATIONS,
  PBKDF2_MAX_ITERATIONS,
  PBKDF2_MIN_ITERATIONS,
  encryptText,
  type Sealed,
} from './crypto.ts';
import { redactSecrets } from '../util/redact.ts';
import { passphraseStrength } from '../util/passphrase-strength.ts';
import type { VaultStorage } from './storage.ts';

/**
 * The credential vault: one secret per connection (Compliance key, Analytics API key, SCIM token),
 * kept where the admin chose.
 *
 * - `dont-remember`: only in this object's memory. Gone when the service worker stops.
 * - `session` (default): `storage.session` (memory only, closed to content scripts). Gone when the
 *   browser closes.
 * - `encrypted`: AES-GCM-256 ciphertext in `storage.local`, under a key derived from the admin's
 *   passphrase with PBKDF2-SHA-256 (600,000 iterations, 16-byte random salt, both stored). One
 *   passphrase covers every encrypted connection. After `unlock` (or a write with the passphrase) the
 *   decrypted secrets live in `storage.session` until the browser closes or `lock()` runs, so a
 *   restarted worker does not ask again. The derived key itself is never stored anywhere.
 *
 * `storage.local` only ever holds modes, KDF parameters and ciphertext. No method logs, and no error
 * message contains a secret or a passphrase.
 *
 * One instance per service worker (the background owns it; pages and content scripts never do).
 * Calls are serialised, so concurrent messages cannot interleave a read-modify-write.
 */

export const VAULT_LOCAL_KEY = 'keys.vault.v1';
export const VAULT_SESSION_KEY = 'keys.session.v1';
export const MIN_PASSPHRASE_LENGTH = 8;
export const MAX_PASSPHRASE_LENGTH = 1024;
export const DEFAULT_RETENTION_MODE: RetentionMode = 'session';
export const CONNECTIONS: readonly Connection[] = ConnectionSchema.options;

const CHECK_PLAINTEXT = 'claude-admin-companion vault check v1';
const CHECK_CONTEXT = 'keys.vault.v1/check';
const secretContext = (connection: Connection) => `keys.vault.v1/secret/${connection}`;

const SealedSchema = z.object({ iv: z.string().min(1), ct: z.string().min(1) });
const EncryptedSchema = z.object({
  kdf: z.object({
    name: z.literal('PBKDF2'),
    hash: z.literal('SHA-256'),
    iterations: z.number().int().min(PBKDF2_MIN_ITERATIONS).max(PBKDF2_MAX_ITERATIONS),
    salt: z.string().min(1),
  }),
  /** A known text sealed with the derived key: tells a wrong passphrase apart from damaged data. */
  check: SealedSchema,
  entries: z.partialRecord(ConnectionSchema, SealedSchema),
});
type EncryptedRecord = z.infer<typeof EncryptedSchema>;

const LocalSchema = z.object({
  v: z.literal(1),
  modes: z.partialRecord(ConnectionSchema, RetentionModeSchema).catch({}),
  /** An unreadable block is treated as absent (nothing in it could be decrypted anyway). */
  encrypted: EncryptedSchema.nullable().catch(null),
});
type LocalRecord = z.infer<typeof LocalSchema>;

const SessionSchema = z.object({ v: z.literal(1), secrets: z.partialRecord(ConnectionSchema, z.string()).catch({}) });
type SessionRecord = z.infer<typeof SessionSchema>;
type Secrets = Partial<Record<Connection, string>>;

export type VaultErrorCode =
  | 'invalid_request'
  | 'empty_secret'
  | 'secret_too_long'
  | 'passphrase_required'
  | 'weak_passphrase'
  | 'wrong_passphrase'
  | 'no_passphrase_set'
  | 'locked'
  | 'missing'
  | 'corrupt'
  | 'storage_failed';

/** Every vault failure. `message` is admin-facing and never contains a secret or a passphrase. */
export class VaultError extends Error {
  readonly code: VaultErrorCode;
  constructor(code: VaultErrorCode, message: string) {
    super(message);
    this.name = 'VaultError';
    this.code = code;
  }
}

const LABEL: Record<Connection, string> = { compliance: 'Compliance key', analytics: 'Analytics API key', scim: 'SCIM token', admin: 'Admin API key' };

const wrongPassphrase = () =>
  new VaultError(
    'wrong_passphrase',
    'That passphrase does not unlock the keys saved on this device. Nothing was changed: try again. If the passphrase is lost, forget the saved keys and paste them again.',
  );

export interface UnlockResult {
  unlocked: true;
  /** Connections whose secrets are now available. */
  connections: Connection[];
}

export interface VaultOptions {
  /** Mode reported for a connection the admin never configured. */
  defaultMode?: RetentionMode;
  /** PBKDF2 iterations for new encryptions; stored per vault. Default and recommended: 600,000. */
  kdfIterations?: number;
}

export class CredentialVault {
  private readonly storage: VaultStorage;
  private readonly defaultMode: RetentionMode;
  private readonly iterations: number;
  /** `dont-remember` secrets: this worker run only. */
  private readonly memory = new Map<Connection, string>();
  private queue: Promise<unknown> = Promise.resolve();
  private sessionRestricted = false;

  constructor(storage: VaultStorage, options: VaultOptions = {}) {
    this.storage = storage;
    this.defaultMode = options.defaultMode ?? DEFAULT_RETENTION_MODE;
    const iterations = options.kdfIterations ?? PBKDF2_ITERATIONS;
    if (!Number.isInteger(iterations) || iterations < PBKDF2_MIN_ITERATIONS || iterations > PBKDF2_MAX_ITERATIONS) {
      throw new RangeError(`kdfIterations must be an integer from ${PBKDF2_MIN_ITERATIONS} to ${PBKDF2_MAX_ITERATIONS}.`);
    }
    this.iterations = iterations;
  }

  // -------------------------------------------------------------------------------------------
  // Public API (each call runs alone)

  status(connection: Connection): Promise<CredentialStatus> {
    return this.exclusive(async () => {
      const conn = checkConnection(connection);
      return this.statusOf(conn, await this.readLocal(), await this.readSession());
    });
  }

  statusAll(): Promise<Record<Connection, CredentialStatus>> {
    return this.exclusive(async () => {
      const local = await this.readLocal();
      const session = await this.readSession();
      return {
        compliance: this.statusOf('compliance', local, session),
        analytics: this.statusOf('analytics', local, session),
        admin: this.statusOf('admin', local, session),
        scim: this.statusOf('scim', local, session),
      };
    });
  }

  /** Whether a vault passphrase exists (some connection is saved encrypted on this device). */
  hasPassphrase(): Promise<boolean> {
    return this.exclusive(async () => (await this.readLocal()).encrypted !== null);
  }

  /** The secret, or null when absent or locked (see `status` for which). */
  getSecret(connection: Connection): Promise<string | null> {
    return this.exclusive(async () => {
      const conn = checkConnection(connection);
      return this.readable(conn, await this.readLocal(), await this.readSession());
    });
  }

  /** The secret, or a VaultError `missing` / `locked` whose message tells the admin what to do. */
  requireSecret(connection: Connection): Promise<string> {
    return this.exclusive(async () => {
      const conn = checkConnection(connection);
      const local = await this.readLocal();
      const session = await this.readSession();
      const secret = this.readable(conn, local, session);
      if (secret !== null) return secret;
      const st = this.statusOf(conn, local, session);
      if (st.locked) throw new VaultError('locked', `The ${LABEL[conn]} is saved encrypted on this device. Enter your passphrase to unlock it.`);
      throw new VaultError(
        'missing',
        st.mode === 'dont-remember'
          ? `Paste the ${LABEL[conn]} for this run (you chose not to keep it).`
          : local.modes[conn] === 'session'
            ? // A key was kept for the browser session: after a browser restart it is gone by design.
              `The ${LABEL[conn]} was kept for this browser session only, and is gone after a browser restart. Paste it again in the options page; the data already collected is kept.`
            : `No ${LABEL[conn]} is set. Paste it in the options page.`,
      );
    });
  }

  /**
   * Stores a secret in the given mode and removes any copy kept in another mode. `encrypted` needs
   * the passphrase: the existing one when a vault exists (checked; a wrong one changes nothing), or a
   * new one of at least {@link MIN_PASSPHRASE_LENGTH} characters. The secret is trimmed first.
   */
  setSecret(connection: Connection, secret: string, mode: RetentionMode, passphrase?: string): Promise<CredentialStatus> {
    return this.exclusive(async () => {
      const conn = checkConnection(connection);
      const m = checkMode(mode);
      if (typeof secret !== 'string') throw new VaultError('invalid_request', 'The secret must be text.');
      const clean = normalizeCredential(secret);
      if (clean === '') throw new VaultError('empty_secret', `The ${LABEL[conn]} is empty. Paste the secret.`);
      if (clean.length > MAX_CREDENTIAL_LENGTH) throw new VaultError('secret_too_long', `The ${LABEL[conn]} is longer than ${MAX_CREDENTIAL_LENGTH} characters; paste only the secret.`);
      await this.store(conn, clean, m, passphrase);
      return this.statusOf(conn, await this.readLocal(), await this.readSession());
    });
  }

  /**
   * Changes where a connection's secret is kept, moving the current secret if there is one. Leaving
   * `encrypted` while locked, or entering it with a secret present, needs the passphrase.
   */
  setMode(connection: Connection, mode: RetentionMode, passphrase?: string): Promise<CredentialStatus> {
    return this.exclusive(async () => {
      const conn = checkConnection(connection);
      const m = checkMode(mode);
      const local = await this.readLocal();
      const session = await this.readSession();
      const current = this.statusOf(conn, local, session);
      if (current.mode === m) return current;
      let secret = this.readable(conn, local, session);
      if (secret === null && current.locked) {
        if (passphrase === undefined) throw new VaultError('locked', `Enter your passphrase to move the ${LABEL[conn]} out of encrypted storage.`);
        const enc = local.encrypted;
        const sealed = enc?.entries[conn];
        if (!enc || !sealed) throw new VaultError('corrupt', `The saved ${LABEL[conn]} cannot be read. Forget it and paste it again.`);
        const key = await this.openVault(enc, passphrase);
        secret = await decryptText(key, sealed, secretContext(conn));
        if (secret === null) throw new VaultError('corrupt', `The saved ${LABEL[conn]} cannot be decrypted. Forget it and paste it again.`);
      }
      if (secret !== null) {
        await this.store(conn, secret, m, passphrase);
      } else {
        // Nothing to move: record the choice, and make sure no stale copy stays behind.
        this.memory.delete(conn);
        await this.writeSession({ ...session, secrets: omit(session.secrets, conn) });
        await this.writeLocal(withoutEntry({ ...local, modes: { ...local.modes, [conn]: m } }, conn));
      }
      return this.statusOf(conn, await this.readLocal(), await this.readSession());
    });
  }

  /** Decrypts every encrypted secret into `storage.session` for the rest of the browser session. */
  unlock(passphrase: string): Promise<UnlockResult> {
    return this.exclusive(async () => {
      const local = await this.readLocal();
      const enc = local.encrypted;
      if (!enc) throw new VaultError('no_passphrase_set', 'No keys are saved with a passphrase on this device, so there is nothing to unlock.');
      const key = await this.openVault(enc, passphrase);
      const secrets = await decryptAll(key, enc);
      if (enc.kdf.iterations < this.iterations) {
        // Saved with weaker parameters: re-encrypt with today's while we hold the passphrase.
        await this.writeLocal({ ...local, encrypted: await this.createEncrypted(passphrase, secrets) }, Object.values(secrets));
      }
      const session = await this.readSession();
      await this.writeSession({ ...session, secrets: { ...session.secrets, ...secrets } }, Object.values(secrets));
      return { unlocked: true, connections: CONNECTIONS.filter((c) => secrets[c] !== undefined) };
    });
  }

  /** Removes the decrypted copies of encrypted secrets; the ciphertext stays. */
  lock(): Promise<void> {
    return this.exclusive(async () => {
      const local = await this.readLocal();
      const session = await this.readSession();
      let secrets = session.secrets;
      for (const conn of CONNECTIONS) if (local.encrypted?.entries[conn] || local.modes[conn] === 'encrypted') secrets = omit(secrets, conn);
      await this.writeSession({ ...session, secrets });
    });
  }

  /**
   * Re-encrypts every saved secret under a new passphrase (new salt, fresh IVs). A wrong current
   * passphrase changes nothing.
   */
  changePassphrase(current: string, next: string): Promise<void> {
    return this.exclusive(async () => {
      const local = await this.readLocal();
      const enc = local.encrypted;
      if (!enc) throw new VaultError('no_passphrase_set', 'No keys are saved with a passphrase on this device.');
      checkNewPassphrase(next);
      const key = await this.openVault(enc, current);
      const secrets = await decryptAll(key, enc);
      await this.writeLocal({ ...local, encrypted: await this.createEncrypted(next, secrets) }, Object.values(secrets));
      const session = await this.readSession();
      await this.writeSession({ ...session, secrets: { ...session.secrets, ...secrets } }, Object.values(secrets));
    });
  }

  /**
   * Removes a connection's secret from every place (memory, session, encrypted). The mode choice
   * stays. When no encrypted secret remains, the passphrase parameters go too.
   */
  forget(connection: Connection): Promise<CredentialStatus> {
    return this.exclusive(async () => {
      const conn = checkConnection(connection);
      this.memory.delete(conn);
      const session = await this.readSession();
      await this.writeSession({ ...session, secrets: omit(session.secrets, conn) });
      await this.writeLocal(withoutEntry(await this.readLocal(), conn));
      return this.statusOf(conn, await this.readLocal(), await this.readSession());
    });
  }

  /** Removes every secret and the passphrase parameters (e.g. a forgotten passphrase). Modes stay. */
  forgetAll(): Promise<void> {
    return this.exclusive(async () => {
      this.memory.clear();
      await this.writeSession({ v: 1, secrets: {} });
      const local = await this.readLocal();
      await this.writeLocal({ ...local, encrypted: null });
    });
  }

  // -------------------------------------------------------------------------------------------
  // Internals (callers hold the queue)

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private statusOf(conn: Connection, local: LocalRecord, session: SessionRecord): CredentialStatus {
    const mode = local.modes[conn] ?? this.defaultMode;
    switch (mode) {
      case 'dont-remember':
        return { connection: conn, mode, present: this.memory.has(conn), locked: false };
      case 'session':
        return { connection: conn, mode, present: session.secrets[conn] !== undefined, locked: false };
      case 'encrypted': {
        const present = local.encrypted?.entries[conn] !== undefined;
        return { connection: conn, mode, present, locked: present && session.secrets[conn] === undefined };
      }
    }
  }

  private readable(conn: Connection, local: LocalRecord, session: SessionRecord): string | null {
    const mode = local.modes[conn] ?? this.defaultMode;
    switch (mode) {
      case 'dont-remember':
        return this.memory.get(conn) ?? null;
      case 'session':
        return session.secrets[conn] ?? null;
      case 'encrypted':
        return local.encrypted?.entries[conn] !== undefined ? (session.secrets[conn] ?? null) : null;
    }
  }

  /** Puts `secret` in `mode` and removes it from every other place. Writes the new copy first. */
  private async store(conn: Connection, secret: string, mode: RetentionMode, passphrase: string | undefined): Promise<void> {
    const local = await this.readLocal();
    const session = await this.readSession();
    const modes = { ...local.modes, [conn]: mode };
    switch (mode) {
      case 'dont-remember':
        this.memory.set(conn, secret);
        await this.writeSession({ ...session, secrets: omit(session.secrets, conn) });
        await this.writeLocal(withoutEntry({ ...local, modes }, conn));
        return;
      case 'session':
        await this.writeSession({ ...session, secrets: { ...session.secrets, [conn]: secret } }, [secret]);
        this.memory.delete(conn);
        await this.writeLocal(withoutEntry({ ...local, modes }, conn));
        return;
      case 'encrypted': {
        if (passphrase === undefined || passphrase === '') {
          throw new VaultError(
            'passphrase_required',
            local.encrypted
              ? `Enter your passphrase to save the ${LABEL[conn]} on this device.`
              : `Choose a passphrase (at least ${MIN_PASSPHRASE_LENGTH} characters) to save the ${LABEL[conn]} encrypted on this device.`,
          );
        }
        let encrypted: EncryptedRecord;
        let unlocked: Secrets = {};
        if (local.encrypted) {
          const key = await this.openVault(local.encrypted, passphrase);
          unlocked = await decryptAll(key, local.encrypted);
          if (local.encrypted.kdf.iterations < this.iterations) {
            encrypted = await this.createEncrypted(passphrase, { ...unlocked, [conn]: secret });
          } else {
            encrypted = { ...local.encrypted, entries: { ...local.encrypted.entries, [conn]: await encryptText(key, secret, secretContext(conn)) } };
          }
        } else {
          checkNewPassphrase(passphrase);
          encrypted = await this.createEncrypted(passphrase, { [conn]: secret });
        }
        await this.writeLocal({ ...local, modes, encrypted }, [secret]);
        this.memory.delete(conn);
        const secrets = { ...session.secrets, ...unlocked, [conn]: secret };
        await this.writeSession({ ...session, secrets }, Object.values(secrets));
        return;
      }
    }
  }

  /** Derives the key and proves it with the check record; a wrong passphrase throws. */
  private async openVault(enc: EncryptedRecord, passphrase: string): Promise<CryptoKey> {
    if (typeof passphrase !== 'string' || passphrase === '') throw new VaultError('passphrase_required', 'Enter your passphrase.');
    if (passphrase.length > MAX_PASSPHRASE_LENGTH) throw wrongPassphrase();
    const key = await deriveKey(passphrase, enc.kdf);
    if ((await decryptText(key, enc.check, CHECK_CONTEXT)) !== CHECK_PLAINTEXT) throw wrongPassphrase();
    return key;
  }

  private async createEncrypted(passphrase: string, secrets: Secrets): Promise<EncryptedRecord> {
    const kdf = newKdfParams(this.iterations);
    const key = await deriveKey(passphrase, kdf);
    const entries: Partial<Record<Connection, Sealed>> = {};
    for (const conn of CONNECTIONS) {
      const secret = secrets[conn];
      if (secret !== undefined) entries[conn] = await encryptText(key, secret, secretContext(conn));
    }
    return { kdf, check: await encryptText(key, CHECK_PLAINTEXT, CHECK_CONTEXT), entries };
  }

  private async readLocal(): Promise<LocalRecord> {
    const raw = await this.guard('read', () => this.storage.local.get(VAULT_LOCAL_KEY), []);
    const parsed = LocalSchema.safeParse(raw);
    return parsed.success ? parsed.data : { v: 1, modes: {}, encrypted: null };
  }

  private async writeLocal(record: LocalRecord, known: readonly string[] = []): Promise<void> {
    const encrypted = record.encrypted && Object.keys(record.encrypted.entries).length > 0 ? record.encrypted : null;
    const value: LocalRecord = { v: 1, modes: record.modes, encrypted };
    await this.guard('save', () => this.storage.local.set({ [VAULT_LOCAL_KEY]: value }), known);
  }

  private async readSession(): Promise<SessionRecord> {
    const raw = await this.guard('read', () => this.storage.session.get(VAULT_SESSION_KEY), []);
    const parsed = SessionSchema.safeParse(raw);
    return parsed.success ? parsed.data : { v: 1, secrets: {} };
  }

  private async writeSession(record: SessionRecord, known: readonly string[] = []): Promise<void> {
    if (!this.sessionRestricted && this.storage.restrictSession) {
      try {
        await this.storage.restrictSession();
        this.sessionRestricted = true;
      } catch {
        // Defensive only: the default access level already excludes content scripts.
      }
    }
    await this.guard('save', () => this.storage.session.set({ [VAULT_SESSION_KEY]: { v: 1, secrets: record.secrets } }), known);
  }

  /** Runs a storage call; a failure becomes a VaultError whose text has every secret removed. */
  private async guard<T>(verb: 'read' | 'save', call: () => Promise<T>, known: readonly string[]): Promise<T> {
    try {
      return await call();
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      const all = [...known, ...this.memory.values()];
      throw new VaultError('storage_failed', `Could not ${verb} the extension's storage: ${redactSecrets(detail, all)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------

function checkConnection(connection: unknown): Connection {
  const parsed = ConnectionSchema.safeParse(connection);
  if (!parsed.success) throw new VaultError('invalid_request', 'Unknown connection.');
  return parsed.data;
}

function checkMode(mode: unknown): RetentionMode {
  const parsed = RetentionModeSchema.safeParse(mode);
  if (!parsed.success) throw new VaultError('invalid_request', 'Unknown retention mode.');
  return parsed.data;
}

function checkNewPassphrase(passphrase: unknown): asserts passphrase is string {
  if (typeof passphrase !== 'string' || passphrase.normalize('NFC').length < MIN_PASSPHRASE_LENGTH || passphrase.trim() === '') {
    throw new VaultError('weak_passphrase', `Choose a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  }
  if (passphrase.length > MAX_PASSPHRASE_LENGTH) {
    throw new VaultError('weak_passphrase', `Choose a passphrase of at most ${MAX_PASSPHRASE_LENGTH} characters.`);
  }
  const strength = passphraseStrength(passphrase);
  if (!strength.acceptable) {
    // The ciphertext sits in storage.local: a copy of it can be guessed offline, so the passphrase must resist that.
    throw new VaultError('weak_passphrase', `This passphrase is too easy to guess. ${strength.advice}`);
  }
}

async function decryptAll(key: CryptoKey, enc: EncryptedRecord): Promise<Secrets> {
  const out: Secrets = {};
  for (const conn of CONNECTIONS) {
    const sealed = enc.entries[conn];
    if (!sealed) continue;
    const plain = await decryptText(key, sealed, secretContext(conn));
    if (plain === null) throw new VaultError('corrupt', `The saved ${LABEL[conn]} cannot be decrypted although the passphrase is right. Forget it and paste it again.`);
    out[conn] = plain;
  }
  return out;
}

function omit(secrets: Secrets, conn: Connection): Secrets {
  const { [conn]: _removed, ...rest } = secrets;
  return rest;
}

function withoutEntry(local: LocalRecord, conn: Connection): LocalRecord {
  if (!local.encrypted) return local;
  const { [conn]: _removed, ...entries } = local.encrypted.entries;
  return { ...local, encrypted: { ...local.encrypted, entries } };
}
