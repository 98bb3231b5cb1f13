/** O1–O6 (organizations, users, roles, settings) and G1–G3 (groups) — spec §2.2–2.6. */
import type { Request } from 'express';
import { iso } from '../../generator/time.ts';
import type { SandboxGroup, SandboxRole } from '../../generator/index.ts';
import { SCOPE, pathParam, type ApiState, type RouteDef } from '../context.ts';
import { MSG, notFound } from '../errors.ts';
import { decodePageToken, keysetPage, tokenEnvelope, type PageKey } from '../paging.ts';
import { parseLimit, stringParam } from '../params.ts';

const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export function directoryRoutes(state: ApiState): RouteDef[] {
  const { org } = state;

  /** A linked organization from a `{org_uuid}` path segment (UUID form only [unverified]). */
  const linkedOrg = (uuid: string) => {
    const o = org.organizations.find((x) => x.uuid === uuid);
    if (!o) throw notFound(MSG.orgNotFound(uuid));
    return o;
  };

  const pageParams = (req: Request, def: number, max: number, endpoint: string, scope: string) => ({
    limit: parseLimit(req, def, max),
    after: decodePageToken(stringParam(req, 'page'), endpoint, scope),
  });

  const roleJson = (r: SandboxRole) => ({ id: r.id, name: r.name, description: r.description, created_at: isoOrNull(r.createdAtMs), updated_at: isoOrNull(r.updatedAtMs) });
  const groupJson = (g: SandboxGroup) => ({
    id: g.id,
    name: g.name,
    description: g.description,
    source_type: g.source,
    roles: g.roleIds === null ? null : [...g.roleIds],
    created_at: iso(g.createdAtMs),
    updated_at: iso(g.updatedAtMs),
  });
  const roleKey = (r: SandboxRole): PageKey => ({ t: r.createdAtMs ?? 0, id: r.id });

  const findRole = (orgIndex: number, roleId: string) => {
    const r = org.roleIndex(roleId);
    const role = r >= 0 ? org.roles[r] : undefined;
    if (!role || role.orgIndex !== orgIndex) throw notFound(MSG.roleNotFound);
    return role;
  };
  const findGroup = (groupId: string) => {
    const g = org.groupIndex(groupId);
    const group = g >= 0 ? org.groups[g] : undefined;
    if (!group) throw notFound(MSG.groupNotFound);
    return group;
  };

  return [
    {
      method: 'get',
      path: '/organizations',
      scope: SCOPE.orgData,
      handler: (req, res) => {
        const { limit, after } = pageParams(req, 1000, 1000, 'O1', '');
        const items = org.organizations.slice().sort((a, b) => a.createdAtMs - b.createdAtMs || (a.uuid < b.uuid ? -1 : 1));
        const page = keysetPage(items, (o) => ({ t: o.createdAtMs, id: o.uuid }), limit, after);
        res.json(tokenEnvelope('O1', '', page, (o) => ({ uuid: o.uuid, name: o.name, created_at: iso(o.createdAtMs) })));
      },
    },
    {
      method: 'get',
      path: '/organizations/:orgUuid/users',
      scope: SCOPE.userData,
      handler: (req, res) => {
        const uuid = pathParam(req, 'orgUuid');
        const { limit, after } = pageParams(req, 500, 1000, 'O2', uuid);
        const o = linkedOrg(uuid);
        const members = org.memberships[o.index] ?? [];
        const page = keysetPage(members, (m) => ({ t: m.joinedAtMs, id: org.users[m.userIndex]!.id }), limit, after);
        res.json(
          tokenEnvelope('O2', uuid, page, (m) => {
            const u = org.users[m.userIndex]!;
            return { id: u.id, full_name: u.fullName, email: u.email, organization_role: m.role, created_at: iso(u.createdAtMs) };
          }),
        );
      },
    },
    {
      method: 'get',
      path: '/organizations/:orgUuid/roles',
      scope: SCOPE.orgData,
      handler: (req, res) => {
        const uuid = pathParam(req, 'orgUuid');
        const { limit, after } = pageParams(req, 500, 1000, 'O3', uuid);
        const o = linkedOrg(uuid);
        const roles = org.roles.filter((r) => r.orgIndex === o.index).sort((a, b) => roleKey(a).t - roleKey(b).t || (a.id < b.id ? -1 : 1));
        res.json(tokenEnvelope('O3', uuid, keysetPage(roles, roleKey, limit, after), roleJson));
      },
    },
    {
      method: 'get',
      path: '/organizations/:orgUuid/roles/:roleId',
      scope: SCOPE.orgData,
      handler: (req, res) => {
        const o = linkedOrg(pathParam(req, 'orgUuid'));
        res.json(roleJson(findRole(o.index, pathParam(req, 'roleId'))));
      },
    },
    {
      method: 'get',
      path: '/organizations/:orgUuid/roles/:roleId/permissions',
      scope: SCOPE.orgData,
      handler: (req, res) => {
        const uuid = pathParam(req, 'orgUuid');
        const roleId = pathParam(req, 'roleId');
        const { limit, after } = pageParams(req, 500, 1000, 'O5', `${uuid}/${roleId}`);
        const o = linkedOrg(uuid);
        const role = findRole(o.index, roleId);
        const perms = role.permissions.map((p, k) => ({ p, k }));
        const page = keysetPage(perms, (x) => ({ t: x.k, id: '' }), limit, after);
        res.json(tokenEnvelope('O5', `${uuid}/${roleId}`, page, (x) => ({ ...x.p })));
      },
    },
    {
      method: 'get',
      path: '/organizations/:organizationId/settings',
      scope: SCOPE.orgData,
      handler: (req, res) => {
        const uuid = pathParam(req, 'organizationId');
        // Same body for unknown, non-UUID, the parent itself, or an org outside the tree (spec §2.5).
        const o = org.organizations.find((x) => x.uuid === uuid);
        if (!o) throw notFound(MSG.settingsNotFound(uuid));
        res.json({
          type: 'effective_organization_settings',
          organization_id: o.uuid,
          settings: (org.settings[o.index] ?? []).map((s) => ({ name: s.name, type: s.type, value: s.value })),
          api_keys: state.apiKeys.map((k) => ({ ...k, scopes: [...k.scopes] })),
        });
      },
    },
    {
      method: 'get',
      path: '/groups',
      scope: SCOPE.orgData,
      handler: (req, res) => {
        const { limit, after } = pageParams(req, 500, 1000, 'G1', '');
        // name_prefix: case-sensitive prefix match [unverified].
        const prefix = stringParam(req, 'name_prefix') ?? '';
        const groups = org.groups.filter((g) => g.name.startsWith(prefix)).sort((a, b) => a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : 1));
        res.json(tokenEnvelope('G1', '', keysetPage(groups, (g) => ({ t: g.createdAtMs, id: g.id }), limit, after), groupJson));
      },
    },
    {
      method: 'get',
      path: '/groups/:groupId',
      scope: SCOPE.orgData,
      handler: (req, res) => void res.json(groupJson(findGroup(pathParam(req, 'groupId')))),
    },
    {
      method: 'get',
      path: '/groups/:groupId/members',
      scope: SCOPE.userData,
      handler: (req, res) => {
        const groupId = pathParam(req, 'groupId');
        const { limit, after } = pageParams(req, 500, 1000, 'G3', groupId);
        const group = findGroup(groupId);
        const page = keysetPage(group.members, (m) => ({ t: m.addedAtMs, id: org.users[m.userIndex]!.id }), limit, after);
        res.json(
          tokenEnvelope('G3', groupId, page, (m) => {
            const u = org.users[m.userIndex]!;
            return { user_id: u.id, email: u.email, created_at: iso(m.addedAtMs), updated_at: m.updatedAtMs === null ? null : iso(m.updatedAtMs) };
          }),
        );
      },
    },
  ];
}
