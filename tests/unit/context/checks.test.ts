import { describe, expect, it } from 'vitest';
import { checksFor, PAGE_CHECKS } from '../../../lib/context/checks.ts';
import { complianceKeysCheck, DELETE_SCOPE, READ_SCOPES } from '../../../lib/context/checks/compliance-keys.ts';
import { analyticsKeysCheck } from '../../../lib/context/checks/analytics-keys.ts';
import { scimSetupCheck } from '../../../lib/context/checks/scim-setup.ts';
import { connectorsCheck } from '../../../lib/context/checks/connectors.ts';
import { membersCheck } from '../../../lib/context/checks/members.ts';
import { DELETE_SCOPE as KEYS_DELETE_SCOPE, REQUIRED_SCOPES } from '../../../lib/keys/scopes.ts';
import { fixture, url } from './dom.ts';

const ids = (fs: Array<{ id: string }>) => fs.map((f) => f.id);

describe('which checks run where (URL match)', () => {
  it.each([
    ['/admin-settings/api-access', ['compliance-keys']],
    ['/settings/data-privacy-controls', ['compliance-keys']],
    ['/analytics/api-keys', ['analytics-keys']],
    ['/admin-settings/identity', ['scim-setup']],
    ['/admin-settings/connectors', ['connectors']],
    ['/admin-settings/members', ['members']],
    ['/settings/profile', []],
    ['/new', []],
    ['/chat/0b5c', []],
  ])('%s → %j', (path, expected) => {
    expect(checksFor(url(path)).map((c) => c.id)).toEqual(expected);
  });

  it('matches claude.ai only', () => {
    expect(checksFor(new URL('https://claude.ai.evil.example/admin-settings/api-access'))).toEqual([]);
    expect(checksFor(new URL('https://example.com/admin-settings/members'))).toEqual([]);
  });

  it('registers every check once, each with its own finding id prefix', () => {
    expect(new Set(PAGE_CHECKS.map((c) => c.id)).size).toBe(PAGE_CHECKS.length);
  });
});

describe('a changed page shape shows nothing and throws nothing', () => {
  const doc = fixture('changed-shape.html');
  it.each(PAGE_CHECKS.map((c) => [c.id, c] as const))('%s', (_id, check) => {
    expect(() => check.detect(doc)).not.toThrow();
    expect(check.detect(doc)).toBeNull();
  });
});

describe('Compliance access keys', () => {
  it('keeps the scope names in step with lib/keys/scopes.ts', () => {
    expect([...READ_SCOPES]).toEqual([...REQUIRED_SCOPES]);
    expect(DELETE_SCOPE).toBe(KEYS_DELETE_SCOPE);
  });

  it('reads the scope boxes of the create form (native, label-for and role="checkbox") and nothing else', () => {
    const d = complianceKeysCheck.detect(fixture('api-access-create.html'))!;
    expect(Object.fromEntries(d.scopes)).toEqual({
      'read:compliance_activities': true,
      'read:compliance_user_data': true,
      'read:compliance_org_data': false,
      'delete:compliance_user_data': false,
    });
    expect(JSON.stringify([...d.scopes, d.listedKeys])).not.toContain('Do not read me');
  });

  it('updates the checklist live as boxes are ticked', () => {
    const doc = fixture('api-access-create.html');
    const run = () => complianceKeysCheck.local!(complianceKeysCheck.detect(doc)!);
    expect(run()).toMatchObject([{ id: 'compliance-keys.scopes-missing', level: 'warning', title: 'Tick read:compliance_org_data' }]);
    (doc.getElementById('s3') as HTMLInputElement).checked = true;
    expect(ids(run())).toEqual(['compliance-keys.scopes-ok']);
    doc.querySelector('[role="checkbox"]')!.setAttribute('aria-checked', 'true');
    const withDelete = run();
    expect(ids(withDelete)).toEqual(['compliance-keys.scopes-ok', 'compliance-keys.delete-ticked']);
    expect(withDelete[1]!.detail).toMatch(/never deletes anything/);
    (doc.getElementById('s1') as HTMLInputElement).checked = false;
    expect(run()[0]).toMatchObject({ title: 'Tick read:compliance_activities' });
  });

  it('on the key list, names the listed keys with the delete scope', () => {
    const d = complianceKeysCheck.detect(fixture('api-access-list.html'))!;
    expect(d.scopes.size).toBe(0);
    expect(d.listedKeys).toEqual(['Admin companion', 'SIEM export', 'Retention tool']);
    const f = complianceKeysCheck.local!(d);
    expect(ids(f)).toEqual(['compliance-keys.scopes', 'compliance-keys.listed-delete']);
    expect(f[1]!.detail).toContain('Retention tool');
  });

  it('reads the older Data and privacy location (ARIA grid rows)', () => {
    const d = complianceKeysCheck.detect(fixture('data-privacy-legacy.html'))!;
    expect(d.listedDeleteKeys).toEqual(['Legacy export']);
  });

  it('starts and tears down its live watch', () => {
    const doc = fixture('api-access-create.html');
    let calls = 0;
    const stop = complianceKeysCheck.watch!(doc, () => calls++);
    const box = doc.getElementById('s3')!;
    box.dispatchEvent(new (doc.defaultView as unknown as { Event: typeof Event }).Event('change', { bubbles: true }));
    expect(calls).toBe(1);
    stop();
    box.dispatchEvent(new (doc.defaultView as unknown as { Event: typeof Event }).Event('change', { bubbles: true }));
    expect(calls).toBe(1);
  });
});

