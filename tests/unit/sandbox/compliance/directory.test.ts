import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompliance, walkPages, type Harness } from './helpers.ts';

describe('compliance sandbox: organizations, users, roles, settings, groups', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCompliance({ size: 'demo', seed: 9, recordAccessEvents: false });
  });
  afterAll(() => h.close());

  it('O1 lists the linked organizations (not the parent) by created_at', async () => {
    const r = await h.call('/organizations');
    expect(r.body.has_more).toBe(false);
    expect(r.body.next_page).toBeNull();
    expect(r.body.data.map((o: { uuid: string }) => o.uuid)).toEqual(h.org.organizations.map((o) => o.uuid));
    expect(r.body.data.map((o: { uuid: string }) => o.uuid)).not.toContain(h.org.parent.uuid);
    expect(Object.keys(r.body.data[0]).sort()).toEqual(['created_at', 'name', 'uuid']);
    const paged = await walkPages(h, '/organizations', { limit: 1 });
    expect(paged.pages).toBe(h.org.organizations.length);
    expect(paged.items).toEqual(r.body.data);
  });

  it('O2 pages through current members exactly once, by join date', async () => {
    const o = h.org.organizations[0]!;
    const { items, pages } = await walkPages(h, `/organizations/${o.uuid}/users`, { limit: 37 });
    const members = h.org.memberships[0]!;
    expect(items).toHaveLength(members.length);
    expect(pages).toBe(Math.ceil(members.length / 37));
    expect(new Set(items.map((u) => (u as { id: string }).id)).size).toBe(members.length);
    expect(items[0]).toEqual({
      id: h.org.users[members[0]!.userIndex]!.id,
      full_name: h.org.users[members[0]!.userIndex]!.fullName,
      email: h.org.users[members[0]!.userIndex]!.email,
      organization_role: members[0]!.role,
      created_at: expect.any(String),
    });
    const departed = h.org.users.filter((u) => !u.active).map((u) => u.id);
    for (const u of items) expect(departed).not.toContain((u as { id: string }).id);
    const def = await h.call(`/organizations/${o.uuid}/users`);
    expect(def.body.data).toHaveLength(Math.min(500, members.length));
    const max = await h.call(`/organizations/${o.uuid}/users`, { query: { limit: 1001 } });
    expect(max.body.error.message).toBe('The limit parameter must be between 1 and 1000, inclusive. Got 1001.');
  });

  it('O2/O3 with an unknown organization: 404 with the documented text', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const path of [`/organizations/${missing}/users`, `/organizations/${missing}/roles`]) {
      const r = await h.call(path);
      expect(r.status).toBe(404);
      expect(r.body.error).toEqual({ type: 'not_found_error', message: `The "${missing}" organization does not exist or the requester is not authorized to access it.` });
    }
  });

  it('O3/O4/O5 roles and permissions', async () => {
    const role = h.org.roles[0]!;
    const o = h.org.organizations[role.orgIndex]!;
    const list = await h.call(`/organizations/${o.uuid}/roles`);
    expect(list.body.data.map((r: { id: string }) => r.id)).toContain(role.id);
    const one = await h.call(`/organizations/${o.uuid}/roles/${role.id}`);
    expect(one.body).toEqual({ id: role.id, name: role.name, description: role.description, created_at: expect.anything(), updated_at: expect.anything() });
    const perms = await h.call(`/organizations/${o.uuid}/roles/${role.id}/permissions`);
    expect(perms.body.data).toEqual(role.permissions);
    expect(perms.body.data[0].resource_type).toBe('organization');
    const missing = await h.call(`/organizations/${o.uuid}/roles/rbac_role_01nonexistent`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('Role not found.');
  });

  it('O6 settings: typed rows and api_keys without secrets, including deactivated and delete-scope keys', async () => {
    const o = h.org.organizations[1]!;
    const r = await h.call(`/organizations/${o.uuid}/settings`);
    expect(r.status).toBe(200);
    expect(r.body.type).toBe('effective_organization_settings');
    expect(r.body.organization_id).toBe(o.uuid);
    const row = r.body.settings.find((s: { name: string }) => s.name === 'connector_tools_default_always_allow');
    expect(row).toEqual({ name: 'connector_tools_default_always_allow', type: 'boolean', value: true });
    const retention = r.body.settings.find((s: { name: string }) => s.name === 'data_retention_periods');
    expect(retention.type).toBe('data_retention');
    const keys = r.body.api_keys as Array<{ name: string; is_active: boolean; scopes: string[]; type: string; created_at: string }>;
    expect(keys.find((k) => k.name === h.keys.compliance.revoked.label)!.is_active).toBe(false);
    expect(keys.find((k) => k.name === h.keys.compliance.withDelete.label)!.scopes).toContain('delete:compliance_user_data');
    expect(keys.find((k) => k.name === h.keys.compliance.retiredScope.label)!.scopes).toEqual(['read:compliance_org_settings']);
    expect(keys.map((k) => k.name)).not.toContain(h.keys.compliance.admin.label);
    for (const k of keys) expect(k.type).toBe('compliance_api_key');
    expect([...keys].sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at))).toEqual(keys);
    expect(r.text).not.toContain('sk-ant-');
    // The same key list for any organization.
    const other = await h.call(`/organizations/${h.org.organizations[0]!.uuid}/settings`);
    expect(other.body.api_keys).toEqual(r.body.api_keys);
  });

  it('O6 answers the hierarchy 404 for the parent, unknown UUIDs and non-UUIDs', async () => {
    for (const id of [h.org.parent.uuid, '00000000-0000-4000-8000-000000000000', h.org.organizations[0]!.id]) {
      const r = await h.call(`/organizations/${id}/settings`);
      expect(r.status).toBe(404);
      expect(r.body.error.message).toBe(`organization \`${id}\` not found in this organization's hierarchy`);
    }
  });

  it('G1/G2/G3 groups: paging, name_prefix, members, 404', async () => {
    const { items } = await walkPages(h, '/groups', { limit: 5 });
    expect(items).toHaveLength(h.org.groups.length);
    const g = h.org.groups[2]!;
    const one = await h.call(`/groups/${g.id}`);
    expect(one.body).toMatchObject({ id: g.id, name: g.name, source_type: g.source, roles: g.roleIds });
    const prefixed = await h.call('/groups', { query: { name_prefix: g.name.slice(0, 3) } });
    for (const x of prefixed.body.data) expect(x.name.startsWith(g.name.slice(0, 3))).toBe(true);
    expect(prefixed.body.data.map((x: { id: string }) => x.id)).toContain(g.id);
    const members = await walkPages(h, `/groups/${g.id}/members`, { limit: 4 });
    expect(members.items).toHaveLength(g.members.length);
    expect(Object.keys(members.items[0] as object).sort()).toEqual(['created_at', 'email', 'updated_at', 'user_id']);
    const missing = await h.call('/groups/rbac_group_01nonexistent');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('Group not found.');
    const membersNeedUserData = await h.call(`/groups/${g.id}/members`, { key: h.keys.compliance.noUserData.secret });
    expect(membersNeedUserData.status).toBe(403);
  });

  it('page tokens are opaque `page_…` strings bound to their endpoint; malformed ones are 400', async () => {
    const first = await h.call('/groups', { query: { limit: 2 } });
    expect(first.body.next_page).toMatch(/^page_/);
    const o = h.org.organizations[0]!;
    const foreign = await h.call(`/organizations/${o.uuid}/users`, { query: { page: first.body.next_page } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.type).toBe('invalid_request_error');
    const garbage = await h.call('/groups', { query: { page: 'page_garbage!!' } });
    expect(garbage.status).toBe(400);
  });
});
