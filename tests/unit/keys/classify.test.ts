import { describe, expect, it } from 'vitest';
import { classifyCredential, maskCredential, normalizeCredential, type CredentialCode } from '../../../lib/keys/classify.ts';
import type { Connection } from '../../../lib/keys/connections.ts';
import { ADMIN_KEY, ANALYTICS_KEY, BODY, CLAUDE_API_KEY, COMPLIANCE_KEY, OAUTH_TOKEN, SCIM_TOKEN, SESSION_KEY } from './fixtures.ts';

const API_PAGE = 'claude.ai/admin-settings/api-access';

/** No run of 8 characters from the credential's secret part may appear anywhere in the result. */
function expectNoEcho(input: string, result: unknown) {
  const text = JSON.stringify(result);
  const secretPart = normalizeCredential(input).replace(/^sk-ant-[a-z]+\d{2}-/, '');
  for (let i = 0; i + 8 <= secretPart.length; i++) {
    expect(text).not.toContain(secretPart.slice(i, i + 8));
  }
}

describe('normalizeCredential', () => {
  it('trims spaces, tabs and line breaks around the value', () => {
    expect(normalizeCredential(`  \n\t${COMPLIANCE_KEY}\r\n `)).toBe(COMPLIANCE_KEY);
  });

  it('removes zero-width and other invisible characters anywhere', () => {
    const dirty = `\uFEFF${COMPLIANCE_KEY.slice(0, 20)}\u200B${COMPLIANCE_KEY.slice(20, 40)}\u200D\u2060${COMPLIANCE_KEY.slice(40)}\u00AD\u200E`;
    expect(normalizeCredential(dirty)).toBe(COMPLIANCE_KEY);
  });
});

describe('maskCredential', () => {
  it('keeps the prefix and the last four characters', () => {
    expect(maskCredential(COMPLIANCE_KEY)).toBe('sk-ant-api01-…AB12');
    expect(maskCredential(ADMIN_KEY)).toBe('sk-ant-admin01-…Adm1');
    expect(maskCredential(SCIM_TOKEN)).toBe('…0jMs');
  });

  it('shows nothing of a short value', () => {
    expect(maskCredential('abc123')).toBe('…');
    expect(maskCredential('sk-ant-api01-short')).toBe('sk-ant-api01-…');
  });
});