describe('Analytics API keys', () => {
  it('reads the read:analytics box live, not the toggle', () => {
    const doc = fixture('analytics-api-keys.html');
    const d = analyticsKeysCheck.detect(doc)!;
    expect(d).toEqual({ scopeTicked: false });
    expect(ids(analyticsKeysCheck.local!(d))).toEqual(['analytics-keys.toggle', 'analytics-keys.scope-missing']);
    (doc.getElementById('a1') as HTMLInputElement).checked = true;
    expect(ids(analyticsKeysCheck.local!(analyticsKeysCheck.detect(doc)!))).toEqual(['analytics-keys.toggle', 'analytics-keys.scope-ok']);
  });
});

describe('SCIM setup', () => {
  it('offers the endpoint URL shown as text, never the token in its field', () => {
    const d = scimSetupCheck.detect(fixture('identity-scim.html'))!;
    expect(d.url).toBe('https://scim.example.com/scim/v2.0/directory_01HXYZ');
    const [f] = scimSetupCheck.local!(d);
    expect(f!.action).toEqual({ kind: 'use-scim-url', label: 'Use this SCIM URL in the extension', value: d.url });
    expect(JSON.stringify(scimSetupCheck.local!(d))).not.toContain('scim_tok_');
  });

  it('offers nothing before SCIM is set up (a docs link in a sentence is not the endpoint)', () => {
    const d = scimSetupCheck.detect(fixture('identity-no-scim.html'))!;
    expect(d.url).toBeNull();
    expect(scimSetupCheck.local!(d)).toEqual([]);
  });
});

describe('Connectors and Members', () => {
  it('lists connector names with the element each badge follows', () => {
    const d = connectorsCheck.detect(fixture('connectors.html'))!;
    expect([...d.items.keys()]).toEqual(['Acme CRM', 'Internal wiki']);
    expect(d.items.get('Acme CRM')!.tagName).toBe('H3');
    expect(connectorsCheck.input!(d)).toEqual({ connectors: ['Acme CRM', 'Internal wiki'] });
  });

  it('lists member emails (lower case) from the table rows, skipping the header', () => {
    const d = membersCheck.detect(fixture('members.html'))!;
    expect(membersCheck.input!(d)).toEqual({ members: ['ada@example.com', 'grace@example.com', 'alan@example.com'] });
    expect(d.people.get('grace@example.com')!.textContent).toBe('Grace@Example.com');
  });

  it('does nothing on a page of another kind', () => {
    expect(membersCheck.detect(fixture('settings-profile.html'))).toBeNull();
    expect(connectorsCheck.detect(fixture('members.html'))).toBeNull();
  });
});
