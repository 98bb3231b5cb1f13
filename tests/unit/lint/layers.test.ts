import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { resolve } from 'node:path';

/**
 * The import directions are a lint rule (house/layers in eslint.config.js): these cases prove it fires
 * on each forbidden arrow and stays quiet on the allowed ones, so the layering cannot silently lapse.
 */
const root = resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'house/layers').map((m) => m.message);
}

describe('house/layers', () => {
  it.each([
    ['lib/sources/analytics/x.ts', "import { Status } from '../../../components/Status.tsx';\nexport const x = Status;\n"],
    ['lib/jobs/x.ts', "import { COLLECTION_JOB } from '../sources/analytics/job.ts';\nexport const x = COLLECTION_JOB;\n"],
    ['lib/sources/analytics/x.ts', "import { SNAPSHOT_JOB } from '../compliance/job.ts';\nexport const x = SNAPSHOT_JOB;\n"],
    ['components/usage/x.ts', "import { CredentialVault } from '../../lib/keys/vault.ts';\nexport const x = CredentialVault;\n"],
  ])('refuses %s importing across a layer', async (file, code) => {
    expect((await layerErrors(file, code)).length).toBe(1);
  }, 30_000);

  it.each([
    ['lib/sources/analytics/x.ts', "import { parseItems } from '../../util/items.ts';\nexport const x = parseItems;\n"],
    ['components/usage/x.ts', "import { formatUsd } from '../../lib/util/money.ts';\nexport const x = formatUsd;\n"],
    ['lib/sources/index.ts', "import { analyticsSource } from './analytics/index.ts';\nexport const x = analyticsSource;\n"],
  ])('allows %s importing downwards', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  }, 30_000);
});
