import { describe, expect, it, vi } from 'vitest';
import { dispatch, type Handlers } from '../../../lib/messaging/router.ts';
import { CONTENT_SCRIPT_ALLOWED, RequestSchema } from '../../../lib/messaging/protocol.ts';
import { send, MessageError } from '../../../lib/messaging/client.ts';

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const status = { connection: 'compliance' as const, mode: 'session' as const, present: false, locked: false };
  return {
    ping: async () => ({ version: '0.1.0', workerStartedAt: '2026-11-22T00:00:00.000Z' }),
    'connection/test': async (r) => ({ connection: r.connection, ok: true, summary: 'Connected', requestId: 'req_1', checkedAt: '2026-11-22T00:00:00.000Z' }),
    'credential/set': async () => ({ ...status, present: true }),
    'credential/status': async () => status,
    'credential/forget': async () => status,
    'vault/unlock': async () => ({ unlocked: true }),
    'context/check': async () => ({ page: null, findings: [], badges: [], dismissed: [] }),
    'context/scim-url': async () => ({ ok: true, message: 'Stored' }),
    'context/open': async () => ({ opened: true }),
    'context/dismiss': async () => ({ dismissed: [] }),
    'context/tab': async () => ({ checks: [], suggestion: null }),
    'context/scim-handoff-taken': async () => ({ cleared: true }),
    'compliance/check-key': async () => {
      throw new Error('not used');
    },
    'admin/check-scopes': async () => {
      throw new Error('not used');
    },
    'plugins/access': async () => ({ settings: [], shares: [], note: null }),
    'job/start': async () => ({ runId: 'run_1', joined: false }),
    'job/cancel': async () => ({ cancelled: false }),
    'identity/create-user': async () => ({ outcome: 'done', message: 'Created', userId: 'u1', auditId: 1, requestId: null }),
    'identity/delete-user': async () => ({ outcome: 'already', message: 'Already gone', userId: 'u1', auditId: 2, requestId: null }),
    'identity/membership': async () => ({ outcome: 'pending', message: 'Written', userId: 'u1', auditId: 3, requestId: null }),
    'identity/directory': async () => ({ builtAt: null }),
    'changes/mark-seen': async () => ({ unseen: 0 }),
    'budget/set': async () => ({ teamKey: 'rbac:g', monthly: '100', alerts: 0 }),
    'budget/remove': async () => ({ removed: true }),
    ...overrides,
  };
}

const page = { fromContentScript: false };

describe('message router', () => {
  it('dispatches a valid request to its handler', async () => {
    expect(await dispatch(handlers(), { type: 'ping' }, page)).toEqual({ ok: true, data: { version: '0.1.0', workerStartedAt: '2026-11-22T00:00:00.000Z' } });
  });

  it.each([null, undefined, 42, 'ping', [], { kind: 'ping' }, { type: 7 }])('answers a malformed message %j with bad_request', async (raw) => {
    const res = await dispatch(handlers(), raw, page);
    expect(res).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('answers an unknown type with unknown_type', async () => {
    expect(await dispatch(handlers(), { type: 'drop/tables' }, page)).toMatchObject({ ok: false, error: { code: 'unknown_type', message: 'Unknown message type "drop/tables".' } });
  });

  it('names the invalid field of a known type', async () => {
    const res = await dispatch(handlers(), { type: 'connection/test', connection: 'ldap' }, page);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toMatch(/connection/);
  });

  it('refuses credential requests from content scripts', async () => {
    const set = vi.fn();
    const res = await dispatch(handlers({ 'credential/status': set }), { type: 'credential/status', connection: 'compliance' }, { fromContentScript: true });
    expect(res).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(set).not.toHaveBeenCalled();
  });

  it('refuses every privileged type from a content script, valid or not, before parsing and without calling a handler', async () => {
    const privileged = RequestSchema.options.map((o) => o.shape.type.value).filter((t) => !CONTENT_SCRIPT_ALLOWED.has(t));
    expect(privileged.length).toBeGreaterThan(15);
    const calls = vi.fn();
    const all = Object.fromEntries(RequestSchema.options.map((o) => [o.shape.type.value, calls])) as unknown as Handlers;
    for (const type of privileged) {
      // Malformed (only the type) and with a payload a parser would choke on: the answer is the same refusal.
      for (const message of [{ type }, { type, connection: { toString: null }, secret: 'x'.repeat(10_000) }]) {
        const res = await dispatch(all, message, { fromContentScript: true });
        expect(res, type).toEqual({ ok: false, error: { code: 'forbidden', message: `"${type}" is not available to web pages.` } });
      }
    }
    expect(calls).not.toHaveBeenCalled();
    // The same malformed request from an extension page is a bad request, not a refusal.
    expect(await dispatch(all, { type: 'credential/set' }, { fromContentScript: false })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('turns a throwing handler into an error envelope with secrets redacted', async () => {
    const res = await dispatch(
      handlers({ 'connection/test': async () => Promise.reject(new Error('failed with key sk-ant-api01-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')) }),
      { type: 'connection/test', connection: 'compliance' },
      page,
    );
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('failed');
      expect(res.error.message).not.toContain('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    }
  });

  it('the client validates the response shape and surfaces error envelopes', async () => {
    const transport = (m: unknown) => dispatch(handlers(), m, page);
    await expect(send(transport, { type: 'ping' })).resolves.toMatchObject({ version: '0.1.0' });
    await expect(send(async () => ({ ok: true, data: { wrong: 1 } }), { type: 'ping' })).rejects.toThrow();
    await expect(send(async () => undefined, { type: 'ping' })).rejects.toBeInstanceOf(MessageError);
    await expect(send(async () => ({ ok: false, error: { code: 'forbidden', message: 'no' } }), { type: 'ping' })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
