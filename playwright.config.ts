import { defineConfig } from '@playwright/test';

/**
 * End-to-end and resilience tests load the e2e build (.output/chrome-mv3-e2e, from `npm run build:e2e`) into Debian's
 * Chromium (/usr/bin/chromium, or $CHROMIUM_PATH) and run it against the in-process sandbox.
 */
export default defineConfig({
  // Two suites over the same build: the end-to-end flows, and the resilience suite (tests/resilience:
  // worker death at every phase, faults, hostile input, secrets, isolation, restarts, accessibility).
  projects: [
    { name: 'e2e', testDir: 'tests/e2e' },
    { name: 'resilience', testDir: 'tests/resilience' },
  ],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: { trace: 'retain-on-failure' },
});
