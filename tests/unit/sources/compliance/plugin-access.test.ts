import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { SIZE_PRESETS } from '../../../sandbox/shared/contracts.ts';
import { createHttpClient, RequestLimiter } from '../../../../lib/api/http/index.ts';
import { ComplianceClient } from '../../../../lib/sources/compliance/client.ts';
import { readPluginAccess } from '../../../../lib/sources/compliance/plugin-access.ts';

/** A plugin's installation settings and shares (admin-api.md §6.4), read on demand with the Compliance key against the sandbox. */
let sandbox: Sandbox;
const client = (secret = sandbox.keys.compliance.full.secret) =>
  new ComplianceClient(createHttpClient({ api: 'compliance', baseUrl: sandbox.url, credential: async () => secret, limiter: new RequestLimiter({ perMinute: 100_000, burst: 1000 }), retry: { baseDelayMs: 5, maxDelayMs: 20, maxRetries: 1 } }));

beforeAll(async () => {
  sandbox = await startSandbox({ size: SIZE_PRESETS.tiny, seed: 5, complianceRateLimit: 100_000 });
});
afterAll(async () => sandbox?.close());
beforeEach(() => Object.assign(sandbox.plugins.control, { enabled: true, maxLimit: 1000 }));

describe('plugin installation settings and shares', () => {
  it('reads every setting and share of each plugin as the sandbox holds them, with two requests per plugin', async () => {
    for (const p of sandbox.plugins.plugins) {
      const truth = sandbox.plugins.accessOf(p);
      sandbox.stats.reset();
      const got = await readPluginAccess(client(), p.id);
      expect(sandbox.stats.counts.plugins).toBe(2);
      expect(got.note).toBeNull();
      expect(got.settings).toEqual(truth.settings.map((s) => ({ targetType: s.target.type, groupId: s.target.rbac_group_id ?? null, preference: s.installation_preference, updatedAt: s.updated_at })));
      expect(got.shares).toEqual(truth.shares.map((s) => ({ targetType: s.target.type, groupId: s.target.rbac_group_id ?? null, userId: s.target.user_id ?? null, grantedAt: s.granted_at })));
    }
    // The fixture has a group override and member shares to check against.
    expect(sandbox.plugins.plugins.some((p) => sandbox.plugins.accessOf(p).settings.some((s) => s.target.type === 'rbac_group'))).toBe(true);
    expect(sandbox.plugins.plugins.some((p) => sandbox.plugins.accessOf(p).shares.some((s) => s.target.type === 'organization_member'))).toBe(true);
  });

  it('pages by next_page', async () => {
    sandbox.plugins.control.maxLimit = 1;
    const p = sandbox.plugins.plugins.find((x) => sandbox.plugins.accessOf(x).shares.length > 1)!;
    const got = await readPluginAccess(client(), p.id);
    expect(got.shares).toHaveLength(sandbox.plugins.accessOf(p).shares.length);
  });

  it('an absent feature or a refused key is a note, not a failure', async () => {
    sandbox.plugins.control.enabled = false;
    const absent = await readPluginAccess(client(), sandbox.plugins.plugins[0]!.id);
    expect(absent).toMatchObject({ settings: [], shares: [] });
    expect(absent.note).toMatch(/not found/);
    sandbox.plugins.control.enabled = true;
    const refused = await readPluginAccess(client(sandbox.keys.compliance.activitiesOnly.secret), sandbox.plugins.plugins[0]!.id);
    expect(refused.note).toMatch(/not allowed/);
  });
});
