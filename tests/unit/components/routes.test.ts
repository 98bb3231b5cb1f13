import { describe, expect, it } from 'vitest';
import { listOf, modelHref, parseRoute, routeHash, serverHref, type Route } from '../../../components/inventory/routes.ts';

describe('inventory hash routes', () => {
  it('parses the list routes, defaulting to Models', () => {
    expect(parseRoute('')).toEqual({ view: 'models' });
    expect(parseRoute('#')).toEqual({ view: 'models' });
    expect(parseRoute('#/models')).toEqual({ view: 'models' });
    expect(parseRoute('#/mcp')).toEqual({ view: 'mcp' });
    expect(parseRoute('#/mcp/')).toEqual({ view: 'mcp' });
    expect(parseRoute('#/whatever')).toEqual({ view: 'models' });
  });

  it('parses detail routes with encoded ids and an optional tab', () => {
    expect(parseRoute('#/models/claude-opus-4-7')).toEqual({ view: 'model', id: 'claude-opus-4-7' });
    expect(parseRoute('#/models/claude-opus-4-7/risk')).toEqual({ view: 'model', id: 'claude-opus-4-7', tab: 'risk' });
    expect(parseRoute('#/mcp/mcpsrv_01AbC')).toEqual({ view: 'mcp-server', id: 'mcpsrv_01AbC' });
    expect(parseRoute('#/mcp/a%2Fb%20c/tools')).toEqual({ view: 'mcp-server', id: 'a/b c', tab: 'tools' });
    expect(parseRoute('#/models/%E0%A4%A')).toEqual({ view: 'models' }); // malformed encoding
  });

  it('round-trips every route, including ids with slashes and the unknown model', () => {
    const routes: Route[] = [
      { view: 'models' },
      { view: 'mcp' },
      { view: 'model', id: 'claude-sonnet-4-5-20250929' },
      { view: 'model', id: '' },
      { view: 'model', id: 'anthropic.claude-opus-4-6-v1:0', tab: 'capabilities' },
      { view: 'mcp-server', id: 'weird/id#with?chars', tab: 'tools' },
    ];
    for (const r of routes) expect(parseRoute(routeHash(r))).toEqual(r);
    expect(modelHref('')).toBe('#/models/~unknown');
    expect(modelHref('claude-opus-4-7')).toBe('#/models/claude-opus-4-7');
    expect(serverHref('a/b')).toBe('#/mcp/a%2Fb');
  });

  it('knows which list a route belongs to', () => {
    expect(listOf({ view: 'model', id: 'x' })).toBe('models');
    expect(listOf({ view: 'mcp-server', id: 'x' })).toBe('mcp');
    expect(listOf({ view: 'mcp' })).toBe('mcp');
  });
});

describe('plugins, findings and lifecycle routes', () => {
  it('round-trip and select their tab', async () => {
    const { parseRoute, routeHash, listOf } = await import('../../../components/inventory/routes.ts');
    for (const hash of ['#/plugins', '#/findings', '#/lifecycle', '#/plugins/plugin_a%2Fb']) expect(routeHash(parseRoute(hash))).toBe(hash);
    expect(parseRoute('#/plugins/plugin_1')).toEqual({ view: 'plugin', id: 'plugin_1' });
    expect(listOf(parseRoute('#/plugins/plugin_1'))).toBe('plugins');
    expect(listOf(parseRoute('#/lifecycle'))).toBe('lifecycle');
    expect(parseRoute('#/plugins/x/extra')).toEqual({ view: 'plugins' });
  });
});
