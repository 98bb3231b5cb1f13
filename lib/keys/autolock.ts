/**
 * Optional idle auto-lock of the keys kept "Encrypted on this device": when no encrypted key has been
 * used (or unlocked) for the chosen number of minutes, their decrypted copies leave storage.session
 * and the passphrase is needed again. Timed with the `alarms` permission the extension already
 * holds (no `idle` permission): an alarm survives the worker being stopped, a timer would not.
 */

export const AUTOLOCK_ALARM = 'vault-autolock';
/** Choices offered in Options (minutes; 0 = never). */
export const AUTOLOCK_CHOICES = [0, 15, 60, 240, 480] as const;

export interface AlarmsLike {
  create(name: string, info: { delayInMinutes: number }): Promise<void> | void;
  clear(name: string): Promise<boolean> | Promise<void> | void;
  get(name: string): Promise<unknown>;
}

export interface AutoLockOptions {
  alarms: AlarmsLike;
  /** The current setting (0 = off). */
  minutes: () => Promise<number>;
  /** Locks the encrypted keys (CredentialVault.lock). */
  lock: () => Promise<void>;
  /** After a lock, e.g. to tell open pages. */
  onLocked?: () => void;
  now?: () => number;
}

export function createAutoLock(options: AutoLockOptions) {
  const now = options.now ?? Date.now;
  let lastArmed = -Infinity;
  let armedFor = 0;

  /** (Re)starts the idle period. Cheap to call per request: re-arms at most every 30 s. */
  async function touch(force = false): Promise<void> {
    const minutes = await options.minutes();
    if (minutes <= 0) {
      if (armedFor !== 0 || force) await options.alarms.clear(AUTOLOCK_ALARM);
      armedFor = 0;
      return;
    }
    if (!force && armedFor === minutes && now() - lastArmed < 30_000) return;
    await options.alarms.create(AUTOLOCK_ALARM, { delayInMinutes: minutes });
    lastArmed = now();
    armedFor = minutes;
  }

  /**
   * At worker start and when the setting changes: turn the lock off, or arm it if no period is
   * running. A running period is left alone, so a worker restart never postpones the lock.
   */
  async function settingsApplied(): Promise<void> {
    const minutes = await options.minutes();
    if (minutes <= 0) {
      await options.alarms.clear(AUTOLOCK_ALARM);
      armedFor = 0;
    } else if (!(await options.alarms.get(AUTOLOCK_ALARM)) || (armedFor !== 0 && armedFor !== minutes)) {
      await touch(true);
    }
  }

  /** The alarm handler; true when the alarm was this one. */
  async function onAlarm(name: string): Promise<boolean> {
    if (name !== AUTOLOCK_ALARM) return false;
    if ((await options.minutes()) <= 0) return true;
    await options.lock();
    armedFor = 0;
    options.onLocked?.();
    return true;
  }

  return { touch, settingsApplied, onAlarm };
}
