/**
 * Contracts between the parts of the local Claude Enterprise sandbox.
 *
 * The generator (tests/sandbox/generator) builds one deterministic organization. The Compliance API
 * (tests/sandbox/compliance) serves it whole. The Analytics API (tests/sandbox/analytics) and the SCIM
 * service (tests/sandbox/scim) only need the narrow views below, so each part can be built and tested
 * on its own and still agree on who the users, projects, models and MCP servers are.
 */

/** Size knobs for the generator. Every count is exact; the seed makes the whole org reproducible. */
export interface OrgSize {
  organizations: number;
  users: number;
  groups: number;
  roles: number;
  projects: number;
  chats: number;
  mcpServers: number;
  toolPolicyEvents: number;
  /** Extra, unrelated activity events (sign-ins, chat events …) mixed into the feed. */
  noiseEvents: number;
  analyticsDays: number;
  /**
   * Average members per group (each group gets between half and one and a half times this). Absent: 2–17%
   * of the active users per group, as every preset before `identity` was generated.
   */
  groupMembers?: number;
}

export interface GenerateOptions {
  seed: number;
  size: OrgSize;
  /** The sandbox's "now" (ISO 8601). Every generated timestamp is before it. */
  now: string;
  /** Hostile strings and unknown enum values in fixed places of every source (generator/hostile.ts). Default false. */
  hostile?: boolean;
}

export const SIZE_PRESETS = {
  tiny: { organizations: 2, users: 12, groups: 3, roles: 2, projects: 6, chats: 120, mcpServers: 4, toolPolicyEvents: 12, noiseEvents: 60, analyticsDays: 14 },
  demo: { organizations: 3, users: 240, groups: 12, roles: 4, projects: 60, chats: 6_000, mcpServers: 12, toolPolicyEvents: 90, noiseEvents: 2_000, analyticsDays: 45 },
  large: { organizations: 5, users: 10_000, groups: 80, roles: 8, projects: 4_000, chats: 1_000_000, mcpServers: 50, toolPolicyEvents: 2_000, noiseEvents: 198_000, analyticsDays: 30 },
  /**
   * Beyond one browser's comfort: 5M chats, 50k users (scripts/bench/huge.ts). The chats are generated
   * as typed-array columns (~54 bytes per chat in the sandbox process, ~270 MB), never as objects.
   */
  /**
   * The identity sync benchmark's directory (issue 8 §4, scripts/bench/identity.ts): 20k users and 500
   * groups of 40 members on average, with a small Compliance organization beside it.
   */
  identity: { organizations: 1, users: 20_000, groups: 500, groupMembers: 40, roles: 8, projects: 100, chats: 2_000, mcpServers: 10, toolPolicyEvents: 50, noiseEvents: 1_000, analyticsDays: 7 },
  huge: { organizations: 8, users: 50_000, groups: 200, roles: 8, projects: 20_000, chats: 5_000_000, mcpServers: 80, toolPolicyEvents: 4_000, noiseEvents: 200_000, analyticsDays: 7 },
} as const satisfies Record<string, OrgSize>;
export type SizePreset = keyof typeof SIZE_PRESETS;

/** What the Analytics and SCIM parts see of the generated organization. */
export interface DirectoryView {
  seed: number;
  now: string;
  /** Parent organization id in tagged form (`org_…`), as the Analytics API reports it. */
  parentOrganizationId: string;
  organizations: Array<{ uuid: string; id: string; name: string }>;
  users: Array<{
    id: string; // user_…
    email: string;
    fullName: string;
    givenName: string;
    familyName: string;
    createdAt: string;
    /** false for people who left (SCIM `active: false`). */
    active: boolean;
    /** true when the IdP manages the account through SCIM; false for invited/JIT accounts. */
    scimManaged: boolean;
  }>;
  groups: Array<{ id: string; name: string; memberIds: string[]; source: 'direct' | 'scim' }>;
  projects: Array<{ id: string; name: string; createdAt: string; creatorUserId: string | null; organizationUuid: string }>;
  /** Model ids in use, most used first, with the share of chats each has (sums to ~1). */
  models: Array<{ id: string; share: number }>;
  /** Current MCP servers / connectors by display name. */
  mcpServers: Array<{ id: string; name: string; organizationUuid: string }>;
}

/** A credential the sandbox accepts. */
export interface SandboxKey {
  /** The secret the client sends. */
  secret: string;
  label: string;
  scopes: string[];
  /** Revoked keys get 401 like unknown keys. */
  active: boolean;
}
