import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const EXTENSION_PATH = path.resolve('.output/chrome-mv3-e2e');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for Chromium on a machine with no network but loopback (see README, "Tests"). */
export function chromiumArgs(extensionPath = EXTENSION_PATH): string[] {
  return [
    `--disable-extensions-except=${extensionPath}`,
    `--load-extension=${extensionPath}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
}

export async function launchWithExtension(options: { headless?: boolean; userDataDir?: string; extraArgs?: string[] } = {}): Promise<{ context: BrowserContext; extensionId: string; worker: Worker; userDataDir: string }> {
  if (!existsSync(path.join(EXTENSION_PATH, 'manifest.json'))) throw new Error(`No e2e build at ${EXTENSION_PATH}. Run "npm run build:e2e" first.`);
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(tmpdir(), 'admin-companion-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: options.headless ?? true,
    args: [...chromiumArgs(), ...(options.extraArgs ?? [])],
    viewport: { width: 1280, height: 860 },
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 20_000 });
  const extensionId = new URL(worker.url()).host;
  return { context, extensionId, worker, userDataDir };
}

