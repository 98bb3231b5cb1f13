/**
 * Where the evidence of a change or an alert is: an extension page path with its route
 * ("inventory.html#/mcp/<id>/tools"). The inventory's routes are parsed in components/inventory/routes.ts;
 * lib/ cannot import it, so the forms used here are written out and checked against the parser in
 * tests/unit/changes/hrefs.test.ts.
 */
const UNKNOWN_MODEL_SEGMENT = '~unknown';
const inv = (route: string) => `inventory.html#/${route}`;

export const hrefs = {
  model: (id: string) => inv(`models/${id === '' ? UNKNOWN_MODEL_SEGMENT : encodeURIComponent(id)}`),
  server: (id: string, tab?: 'tools' | 'usages') => inv(`mcp/${encodeURIComponent(id)}${tab ? `/${tab}` : ''}`),
  /** One person's usage and spend (Analytics actor key). */
  person: (actorKey: string) => inv(`people/${encodeURIComponent(actorKey)}`),
  usage: () => inv('usage'),
  budgets: () => inv('budgets'),
  changes: () => inv('changes'),
  /** The directory tabs (People, Groups) and the Plugins tab; routes of those tabs. */
  people: () => inv('people'),
  groups: () => inv('groups'),
  plugins: () => inv('plugins'),
  plugin: (id: string) => inv(`plugins/${encodeURIComponent(id)}`),
  /** The Compliance key's check (Options → Compliance API). */
  complianceKey: () => 'options.html#compliance',
};
