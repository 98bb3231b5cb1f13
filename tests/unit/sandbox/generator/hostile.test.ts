import { describe, expect, it } from 'vitest';
import { HOSTILE, generateOrg, isHostile, toDirectoryView } from '../../../sandbox/generator/index.ts';
import { samplePlugins } from '../../../sandbox/compliance/plugins.ts';
import { AdminOrgData } from '../../../sandbox/admin/data.ts';
import { SIZE_PRESETS } from '../../../sandbox/shared/contracts.ts';

const NOW = '2026-11-22T03:00:00.000Z';
const org = (hostile?: boolean) => generateOrg({ seed: 7, size: SIZE_PRESETS.tiny, now: NOW, ...(hostile === undefined ? {} : { hostile }) });

describe('the hostile sandbox organization', () => {
  it('leaves the default output unchanged', () => {
    const plain = org();
    const off = org(false);
    expect(JSON.stringify(toDirectoryView(off))).toBe(JSON.stringify(toDirectoryView(plain)));
    expect(off.activities.order.length).toBe(plain.activities.order.length);
    const view = JSON.stringify(toDirectoryView(plain));
    expect(view).not.toContain('data-hostile');
    expect(view).not.toContain(HOSTILE.long.slice(0, 40));
    expect(samplePlugins(plain).some((p) => isHostile(p.name))).toBe(false);
    expect(new AdminOrgData(plain).users.some((u) => u.role === HOSTILE.unknownRole)).toBe(false);
  });

  it('puts the hostile strings into every source, the same way every time', () => {
    const a = org(true);
    const b = org(true);
    expect(JSON.stringify(toDirectoryView(a))).toBe(JSON.stringify(toDirectoryView(b)));
    const view = toDirectoryView(a);
    // Directory (Compliance users, Analytics, SCIM): markup, an override, 100k characters, zero-width characters.
    expect(view.users.map((u) => u.fullName)).toEqual(expect.arrayContaining([`Eve ${HOSTILE.html}`, `Mallory ${HOSTILE.bidi}`, HOSTILE.long, `Trent ${HOSTILE.zeroWidth}`]));
    expect(HOSTILE.long).toHaveLength(100_000);
    expect(view.groups.some((g) => g.name.includes('data-hostile'))).toBe(true);
    expect(view.mcpServers.filter((s) => isHostile(s.name))).toHaveLength(3);
    // The activity feed carries the hostile server names.
    const events = a.activities.order.map((seq) => JSON.stringify(a.activities.materialise(seq)));
    expect(events.some((e) => e.includes('Wiki <b data-hostile'))).toBe(true);
    // The javascript: URL is what chat transcripts report as the server's URL (the deep scan reads it).
    expect(a.mcpServers.filter((s) => s.url === HOSTILE.jsUrl)).toHaveLength(1);
    // Plugins and the Admin API: hostile strings and values no spec lists.
    const plugin = samplePlugins(a).find((p) => p.id === 'plugin_sbxHostile000001')!;
    expect(plugin.description).toBe(HOSTILE.long);
    expect(plugin.versions[0]!.components![0]!.type).toBe(HOSTILE.unknownComponent);
    const admin = new AdminOrgData(a);
    expect(admin.users.filter((u) => u.role === HOSTILE.unknownRole)).toHaveLength(1);
    expect(admin.groups.filter((g) => (g.source_type as string) === 'future_source')).toHaveLength(1);
    // Emails stay addresses every source can key people by.
    for (const u of view.users) expect(u.email).toMatch(/^[^\s<>"]+@[^\s<>"]+$/);
  });
});
