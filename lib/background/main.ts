import { browser } from 'wxt/browser';
import { dispatch } from '../messaging/router.ts';
import { createDb } from '../sources/database.ts';
import { SOURCES, sourceFor } from '../sources/index.ts';
import type { SourceDefinition } from '../jobs/source.ts';
import { CredentialVault } from '../keys/vault.ts';
import { browserVaultStorage, restrictStorageToTrustedContexts, type BrowserStorageLike } from '../keys/storage.ts';
import { readSettings, watchSettings } from '../settings/store.ts';
import { configureRequestBudget, createHttpClient, hostPermissionCheck, type HttpClient } from '../api/http/index.ts';
import { createHandlers } from './handlers.ts';
import { e2eStepHold } from './step-hold.ts';
import { createAutoLock } from '../keys/autolock.ts';
import { JobRunner } from '../jobs/runner.ts';
import type { RunOutcome } from '../jobs/types.ts';
import { recordScheduleSkipped, clearScheduleSkipped, scheduleAlarmName, WATCHDOG_ALARM } from '../jobs/schedule.ts';
import { popupSummaryWriter } from '../summary/write.ts';
import { CONNECT_ADMIN_FIRST } from '../identity/messages.ts';
import { AdminClient } from '../sources/admin/client.ts';
import { observedAdminWrites } from '../sources/admin/observed-writes.ts';
import { SCIM_HANDOFF_READY } from '../context/state.ts';
import { createChangeTracker } from '../changes/tracker.ts';
import { GROUPED_PREFIX, type Notifier } from '../alerts/evaluate.ts';
import { hrefs } from '../changes/hrefs.ts';
import { createDirectoryKeeper } from '../identity/directory-keeper.ts';

/** Alarm name prefix (followed by the attempt number) of the automatic re-check of the stored Compliance key. */
const KEY_RECHECK_ALARM = 'compliance-key-recheck:';

/**
 * Wires the worker: every listener is registered synchronously here (MV3 wakes the worker for an
 * event only if its listener was added in the first turn), and all work is handed to lib/. Every
 * source (lib/sources) is treated alike: its connection test, its job runner, its schedule alarm.
 */
