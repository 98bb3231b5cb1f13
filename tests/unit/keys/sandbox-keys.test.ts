import { describe, expect, it } from 'vitest';
import { classifyCredential } from '../../../lib/keys/classify.ts';
import { sandboxKeys } from '../../sandbox/keys.ts';

describe('the sandbox credentials classify as their kind', () => {
  const keys = sandboxKeys(42);

  it('Compliance keys of every scope set are Compliance Access Keys; the admin key is limited', () => {
    for (const [name, key] of Object.entries(keys.compliance)) {
      const r = classifyCredential('compliance', key.secret);
      expect(r.code, name).toBe(name === 'admin' ? 'admin_key' : 'compliance_key');
      expect(r.usable, name).toBe(true);
    }
  });

  it('the Analytics key and the SCIM token are accepted in their fields', () => {
    expect(classifyCredential('analytics', keys.analytics.full.secret).code).toBe('analytics_key');
    expect(classifyCredential('scim', keys.scimToken).code).toBe('scim_token');
  });
});
