import { CORE_SCHEMA, mergeSchemas, openDexie, type CoreDb, type OpenOptions } from '../db/schema.ts';
import { COMPLIANCE_SCHEMA, type ComplianceTables } from './compliance/tables.ts';
import { ANALYTICS_SCHEMA, type AnalyticsTables } from './analytics/tables.ts';
import { SCIM_SCHEMA, type ScimTables } from './scim/tables.ts';
import { ADMIN_SCHEMA, type AdminTables } from './admin/tables.ts';
import { IDENTITY_SCHEMA, type IdentityTables } from '../identity/tables.ts';
import { CHANGES_SCHEMA, type ChangesTables } from '../changes/tables.ts';

/**
 * The whole database: the core tables plus every source's tables. Each source declares its schema
 * versions beside its code; adding a source adds its list here (one line each below).
 */
export const SCHEMA_VERSIONS = mergeSchemas(CORE_SCHEMA, COMPLIANCE_SCHEMA, ANALYTICS_SCHEMA, SCIM_SCHEMA, ADMIN_SCHEMA, IDENTITY_SCHEMA, CHANGES_SCHEMA);

export const LATEST_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version;

export type AppDb = CoreDb & ComplianceTables & AnalyticsTables & ScimTables & AdminTables & IdentityTables & ChangesTables;

/** Opens the extension's database (pass `indexedDB`/`IDBKeyRange` in Node tests, fake-indexeddb). */
export function createDb(options: OpenOptions = {}): AppDb {
  return openDexie<AppDb>(SCHEMA_VERSIONS, options);
}