export function startBackground(): void {
  // First act of every worker start. [unverified] whether Chrome keeps the access level across worker or
  // browser restarts, so the worker also starts with the browser (onStartup below) to close the window
  // in which a content script could write before the worker first runs.
  void restrictStorageToTrustedContexts(browser.storage as unknown as BrowserStorageLike).catch(() => undefined);
  browser.runtime.onStartup.addListener(() => undefined);
  const db = createDb();
  const authorizeOrigin = hostPermissionCheck(browser.permissions);
  const vaultRef: { lock?: () => Promise<void> } = {};
  const autoLock = createAutoLock({
    alarms: browser.alarms,
    minutes: async () => (await readSettings()).autoLockMinutes,
    lock: () => vaultRef.lock?.() ?? Promise.resolve(),
    // Open extension pages re-read the credential status (components/options/credentialEvents.ts).
    onLocked: () => void browser.runtime.sendMessage({ type: 'credentials/changed' }).catch(() => undefined),
  });
  const vault = new CredentialVault(browserVaultStorage(browser.storage as unknown as BrowserStorageLike));
  vaultRef.lock = () => vault.lock();
  /** A stored credential, for one request attempt; every use restarts the idle auto-lock period. */
  const storedSecret = async (connection: SourceDefinition['connection']): Promise<string> => {
    const secret = await vault.requireSecret(connection);
    void autoLock.touch().catch(() => undefined);
    return secret;
  };
  // The popup's first render reads this summary instead of the database (lib/summary).
  const writeSummary = popupSummaryWriter({ db, credential: () => vault.status('compliance'), store: (items) => browser.storage.session.set(items) });
  const refreshSummary = () => void writeSummary().catch(() => undefined);

  // Changes, alerts and the toolbar badge: after every publish (a run that ended 'done'), lib/changes
  // records what changed, the alert rules run, new alerts notify, and the badge shows the unseen count.
  const notifier: Notifier = {
    permitted: () => browser.permissions.contains({ permissions: ['notifications'] }),
    notify: async (id, text) => {
      await browser.notifications.create(id, { type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), title: text.title, message: text.message });
    },
  };
  // The People join, published for pages (lib/identity/directory.ts): rebuilt whenever a table it reads changes.
  const directory = createDirectoryKeeper({ db });
  void directory.ensure().catch(() => undefined);
  const changes = createChangeTracker({
    db,
    notifier,
    alertOptions: async () => (await readSettings()).alerts,
    setBadge: async (text) => {
      await browser.action.setBadgeText({ text });
      if (text) await browser.action.setBadgeBackgroundColor({ color: '#b3261e' });
    },
  });
  /** A click on a notification opens its evidence (a grouped one opens the Changes view) and marks the alert seen. */
  const onNotificationClicked = (id: string) => {
    void (async () => {
      const alert = id.startsWith(GROUPED_PREFIX) ? undefined : await db.alerts.get(id);
      await browser.tabs.create({ url: browser.runtime.getURL(`/${alert?.href ?? hrefs.changes()}` as '/inventory.html') });
      if (alert) await db.alerts.update(id, { seen: 1 });
      await browser.notifications.clear(id);
      await changes.refreshBadge();
    })().catch(() => undefined);
  };
  // `notifications` is an optional permission: its events exist only once it is granted.
  let notificationListener = false;
  const listenToNotifications = () => {
    if (notificationListener || !browser.notifications?.onClicked) return;
    browser.notifications.onClicked.addListener(onNotificationClicked);
    notificationListener = true;
  };
  listenToNotifications();
  browser.permissions.onAdded.addListener(() => listenToNotifications());

  /** An HTTP client for a source, using `secret` when given, else the stored credential (fetched per attempt). */
  const http = async (source: SourceDefinition, secret?: string): Promise<HttpClient> => {
    const baseUrl = source.baseUrl(await readSettings());
    if (!baseUrl) throw new Error(source.missingBaseUrl ?? `Enter the ${source.label} URL first (Options).`);
    return createHttpClient({
      api: source.connection,
      baseUrl,
      credential: secret !== undefined ? async () => secret : () => storedSecret(source.connection),
      authorizeOrigin,
      ...(source.describeError ? { describeError: source.describeError } : {}),
    });
  };

  // While any job runs, an extension API call every 20 s keeps the worker from being stopped as idle;
  // the watchdog alarm restarts a run if the worker dies anyway.
  const active = new Set<string>();
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  const onActive = (id: string, on: boolean) => {
    if (on) active.add(id);
    else active.delete(id);
    if (active.size > 0) {
      keepAlive ??= setInterval(() => void browser.runtime.getPlatformInfo(), 20_000);
      void browser.alarms.create(WATCHDOG_ALARM, { periodInMinutes: 1 });
    } else {
      clearInterval(keepAlive);
      keepAlive = undefined;
      void browser.alarms.clear(WATCHDOG_ALARM);
    }
  };

  const runners = new Map<string, JobRunner>();
  const beforeStep = e2eStepHold();
  for (const source of SOURCES) {
    const job = source.job;
    if (!job) continue;
    runners.set(
      source.id,
      new JobRunner({
        db,
        jobId: job.id,
        makeJob: async () => {
          await vault.requireSecret(source.connection); // fail fast, with the vault's message, when there is no usable key
          return job.create(db, await http(source), await readSettings(), beforeStep ? { beforeStep } : {});
        },
        onActive: (on) => {
          onActive(source.id, on);
          refreshSummary();
        },
        onFinished: (outcome: RunOutcome) => {
          refreshSummary();
          if (job.finished) void job.finished(db, outcome, new Date()).catch(() => undefined);
          if (outcome.status === 'done') void changes.afterPublish(source.id, outcome.runId).catch(() => undefined);
        },
      }),
    );
  }

  const applySettings = async () => {
    const s = await readSettings();
    await autoLock.settingsApplied().catch(() => undefined);
    configureRequestBudget('compliance', { perMinute: s.budgets.compliance });
    configureRequestBudget('analytics', { perMinute: s.budgets.analytics });
    configureRequestBudget('scim', { perMinute: s.budgets.scim });
    configureRequestBudget('admin', { perMinute: s.budgets.admin });
    for (const source of SOURCES) {
      if (!source.job) continue;
      const name = scheduleAlarmName(source.id);
      const minutes = source.job.scheduleMinutes(s);
      const existing = await browser.alarms.get(name);
      if (minutes === null) {
        if (existing) await browser.alarms.clear(name);
      } else if (existing?.periodInMinutes !== minutes) {
        await browser.alarms.create(name, { periodInMinutes: minutes, delayInMinutes: minutes });
      }
    }
  };

  const scheduleKeyRecheck = (attempt: number) => void browser.alarms.create(`${KEY_RECHECK_ALARM}${attempt}`, { delayInMinutes: 1 });
  // The claude.ai URL each tab's content script last checked (memory only): the popup's fallback when it
  // cannot see its tab's URL itself (no activeTab grant, e.g. opened without a toolbar click).
  const contextTabs = new Map<number, string>();
  browser.tabs.onRemoved.addListener((tabId) => void contextTabs.delete(tabId));
  const baseHandlers = createHandlers({
    version: browser.runtime.getManifest().version,
    startedAt: new Date().toISOString(),
    db,
    vault,
    http,
    runners,
    scheduleKeyRecheck,
    onStateChange: refreshSummary,
    openTab: async (path) => void (await browser.tabs.create({ url: browser.runtime.getURL(path as '/inventory.html') })),
    openOptions: async () => {
      await browser.runtime.openOptionsPage();
      // An options page that was already open only comes to the front: tell it to take the hand-off.
      void browser.runtime.sendMessage({ type: SCIM_HANDOFF_READY }).catch(() => undefined);
    },
    tabUrl: (tabId) => contextTabs.get(tabId),
    // The Admin API client (lib/sources/admin) supplies these writes once that source is registered.
    adminWrites: async () => {
      const admin = sourceFor('admin');
      if (!admin || !(await vault.status('admin')).present) throw new Error(CONNECT_ADMIN_FIRST);
      return observedAdminWrites(new AdminClient(await http(admin)), db);
    },
    adminWritesEnabled: async () => (await readSettings()).adminWritesEnabled,
    changes,
    directory,
  });
  const handlers: typeof baseHandlers = {
    ...baseHandlers,
    // An unlock or a new encrypted key starts the idle auto-lock period.
    'vault/unlock': async (r) => {
      const res = await baseHandlers['vault/unlock'](r);
      await autoLock.touch(true).catch(() => undefined);
      return res;
    },
    'credential/set': async (r) => {
      const res = await baseHandlers['credential/set'](r);
      if (r.mode === 'encrypted') await autoLock.touch(true).catch(() => undefined);
      return res;
    },
  };
  const ownOrigin = browser.runtime.getURL('/');

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (sender.id !== browser.runtime.id) return undefined;
    const fromContentScript = !(sender.url ?? '').startsWith(ownOrigin);
    const m = message as { type?: unknown; url?: unknown } | null;
    if (fromContentScript && sender.tab?.id !== undefined && m?.type === 'context/check' && typeof m.url === 'string' && m.url.startsWith('https://claude.ai/')) {
      contextTabs.set(sender.tab.id, m.url);
    }
    return dispatch(handlers, message, { fromContentScript });
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    void autoLock.onAlarm(alarm.name).catch(() => undefined);
    if (alarm.name === WATCHDOG_ALARM) for (const runner of runners.values()) void runner.resumeIfInterrupted();
    if (alarm.name.startsWith(KEY_RECHECK_ALARM)) {
      const attempt = Number(alarm.name.slice(KEY_RECHECK_ALARM.length)) || 1;
      void handlers['compliance/check-key']({ type: 'compliance/check-key', attempt }).catch(() => undefined);
    }
    for (const [id, runner] of runners) {
      if (alarm.name !== scheduleAlarmName(id)) continue;
      void applySettings(); // keeps the periodic alarm armed whatever created this one
      const connection = SOURCES.find((s) => s.id === id)?.connection;
      void (async () => {
        // A source the admin never connected has nothing to collect: its schedule waits quietly.
        if (connection && !(await vault.status(connection)).present) return;
        try {
          await runner.start();
          await clearScheduleSkipped(db, id);
        } catch (err) {
          await recordScheduleSkipped(db, id, err instanceof Error ? err.message : String(err));
        }
      })();
    }
  });

  let alertSettings = '';
  void readSettings().then((s) => (alertSettings = JSON.stringify(s.alerts)));
  watchSettings(() => {
    void applySettings();
    void readSettings().then((s) => {
      // A rule switched back on may have something to say.
      if (JSON.stringify(s.alerts) === alertSettings) return;
      alertSettings = JSON.stringify(s.alerts);
      return changes.reevaluate();
    }).catch(() => undefined);
  });

  void applySettings();
  refreshSummary();
  void changes.refreshBadge().catch(() => undefined);
  for (const runner of runners.values()) void runner.resumeIfInterrupted().then((changed) => changed || refreshSummary());
}
