import type { Handlers } from '../messaging/router.ts';
import type { ConnectionTestResult, SourceDefinition } from '../jobs/source.ts';
import type { JobRunner } from '../jobs/runner.ts';
import { answerContext, tabChecks } from '../context/run.ts';
import { createContextFacts } from '../context/facts.ts';
import { CONTEXT_DISMISSED, SCIM_HANDOFF } from '../context/state.ts';
import { checkBaseUrl } from '../util/base-url.ts';
import { readSettings } from '../settings/store.ts';
import type { Settings } from '../settings/settings.ts';
import type { AppDb } from '../sources/database.ts';
import { SOURCES, sourceFor } from '../sources/index.ts';
import type { Connection } from '../keys/connections.ts';
import type { CredentialVault } from '../keys/vault.ts';
import { classifyCredential, normalizeCredential } from '../keys/classify.ts';
import { ApiError, type HttpClient } from '../api/http/index.ts';
import { checkComplianceKey } from '../sources/compliance/key-check.ts';
import { ComplianceClient } from '../sources/compliance/client.ts';
import { readPluginAccess } from '../sources/compliance/plugin-access.ts';
import { KEY_CHECK, keyCheckSettlesLater, type KeyCheck } from '../sources/compliance/key-status.ts';
import type { AdminWrites } from '../identity/contract.ts';
import { CONNECT_ADMIN_FIRST } from '../identity/messages.ts';
import { createIdentityHandlers } from './identity-handlers.ts';
import type { DirectoryKeeper } from '../identity/directory-keeper.ts';
import { asDirectoryMeta, directoryIsCurrent, DIRECTORY_META_KEY, rebuildDirectory } from '../identity/directory.ts';
import { ADMIN_SCOPE_CHECK, checkAdminScopes, type AdminScopeCheck } from '../sources/admin/scopes.ts';
import type { ChangeTracker } from '../changes/tracker.ts';
import { createChangeHandlers } from './changes-handlers.ts';

/** A pasted key's check is reused when the same key is saved within this time, instead of probing again. */
export const FRESH_KEY_CHECK_MS = 5 * 60_000;
/** How often, one minute apart, a check that waits on the API's indexing is repeated by itself. */
export const KEY_RECHECK_ATTEMPTS = 3;

export interface BackgroundDeps {
  version: string;
  startedAt: string;
  db: AppDb;
  vault: CredentialVault;
  /** An HTTP client for a source, using `secret` when given, else the stored credential. */
  http: (source: SourceDefinition, secret?: string) => Promise<HttpClient>;
  /** The job runner of each source that collects data, by source id. */
  runners: ReadonlyMap<string, JobRunner>;
  /** Asks for the stored Compliance key to be checked again in about a minute (attempt 1, 2, …). */
  scheduleKeyRecheck?: (attempt: number) => void;
  /** Called after a stored credential or the Compliance key check changed (the worker refreshes the popup summary). */
  onStateChange?: () => void;
  /** Changes, alerts and the badge (lib/changes/tracker.ts). */
  changes?: ChangeTracker;
  /** Keeps the published directory current (lib/identity/directory-keeper.ts); without it, rebuilt on request. */
  directory?: DirectoryKeeper;
  now?: () => Date;
  /** The Admin API writes for provisioning; absent until the Admin API is connected. */
  adminWrites?: () => Promise<AdminWrites>;
  /** settings.adminWritesEnabled (off by default). */
  adminWritesEnabled?: () => Promise<boolean>;
  /** Waits (a 429's Retry-After on a create); real time by default. */
  sleep?: (ms: number) => Promise<void>;
  /** Settings as stored (default: lib/settings/store.ts). */
  settings?: () => Promise<Pick<Settings, 'scimUrl'>>;
  /** Opens an extension page in a new tab (a badge's inventory link) and the options page (the SCIM hand-off). */
  openTab?: (path: string) => Promise<void>;
  openOptions?: () => Promise<void>;
  /** The claude.ai URL a tab's content script last reported, when the popup cannot see the tab's URL itself. */
  tabUrl?: (tabId: number) => string | undefined;
}

