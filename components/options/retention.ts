import type { RetentionMode } from '../../lib/keys/connections.ts';

export const RETENTION_LABELS: Record<RetentionMode, string> = {
  'dont-remember': "Don't remember (paste for each run)",
  session: 'This browser session (default)',
  encrypted: 'Encrypted on this device with a passphrase',
};
