/**
 * Word lists and reference tables the generator draws from. Names deliberately include non-Latin
 * scripts, combining accents, emoji and a few strings carrying HTML so the product's escaping is
 * exercised by ordinary data.
 */

/** An HTML payload that must always render as text. */
export const XSS_IMG = '<img src=x onerror=alert(1)>';
export const XSS_SCRIPT = '<script>alert("sandbox")</script>';

export const COMPANIES = [
  { name: 'Acme Corporation', short: 'Acme', domain: 'acme.example' },
  { name: 'Globex Industries', short: 'Globex', domain: 'globex.example' },
  { name: 'Initech Systems', short: 'Initech', domain: 'initech.example' },
  { name: 'Umbrella Health', short: 'Umbrella', domain: 'umbrella-health.example' },
  { name: 'Nordwind Logistik', short: 'Nordwind', domain: 'nordwind.example' },
] as const;

/** Suffixes for linked organizations; the last one is a Claude Console (API) organization when there are 4+. */
export const ORG_SUFFIXES = ['Engineering', 'Legal', 'Sales', 'Research', 'Operations', 'Finance', 'Marketing', 'Support', 'Design', 'Data'] as const;

export const FIRST_NAMES = [
  'Priya', 'James', 'María', 'Wei', 'Fatima', 'Lukas', 'Aiko', 'Olusegun', 'Zoë', 'José', 'Søren', 'Łukasz',
  'Ngọc Anh', 'Aïcha', 'Ólafur', 'Çağrı', 'Дмитрий', 'محمد', 'Σοφία', 'שירה', '芳', '伟', 'Hannah', 'Mateo',
  'Chloé', 'Arjun', 'Sofía', 'Noah', 'Emma', 'Liam', 'Ava', 'Ethan', 'Mia', 'Lucas', 'Isla', 'Kenji', 'Anaïs',
  'Björn', 'Ines', 'Rafael', 'Yuki', 'Amara', 'Tomás', 'Freya', 'Kwame', 'Leila', 'Oskar', 'Ravi', 'Elif', 'Nia',
] as const;

export const LAST_NAMES = [
  'Sharma', 'Smith', 'García', 'Zhang', 'Khan', 'Müller', 'Tanaka', 'Adeyemi', 'Ødegaard', 'Hernández', 'Kowalski',
  'Nguyễn', 'Diallo', 'Jónsson', 'Yılmaz', 'Иванов', 'العلي', 'Παπαδοπούλου', 'כהן', '王', '李', 'Johnson', 'López',
  'Dubois', 'Patel', 'Rossi', 'Brown', 'Wilson', 'Martin', 'Silva', 'Kim', 'Nakamura', 'Lefèvre', 'Larsen', 'Costa',
  "O'Brien", 'Mbeki', 'Novak', 'Fischer', 'Okafor', 'Haddad', 'Svensson', 'Moreau', 'Rahman', 'Kaya', 'Ng',
] as const;

/** ASCII fallbacks for names whose script does not fold to ASCII (used to build e-mail local parts). */
export const ASCII_FOLD: Record<string, string> = {
  'Дмитрий': 'dmitry', 'محمد': 'mohammed', 'Σοφία': 'sofia', 'שירה': 'shira', '芳': 'fang', '伟': 'wei',
  'Иванов': 'ivanov', 'العلي': 'alali', 'Παπαδοπούλου': 'papadopoulou', 'כהן': 'cohen', '王': 'wang', '李': 'li',
  'Ødegaard': 'odegaard', 'Søren': 'soren', 'Łukasz': 'lukasz', "O'Brien": 'obrien', 'Björn': 'bjorn', 'Çağrı': 'cagri',
};

export const GROUP_NAMES = [
  'Engineering', 'Legal', 'Sales', 'Data Science', 'Security', 'IT Operations', 'Finance', 'Marketing', 'Customer Support',
  'Product Design', 'Research', 'Ingeniería México', 'Рабочая группа', '研究开发', 'R&D "Skunkworks" <b>beta</b>',
  'Platform', 'People Ops', 'Procurement', 'Claude Champions 🚀', 'Contractors',
] as const;

