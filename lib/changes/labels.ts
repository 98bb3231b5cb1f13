/**
 * Words of the Changes view, kept apart from the summarizers so pages load them without the sources' code.
 * tests/unit/changes/labels.test.ts checks they cover every registered source and kind.
 */
export const SOURCE_LABELS: Readonly<Record<string, string>> = {
  compliance: 'Compliance',
  analytics: 'Analytics',
  scim: 'SCIM',
  admin: 'Admin API',
  plugins: 'Plugins',
};

export const KIND_NOUNS: Readonly<Record<string, string>> = {
  model: 'Model',
  mcpServer: 'MCP server',
  toolPolicy: 'Tool policy',
  apiKey: 'API key',
  ownKey: 'Compliance key',
  connector: 'Connector in use',
  spendModel: 'Model with spend',
  scimUser: 'Person',
  scimGroup: 'Group',
  scimMember: 'Group membership',
  member: 'Member',
  rbacGroup: 'RBAC group',
  rbacMember: 'Group membership',
  plugin: 'Plugin',
};

export const RULE_TITLES: Readonly<Record<string, string>> = {
  'new-server-or-plugin': 'A new MCP server or plugin',
  'always-allow': 'A tool set to Always allow',
  'server-without-policies': 'An MCP server with no tool policies',
  'plugin-scan': 'A plugin content scan fails or warns',
  'model-retiring': 'A model in use retires within 60 days',
  'budget-threshold': 'A team or person past 75/90/100% of their budget',
  'delete-scope': 'A key with the delete scope',
};

export const sourceLabel = (id: string) => SOURCE_LABELS[id] ?? id;
export const kindNoun = (kind: string) => KIND_NOUNS[kind] ?? kind;

/** "added" → "Added"; "gained delete scope" → "Gained delete scope". */
export const changeLabel = (change: string) => change.charAt(0).toUpperCase() + change.slice(1);
