import type { SourceDefinition } from '../jobs/source.ts';
import { complianceSource } from './compliance/index.ts';
import { analyticsSource } from './analytics/index.ts';
import { scimSource } from './scim/index.ts';
import { adminSource } from './admin/index.ts';

/** Every source the worker knows, one line each. */
export const SOURCES: readonly SourceDefinition[] = [complianceSource, analyticsSource, scimSource, adminSource];

export function sourceFor(connection: string): SourceDefinition | undefined {
  return SOURCES.find((s) => s.connection === connection);
}
