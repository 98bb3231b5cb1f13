/**
 * Findings are statements built from facts, never scores. Each one cites the evidence it rests on: the
 * record or event (with its id) and the date, so the admin can check it. Hints (guesses from a name) are a
 * separate kind and always say so.
 */

/** Where a piece of evidence can be opened in the product (the UI turns it into a link). */
export type EvidenceRef =
  | { type: 'event'; id: string }
  | { type: 'mcp-server'; id: string }
  | { type: 'plugin'; id: string }
  | { type: 'role'; id: string }
  | { type: 'model'; id: string }
  | { type: 'catalog'; id: string };

export interface Evidence {
  /** What the fact was read from, e.g. "Compliance event mcp_tool_policy_updated". */
  source: string;
  /** The record or event id; null when the source has none (e.g. a count). */
  id: string | null;
  /** When the fact was recorded (RFC 3339 or a date); null when the source has no date. */
  date: string | null;
  /** The field and value, e.g. "max_permission = allow". */
  detail: string;
  ref?: EvidenceRef;
}

/** `fact`: stated by a source. `inferred`: concluded from facts by a documented rule. `hint`: a guess from a name only. */
export type FindingKind = 'fact' | 'inferred' | 'hint';

export interface Finding {
  /** Stable within one rendering (topic + subject). */
  key: string;
  kind: FindingKind;
  /** What the statement is about, for grouping: permission, history, people, roles, plugin, name-hint, … */
  topic: string;
  /** MCP server id, or null for a plugin finding. */
  serverId: string | null;
  /** Tool name ('*' = the server-wide default), or null for the server or a plugin as a whole. */
  tool: string | null;
  pluginId: string | null;
  statement: string;
  evidence: Evidence[];
}
