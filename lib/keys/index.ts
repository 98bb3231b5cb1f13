/**
 * Credentials: the vault (where secrets live), pure checks of pasted values, and Compliance scope
 * discovery. Node-safe: nothing here imports `wxt/browser`; the background injects `browser.storage`
 * through {@link browserVaultStorage}.
 */
export * from './classify.ts';
export * from './connections.ts';
export * from './crypto.ts';
export * from './scopes.ts';
export * from './storage.ts';
export * from './vault.ts';