describe('classifyCredential: compliance', () => {
  const c = (raw: string) => classifyCredential('compliance', raw);

  it('accepts a Compliance Access Key (sk-ant-api01-)', () => {
    const r = c(COMPLIANCE_KEY);
    expect(r).toMatchObject({ code: 'compliance_key', verdict: 'accepted', usable: true, prefix: 'sk-ant-api01-', masked: 'sk-ant-api01-…AB12', cleaned: false });
    expect(r.title).toBe('Compliance Access Key');
  });

  it('accepts a key pasted with spaces, line breaks and zero-width characters around it, and says it cleaned it', () => {
    const r = c(`\n  \u200B${COMPLIANCE_KEY}\u200B \r\n`);
    expect(r.code).toBe('compliance_key');
    expect(r.cleaned).toBe(true);
  });

  it('recognises an empty field', () => {
    const r = c('');
    expect(r).toMatchObject({ code: 'empty', verdict: 'rejected', usable: false, masked: null });
    expect(r.message).toContain(API_PAGE);
  });

  it.each([' ', '   \n\t  ', '\u200B\u200B', '\r\n', '\u00A0\u2003'])('recognises a whitespace-only value %j', (raw) => {
    expect(c(raw).code).toBe('whitespace_only');
  });

  it.each([
    ['a space inside', `${COMPLIANCE_KEY.slice(0, 50)} ${COMPLIANCE_KEY.slice(50)}`],
    ['a line break inside (wrapped mail)', `${COMPLIANCE_KEY.slice(0, 60)}\n${COMPLIANCE_KEY.slice(60)}`],
    ['a tab inside', `${COMPLIANCE_KEY.slice(0, 30)}\t${COMPLIANCE_KEY.slice(30)}`],
  ])('rejects a key with %s', (_label, raw) => {
    const r = c(raw);
    expect(r.code).toBe('contains_whitespace');
    expect(r.usable).toBe(false);
    expect(r.message).toMatch(/one line/);
  });

  it.each([`Bearer ${COMPLIANCE_KEY}`, `x-api-key: ${COMPLIANCE_KEY}`, `X-Api-Key:${COMPLIANCE_KEY}`, `Authorization: Bearer ${COMPLIANCE_KEY}`])(
    'rejects a pasted header line %#',
    (raw) => {
      expect(c(raw).code).toBe('header_included');
    },
  );

  it.each(['sk-ant-api01-inNz…AB12', 'sk-ant-api01-inNzSMba...EAB12', 'sk-ant-api01-••••••••AB12', 'sk-ant-api01-***AB12'])('recognises the shortened display form %s', (raw) => {
    const r = c(raw);
    expect(r.code).toBe('masked_copy');
    expect(r.message).toMatch(/shown only once/);
    expect(r.message).toContain(API_PAGE);
  });

  it.each([
    ['quotes around it', `"${COMPLIANCE_KEY}"`],
    ['an accented letter', `${COMPLIANCE_KEY.slice(0, 40)}é${COMPLIANCE_KEY.slice(41)}`],
    ['a trailing comma', `${COMPLIANCE_KEY},`],
    ['base64 padding', `${COMPLIANCE_KEY}==`],
  ])('rejects a key with %s as the wrong character set', (_label, raw) => {
    expect(c(raw).code).toBe('invalid_characters');
  });

  it('rejects a truncated key as too short', () => {
    const r = c('sk-ant-api01-inNzSMbaH3N6QSC_xf61');
    expect(r.code).toBe('too_short');
    expect(r.message).toMatch(/cut off/);
  });

  it('rejects anything over 4096 characters', () => {
    expect(c(`sk-ant-api01-${'a'.repeat(5000)}`).code).toBe('too_long');
  });

  it('explains that an Admin API key (sk-ant-admin01-) reaches only the Activity Feed', () => {
    const r = c(ADMIN_KEY);
    expect(r).toMatchObject({ code: 'admin_key', verdict: 'limited', usable: true, prefix: 'sk-ant-admin01-', masked: 'sk-ant-admin01-…Adm1' });
    expect(r.message).toMatch(/Activity Feed/);
    expect(r.message).toMatch(/models in use/);
    expect(r.message).toContain(API_PAGE);
  });

  it('rejects a Claude API key (sk-ant-api03-): not a compliance key', () => {
    const r = c(CLAUDE_API_KEY);
    expect(r).toMatchObject({ code: 'claude_api_key', verdict: 'rejected', usable: false, prefix: 'sk-ant-api03-' });
    expect(r.message).toMatch(/Compliance API rejects it/);
    expect(r.message).toContain(API_PAGE);
    expect(r.message).toContain('Organization settings → API');
  });

  it('warns about a claude.ai session key (sk-ant-sid01-) and shows no part of it', () => {
    const r = c(SESSION_KEY);
    expect(r.code).toBe('session_key');
    expect(r.masked).toBeNull();
    expect(r.message).toMatch(/sign out/);
  });

  it('rejects Claude Code OAuth tokens', () => {
    expect(c(OAUTH_TOKEN).code).toBe('oauth_token');
    expect(c(OAUTH_TOKEN.replace('oat01', 'ort01')).code).toBe('oauth_token');
  });

  it.each([`sk-ant-api02-${BODY}`, `sk-ant-xyz99-${BODY}`, `sk-ant-${BODY}`])('rejects other sk-ant- kinds %#', (raw) => {
    const r = c(raw);
    expect(r.code).toBe('other_anthropic_key');
    expect(r.usable).toBe(false);
  });

  it("recognises a key's ID pasted instead of its secret", () => {
    const r = c('apikey_01Hx7k2mP9nQ4rS6tU8vW0xY');
    expect(r.code).toBe('key_id');
    expect(r.message).toMatch(/sk-ant-api01-/);
  });

  it.each(['ghp_16C7e42F292c6912E7710c838347Ae178B4a', 'AKIAIOSFODNN7EXAMPLE', 'hello-world-this-is-no-key'])('rejects an unknown format %s', (raw) => {
    const r = c(raw);
    expect(r.code).toBe('unknown_format');
    expect(r.message).toContain(API_PAGE);
  });
});

