import { describe, expect, it } from 'vitest';
import { connectorForServer, connectorKey } from '../../../../lib/sources/analytics/views.ts';

const c = (name: string, displayName: string | null = null) => ({ name, displayName });

describe('connector usage is matched to an MCP server by name only', () => {
  it('normalizes case, punctuation and "MCP"/"server" words', () => {
    expect(connectorKey('Atlassian MCP Server')).toBe('atlassian');
    expect(connectorKey('google-drive')).toBe('googledrive');
    expect(connectorKey('MCP')).toBe('');
  });

  it('matches current or former names against name or display name, and refuses ambiguity', () => {
    const all = [c('atlassian', 'Atlassian'), c('github'), c('google_drive', 'Google Drive')];
    expect(connectorForServer(['Atlassian MCP'], all)?.name).toBe('atlassian');
    expect(connectorForServer(['Old name', 'Google Drive'], all)?.name).toBe('google_drive');
    expect(connectorForServer(['Jira'], all)).toBeNull();
    expect(connectorForServer(['GitHub'], [c('github'), c('git-hub')])).toBeNull();
    expect(connectorForServer(['MCP server'], all)).toBeNull();
  });
});
