import { browser } from 'wxt/browser';
import { dispatch } from '../messaging/router.ts';
import type { Connection } from '../messaging/protocol.ts';
import { createDb } from '../db/schema.ts';
import { CredentialVault } from '../keys/vault.ts';
import { browserVaultStorage, type BrowserStorageLike } from '../keys/storage.ts';
import { loadSettings, SETTINGS_KEY, type Settings, type SettingsStore } from '../settings/settings.ts';
import { configureRequestBudget, createHttpClient } from '../api/http/index.ts';
import { ComplianceClient } from '../api/compliance/client.ts';
import { describeAnalyticsError } from '../api/analytics/errors.ts';
import { createHandlers } from './handlers.ts';
import { SnapshotRunner } from './snapshot-runner.ts';

const WATCHDOG_ALARM = 'compliance-watchdog';
const SCHEDULE_ALARM = 'compliance-schedule';
const SCHEDULE_MINUTES = { hourly: 60, daily: 24 * 60 } as const;

/**
 * Wires the worker: every listener is registered synchronously here (MV3 wakes the worker for an
 * event only if its listener was added in the first turn), and all work is handed to lib/.
 */
export function startBackground(): void {
  const db = createDb();
  const store: SettingsStore = {
    get: async (key) => (await browser.storage.local.get(key))[key],
    set: async (key, value) => browser.storage.local.set({ [key]: value }),
  };
  const settings = (): Promise<Settings> => loadSettings(store);
  const vault = new CredentialVault(browserVaultStorage(browser.storage as unknown as BrowserStorageLike));

  const http = async (connection: Connection, secret?: string) => {
    const s = await settings();
    const baseUrl = connection === 'compliance' ? s.complianceBaseUrl : connection === 'analytics' ? s.analyticsBaseUrl : s.scimUrl;
    if (!baseUrl) throw new Error('Enter the SCIM URL first (Options → SCIM).');
    return createHttpClient({
      api: connection,
      baseUrl,
      credential: secret !== undefined ? async () => secret : () => vault.requireSecret(connection),
      ...(connection === 'analytics' ? { describeError: describeAnalyticsError } : {}),
    });
  };

  let keepAlive: ReturnType<typeof setInterval> | undefined;
  const runner = new SnapshotRunner({
    db,
    makeSource: async () => {
      await vault.requireSecret('compliance'); // fail fast, with the vault's message, when there is no usable key
      return new ComplianceClient(await http('compliance'));
    },
    options: async () => {
      const s = await settings();
      return {
        deepScan: {
          enabled: s.deepScan.enabled,
          days: s.deepScan.days,
          maxChats: s.deepScan.maxChats,
          minIntervalMs: Math.ceil(60_000 / Math.max(1, s.budgets.compliance * s.deepScan.budgetShare)),
        },
      };
    },
    onActive: (active) => {
      // An extension API call every 20 s keeps the worker from being stopped as idle mid-run; the
      // watchdog alarm restarts a run if the worker dies anyway.
      if (active) {
        keepAlive ??= setInterval(() => void browser.runtime.getPlatformInfo(), 20_000);
        void browser.alarms.create(WATCHDOG_ALARM, { periodInMinutes: 1 });
      } else {
        clearInterval(keepAlive);
        keepAlive = undefined;
        void browser.alarms.clear(WATCHDOG_ALARM);
      }
    },
  });

  const applySettings = async () => {
    const s = await settings();
    configureRequestBudget('compliance', { perMinute: s.budgets.compliance });
    configureRequestBudget('analytics', { perMinute: s.budgets.analytics });
    configureRequestBudget('scim', { perMinute: s.budgets.scim });
    const existing = await browser.alarms.get(SCHEDULE_ALARM);
    if (s.schedule === 'off') {
      if (existing) await browser.alarms.clear(SCHEDULE_ALARM);
    } else if (existing?.periodInMinutes !== SCHEDULE_MINUTES[s.schedule]) {
      await browser.alarms.create(SCHEDULE_ALARM, { periodInMinutes: SCHEDULE_MINUTES[s.schedule], delayInMinutes: SCHEDULE_MINUTES[s.schedule] });
    }
  };

  const handlers = createHandlers({ version: browser.runtime.getManifest().version, startedAt: new Date().toISOString(), db, vault, settings, http, runner });
  const ownOrigin = browser.runtime.getURL('/');

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (sender.id !== browser.runtime.id) return undefined;
    const fromContentScript = !(sender.url ?? '').startsWith(ownOrigin);
    return dispatch(handlers, message, { fromContentScript });
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === WATCHDOG_ALARM) void runner.resumeIfInterrupted();
    if (alarm.name === SCHEDULE_ALARM) {
      void applySettings(); // keeps the periodic alarm armed whatever created this one
      void runner.start().catch(async (err: unknown) => {
        await db.kv.put({ key: 'compliance.scheduleSkipped', value: { at: new Date().toISOString(), reason: err instanceof Error ? err.message : String(err) } });
      });
    }
  });

  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && SETTINGS_KEY in changes) void applySettings();
  });

  void applySettings();
  void runner.resumeIfInterrupted();
}
