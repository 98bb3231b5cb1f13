import { describe, expect, it } from 'vitest';
import { containsSecret, REDACTED, redactSecrets, redactValue } from '../../../../lib/util/redact.ts';

const BODY = 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJDREVGR0hJSktMTU5PUFFSU1RVVldY';

describe('redactSecrets', () => {
  it.each(['api01', 'admin01', 'api03', 'oat01', 'sid02'])('masks sk-ant-%s- keys and keeps only the prefix', (kind) => {
    const key = `sk-ant-${kind}-${BODY}-sbx4AA`;
    const out = redactSecrets(`Request failed with key ${key}.`);
    expect(out).toBe(`Request failed with key sk-ant-${kind}-${REDACTED}.`);
    expect(out).not.toContain(BODY.slice(0, 12));
  });

  it('masks malformed sk-ant- fragments and several keys in one text', () => {
    const out = redactSecrets(`a=sk-ant-${BODY} b="sk-ant-api01-${BODY}" c=sk-ant-admin01-xyz`);
    expect(out).toBe(`a=sk-ant-${REDACTED} b="sk-ant-api01-${REDACTED}" c=sk-ant-admin01-${REDACTED}`);
  });

  it('masks bearer tokens but leaves prose about them readable', () => {
    expect(redactSecrets('Authorization: Bearer abc.DEF-123_~+/==')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redactSecrets('curl -H "Authorization: bearer xyz"')).toBe(`curl -H "Authorization: bearer ${REDACTED}"`);
    expect(redactSecrets('sent Bearer xyz to the server')).toBe(`sent Bearer ${REDACTED} to the server`);
    expect(redactSecrets('The Bearer token was rejected.')).toBe('The Bearer token was rejected.');
  });

  it('masks credential headers and long opaque values after token=, api_key=, secret= …', () => {
    expect(redactSecrets('x-api-key: abc123')).toBe(`x-api-key: ${REDACTED}`);
    expect(redactSecrets('{"X-Api-Key":"k1"}')).toBe(`{"X-Api-Key":"${REDACTED}"}`);
    expect(redactSecrets('Authorization: Basic dXNlcjpwYXNz')).toBe(`Authorization: Basic ${REDACTED}`);
    expect(redactSecrets('authorization=opaqueValue')).toBe(`authorization=${REDACTED}`);
    expect(redactSecrets('https://x.example/cb?token=Q2hhbmdlTWVQbGVhc2UxMjM0NTY3OA&page=2')).toBe(`https://x.example/cb?token=${REDACTED}&page=2`);
    expect(redactSecrets('{"access_token": "ya29.a0AfH6SMBxxxxxxxxxxxxxxxx"}')).toBe(`{"access_token": "${REDACTED}"}`);
    expect(redactSecrets('client_secret=0123456789abcdefABCDEF')).toBe(`client_secret=${REDACTED}`);
    expect(redactSecrets('password=hunter2')).toBe(`password=${REDACTED}`);
  });

  it('keeps ordinary words, ids and cursors intact', () => {
    const text = 'token: expired. request-id req_018EeWyXxfu5pfWkrYcMdjWG, next_page=page_MTIzNDU2Nzg5MDEyMzQ1Ng, org 5f0c1b8e-3c39-4c4e-9d4e-0b5a2c9f1a11, page_token=abcdefghijklmnopqrstuvwxyz';
    expect(redactSecrets(text)).toBe(text);
    expect(containsSecret(text)).toBe(false);
  });

  it('masks JWTs and URL passwords', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    expect(redactSecrets(`id ${jwt} end`)).toBe(`id ${REDACTED} end`);
    expect(redactSecrets('https://admin:s3cr3t@scim.example/v2')).toBe(`https://admin:${REDACTED}@scim.example/v2`);
  });

  it('masks known secrets verbatim and percent-encoded, whatever their shape', () => {
    const token = 'Gq7/x+VbN0pQ=rT9sLm2';
    const out = redactSecrets(`server said: bad token ${token} (${encodeURIComponent(token)})`, [token]);
    expect(out).toBe(`server said: bad token ${REDACTED} (${REDACTED})`);
    // Too short to replace safely: left alone.
    expect(redactSecrets('the word abc', ['abc'])).toBe('the word abc');
  });

  it('is idempotent', () => {
    const text = `k=sk-ant-api01-${BODY} Authorization: Bearer ${BODY} x-api-key: ${BODY} token=${BODY} password=p`;
    const once = redactSecrets(text);
    expect(redactSecrets(once)).toBe(once);
    expect(once).not.toContain(BODY);
  });
});

describe('redactValue', () => {
  it('redacts strings deep inside objects, arrays and errors, and survives cycles', () => {
    const err = new Error(`boom sk-ant-api01-${BODY}`);
    const value: Record<string, unknown> = { headers: { authorization: `Bearer ${BODY}` }, list: [`x-api-key: ${BODY}`, 3, null], err };
    value.self = value;
    const out = JSON.stringify(redactValue(value));
    expect(out).not.toContain(BODY);
    expect(out).toContain('[Circular]');
    expect(out).toContain(`boom sk-ant-api01-${REDACTED}`);
  });
});
