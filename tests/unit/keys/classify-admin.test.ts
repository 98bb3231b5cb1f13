import { describe, expect, it } from 'vitest';
import { classifyCredential } from '../../../lib/keys/classify.ts';
import { sandboxKeys } from '../../sandbox/keys.ts';
import { ADMIN_KEY, ANALYTICS_KEY, CLAUDE_API_KEY, OAUTH_TOKEN, SCIM_TOKEN, SESSION_KEY } from './fixtures.ts';

/** The Admin API key field: Admin keys accepted with a clear message, every other kind rejected in plain words that never echo the secret. */
describe('classifyCredential: admin', () => {
  const a = (raw: string) => classifyCredential('admin', raw);
  const secretFree = (raw: string) => expect(JSON.stringify(a(raw))).not.toContain(raw.slice(20, 40));

  it('accepts an sk-ant-admin01- key and says which scopes are checked how', () => {
    const r = a(ADMIN_KEY);
    expect(r).toMatchObject({ code: 'admin_key', verdict: 'accepted', usable: true, prefix: 'sk-ant-admin01-' });
    expect(r.message).toMatch(/read:rbac_groups/);
    expect(r.message).toMatch(/never writes/);
    secretFree(ADMIN_KEY);
  });

  it('rejects a Compliance or Analytics key and says where it belongs', () => {
    const r = a(ANALYTICS_KEY);
    expect(r).toMatchObject({ verdict: 'rejected', usable: false });
    expect(r.message).toMatch(/not an Admin API key/);
    expect(r.message).toMatch(/Compliance or Analytics card/);
    secretFree(ANALYTICS_KEY);
  });

  it('rejects other kinds, naming the Admin API', () => {
    expect(a(CLAUDE_API_KEY).message).toMatch(/the Admin API rejects it/);
    expect(a(OAUTH_TOKEN).message).toMatch(/does not work with the Admin API/);
    expect(a(SESSION_KEY).code).toBe('session_key');
    expect(a(SCIM_TOKEN)).toMatchObject({ code: 'unknown_format', usable: false });
    expect(a(SCIM_TOKEN).message).toMatch(/start with sk-ant-admin01-/);
    expect(a('apikey_01Hx7k2mP9nQ4rS6tU8vW0xY').message).toMatch(/sk-ant-admin01-/);
    expect(a('sk-ant-admin01-short').code).toBe('too_short');
  });

  it('an Admin key in the other fields points to the Admin API card', () => {
    expect(classifyCredential('analytics', ADMIN_KEY).message).toMatch(/Admin API card/);
    expect(classifyCredential('compliance', ADMIN_KEY).message).toMatch(/Admin API card/);
  });

  it('the sandbox Admin API keys are accepted in the Admin API field', () => {
    for (const [name, key] of Object.entries(sandboxKeys(42).admin)) expect(classifyCredential('admin', key.secret).code, name).toBe('admin_key');
  });
});
