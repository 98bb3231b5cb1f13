import { describe, expect, it } from 'vitest';
import {
  FUTURE_ACTIVITY_TYPES, UNKNOWN_ACTOR_TYPE, XSS_IMG, addChat, appendActivity, chatMessages, chatRecord, generateOrg, hardDeleteChat, toDirectoryView, touchChat,
  type Activity, type SandboxOrg,
} from '../../../sandbox/generator/index.ts';
import { SIZE_PRESETS } from '../../../sandbox/shared/contracts.ts';
import { MODEL_TABLE } from '../../../sandbox/generator/catalog.ts';

const NOW = '2026-11-22T03:00:00.000Z';
const tiny = () => generateOrg({ seed: 42, size: SIZE_PRESETS.tiny, now: NOW });
const demo = generateOrg({ seed: 7, size: SIZE_PRESETS.demo, now: NOW });

function allActivities(org: SandboxOrg): Activity[] {
  return org.activities.order.map((seq) => org.activities.materialise(seq));
}

/** Chat indices in updated_at order, as the API walks them. */
function updatedOrder(org: SandboxOrg): number[] {
  const out: number[] = [];
  for (let s = 0; s < org.chats.slotLen; s++) {
    const i = org.chats.slotChat(s);
    if (i >= 0) out.push(i);
  }
  return out;
}

describe('generator: determinism', () => {
  it('same seed, size and now give identical data', () => {
    const a = tiny();
    const b = tiny();
    expect(JSON.stringify(toDirectoryView(a))).toBe(JSON.stringify(toDirectoryView(b)));
    expect(JSON.stringify(allActivities(a))).toBe(JSON.stringify(allActivities(b)));
    for (let i = 0; i < a.chatCount; i++) {
      expect(chatRecord(a, i)).toEqual(chatRecord(b, i));
      expect(chatMessages(a, i)).toEqual(chatMessages(b, i));
    }
    expect(a.settings).toEqual(b.settings);
  });

  it('another seed gives different data', () => {
    const a = tiny();
    const c = generateOrg({ seed: 43, size: SIZE_PRESETS.tiny, now: NOW });
    expect(c.users.map((u) => u.id)).not.toEqual(a.users.map((u) => u.id));
    expect(chatRecord(c, 1).id).not.toBe(chatRecord(a, 1).id);
  });
});

