import { useEffect, useId, useState } from 'react';
import { browser } from 'wxt/browser';
import { RULE_TITLES } from '../../lib/changes/labels.ts';
import type { Settings } from '../../lib/settings/settings.ts';
import { writeSettings } from '../../lib/settings/store.ts';
import { Status } from '../Status.tsx';

const notifications = () => ({ permissions: ['notifications' as const] });

/**
 * Options → Alerts: each alert rule on or off (all on by default), and browser notifications, which ask
 * for the optional `notifications` permission when turned on. Without it alerts are still listed in the
 * inventory's Changes view.
 */
export function AlertsCard({ settings, onSettings }: { settings: Settings; onSettings: (s: Settings) => void }) {
  const [granted, setGranted] = useState<boolean | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error' | 'warning'; text: string } | null>(null);
  const notifyId = useId();
  useEffect(() => {
    void browser.permissions.contains(notifications()).then(setGranted, () => setGranted(false));
  }, []);

  const save = async (patch: Partial<Settings['alerts']>) => {
    try {
      onSettings(await writeSettings({ alerts: { ...settings.alerts, ...patch } }));
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    }
  };

  const toggleNotifications = async (on: boolean) => {
    setMessage(null);
    if (!on) {
      await save({ notify: false });
      setMessage({ kind: 'ok', text: 'Browser notifications are off. Alerts are still listed under Inventory → Changes.' });
      return;
    }
    let ok = false;
    try {
      // Must run in the click's turn: the browser only asks from a user gesture.
      ok = await browser.permissions.request(notifications());
    } catch {
      ok = false;
    }
    setGranted(ok);
    await save({ notify: true });
    setMessage(
      ok
        ? { kind: 'ok', text: 'Browser notifications are on. Clicking one opens its evidence.' }
        : { kind: 'warning', text: 'The browser did not allow notifications. Alerts are still listed under Inventory → Changes; click again to allow them.' },
    );
  };

  const notifying = settings.alerts.notify && granted === true;
  return (
    <section className="card" aria-labelledby="alerts-h" data-testid="alerts-card">
      <h2 id="alerts-h">Alerts</h2>
      <p className="muted">Rules run after every snapshot and sync. Each alert is raised once; unseen changes and alerts count on the toolbar icon.</p>
      <div className="stack">
        <label htmlFor={notifyId}>
          <input id={notifyId} type="checkbox" checked={notifying} disabled={granted === null} onChange={(e) => void toggleNotifications(e.target.checked)} /> Browser
          notifications
        </label>
        <fieldset>
          <legend>Alert rules</legend>
          {Object.entries(RULE_TITLES).map(([id, title]) => (
            <label key={id} style={{ display: 'block' }}>
              <input type="checkbox" checked={settings.alerts.rules[id] !== false} onChange={(e) => void save({ rules: { ...settings.alerts.rules, [id]: e.target.checked } })} /> {title}
            </label>
          ))}
        </fieldset>
        {message && <Status kind={message.kind}>{message.text}</Status>}
      </div>
    </section>
  );
}