export const ROLE_DEFS = [
  { name: 'Compliance Reviewer', description: 'Read-only access for legal review.', actions: ['compliance_review'] },
  { name: 'Claude Code Users', description: 'Engineers allowed to use Claude Code.', actions: ['claude_code'] },
  { name: 'Connector Admins', description: 'Manage organization connectors and their tool permissions.', actions: ['connectors_manage', 'claude_code'] },
  { name: 'Research Analysts', description: 'Web search and research mode.', actions: ['web_search', 'research_mode'] },
  { name: 'Skill Publishers', description: 'Create and share skills across the organization.', actions: ['skills_publish', 'skills_create'] },
  { name: 'Project Leads', description: null, actions: ['projects_create', 'projects_share_public'] },
  { name: 'Cowork Pilot', description: 'Early access to Cowork.', actions: ['cowork', 'claude_code'] },
  { name: 'Artifact Publishers', description: 'Publish artifacts outside the organization.', actions: ['artifacts_publish'] },
  { name: 'Rôle spécial ✨', description: 'Rôle de test avec accents.', actions: ['web_search'] },
  { name: `Escalation ${XSS_IMG}`, description: 'A name that must be escaped.', actions: ['claude_code'] },
] as const;

export const PROJECT_NAMES = [
  'Q4 Product Planning', 'Contract Review', 'Onboarding Handbook', 'Incident Postmortems', 'Pricing Research', 'Brand Voice',
  'Security Questionnaires', 'Data Platform Migration', 'Customer Interviews', 'Hiring Rubrics', 'API Docs Rewrite',
  '🚀 Launch Plan', 'Rapport annuel 2026', 'Análisis de mercado', '社内ナレッジ', 'Отчёты', `Roadmap ${XSS_SCRIPT}`,
  'Sales Enablement', 'Board Deck', 'Vendor Due Diligence', 'Mobile App Redesign', 'Tax Memo Drafts',
] as const;

export const CHAT_VERBS = [
  'Draft', 'Summarize', 'Debug', 'Review', 'Plan', 'Explain', 'Refactor', 'Translate', 'Outline', 'Compare', 'Analyze', 'Rewrite',
] as const;

export const CHAT_OBJECTS = [
  'Q3 launch email', 'flaky CI pipeline', 'vendor contract', 'onboarding checklist', 'SQL query for churn', 'board update',
  'incident timeline', 'pricing page copy', 'Terraform module', 'customer feedback themes', 'OKR draft', 'press release',
  'résumé for the platform role', 'Kubernetes upgrade', 'GDPR data map', 'meeting notes — 会议纪要', 'quarterly forecast',
  'support macro', 'API error handling', 'hiring plan', 'benefits FAQ', 'Rust borrow checker error', 'dashboard bug',
] as const;

export const USER_PROMPTS = [
  'Can you help me with this?', 'Please make it shorter and more direct.', 'What are the main risks here?',
  'Turn this into a table.', 'Write a first draft I can edit.', 'Explain it like I am new to the team.',
  'Check this for mistakes.', 'Give me three options.', 'Traduis ce paragraphe en anglais, s’il te plaît.',
  'この文章を要約してください。', `Does this render? ${XSS_IMG}`,
] as const;

export const ASSISTANT_REPLIES = [
  'Here is a first draft you can adjust.', 'I found three issues worth fixing.', 'Here are the options with trade-offs.',
  'Summary: the plan is sound, with two open questions.', 'I rewrote it to be more concise.', 'The table is below.',
  'Voici la traduction.', '要約は以下のとおりです。',
] as const;

export const USER_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.6; rv:132.0) Gecko/20100101 Firefox/132.0',
  'Claude/1.3.0 (Macintosh; darwin 24.1.0) Electron/33.2.0',
  'Claude/1.1 (iPhone; iOS 18.1; Scale/3.00)',
] as const;

/**
 * Claude model IDs from claude-models.md §1.3 with a popularity weight and the window in which new
 * chats could select them (release → retirement). Weights make a few models dominate with a long tail.
 */
