import { describe, expect, it, vi } from 'vitest';
import { collectView, EMPTY_VIEW, isContextAnswer, type AskWorker } from '../../../components/context/view.ts';
import { PAGE_CHECKS } from '../../../lib/context/checks.ts';
import { fixture, url } from './dom.ts';

const answer = (over = {}) => ({ page: null, findings: [], badges: [], dismissed: [], ...over });

describe('what the content script shows', () => {
  it('asks the worker with labels only and places each badge after its member', async () => {
    const doc = fixture('members.html');
    const ask = vi.fn<AskWorker>(async () =>
      answer({ badges: [{ target: 'grace@example.com', label: '1 flag · Last active 2026-10-20', detail: 'Inactive 30+ days.', level: 'warning', open: '#/people/user_grace' }] }),
    );
    const view = await collectView(doc, url('/admin-settings/members'), ask);
    expect(ask).toHaveBeenCalledWith('https://claude.ai/admin-settings/members', { members: ['ada@example.com', 'grace@example.com', 'alan@example.com'] });
    expect(view.sections).toEqual([]);
    expect(view.badges).toHaveLength(1);
    expect(view.badges[0]!.anchor.textContent).toBe('Grace@Example.com');
  });

  it('merges page findings (live checklist) with the worker’s, per check', async () => {
    const doc = fixture('api-access-create.html');
    const ask: AskWorker = async () => answer({ findings: [{ id: 'compliance-keys.no-key', level: 'info', title: 'No key', detail: '' }] });
    const view = await collectView(doc, url('/admin-settings/api-access'), ask);
    expect(view.sections).toEqual([{ checkId: 'compliance-keys', title: 'Compliance access keys', findings: [expect.objectContaining({ id: 'compliance-keys.scopes-missing' }), expect.objectContaining({ id: 'compliance-keys.no-key' })] }]);
  });

  it('still shows the page findings when the worker cannot answer', async () => {
    const view = await collectView(fixture('api-access-create.html'), url('/admin-settings/api-access'), async () => Promise.reject(new Error('restarting')));
    expect(view.sections[0]!.findings.map((f) => f.id)).toEqual(['compliance-keys.scopes-missing']);
  });

  it('on a changed-shape or non-matching page: nothing, and no message to the worker', async () => {
    const ask = vi.fn<AskWorker>(async () => answer());
    for (const path of ['/admin-settings/api-access', '/analytics/api-keys', '/admin-settings/identity', '/admin-settings/connectors', '/admin-settings/members']) {
      expect(await collectView(fixture('changed-shape.html'), url(path), ask)).toEqual(EMPTY_VIEW);
    }
    expect(await collectView(fixture('settings-profile.html'), url('/settings/profile'), ask)).toEqual(EMPTY_VIEW);
    expect(ask).not.toHaveBeenCalled();
  });

  it('a check that throws is skipped, the page is untouched', async () => {
    const check = PAGE_CHECKS.find((c) => c.id === 'members')!;
    const spy = vi.spyOn(check, 'detect').mockImplementation(() => {
      throw new Error('boom');
    });
    try {
      await expect(collectView(fixture('members.html'), url('/admin-settings/members'), async () => answer())).resolves.toEqual(EMPTY_VIEW);
    } finally {
      spy.mockRestore();
    }
  });

  it('accepts only well-formed worker answers', () => {
    expect(isContextAnswer(answer())).toBe(true);
    expect(isContextAnswer({ findings: [{ id: 1 }], badges: [], dismissed: [] })).toBe(false);
    expect(isContextAnswer(null)).toBe(false);
    expect(isContextAnswer({ findings: [] })).toBe(false);
  });
});
