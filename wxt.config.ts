import { defineConfig } from 'wxt';

/**
 * Build modes:
 * - production (`npm run build`, `npm run build:firefox`): the extension may only talk to https:// hosts.
 * - e2e (`npm run build:e2e`): identical code except the resilience suite's step hold
 *   (lib/background/step-hold.ts); the manifest additionally allows loopback hosts so the extension can
 *   reach the local sandbox (tests/sandbox), grants `notifications` at install (optional in production),
 *   and a blank page (blank.html) is added as the baseline for page timings. Output: .output/chrome-mv3-e2e/
 */
const E2E_ONLY_ENTRYPOINTS = new Set(['blank']);

export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  outDirTemplate: '{{browser}}-mv{{manifestVersion}}{{modeSuffix}}',
  hooks: {
    'entrypoints:resolved': (wxt, entrypoints) => {
      if (wxt.config.mode === 'e2e') return;
      for (let i = entrypoints.length - 1; i >= 0; i--) if (E2E_ONLY_ENTRYPOINTS.has(entrypoints[i]!.name)) entrypoints.splice(i, 1);
    },
  },
  manifest: ({ mode, browser }) => {
    const loopback = mode === 'e2e' ? ['http://127.0.0.1/*', 'http://localhost/*'] : [];
    return {
      name: '__MSG_extName__',
      short_name: '__MSG_extShortName__',
      description: '__MSG_extDescription__',
      default_locale: 'en',
      // activeTab: the popup reads the URL of the tab it was opened on (to show that page's checks), nothing more.
      // e2e: `notifications` is granted at install, because the browser's permission prompt cannot be
      // answered from a test; production asks for it from Options → Alerts (optional_permissions below).
      permissions: ['storage', 'alarms', 'unlimitedStorage', 'activeTab', ...(mode === 'e2e' ? ['notifications'] : [])],
      // api.anthropic.com serves the Compliance and Analytics APIs. Other hosts (a SCIM endpoint, a custom
      // API base URL) are optional and requested from the options page when the admin saves them.
      host_permissions: ['https://api.anthropic.com/*', ...loopback],
      optional_host_permissions: ['https://*/*'],
      // Browser notifications for alert rules, asked for from Options when the admin turns them on.
      optional_permissions: mode === 'e2e' ? [] : ['notifications'],
      action: { default_title: '__MSG_actionTitle__' },
      ...(browser === 'firefox'
        ? {
            browser_specific_settings: {
              gecko: {
                id: 'admin-companion@claude-enterprise.local',
                strict_min_version: '142.0',
                data_collection_permissions: { required: ['none'] },
              },
            },
          }
        : {}),
    };
  },
});
