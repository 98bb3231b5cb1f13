import { describe, expect, it, vi } from 'vitest';
import { ApiOriginNotPermittedError, createHttpClient, hostPermissionCheck, RequestLimiter } from '../../../lib/api/http/index.ts';
import { restrictStorageToTrustedContexts } from '../../../lib/keys/storage.ts';

const KEY = 'sk-ant-api01-Q2xhdWRlQWRtaW5Db21wYW5pb25UZXN0S2V5MDEyMzQ1Njc4OWFiY2RlZg-sbx4AA';

describe('the HTTP layer attaches a credential only to a permitted origin (issue 6 §1.1b)', () => {
  const setup = (granted: string[]) => {
    const fetch = vi.fn(async () => new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }));
    const credential = vi.fn(async () => KEY);
    const contains = vi.fn(async ({ origins }: { origins: string[] }) => origins.every((o) => granted.includes(o)));
    const make = (baseUrl: string) =>
      createHttpClient({
        api: 'compliance',
        baseUrl,
        credential,
        fetch: fetch as unknown as typeof globalThis.fetch,
        limiter: new RequestLimiter({ perMinute: 1000 }),
        authorizeOrigin: hostPermissionCheck({ contains }),
      });
    return { fetch, credential, contains, make };
  };

  it('refuses an origin without host permission: no credential read, nothing sent, a plain message', async () => {
    const { fetch, credential, contains, make } = setup(['https://api.anthropic.com/*']);
    const err = await make('https://attacker.example').request('/v1/compliance/organizations').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiOriginNotPermittedError);
    expect(contains).toHaveBeenCalledWith({ origins: ['https://attacker.example/*'] });
    expect(credential).not.toHaveBeenCalled();
    expect(fetch).not.toHaveBeenCalled();
    const message = (err as Error).message;
    expect(message).toContain('was not sent');
    expect(message).toContain('no host access to https://attacker.example');
    expect(message).toMatch(/save it again to grant access/);
    expect(message).not.toContain(KEY);
    expect((err as ApiOriginNotPermittedError).retryable).toBe(false);
  });

  it('sends to an origin it holds permission for', async () => {
    const { fetch, credential, make } = setup(['https://api.anthropic.com/*']);
    await make('https://api.anthropic.com').request('/v1/compliance/organizations');
    expect(credential).toHaveBeenCalledOnce();
    expect(fetch).toHaveBeenCalledOnce();
  });

  it('treats a failing permission lookup as "not permitted"', async () => {
    const check = hostPermissionCheck({ contains: async () => Promise.reject(new Error('no permissions API')) });
    expect(await check('https://api.anthropic.com')).toBe(false);
  });
});

describe('storage areas are closed to content scripts at worker start (issue 6 §1.1a)', () => {
  it('sets TRUSTED_CONTEXTS on local and session where the browser has the call', async () => {
    const local = { get: vi.fn(), set: vi.fn(), remove: vi.fn(), setAccessLevel: vi.fn(async () => undefined) };
    const session = { get: vi.fn(), set: vi.fn(), remove: vi.fn(), setAccessLevel: vi.fn(async () => undefined) };
    expect(await restrictStorageToTrustedContexts({ local, session })).toEqual(['local', 'session']);
    expect(local.setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
    expect(session.setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
  });

  it('closes storage.sync too, and a browser that cannot restrict sync still has local and session closed', async () => {
    const area = () => ({ get: vi.fn(), set: vi.fn(), remove: vi.fn(), setAccessLevel: vi.fn(async () => undefined) });
    const sync = area();
    expect(await restrictStorageToTrustedContexts({ local: area(), session: area(), sync })).toEqual(['local', 'session', 'sync']);
    expect(sync.setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
    const failing = { ...area(), setAccessLevel: vi.fn(async () => Promise.reject(new Error('not supported'))) };
    expect(await restrictStorageToTrustedContexts({ local: area(), session: area(), sync: failing })).toEqual(['local', 'session']);
    // A failure on local is still reported.
    await expect(restrictStorageToTrustedContexts({ local: failing, session: area() })).rejects.toThrow('not supported');
  });

  it('leaves browsers without setAccessLevel (Firefox) alone', async () => {
    const area = { get: vi.fn(), set: vi.fn(), remove: vi.fn() };
    expect(await restrictStorageToTrustedContexts({ local: area, session: area })).toEqual([]);
  });
});
