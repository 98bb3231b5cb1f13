import { describe, expect, it } from 'vitest';
import { originChange, originOf, tenantChange } from '../../../../lib/sources/compliance/tenant.ts';
import { PersistentStateSchema } from '../../../../lib/sources/compliance/state.ts';

const state = (patch: object) => PersistentStateSchema.parse({ chatsCursor: 'c', lastStartedAt: '2026-12-01T00:00:00Z', ...patch });

describe('stored Compliance state belongs to one host and one parent organization', () => {
  it('another origin starts over; the same one, or state recorded before origins were kept, does not', () => {
    expect(originChange(state({ origin: 'https://api.anthropic.com' }), 'https://proxy.example')).toMatch(/address changed \(https:\/\/api\.anthropic\.com → https:\/\/proxy\.example\)/);
    expect(originChange(state({ origin: 'https://api.anthropic.com' }), 'https://api.anthropic.com')).toBeNull();
    expect(originChange(state({}), 'https://proxy.example')).toBeNull();
    expect(originChange(state({ origin: 'https://api.anthropic.com' }), undefined)).toBeNull();
  });

  it('a key that sees none of the stored organizations belongs to another tenant; any overlap is the same tenant', () => {
    expect(tenantChange(state({ orgUuids: ['a', 'b'] }), ['c'])).toMatch(/another parent organization/);
    expect(tenantChange(state({ orgUuids: ['a', 'b'] }), ['b', 'c'])).toBeNull();
    expect(tenantChange(state({}), ['c'])).toBeNull();
    expect(tenantChange(state({ orgUuids: ['a'] }), [])).toBeNull();
  });

  it('origins of base URLs', () => {
    expect(originOf('https://api.anthropic.com/')).toBe('https://api.anthropic.com');
    expect(originOf('http://127.0.0.1:4010/base')).toBe('http://127.0.0.1:4010');
    expect(originOf('not a url')).toBeUndefined();
    expect(originOf(null)).toBeUndefined();
  });
});
