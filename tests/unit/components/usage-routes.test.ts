import { describe, expect, it } from 'vitest';
import { groupHref, listOf, parseRoute, personHref, routeHash } from '../../../components/inventory/routes.ts';

describe('Usage & spend routes', () => {
  it('parses the tab and a person page, round-tripping API ids', () => {
    expect(parseRoute('#/usage')).toEqual({ view: 'usage' });
    const id = 'user_01 ünïcode/?#';
    expect(parseRoute(personHref(id))).toEqual({ view: 'person', id });
    expect(routeHash({ view: 'usage' })).toBe('#/usage');
    // One person page for identity and usage: it belongs to the People tab.
    expect(listOf({ view: 'person', id: 'user_1' })).toBe('people');
    expect(parseRoute('#/people')).toEqual({ view: 'people' });
    expect(parseRoute('#/people/')).toEqual({ view: 'people' });
    expect(parseRoute('#/people/%E0%A4%A')).toEqual({ view: 'people' });
    expect(parseRoute('#/groups')).toEqual({ view: 'groups' });
    expect(parseRoute(groupHref('rbac:rbac_group_1'))).toEqual({ view: 'group', id: 'rbac:rbac_group_1' });
    expect(listOf({ view: 'group', id: 'x' })).toBe('groups');
    expect(routeHash({ view: 'people' })).toBe('#/people');
  });
});
