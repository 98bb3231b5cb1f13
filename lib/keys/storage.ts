/**
 * The two storage areas the credential vault uses, behind a small interface so the vault runs in
 * Node tests (in-memory areas) and in the extension (`browser.storage`, injected by the caller).
 *
 * This file never imports `wxt/browser`: the background passes `browser.storage` to
 * {@link browserVaultStorage}.
 */

export interface StorageArea {
  /** The stored value, or `undefined` when the key is absent. */
  get(key: string): Promise<unknown>;
  /** Writes every item in one call (one `storage.*.set`, which the browser applies together). */
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

export interface VaultStorage {
  /** Persistent, on disk (`storage.local`). Never receives a secret in plaintext. */
  local: StorageArea;
  /** Memory only, cleared when the browser closes (`storage.session`). */
  session: StorageArea;
  /**
   * Restricts the session area to trusted extension contexts (no content scripts). Optional: absent
   * where the browser has no such call. The vault calls it before its first session write.
   */
  restrictSession?: () => Promise<void>;
}

/** The part of a `browser.storage.*` area the adapter needs (structural, so no browser import). */
export interface BrowserStorageAreaLike {
  get(keys: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

export interface BrowserSessionAreaLike extends BrowserStorageAreaLike {
  setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void>;
}

export interface BrowserStorageLike {
  local: BrowserSessionAreaLike;
  session?: BrowserSessionAreaLike;
  /** Holds nothing of the product; closed anyway so a content script cannot plant data there either. */
  sync?: BrowserSessionAreaLike;
}

/**
 * Closes `storage.local`, `storage.session` and `storage.sync` to content scripts (Chrome: `setAccessLevel`
 * TRUSTED_CONTEXTS). Run first thing at worker start: otherwise code in a claude.ai content-script
 * world could read the encrypted vault or point a base URL at its own host. Browsers without the call
 * (Firefox) are left as they are; the worker's host-permission check still guards where keys go.
 * Returns the areas that were restricted.
 */
export async function restrictStorageToTrustedContexts(storage: BrowserStorageLike): Promise<Array<'local' | 'session' | 'sync'>> {
  const done: Array<'local' | 'session' | 'sync'> = [];
  for (const name of ['local', 'session', 'sync'] as const) {
    const area = storage[name];
    if (typeof area?.setAccessLevel !== 'function') continue;
    try {
      await area.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
    } catch (err) {
      // local and session hold the product's data: a failure there is the caller's to see. sync holds nothing.
      if (name === 'sync') continue;
      throw err;
    }
    done.push(name);
  }
  return done;
}

function adaptArea(area: BrowserStorageAreaLike): StorageArea {
  return {
    async get(key) {
      const items = await area.get(key);
      return items[key];
    },
    set: (items) => area.set(items),
    remove: (keys) => area.remove(keys),
  };
}

/**
 * Adapts `browser.storage` for the vault. Call in the background worker:
 * `new CredentialVault(browserVaultStorage(browser.storage))`.
 *
 * Throws when `storage.session` is missing (Chrome < 102, Firefox < 115): the vault refuses to fall
 * back to `storage.local` for what must stay in memory.
 */
export function browserVaultStorage(storage: BrowserStorageLike): VaultStorage {
  const session = storage.session;
  if (!session) {
    throw new Error('This browser has no storage.session area; the credential vault cannot keep keys in memory only.');
  }
  return {
    local: adaptArea(storage.local),
    session: adaptArea(session),
    restrictSession: async () => {
      // Chrome's default is already TRUSTED_CONTEXTS; set it anyway in case something widened it.
      // Browsers without the call keep their default, which does not include content scripts.
      if (typeof session.setAccessLevel === 'function') {
        await session.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
      }
    },
  };
}

/** An in-memory storage area with the same copy semantics as `browser.storage` (values are cloned). */
export class MemoryStorageArea implements StorageArea {
  private readonly data = new Map<string, unknown>();

  async get(key: string): Promise<unknown> {
    const value = this.data.get(key);
    return value === undefined ? undefined : structuredClone(value);
  }

  async set(items: Record<string, unknown>): Promise<void> {
    for (const [key, value] of Object.entries(items)) this.data.set(key, structuredClone(value));
  }

  async remove(keys: string[]): Promise<void> {
    for (const key of keys) this.data.delete(key);
  }

  /** Everything stored, for tests that inspect the area. */
  entries(): Array<[string, unknown]> {
    return [...this.data.entries()].map(([k, v]) => [k, structuredClone(v)]);
  }

  /** Empties the area (a browser restart for `storage.session`). */
  clear(): void {
    this.data.clear();
  }
}

/** A fresh pair of in-memory areas, e.g. for tests or a dry run. */
export function memoryVaultStorage(): VaultStorage & { local: MemoryStorageArea; session: MemoryStorageArea } {
  return { local: new MemoryStorageArea(), session: new MemoryStorageArea() };
}
