import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { createHash } from 'node:crypto';
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

/**
 * Launches Chromium with the extension. `userDataDir` reuses a profile (a browser restart on the same
 * profile); `extensionPath` loads another unpacked build. An unpacked extension's id is derived from its
 * directory's absolute path, so the same path keeps the same id (and so the same storage and IndexedDB).
 */
export async function launchWithExtension(options: { headless?: boolean; userDataDir?: string; extraArgs?: string[]; extensionPath?: string } = {}): Promise<{ context: BrowserContext; extensionId: string; worker: Worker; userDataDir: string }> {
  const extensionPath = options.extensionPath ?? EXTENSION_PATH;
  if (!existsSync(path.join(extensionPath, 'manifest.json'))) throw new Error(`No e2e build at ${extensionPath}. Run "npm run build:e2e" first.`);
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(tmpdir(), 'admin-companion-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: options.headless ?? true,
    args: [...chromiumArgs(extensionPath), ...(options.extraArgs ?? [])],
    viewport: { width: 1280, height: 860 },
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 20_000 });
  const extensionId = new URL(worker.url()).host;
  return { context, extensionId, worker, userDataDir };
}


/**
 * The id Chromium gives an unpacked extension without a manifest `key`: the first 128 bits of the SHA-256 of
 * its directory's absolute path, each hex digit written as a letter a–p. The same path keeps the same id.
 */
export function unpackedExtensionId(extensionPath: string): string {
  const hex = createHash('sha256').update(path.resolve(extensionPath)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}
