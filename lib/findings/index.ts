/** Statements built from facts, each citing its evidence: tool permissions, plugins, model lifecycle. No scores. */
export * from './types.ts';
export * from './plugins.ts';
export * from './tools.ts';
export * from './lifecycle.ts';
