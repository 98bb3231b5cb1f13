import { test as base, type BrowserContext, type Worker } from '@playwright/test';
import { rmSync } from 'node:fs';
import { launchWithExtension } from './launch.ts';
import type { Sandbox, SandboxOptions } from '../sandbox/server.ts';

interface Fixtures {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  extensionUrl: (page: string) => string;
}

export const test = base.extend<Fixtures, { sandbox: Sandbox; sandboxOptions: SandboxOptions }>({
  sandboxOptions: [{ size: 'tiny', seed: 7 }, { scope: 'worker', option: true }],
  sandbox: [
    async ({ sandboxOptions }, use) => {
      // Imported lazily so tests that need no sandbox do not load it.
      const { startSandbox } = await import('../sandbox/server.ts');
      const sandbox = await startSandbox(sandboxOptions);
      await use(sandbox);
      await sandbox.close();
    },
    { scope: 'worker' },
  ],
  // eslint-disable-next-line no-empty-pattern
  context: async ({}, use) => {
    const launched = await launchWithExtension();
    await use(launched.context);
    await launched.context.close();
    rmSync(launched.userDataDir, { recursive: true, force: true });
  },
  worker: async ({ context }, use) => {
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent('serviceworker');
    await use(worker);
  },
  extensionId: async ({ worker }, use) => {
    await use(new URL(worker.url()).host);
  },
  extensionUrl: async ({ extensionId }, use) => {
    await use((page) => `chrome-extension://${extensionId}/${page}`);
  },
});

export const expect = test.expect;