export const MODEL_TABLE: ReadonlyArray<{ id: string; weight: number; from: string; until?: string }> = [
  { id: 'claude-sonnet-4-6', weight: 30, from: '2026-02-17' },
  { id: 'claude-opus-4-7', weight: 18, from: '2026-04-16' },
  { id: 'claude-sonnet-5', weight: 16, from: '2026-06-30' },
  { id: 'claude-sonnet-4-5-20250929', weight: 12, from: '2025-09-29', until: '2026-11-30' },
  { id: 'claude-sonnet-4-20250514', weight: 12, from: '2025-05-22', until: '2026-06-15' },
  { id: 'claude-opus-4-6', weight: 8, from: '2026-02-05' },
  { id: 'claude-sonnet-5-5', weight: 10, from: '2026-09-28' },
  { id: 'claude-opus-5-5', weight: 7, from: '2026-09-22' },
  { id: 'claude-haiku-4-5-20251001', weight: 6, from: '2025-10-15' },
  { id: 'claude-3-7-sonnet-20250219', weight: 6, from: '2025-02-24', until: '2026-02-19' },
  { id: 'claude-opus-4-8', weight: 5, from: '2026-05-28' },
  { id: 'claude-opus-5', weight: 4, from: '2026-07-24' },
  { id: 'claude-opus-4-5-20251101', weight: 4, from: '2025-11-24' },
  { id: 'claude-3-5-sonnet-20241022', weight: 5, from: '2024-10-22', until: '2025-10-28' },
  { id: 'claude-opus-4-1-20250805', weight: 3, from: '2025-08-05', until: '2026-08-05' },
  { id: 'claude-haiku-5-5', weight: 3, from: '2026-10-07' },
  { id: 'claude-opus-4-20250514', weight: 2, from: '2025-05-22', until: '2026-06-15' },
  { id: 'claude-fable-5', weight: 1.5, from: '2026-06-09' },
  { id: 'claude-fable-5-1', weight: 1, from: '2026-09-01' },
  { id: 'claude-fable-5-2', weight: 1, from: '2026-11-09' },
  { id: 'claude-3-5-haiku-20241022', weight: 1, from: '2024-10-22', until: '2026-02-19' },
  { id: 'claude-3-5-sonnet-20240620', weight: 1, from: '2024-06-20', until: '2025-10-28' },
  { id: 'claude-3-opus-20240229', weight: 0.6, from: '2024-03-04', until: '2026-01-05' },
  { id: 'claude-3-haiku-20240307', weight: 0.3, from: '2024-03-13', until: '2026-04-20' },
  { id: 'claude-mythos-5', weight: 0.05, from: '2026-06-09' },
];

/**
 * MCP servers an organization might configure. URLs use `.example` hosts (scheme + host + path only,
 * as the chat tool blocks report them). Index 1 carries HTML, index 2 is renamed, index 3 is deleted
 * and index 7 recreates its name (see org generation).
 */
export const MCP_CATALOG: ReadonlyArray<{ name: string; renamedTo?: string; url: string; tools: readonly string[] }> = [
  { name: 'Jira', url: 'https://mcp.atlassian.example/v1/mcp', tools: ['search_issues', 'create_issue', 'update_issue', 'add_comment', 'transition_issue', 'delete_issue'] },
  { name: `Internal Wiki ${XSS_IMG}`, url: 'https://wiki.acme-intranet.example/mcp', tools: ['search_pages', 'read_page', 'edit_page'] },
  { name: 'GitHub', renamedTo: 'GitHub Enterprise', url: 'https://mcp.github.example/mcp', tools: ['search_code', 'get_file', 'create_pull_request', 'merge_pull_request', 'create_issue', 'delete_branch'] },
  { name: 'Linear', url: 'https://mcp.linear.example/sse', tools: ['list_issues', 'create_issue', 'update_issue'] },
  { name: 'Slack', url: 'https://mcp.slack.example/mcp', tools: ['search_messages', 'post_message', 'list_channels', 'delete_message'] },
  { name: 'Notion', renamedTo: 'Notion (Team Space)', url: 'https://mcp.notion.example/mcp', tools: ['search', 'fetch_page', 'create_page', 'update_page'] },
  { name: 'Google Drive', url: 'https://mcp.drive.example/mcp', tools: ['search_files', 'read_file', 'share_file'] },
  { name: 'Linear', url: 'https://mcp.linear.example/mcp', tools: ['list_issues', 'create_issue', 'update_issue', 'archive_issue'] },
  { name: 'Sentry', url: 'https://mcp.sentry.example/mcp', tools: ['list_issues', 'get_event', 'resolve_issue'] },
  { name: 'Zendesk Support', url: 'https://mcp.zendesk.example/mcp', tools: ['search_tickets', 'get_ticket', 'reply_ticket', 'close_ticket'] },
  { name: 'Datadog', url: 'https://mcp.datadog.example/mcp', tools: ['query_metrics', 'list_monitors', 'mute_monitor'] },
  { name: 'Salesforce', url: 'https://mcp.salesforce.example/mcp', tools: ['soql_query', 'get_record', 'update_record', 'delete_record'] },
  { name: 'Snowflake', url: 'https://mcp.snowflake.example/mcp', tools: ['run_query', 'list_tables', 'describe_table'] },
  { name: 'PagerDuty', url: 'https://mcp.pagerduty.example/mcp', tools: ['list_incidents', 'acknowledge', 'resolve', 'trigger_incident'] },
  { name: 'Asana', url: 'https://mcp.asana.example/sse', tools: ['search_tasks', 'create_task', 'complete_task'] },
  { name: 'HubSpot', url: 'https://mcp.hubspot.example/mcp', tools: ['search_contacts', 'create_note', 'update_deal'] },
  { name: 'Figma', url: 'https://mcp.figma.example/mcp', tools: ['get_file', 'get_comments', 'export_frame'] },
  { name: 'Stripe', url: 'https://mcp.stripe.example/mcp', tools: ['list_charges', 'create_refund', 'get_customer'] },
  { name: 'Box', url: 'https://mcp.box.example/mcp', tools: ['search', 'download', 'upload'] },
  { name: 'Cloudflare', url: 'https://mcp.cloudflare.example/mcp', tools: ['list_zones', 'purge_cache', 'update_dns_record'] },
  { name: 'Bücherei-Katalog', url: 'https://katalog.nordwind-intern.example/mcp', tools: ['suche', 'ausleihen'] },
  { name: 'データ分析 MCP', url: 'https://analytics.acme-intranet.example/mcp', tools: ['run_report', 'list_dashboards'] },
  { name: 'Deploy Bot', url: 'https://deploy.acme-intranet.example/mcp', tools: ['deploy', 'rollback', 'status'] },
  { name: 'HR Portal', url: 'https://hr.acme-intranet.example/mcp', tools: ['lookup_employee', 'request_leave'] },
  { name: 'Vault Secrets', url: 'https://vault.acme-intranet.example/mcp', tools: ['read_secret', 'write_secret', 'rotate_secret'] },
];

