/**
 * Fixed vocabularies of the Analytics imitation: products, skills, plugins, artifact types and the
 * per-user metric layout of `/users`. Values here are synthetic but use the spellings of the
 * Analytics API reference and SDK (specs/analytics-api.md §2, §6).
 */
import { parseDate } from './dates.ts';

/** Product bits of a user-day. */
export const P_CHAT = 1;
export const P_CODE = 2;
export const P_COWORK = 4;
export const P_OFFICE = 8;
export const P_DESIGN = 16;
export const P_CHROME = 32;
export const P_SCIENCE = 64;

/** The product each bit reports under in the usage & cost reports (science → `other`: unattributed surface). */
export const PRODUCT_OF_BIT: ReadonlyArray<readonly [number, string]> = [
  [P_CHAT, 'chat'],
  [P_CODE, 'claude_code'],
  [P_COWORK, 'cowork'],
  [P_OFFICE, 'office_agent'],
  [P_DESIGN, 'claude_design'],
  [P_CHROME, 'claude_in_chrome'],
  [P_SCIENCE, 'other'],
];

export const OFFICE_APPS = ['excel', 'outlook', 'powerpoint', 'word'] as const;
export type OfficeApp = (typeof OFFICE_APPS)[number];

/** Surfaces of skill / connector / plugin activity (engagement `product` dimension values). */
export type Surface = 'chat' | 'claude_code' | 'cowork' | 'office_agent';

function day(s: string): number {
  const d = parseDate(s);
  if (d === null) throw new Error(`bad constant date ${s}`);
  return d;
}

/** Connector call classification starts per surface (SDK doc comments, forward-only). */
export const CLASSIFY_START: Record<Surface, number> = {
  chat: day('2026-06-01'),
  claude_code: day('2026-05-30'),
  office_agent: day('2026-05-29'),
  cowork: day('2026-06-02'),
};
export const CLASSIFY_FIRST_DAY = day('2026-05-29');
export const MANAGED_AUTH_START = day('2026-07-01');
/** [inferred] Cowork plugin / file-edit counters: enabled for the sandbox org from the day they were documented. */
export const COWORK_COUNTERS_START = day('2026-07-05');
export const CODE_ARTIFACTS_START = day('2026-08-17');
export const OFFICE_ATTRIBUTION_START = day('2026-06-18');

export interface SkillInfo {
  name: string;
  displayName: string | null;
  share: 'organization' | 'private' | 'public' | null;
  /** Relative popularity. */
  weight: number;
}

/**
 * [unverified] A plausible skill mix: Anthropic's document skills (reported by name, no share status
 * outside claude.ai semantics), organization-shared skills, and one member's private skill that is
 * reported under an opaque id with no display name.
 */
export const SKILLS: readonly SkillInfo[] = [
  { name: 'xlsx', displayName: null, share: 'public', weight: 1 },
  { name: 'docx', displayName: null, share: 'public', weight: 0.8 },
  { name: 'pptx', displayName: null, share: 'public', weight: 0.6 },
  { name: 'pdf', displayName: null, share: 'public', weight: 0.7 },
  { name: 'brand-guidelines', displayName: null, share: 'organization', weight: 0.35 },
  { name: 'internal-comms', displayName: null, share: 'organization', weight: 0.3 },
  { name: 'skill_01Q4kZ8mWc2TfR6yLbN3vXhD', displayName: 'Quarterly close checklist', share: 'organization', weight: 0.15 },
  { name: 'skill_01H7pY2sKd9GmB4wVt6cRnJe', displayName: null, share: 'private', weight: 0.1 },
  { name: 'mcp-builder', displayName: null, share: null, weight: 0.12 },
];

export interface PluginInfo {
  name: string;
  id: string | null;
  weight: number;
}

/** [unverified] Plugin mix; nameless third-party activity aggregates under `third-party` with a null id. */
export const PLUGINS: readonly PluginInfo[] = [
  { name: 'code-review', id: 'code-review@claude-plugins-official', weight: 1 },
  { name: 'commit-commands', id: 'commit-commands@claude-plugins-official', weight: 0.8 },
  { name: 'feature-dev', id: 'feature-dev@claude-plugins-official', weight: 0.5 },
  { name: 'security-guidance', id: 'security-guidance@claude-plugins-official', weight: 0.35 },
  { name: 'serena', id: 'serena@claude-plugins-official', weight: 0.3 },
  { name: 'frontend-design', id: 'frontend-design@claude-plugins-official', weight: 0.25 },
  { name: 'third-party', id: null, weight: 0.2 },
];

/** [unverified] The 8 canonical artifact types (SDK: "8 values incl. `other`"); chat weights. */
export const ARTIFACT_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['text/markdown', 0.34],
  ['application/vnd.ant.react', 0.18],
  ['text/html', 0.14],
  ['application/vnd.ant.code', 0.14],
  ['image/svg+xml', 0.07],
  ['application/vnd.ant.mermaid', 0.06],
  ['application/pdf', 0.03],
  ['other', 0.04],
];

