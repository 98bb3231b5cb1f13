import type { HttpClient } from '../api/http/index.ts';
import type { AppDb } from '../sources/database.ts';
import type { AdminWrites } from './contract.ts';

/** What the identity writes need from the worker (injected, so tests run them against the sandbox peer and fakes). */
export interface ProvisionDeps {
  db: AppDb;
  /** The SCIM connection's HTTP client (throws with a plain message when SCIM is not set up). */
  scim: () => Promise<HttpClient>;
  /** The Admin API writes (throws "Connect the Admin API first …" when there is no Admin key). */
  admin: () => Promise<AdminWrites>;
  /** Whether changes through the Admin API are allowed (settings.adminWritesEnabled, off by default). */
  adminWritesEnabled: () => Promise<boolean>;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