/** Entries of an organization's approved MCP directory (the `mcp_directory_server_published` events). */
export const MCP_DIRECTORY_NAMES = ['Atlassian Rovo', 'GitHub', 'Linear', 'Notion', 'Asana', 'Canva', 'Intercom', 'Monday.com', 'Vercel', 'Airtable'] as const;

/** The 46 boolean settings of spec §2.5. */
export const BOOLEAN_SETTINGS = [
  'ai_powered_artifacts_enabled', 'api_workbench_feedback_collection_enabled', 'artifact_connectors_enabled', 'ask_your_org_enabled',
  'chat_enabled', 'claude_ai_chat_sharing_enabled', 'claude_ai_feedback_collection_enabled', 'claude_ai_integration_sharing_enabled',
  'claude_code_desktop_bypass_permissions_enabled', 'claude_code_desktop_enabled', 'claude_code_fast_mode_enabled',
  'claude_code_metrics_logging_enabled', 'claude_code_remote_control_enabled', 'claude_code_review_enabled', 'claude_code_routines_enabled',
  'claude_code_security_enabled', 'claude_code_trusted_devices_required', 'claude_code_web_enabled', 'claude_code_workflows_enabled',
  'claude_design_enabled', 'claude_in_slack_enabled', 'code_execution_enabled', 'code_execution_network_egress_enabled',
  'connector_tools_default_always_allow', 'content_redaction_enabled', 'cowork_trusted_devices_required', 'desktop_extension_allowlist_enabled',
  'directory_sync_enabled', 'frontier_data_use_enabled', 'hipaa_compliance_enabled', 'inline_visualizations_enabled', 'ip_allowlist_enabled',
  'location_metadata_enabled', 'member_usage_dashboard_visible', 'memory_enabled', 'org_wide_skill_sharing_enabled', 'public_projects_enabled',
  'skill_sharing_enabled', 'skills_enabled', 'sso_claude_ai_enforced', 'sso_console_enforced', 'sso_enabled',
  'third_party_interactive_content_enabled', 'user_skill_creation_enabled', 'web_search_enabled', 'work_across_apps_enabled',
] as const;

/** Settings that every generated org reports (never omitted), because the inventory reads them. */
export const ALWAYS_PRESENT_SETTINGS = new Set<string>([
  'connector_tools_default_always_allow', 'artifact_connectors_enabled', 'claude_ai_integration_sharing_enabled',
  'desktop_extension_allowlist_enabled', 'content_redaction_enabled', 'directory_sync_enabled', 'sso_enabled', 'public_projects_enabled',
]);

export const NON_MCP_INTEGRATIONS = ['google_drive', 'gmail', 'google_calendar', 'github'] as const;

export const SKILL_NAMES = ['brand-guidelines', 'xlsx', 'pdf', 'contract-redliner', 'incident-commander', 'sql-style'] as const;
export const PLUGIN_NAMES = ['security-review', 'release-notes', 'data-catalog'] as const;
