import { describe, expect, it } from 'vitest';
import { classifyCredential } from '../../../lib/keys/classify.ts';
import { redactSecrets } from '../../../lib/util/redact.ts';
import { dispatch, type Handlers } from '../../../lib/messaging/router.ts';

const ANTHROPIC_KEY = `sk-ant-api01-${'Q2xhdWRlQWRtaW5Db21wYW5pb25UZXN0S2V5MDEy'.repeat(2)}-sbx4AA`;

describe('messages the admin reads stay whole (issue 6 §1.5)', () => {
  it('an Anthropic key pasted as the SCIM token gets its sentence back intact after redaction', async () => {
    const message = classifyCredential('scim', ANTHROPIC_KEY).message;
    expect(message).toContain('not a SCIM bearer token.');
    expect(redactSecrets(message)).toBe(message);
    // Through the worker's router, as the options page receives it.
    const handlers = {
      'credential/set': async () => {
        throw new Error(classifyCredential('scim', ANTHROPIC_KEY).message);
      },
    } as unknown as Handlers;
    const res = await dispatch(handlers, { type: 'credential/set', connection: 'scim', secret: ANTHROPIC_KEY, mode: 'session' }, { fromContentScript: false });
    expect(res).toEqual({ ok: false, error: { code: 'failed', message } });
    expect(JSON.stringify(res)).not.toContain(ANTHROPIC_KEY);
  });

  it('a real bearer token is still redacted', () => {
    expect(redactSecrets('Authorization failed for Bearer abcDEF123456789xyz.')).not.toContain('abcDEF123456789xyz');
  });

  it('a far too long paste gets a plain sentence, not the schema error', async () => {
    const res = await dispatch({} as Handlers, { type: 'credential/set', connection: 'scim', secret: 'x'.repeat(5000), mode: 'session' }, { fromContentScript: false });
    expect(res).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const message = (res as { error: { message: string } }).error.message;
    expect(message).toBe('The pasted key or token is too long (at most 4,096 characters). Paste only the secret itself, without surrounding text.');
    expect(message).not.toMatch(/Malformed|✖|Too big/);
  });
});
