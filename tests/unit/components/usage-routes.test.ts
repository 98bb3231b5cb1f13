import { describe, expect, it } from 'vitest';
import { listOf, parseRoute, personHref, routeHash } from '../../../components/inventory/routes.ts';

describe('Usage & spend routes', () => {
  it('parses the tab and a person page, round-tripping API ids', () => {
    expect(parseRoute('#/usage')).toEqual({ view: 'usage' });
    const id = 'user_01 ünïcode/?#';
    expect(parseRoute(personHref(id))).toEqual({ view: 'person', id });
    expect(routeHash({ view: 'usage' })).toBe('#/usage');
    expect(listOf({ view: 'person', id: 'user_1' })).toBe('usage');
    expect(parseRoute('#/people/')).toEqual({ view: 'usage' });
    expect(parseRoute('#/people/%E0%A4%A')).toEqual({ view: 'usage' });
  });
});
