import type { Handlers } from '../messaging/router.ts';
import { checksFor } from '../context/checks.ts';

export interface BackgroundDeps {
  version: string;
  startedAt: string;
}

export function createHandlers(deps: BackgroundDeps): Handlers {
  const notYet = async (): Promise<never> => {
    throw new Error('Not available yet.');
  };
  return {
    ping: async () => ({ version: deps.version, workerStartedAt: deps.startedAt }),
    'connection/test': notYet,
    'credential/set': notYet,
    'credential/status': notYet,
    'credential/forget': notYet,
    'vault/unlock': notYet,
    'context/check': async (r) => {
      const checks = checksFor(new URL(r.url));
      return { page: checks[0]?.id ?? null, findings: [] };
    },
  };
}
