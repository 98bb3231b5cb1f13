import { describe, expect, it } from 'vitest';
import { hrefs } from '../../../lib/changes/hrefs.ts';
import { parseRoute } from '../../../components/inventory/routes.ts';

const route = (href: string) => parseRoute(href.slice(href.indexOf('#')));

describe('evidence links', () => {
  it('are routes the inventory understands', () => {
    expect(route(hrefs.model('claude-opus-5-5'))).toEqual({ view: 'model', id: 'claude-opus-5-5' });
    expect(route(hrefs.model(''))).toEqual({ view: 'model', id: '' });
    expect(route(hrefs.server('mcpsrv_1/x', 'tools'))).toEqual({ view: 'mcp-server', id: 'mcpsrv_1/x', tab: 'tools' });
    expect(route(hrefs.person('user_1'))).toEqual({ view: 'person', id: 'user_1' });
    expect(route(hrefs.changes())).toEqual({ view: 'changes' });
    expect(route(hrefs.budgets())).toEqual({ view: 'budgets' });
    expect(route(hrefs.plugins())).toEqual({ view: 'plugins' });
    expect(route(hrefs.plugin('plugin_1'))).toEqual({ view: 'plugin', id: 'plugin_1' });
  });
});
