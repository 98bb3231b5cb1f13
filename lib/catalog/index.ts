/** Bundled, sourced reference data: the Claude model catalog, model risk evidence, org evaluation import, MCP permissions. */
export * from './models.ts';
export * from './model-schemas.ts';
export * from './org-evaluations.ts';
export * from './mcp-permissions.ts';
export { parseCsv, type CsvRecord, type CsvError, type CsvParseResult } from './csv.ts';