async function fingerprint(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function source(connection: Connection): SourceDefinition {
  const s = sourceFor(connection);
  if (!s) throw new Error(`No source reads with the ${connection} connection.`);
  return s;
}

export function createHandlers(deps: BackgroundDeps): Handlers {
  const now = deps.now ?? (() => new Date());
  const compliance = source('compliance');

  const facts = createContextFacts({ db: deps.db, vault: deps.vault, settings: deps.settings ?? readSettings, now });
  const dismissed = async () => (await CONTEXT_DISMISSED.read(deps.db)) ?? {};

  // The last check of a pasted key, by the key's SHA-256 (never the key itself), so that saving the key
  // right after pasting it does not repeat the probes.
  let pastedCheck: { fingerprint: string; check: KeyCheck } | null = null;

  const storeKeyCheck = async (check: KeyCheck, attempt: number): Promise<KeyCheck> => {
    await KEY_CHECK.write(deps.db, check);
    deps.onStateChange?.();
    if (keyCheckSettlesLater(check) && attempt < KEY_RECHECK_ATTEMPTS) deps.scheduleKeyRecheck?.(attempt + 1);
    return check;
  };

  const checkStoredComplianceKey = async (attempt = 0): Promise<KeyCheck> => {
    const secret = await deps.vault.requireSecret('compliance');
    const check = await checkComplianceKey(await deps.http(compliance), secret, now());
    return storeKeyCheck(check, attempt);
  };

  /** After saving a key: reuse the check made when it was pasted if it is fresh and conclusive, else check it now. */
  const checkSavedComplianceKey = async (secret: string): Promise<KeyCheck> => {
    const fresh = pastedCheck;
    if (fresh && fresh.fingerprint === (await fingerprint(secret))) {
      const age = now().getTime() - Date.parse(fresh.check.checkedAt);
      if (age >= 0 && age <= FRESH_KEY_CHECK_MS && fresh.check.status !== 'unreachable') return storeKeyCheck(fresh.check, 0);
    }
    return checkStoredComplianceKey();
  };

  /** The stored Admin API key's scope check (read-only probes), stored for the card. */
  const checkAdminKey = async (): Promise<AdminScopeCheck> => {
    await deps.vault.requireSecret('admin');
    const check = await checkAdminScopes(await deps.http(source('admin')), now());
    await ADMIN_SCOPE_CHECK.write(deps.db, check);
    return check;
  };

  const testConnection = async (connection: Connection): Promise<ConnectionTestResult> => {
    const s = source(connection);
    const client = await deps.http(s);
    const checkedAt = now().toISOString();
    try {
      const result = await s.probe(client, now());
      return { connection, checkedAt, ...result };
    } catch (err) {
      if (err instanceof ApiError) return { connection, ok: false, summary: err.message, requestId: err.requestId, checkedAt };
      throw err;
    }
  };

  const runner = (sourceId: string): JobRunner => {
    const r = deps.runners.get(sourceId);
    if (!r) throw new Error(SOURCES.some((s) => s.id === sourceId) ? `The ${sourceId} source has nothing to run.` : `Unknown source "${sourceId.slice(0, 64)}".`);
    return r;
  };

  return {
    ...createChangeHandlers({ db: deps.db, ...(deps.changes ? { tracker: deps.changes } : {}), now }),
    ping: async () => ({ version: deps.version, workerStartedAt: deps.startedAt }),
    'connection/test': (r) => testConnection(r.connection),
    'credential/set': async (r) => {
      const check = classifyCredential(r.connection, r.secret);
      if (!check.usable) throw new Error(check.message);
      const status = await deps.vault.setSecret(r.connection, normalizeCredential(r.secret), r.mode, r.passphrase);
      deps.onStateChange?.();
      if (r.connection === 'compliance') void checkSavedComplianceKey(normalizeCredential(r.secret)).catch(() => undefined);
      return status;
    },
    'credential/status': (r) => deps.vault.status(r.connection),
    'credential/forget': async (r) => {
      if (r.connection === 'compliance') await KEY_CHECK.remove(deps.db);
      if (r.connection === 'admin') await ADMIN_SCOPE_CHECK.remove(deps.db);
      const status = await deps.vault.forget(r.connection);
      deps.onStateChange?.();
      return status;
    },
    'vault/unlock': async (r) => {
      await deps.vault.unlock(r.passphrase);
      deps.onStateChange?.();
      return { unlocked: true };
    },
    'compliance/check-key': async (r) => {
      if (r.secret === undefined) return checkStoredComplianceKey(r.attempt ?? 0);
      const secret = normalizeCredential(r.secret);
      const check = await checkComplianceKey(await deps.http(compliance, secret), secret, now());
      pastedCheck = { fingerprint: await fingerprint(secret), check };
      return check;
    },
    'admin/check-scopes': () => checkAdminKey(),
    'plugins/access': async (r) => readPluginAccess(new ComplianceClient(await deps.http(compliance)), r.pluginId),
    'job/start': async (r) => {
      const run = runner(r.source);
      if (r.fullWalk) await SOURCES.find((s) => s.id === r.source)?.job?.requestFullWalk?.(deps.db);
      return run.start();
    },
    'job/cancel': async (r) => ({ cancelled: runner(r.source).cancel() }),
    ...createIdentityHandlers({
      db: deps.db,
      scim: () => deps.http(source('scim')),
      admin: deps.adminWrites ?? (() => Promise.reject(new Error(CONNECT_ADMIN_FIRST))),
      adminWritesEnabled: deps.adminWritesEnabled ?? (async () => false),
      now,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
    }),
    'identity/directory': async () => {
      if (deps.directory) await deps.directory.ensure();
      else if (!(await directoryIsCurrent(deps.db, now()))) await rebuildDirectory(deps.db, now());
      return { builtAt: asDirectoryMeta((await deps.db.kv.get(DIRECTORY_META_KEY))?.value)?.builtAt ?? null };
    },
    'context/check': async (r) => answerContext(r.url, r.input ?? {}, facts, await dismissed()),
    'context/scim-url': async (r) => {
      // The URL comes from a web page: the one URL validator decides, and it is only kept for the options
      // page, where saving it asks for host access as usual. Nothing is sent anywhere.
      const check = checkBaseUrl(r.url, 'scim');
      if (!check.ok) return { ok: false, message: check.message };
      await SCIM_HANDOFF.write(deps.db, { url: check.url, at: now().toISOString() });
      await deps.openOptions?.();
      return { ok: true, message: 'Opened Options with this SCIM URL filled in. Paste the SCIM token there and click Save.' };
    },
    'context/open': async (r) => {
      if (!deps.openTab) return { opened: false };
      await deps.openTab(`/inventory.html${r.hash}`);
      return { opened: true };
    },
    'context/dismiss': async (r) => {
      const current = await dismissed();
      const next = { ...current };
      if (r.dismissed) next[r.check] = now().toISOString();
      else delete next[r.check];
      await CONTEXT_DISMISSED.write(deps.db, next);
      return { dismissed: Object.keys(next) };
    },
    'context/tab': async (r) => tabChecks(r.url ?? (r.tabId !== undefined ? (deps.tabUrl?.(r.tabId) ?? null) : null), facts, await dismissed()),
    'context/scim-handoff-taken': async () => {
      await SCIM_HANDOFF.remove(deps.db);
      return { cleared: true };
    },
  };
}