describe('generator: sizes and shapes', () => {
  it.each(['tiny', 'demo'] as const)('%s: every size knob is an exact count', (preset) => {
    const size = SIZE_PRESETS[preset];
    const org = preset === 'demo' ? demo : tiny();
    expect(org.organizations).toHaveLength(size.organizations);
    expect(org.users).toHaveLength(size.users);
    expect(org.groups).toHaveLength(size.groups);
    expect(org.roles).toHaveLength(size.roles);
    expect(org.projects).toHaveLength(size.projects);
    expect(org.chatCount).toBe(size.chats);
    expect(org.mcpServers).toHaveLength(size.mcpServers);
    const acts = allActivities(org);
    expect(acts.filter((a) => a.type === 'mcp_tool_policy_updated')).toHaveLength(size.toolPolicyEvents);
    let lazy = 0;
    for (let s = 0; s < org.activities.count; s++) lazy += org.activities.lazy[s]!;
    expect(lazy).toBe(size.noiseEvents);
  });

  it('tagged ids and UUIDs have the documented shapes and are unique', () => {
    const org = demo;
    for (const o of org.organizations) {
      expect(o.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(o.id).toMatch(/^org_01[0-9A-Za-z]{22}$/);
    }
    expect(new Set(org.users.map((u) => u.id)).size).toBe(org.users.length);
    expect(new Set(org.users.map((u) => u.email)).size).toBe(org.users.length);
    for (const u of org.users) expect(u.id).toMatch(/^user_01[0-9A-Za-z]{22}$/);
    for (const p of org.projects) expect(p.id).toMatch(/^claude_proj_01[0-9A-Za-z]{22}$/);
    for (const g of org.groups) expect(g.id).toMatch(/^rbac_group_01[0-9A-Za-z]{22}$/);
    for (const r of org.roles) expect(r.id).toMatch(/^rbac_role_01[0-9A-Za-z]{22}$/);
    for (const s of org.mcpServers) expect(s.id).toMatch(/^mcpsrv_01[0-9A-Za-z]{22}$/);
    const chatIds = new Set<string>();
    for (let i = 0; i < org.chatCount; i++) {
      const id = org.chats.id(i);
      expect(org.chats.indexOf(id)).toBe(i);
      chatIds.add(id);
    }
    expect(chatIds.size).toBe(org.chatCount);
    expect(org.chats.indexOf('claude_chat_01H5CWunD7RpVJ5bHa8RCkja')).toBe(-1);
  });

  it('chats: skewed model mix with a long tail of older and retired models, plus legacy, deleted, project and user-less chats', () => {
    const org = demo;
    const shares = org.modelShares;
    expect(shares[0]!.share).toBeGreaterThan(0.15);
    expect(shares.slice(0, 3).reduce((s, m) => s + m.share, 0)).toBeGreaterThan(0.4);
    expect(shares.length).toBeGreaterThanOrEqual(12);
    const known = new Set(MODEL_TABLE.map((m) => m.id));
    for (const m of shares) expect(known.has(m.id)).toBe(true);
    const retired = MODEL_TABLE.filter((m) => m.until !== undefined && Date.parse(m.until) < Date.parse(NOW)).map((m) => m.id);
    expect(shares.some((m) => retired.includes(m.id))).toBe(true);
    let nullModel = 0;
    let deleted = 0;
    let withProject = 0;
    let noUser = 0;
    for (let i = 0; i < org.chatCount; i++) {
      const c = chatRecord(org, i);
      if (c.model === null) nullModel++;
      if (c.deleted_at !== null) deleted++;
      if (c.project_id !== null) withProject++;
      if (c.user === null) noUser++;
      expect(Date.parse(c.created_at)).toBeLessThanOrEqual(Date.parse(c.updated_at));
      expect(Date.parse(c.updated_at)).toBeLessThan(Date.parse(NOW));
      expect(c.href).toMatch(/^https:\/\/claude\.ai\/chat\/[0-9a-f-]{36}$/);
    }
    expect(nullModel).toBeGreaterThan(0);
    expect(deleted).toBeGreaterThan(0);
    expect(withProject).toBeGreaterThan(0);
    expect(noUser).toBeGreaterThan(0);
    // Even tiny has every edge case.
    const t = tiny();
    const recs = Array.from({ length: t.chatCount }, (_, i) => chatRecord(t, i));
    expect(recs.some((c) => c.model === null)).toBe(true);
    expect(recs.some((c) => c.deleted_at !== null)).toBe(true);
    expect(recs.some((c) => c.user === null)).toBe(true);
  });

  it('a chat project belongs to the chat organization; chats live in claude.ai organizations only', () => {
    const org = demo;
    for (let i = 0; i < org.chatCount; i++) {
      const c = chatRecord(org, i);
      const o = org.organizations.find((x) => x.uuid === c.organization_uuid)!;
      expect(o.kind).toBe('claude_ai');
      if (c.project_id !== null) expect(org.projects[org.projectIndex(c.project_id)]!.orgIndex).toBe(o.index);
    }
  });

  it('directory: roles, memberships, groups and settings', () => {
    const org = demo;
    const roles = new Set(org.memberships.flat().map((m) => m.role));
    expect(roles.has('primary_owner')).toBe(true);
    expect(roles.has('owner')).toBe(true);
    expect(roles.has('user')).toBe(true);
    expect(org.memberships.flat().filter((m) => m.role === 'primary_owner')).toHaveLength(1);
    expect(org.users.some((u) => !u.active)).toBe(true);
    for (const list of org.memberships) for (const m of list) expect(org.users[m.userIndex]!.active).toBe(true);
    expect(new Set(org.groups.map((g) => g.source))).toEqual(new Set(['direct', 'scim']));
    for (const r of org.roles) expect(r.permissions.length).toBeGreaterThan(0);
    for (const rows of org.settings) {
      const names = rows.map((r) => r.name);
      expect(names).toContain('connector_tools_default_always_allow');
      expect(names).toContain('data_retention_periods');
      expect(names).toContain('sso_provisioning_mode');
    }
    const always = org.settings.map((rows) => rows.find((r) => r.name === 'connector_tools_default_always_allow')!.value);
    expect(new Set(always)).toEqual(new Set([true, false]));
    expect(org.projects.some((p) => p.deletedAtMs !== null)).toBe(true);
    expect(new Set(org.projects.map((p) => p.isPrivate))).toEqual(new Set([true, false]));
  });

  it('names include unicode and HTML payloads that must be escaped', () => {
    const org = demo;
    expect(org.users.some((u) => u.fullName === XSS_IMG)).toBe(true);
    expect(org.mcpServers.some((s) => s.originalName.includes('<img'))).toBe(true);
    expect(org.projects.some((p) => p.name.includes('<script>'))).toBe(true);
    expect(org.users.some((u) => /\P{ASCII}/u.test(u.fullName))).toBe(true);
    expect(org.projects.some((p) => /\p{Extended_Pictographic}/u.test(p.name))).toBe(true);
  });
});

describe('generator: activity feed', () => {
  const acts = allActivities(demo);

  it('is sorted by (created_at, id) with unique ids, all before now and after the audit start', () => {
    const ids = new Set<string>();
    for (let k = 0; k < acts.length; k++) {
      const a = acts[k]!;
      ids.add(a.id);
      expect(a.id).toMatch(/^activity_01[0-9A-Za-z]{22}$/);
      expect(Date.parse(a.created_at)).toBeLessThan(Date.parse(NOW));
      expect(Date.parse(a.created_at)).toBeGreaterThanOrEqual(demo.auditStartMs);
      if (k > 0) {
        const prev = acts[k - 1]!;
        const c = Date.parse(prev.created_at) - Date.parse(a.created_at) || (prev.id < a.id ? -1 : 1);
        expect(c).toBeLessThan(0);
      }
    }
    expect(ids.size).toBe(acts.length);
  });

  it('replays into MCP servers: created/renamed/deleted, servers configured before the audit log, tool policies incl. the * default and cleared rows', () => {
    const byServer = new Map<string, Activity[]>();
    for (const a of acts) if (typeof a.mcp_server_id === 'string') byServer.set(a.mcp_server_id, [...(byServer.get(a.mcp_server_id) ?? []), a]);
    const pre = demo.mcpServers.filter((s) => s.preAudit);
    expect(pre.length).toBeGreaterThan(0);
    for (const s of pre) {
      const events = byServer.get(s.id) ?? [];
      expect(events.some((e) => e.type === 'mcp_server_created')).toBe(false);
      expect(events.some((e) => e.type === 'mcp_tool_policy_updated')).toBe(true);
    }
    const renamed = demo.mcpServers.find((s) => s.renamedTo !== null)!;
    const upd = (byServer.get(renamed.id) ?? []).find((e) => e.type === 'mcp_server_updated')!;
    expect(upd.mcp_server_name).toBe(renamed.renamedTo);
    const deleted = demo.mcpServers.find((s) => s.deletedAtMs !== null)!;
    const dEvents = byServer.get(deleted.id)!;
    expect(dEvents[dEvents.length - 1]!.type).toBe('mcp_server_deleted');
    const policies = acts.filter((a) => a.type === 'mcp_tool_policy_updated');
    expect(new Set(policies.map((p) => p.max_permission))).toEqual(new Set(['allow', 'ask', 'blocked', null]));
    expect(policies.some((p) => p.tool_name === '*')).toBe(true);
    // A cleared row always follows a value for the same tool.
    const state = new Map<string, unknown>();
    for (const p of policies) {
      const k = `${p.mcp_server_id as string}/${p.tool_name as string}`;
      if (p.max_permission === null) expect(state.get(k)).toBeTruthy();
      state.set(k, p.max_permission);
    }
    const types = new Set(acts.map((a) => a.type));
    for (const t of ['integration_user_connected', 'integration_user_disconnected', 'admin_connector_request_resolved', 'mcp_directory_server_published', 'mcp_server_managed_auth_updated', 'org_model_default_updated'])
      expect(types.has(t)).toBe(true);
  });

  it('mixes in noise, unknown future types and an unknown actor type', () => {
    const types = new Set(acts.map((a) => a.type));
    for (const t of ['sso_login_succeeded', 'claude_chat_created', 'compliance_api_accessed', ...FUTURE_ACTIVITY_TYPES]) expect(types.has(t)).toBe(true);
    expect(acts.some((a) => a.actor.type === UNKNOWN_ACTOR_TYPE)).toBe(true);
    const tinyActs = allActivities(tiny());
    expect(tinyActs.some((a) => a.actor.type === UNKNOWN_ACTOR_TYPE)).toBe(true);
    expect(tinyActs.some((a) => (FUTURE_ACTIVITY_TYPES as readonly string[]).includes(a.type))).toBe(true);
    const login = acts.find((a) => a.type === 'sso_login_succeeded')!;
    expect(login.organization_id).toBeNull();
    expect(login.actor.type).toBe('user_actor');
    const chatEvent = acts.find((a) => a.type === 'claude_chat_created')!;
    expect(demo.chats.indexOf(chatEvent.claude_chat_id as string)).toBeGreaterThanOrEqual(0);
  });

  it('chat transcripts carry MCP tool_use/tool_result blocks naming servers of the chat organization', () => {
    let found = 0;
    for (let i = 0; i < demo.chatCount && found < 20; i++) {
      const msgs = chatMessages(demo, i);
      for (const m of msgs) {
        for (const b of m.content) {
          if ((b.type === 'tool_use' || b.type === 'tool_result') && b.integration_name !== null) {
            const servers = demo.mcpServers.filter((s) => s.orgIndex === demo.chats.org[i] && s.url === b.mcp_server_url);
            expect(servers.length).toBeGreaterThan(0);
            expect(servers.some((s) => (s.renamedTo ?? s.originalName) === b.integration_name)).toBe(true);
            found++;
          }
        }
      }
    }
    expect(found).toBeGreaterThan(0);
  });
});

describe('generator: mutation helpers', () => {
  it('touchChat moves a chat to the end of the updated_at order, optionally with a new model', () => {
    const org = tiny();
    const before = updatedOrder(org);
    const target = before[3]!;
    const at = org.nowMs + 1000;
    touchChat(org, target, at, { model: 'claude-opus-5-5' });
    const after = updatedOrder(org);
    expect(after).toHaveLength(before.length);
    expect(after[after.length - 1]).toBe(target);
    expect(after.filter((i) => i !== target)).toEqual(before.filter((i) => i !== target));
    const rec = chatRecord(org, target);
    expect(rec.model).toBe('claude-opus-5-5');
    expect(Date.parse(rec.updated_at)).toBe(at);
    // The transcript gained an exchange at the new time.
    const msgs = chatMessages(org, target);
    expect(msgs[msgs.length - 1]!.created_at).toBe(rec.updated_at);
    // Touching two chats at the same instant keeps both at the end, in touch order.
    const second = before[0]!;
    touchChat(org, second, at);
    const again = updatedOrder(org);
    expect(again.slice(-2)).toEqual([target, second]);
    expect(Date.parse(chatRecord(org, second).updated_at)).toBeGreaterThan(at);
  });

  it('hardDeleteChat and addChat', () => {
    const org = tiny();
    const n = org.chatCount;
    expect(hardDeleteChat(org, 5)).toBe(true);
    expect(hardDeleteChat(org, 5)).toBe(false);
    expect(org.chatCount).toBe(n - 1);
    expect(updatedOrder(org)).not.toContain(5);
    const i = addChat(org, org.nowMs + 5000, { model: 'claude-haiku-5-5' });
    expect(org.chatCount).toBe(n);
    expect(updatedOrder(org).at(-1)).toBe(i);
    expect(org.chats.createdPerm[org.chats.createdLen - 1]).toBe(i);
    expect(chatRecord(org, i).model).toBe('claude-haiku-5-5');
  });

  it('appendActivity adds at the end, or in time order for a late event', () => {
    const org = tiny();
    const last = org.activities.count;
    const a = appendActivity(org, org.nowMs + 1000, { type: 'mcp_server_created', orgIndex: 0, payload: { mcp_server_id: 'mcpsrv_01NewNewNewNewNewNewNewNew', mcp_server_name: 'New' } });
    const acts = allActivities(org);
    expect(acts[acts.length - 1]!.id).toBe(a.id);
    expect(a.organization_id).toBe(org.organizations[0]!.id);
    const late = appendActivity(org, org.nowMs + 2000, { type: 'mcp_tool_policy_updated', atMs: org.auditStartMs + 1000, orgIndex: 0, payload: { tool_name: '*', max_permission: 'ask' } });
    const acts2 = allActivities(org);
    expect(acts2).toHaveLength(last + 2);
    const pos = acts2.findIndex((x) => x.id === late.id);
    expect(pos).toBeLessThan(acts2.length - 2);
    expect(Date.parse(acts2[pos + 1]!.created_at)).toBeGreaterThanOrEqual(org.auditStartMs + 1000);
  });
});

describe('generator: large preset', () => {
  it('generates 1M chats and ~200k activities with bounded memory', () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const org = generateOrg({ seed: 1, size: SIZE_PRESETS.large, now: NOW });
    const size = SIZE_PRESETS.large;
    expect(org.chatCount).toBe(size.chats);
    expect(org.users).toHaveLength(size.users);
    expect(org.mcpServers).toHaveLength(size.mcpServers);
    expect(org.activities.count).toBeGreaterThan(size.noiseEvents + size.toolPolicyEvents);
    expect(org.activities.count).toBeLessThan(260_000);
    // Chats are typed arrays, not objects: the JS heap stays far below one object per chat.
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    expect(heapGrowth).toBeLessThan(400 * 1024 * 1024);
    expect(process.memoryUsage().rss).toBeLessThan(1.5 * 1024 * 1024 * 1024);
    // Lazily derived records still resolve at the far end.
    const last = chatRecord(org, size.chats - 1);
    expect(org.chats.indexOf(last.id)).toBe(size.chats - 1);
  }, 60_000);
});

describe('generator: identity preset', () => {
  it('20k users and 500 groups of 20–60 members (40 on average), the same for the same seed', () => {
    const size = SIZE_PRESETS.identity;
    const org = generateOrg({ seed: 7, size, now: NOW });
    expect(org.users).toHaveLength(20_000);
    expect(org.groups).toHaveLength(500);
    const counts = org.groups.map((g) => g.members.length);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...counts)).toBeLessThanOrEqual(60);
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    expect(mean).toBeGreaterThan(38);
    expect(mean).toBeLessThan(42);
    const again = generateOrg({ seed: 7, size, now: NOW });
    expect(again.groups.map((g) => g.members.map((m) => m.userIndex))).toEqual(org.groups.map((g) => g.members.map((m) => m.userIndex)));
  }, 60_000);

  it('presets without an average keep their 2–17% of active users per group', () => {
    const active = demo.users.filter((u) => u.active).length;
    for (const g of demo.groups) {
      expect(g.members.length).toBeGreaterThanOrEqual(Math.max(1, Math.round(active * 0.02)));
      expect(g.members.length).toBeLessThanOrEqual(Math.round(active * 0.17));
    }
  });
});
