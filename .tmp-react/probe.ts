import { rmSync } from 'node:fs';
import { startSandbox } from '../tests/sandbox/server.ts';
import { launchWithExtension } from '../tests/e2e/launch.ts';
import { waitForJob } from '../tests/e2e/idb.ts';
const sandbox = await startSandbox({ size: 'demo', seed: 7, complianceRateLimit: 1_000_000 });
const { context, extensionId, userDataDir } = await launchWithExtension();
const url = (p: string) => `chrome-extension://${extensionId}/${p}`;
try {
  const page = await context.newPage();
  await page.goto(url('options.html'));
  await page.evaluate(async (base) => { await (globalThis as any).chrome.storage.local.set({ settings: { complianceBaseUrl: base, analyticsBaseUrl: base, budgets: { compliance: 600, analytics: 30, scim: 240 } } }); }, sandbox.url);
  const send = (m: object) => page.evaluate((msg) => (globalThis as any).chrome.runtime.sendMessage(msg), m);
  await send({ type: 'credential/set', connection: 'compliance', secret: sandbox.keys.compliance.full.secret, mode: 'session' });
  await page.waitForTimeout(1500);
  await send({ type: 'job/start', source: 'compliance' });
  await page.waitForTimeout(500);
  await waitForJob(page, ['done', 'failed', 'paused'], 120_000);
  for (const target of ['inventory.html', 'popup.html', 'blank.html']) {
    const rows: string[] = [];
    for (let i = 0; i < 8; i++) {
      const p = await context.newPage();
      await p.goto(url(target), { waitUntil: 'commit' });
      await p.waitForSelector(target === 'inventory.html' ? 'tbody tr td' : target === 'popup.html' ? '[data-testid="popup-counts"]' : '#blank-ready');
      const r = await p.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        const lastScript = Math.max(...res.filter((x) => x.name.endsWith('.js')).map((x) => x.responseEnd), 0);
        return { now: performance.now(), respEnd: nav.responseEnd, lastScript, dcl: nav.domContentLoadedEventStart, marks: performance.getEntriesByType('mark').map((m) => `${m.name}@${m.startTime.toFixed(0)}`).join(' ') };
      });
      await p.close();
      if (i > 0) rows.push(`html ${r.respEnd.toFixed(0)} js ${r.lastScript.toFixed(0)} dcl ${r.dcl.toFixed(0)} shown ${r.now.toFixed(0)} ${r.marks}`);
    }
    console.log(target + '\n  ' + rows.join('\n  '));
  }
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
  await sandbox.close();
}
