import { describe, expect, it } from 'vitest';
import { normaliseDisplayName, splitDisplayName } from '../../../lib/identity/names.ts';
import { checkEmail, ONE_WORD_NAME_WARNING, validateNewUser } from '../../../lib/identity/validate.ts';
import { createUserBody, removeMemberPatch, scimString, summariseBody, userNameFilter, addMemberPatch, removeMemberFallbackPatch } from '../../../lib/identity/scim-forms.ts';

describe('display name splitting', () => {
  it('first word is the given name, the rest the family name', () => {
    expect(splitDisplayName('Jane Smith')).toEqual({ givenName: 'Jane', familyName: 'Smith' });
    expect(splitDisplayName('Maria de la Cruz Pérez')).toEqual({ givenName: 'Maria', familyName: 'de la Cruz Pérez' });
  });

  it('a one-word name has no family name', () => {
    expect(splitDisplayName('Prince')).toEqual({ givenName: 'Prince', familyName: null });
  });

  it('trims and collapses any whitespace, including no-break and ideographic spaces, tabs and line breaks', () => {
    expect(normaliseDisplayName('  Jane \u00A0\t Smith\n')).toBe('Jane Smith');
    expect(splitDisplayName('\u3000山田\u3000太郎 ')).toEqual({ givenName: '山田', familyName: '太郎' });
  });

  it('keeps unicode letters and normalises to NFC (a decomposed é equals the composed one)', () => {
    const decomposed = 'Zoe\u0301 Ło\u0301dz';
    expect(normaliseDisplayName(decomposed)).toBe('Zoé Łódz');
    expect(splitDisplayName('Ærøskøbing Ñúñez-Ågård')).toEqual({ givenName: 'Ærøskøbing', familyName: 'Ñúñez-Ågård' });
    expect(splitDisplayName('محمد عبد الله')).toEqual({ givenName: 'محمد', familyName: 'عبد الله' });
  });
});

describe('new user validation', () => {
  it('accepts a normal name and lower-cases the email', () => {
    const r = validateNewUser({ displayName: ' Jane   Smith ', email: ' Jane.Smith@Acme.COM ' });
    expect(r).toEqual({ ok: true, user: { displayName: 'Jane Smith', givenName: 'Jane', familyName: 'Smith', email: 'jane.smith@acme.com' }, warnings: [] });
  });

  it('warns about a one-word name, and leaves the family name out of the body (never null)', () => {
    const r = validateNewUser({ displayName: 'Cher', email: 'cher@acme.com' });
    expect(r.ok && r.warnings).toEqual([ONE_WORD_NAME_WARNING]);
    if (!r.ok) throw new Error('expected ok');
    const body = createUserBody(r.user);
    expect(body.name).toEqual({ givenName: 'Cher' });
    expect(JSON.stringify(body)).not.toContain('null');
  });

  it('requires a display name', () => {
    expect(validateNewUser({ displayName: '  \t ', email: 'a@b.co' })).toMatchObject({ ok: false, field: 'displayName', message: expect.stringMatching(/Enter a display name/) });
  });

  it('refuses bidi overrides and control characters with a plain message naming them', () => {
    const r = validateNewUser({ displayName: 'Jane \u202EhtimS', email: 'a@b.co' });
    expect(r).toMatchObject({ ok: false, field: 'displayName' });
    expect(!r.ok && r.message).toMatch(/invisible or direction-changing characters \(U\+202E\).*Type the name again/);
    expect(validateNewUser({ displayName: 'Jane\u0000 Smith', email: 'a@b.co' })).toMatchObject({ ok: false, field: 'displayName' });
    expect(validateNewUser({ displayName: 'Jane\u200B Smith', email: 'a@b.co' })).toMatchObject({ ok: false, field: 'displayName' });
  });

  it('treats HTML as plain text: sent as typed', () => {
    const r = validateNewUser({ displayName: '<b>Jane</b> <img src=x onerror=alert(1)>', email: 'jane@acme.com' });
    expect(r).toMatchObject({ ok: true, user: { givenName: '<b>Jane</b>', familyName: '<img src=x onerror=alert(1)>' } });
  });

  it('refuses a name over 256 characters', () => {
    expect(validateNewUser({ displayName: `A ${'b'.repeat(300)}`, email: 'a@b.co' })).toMatchObject({ ok: false, field: 'displayName', message: expect.stringMatching(/too long \(302 characters; at most 256\)/) });
  });

  it.each([
    ['', /Enter the email address/],
    ['jane', /exactly one @/],
    ['jane@@acme.com', /exactly one @/],
    ['jane smith@acme.com', /contains a space/],
    ['@acme.com', /nothing before the @/],
    ['.jane@acme.com', /part before the @ may contain/],
    ['jane..smith@acme.com', /part before the @ may contain/],
    ['jane@acme', /domain such as example.com/],
    ['jane@-acme.com', /domain such as example.com/],
    ['jane@acme.c', /domain such as example.com/],
    ['jané@acme.com', /outside plain ASCII/],
    ['jane@acme.com\u202E', /invisible or direction-changing/],
    [`${'a'.repeat(65)}@acme.com`, /too long \(65 characters; at most 64\)/],
    [`a@${'b'.repeat(62)}.${'c'.repeat(62)}.${'d'.repeat(62)}.${'e'.repeat(62)}.com`, /email address is too long/],
  ])('refuses the email %j with a plain message', (email, message) => {
    expect(checkEmail(email).message).toMatch(message);
  });

  it('accepts plus addressing, subdomains and punycode domains', () => {
    for (const e of ['jane+claude@mail.acme.co.uk', "o'brien@acme.io", 'x@xn--bcher-kva.example', 'a_b%c@acme-corp.com']) expect(checkEmail(e).message).toBeNull();
  });
});

describe('SCIM request forms', () => {
  it('create body: userName = email, primary work email, name, displayName, active true, no password', () => {
    const body = createUserBody({ displayName: 'Jane Smith', givenName: 'Jane', familyName: 'Smith', email: 'jane@acme.com' });
    expect(body).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'jane@acme.com',
      name: { givenName: 'Jane', familyName: 'Smith' },
      displayName: 'Jane Smith',
      emails: [{ value: 'jane@acme.com', type: 'work', primary: true }],
      active: true,
    });
    expect(body).not.toHaveProperty('password');
    expect(summariseBody(body)).toBe('userName jane@acme.com, displayName "Jane Smith", givenName "Jane", familyName "Smith", primary work email, active true');
  });

  it('filters escape backslash and double quote', () => {
    expect(scimString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(userNameFilter('o"brien@acme.com')).toBe('userName eq "o\\"brien@acme.com"');
  });

  it('PATCH forms: add, remove by path filter, and the value-array fallback', () => {
    expect(addMemberPatch('u_01').Operations).toEqual([{ op: 'add', path: 'members', value: [{ value: 'u_01' }] }]);
    expect(removeMemberPatch('u_01').Operations).toEqual([{ op: 'remove', path: 'members[value eq "u_01"]' }]);
    expect(removeMemberFallbackPatch('u_01').Operations).toEqual([{ op: 'remove', path: 'members', value: [{ value: 'u_01' }] }]);
    expect(addMemberPatch('x').schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:PatchOp']);
    expect(summariseBody(removeMemberPatch('u"1'))).toBe('remove members[value eq "u\\"1"]');
  });
});