describe('classifyCredential: analytics', () => {
  const a = (raw: string) => classifyCredential('analytics', raw);

  it('accepts an sk-ant-api01- key as an Analytics API key and says the prefix is shared', () => {
    const r = a(ANALYTICS_KEY);
    expect(r).toMatchObject({ code: 'analytics_key', verdict: 'accepted', usable: true });
    expect(r.message).toMatch(/read:analytics/);
  });

  it('rejects an Admin API key (the Analytics API rejects Admin keys)', () => {
    const r = a(ADMIN_KEY);
    expect(r).toMatchObject({ code: 'admin_key', verdict: 'rejected', usable: false });
    expect(r.message).toContain(API_PAGE);
  });

  it('rejects a Claude API key', () => {
    expect(a(CLAUDE_API_KEY)).toMatchObject({ code: 'claude_api_key', verdict: 'rejected' });
  });
});

describe('classifyCredential: SCIM token', () => {
  const s = (raw: string) => classifyCredential('scim', raw);

  it('accepts an opaque bearer token', () => {
    expect(s(SCIM_TOKEN)).toMatchObject({ code: 'scim_token', verdict: 'accepted', usable: true, prefix: null, masked: `…${SCIM_TOKEN.slice(-4)}` });
  });

  it('accepts a JWT-shaped token (dots and base64url)', () => {
    expect(s('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkaXIifQ.c2lnbmF0dXJlX2hlcmU').code).toBe('scim_token');
  });

  it('rejects an Anthropic key pasted into the SCIM token field', () => {
    const r = s(COMPLIANCE_KEY);
    expect(r.code).toBe('anthropic_key_not_scim');
    expect(r.message).toMatch(/WorkOS/);
  });

  it('rejects the SCIM URL pasted into the token field', () => {
    expect(s('https://api.workos.com/scim/v2.0/abc123').code).toBe('url_not_token');
  });

  it('rejects a short, spaced or empty token', () => {
    expect(s('abc123').code).toBe('too_short');
    expect(s(`${SCIM_TOKEN.slice(0, 10)} ${SCIM_TOKEN.slice(10)}`).code).toBe('contains_whitespace');
    expect(s(`Bearer ${SCIM_TOKEN}`).code).toBe('header_included');
    expect(s('').code).toBe('empty');
    expect(s('"quoted-token-value-here"').code).toBe('invalid_characters');
  });
});

describe('classifyCredential: never echoes the credential', () => {
  const inputs: Array<[Connection, string]> = [
    ['compliance', COMPLIANCE_KEY],
    ['compliance', ADMIN_KEY],
    ['compliance', CLAUDE_API_KEY],
    ['compliance', SESSION_KEY],
    ['compliance', OAUTH_TOKEN],
    ['compliance', `sk-ant-xyz99-${BODY}`],
    ['compliance', `${COMPLIANCE_KEY.slice(0, 50)} ${COMPLIANCE_KEY.slice(50)}`],
    ['compliance', `"${COMPLIANCE_KEY}"`],
    ['compliance', `Bearer ${COMPLIANCE_KEY}`],
    ['compliance', 'sk-ant-api01-inNzSMbaH3N6QSC_xf61'],
    ['compliance', 'Zq8xLm3Rt7Wv1Yb5Nc9Kd2Hf6Gj4Pp0s'],
    ['analytics', ANALYTICS_KEY],
    ['analytics', ADMIN_KEY],
    ['scim', SCIM_TOKEN],
    ['scim', COMPLIANCE_KEY],
    ['scim', 'https://api.workos.com/scim/v2.0/Zq8xLm3Rt7Wv1Yb5Nc9Kd2Hf6Gj4Pp0s'],
  ];
  it.each(inputs)('%s %#', (connection, raw) => {
    const r = classifyCredential(connection, raw);
    expectNoEcho(raw, r);
    expect(r.message.length).toBeGreaterThan(20);
  });

  it('gives every code a distinct, stable identifier', () => {
    const codes = new Set<CredentialCode>(inputs.map(([conn, raw]) => classifyCredential(conn, raw).code));
    expect(codes.size).toBeGreaterThanOrEqual(12);
  });
});