/**
 * The `/users` metric layout: one flat slot per numeric leaf. Flags: `d` = distinct count (null on
 * rows aggregated across users), `f` = Cowork plugin/file-edit counter (null before
 * COWORK_COUNTERS_START), `s` = exact distinct over a date range (computed from id sets, not summed).
 */
export const USER_FIELDS = [
  ['chat_metrics.connectors_used_count', ''],
  ['chat_metrics.distinct_artifacts_created_count', ''],
  ['chat_metrics.distinct_connectors_used_count', 'ds'],
  ['chat_metrics.distinct_conversation_count', 'd'],
  ['chat_metrics.distinct_files_uploaded_count', 'd'],
  ['chat_metrics.distinct_projects_created_count', ''],
  ['chat_metrics.distinct_projects_used_count', 'ds'],
  ['chat_metrics.distinct_shared_artifacts_viewed_count', 'd'],
  ['chat_metrics.distinct_skills_used_count', 'ds'],
  ['chat_metrics.message_count', ''],
  ['chat_metrics.shared_conversations_viewed_count', ''],
  ['chat_metrics.thinking_message_count', ''],
  ['claude_code_metrics.core_metrics.artifacts_created_count', ''],
  ['claude_code_metrics.core_metrics.commit_count', ''],
  ['claude_code_metrics.core_metrics.distinct_session_count', ''],
  ['claude_code_metrics.core_metrics.lines_of_code.added_count', ''],
  ['claude_code_metrics.core_metrics.lines_of_code.removed_count', ''],
  ['claude_code_metrics.core_metrics.pull_request_count', ''],
  ['claude_code_metrics.tool_actions.edit_tool.accepted_count', ''],
  ['claude_code_metrics.tool_actions.edit_tool.rejected_count', ''],
  ['claude_code_metrics.tool_actions.multi_edit_tool.accepted_count', ''],
  ['claude_code_metrics.tool_actions.multi_edit_tool.rejected_count', ''],
  ['claude_code_metrics.tool_actions.notebook_edit_tool.accepted_count', ''],
  ['claude_code_metrics.tool_actions.notebook_edit_tool.rejected_count', ''],
  ['claude_code_metrics.tool_actions.write_tool.accepted_count', ''],
  ['claude_code_metrics.tool_actions.write_tool.rejected_count', ''],
  ['cowork_metrics.action_count', ''],
  ['cowork_metrics.artifacts_created_count', ''],
  ['cowork_metrics.connectors_used_count', ''],
  ['cowork_metrics.dispatch_turn_count', ''],
  ['cowork_metrics.distinct_connectors_used_count', 'ds'],
  ['cowork_metrics.distinct_plugins_used_count', 'dfs'],
  ['cowork_metrics.distinct_session_count', 'd'],
  ['cowork_metrics.distinct_skills_used_count', 'ds'],
  ['cowork_metrics.edit_tool_count', 'f'],
  ['cowork_metrics.file_edit_count', 'f'],
  ['cowork_metrics.message_count', ''],
  ['cowork_metrics.multi_edit_tool_count', 'f'],
  ['cowork_metrics.notebook_edit_tool_count', 'f'],
  ['cowork_metrics.plugins_used_count', 'f'],
  ['cowork_metrics.sessions_with_file_edits_count', 'df'],
  ['cowork_metrics.skills_used_count', ''],
  ['cowork_metrics.write_tool_count', 'f'],
  ['design_metrics.distinct_projects_created_count', ''],
  ['design_metrics.distinct_projects_used_count', 'd'],
  ['design_metrics.distinct_session_count', 'd'],
  ['design_metrics.message_count', ''],
  ...OFFICE_APPS.flatMap((app) => [
    [`office_metrics.${app}.connectors_used_count`, ''] as const,
    [`office_metrics.${app}.distinct_connectors_used_count`, 'ds'] as const,
    [`office_metrics.${app}.distinct_session_count`, 'd'] as const,
    [`office_metrics.${app}.distinct_skills_used_count`, 'ds'] as const,
    [`office_metrics.${app}.message_count`, ''] as const,
    [`office_metrics.${app}.skills_used_count`, ''] as const,
  ]),
  ['science_metrics.delegation_count', ''],
  ['science_metrics.distinct_session_count', 'd'],
  ['science_metrics.message_count', ''],
  ['science_metrics.remote_compute_job_count', ''],
  ['science_metrics.skills_used_count', ''],
  ['web_search_count', ''],
] as const satisfies ReadonlyArray<readonly [string, string]>;

/** `a[k] += v` for typed arrays under noUncheckedIndexedAccess. */
export function addAt(a: Float64Array, k: number, v: number): void {
  a[k] = a[k]! + v;
}

export const USER_FIELD_INDEX: ReadonlyMap<string, number> = new Map(USER_FIELDS.map(([path], i) => [path, i]));

export function fieldIndex(path: string): number {
  const i = USER_FIELD_INDEX.get(path);
  if (i === undefined) throw new Error(`unknown user metric ${path}`);
  return i;
}
