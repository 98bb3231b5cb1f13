import { checksFor } from './checks.ts';
import type { ContextAnswer, ContextFacts, ContextInput, Finding } from './types.ts';
import type { TabChecks } from './finding.ts';

/** Where the admin's next tasks are done on claude.ai (the popup offers to open them). */
export const CLAUDE_PAGES = {
  apiAccess: 'https://claude.ai/admin-settings/api-access',
  analyticsKeys: 'https://claude.ai/analytics/api-keys',
  identity: 'https://claude.ai/admin-settings/identity',
  connectors: 'https://claude.ai/admin-settings/connectors',
  members: 'https://claude.ai/admin-settings/members',
} as const;

function parse(url: string | null | undefined): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The worker's answer to a content script's `context/check`: each matching check's findings and badges
 * from the extension's own data. A check that fails is left out (its error is not the page's problem).
 */
export async function answerContext(url: string, input: ContextInput, facts: ContextFacts, dismissed: Record<string, string>): Promise<ContextAnswer> {
  const parsed = parse(url);
  const checks = parsed ? checksFor(parsed) : [];
  const answer: ContextAnswer = { page: checks[0]?.id ?? null, findings: [], badges: [], dismissed: checks.filter((c) => dismissed[c.id] !== undefined).map((c) => c.id) };
  for (const check of checks) {
    if (!check.answer) continue;
    try {
      const part = await check.answer(input, facts);
      answer.findings.push(...part.findings);
      answer.badges.push(...(part.badges ?? []));
    } catch {
      // One broken check never takes the others (or the page) down.
    }
  }
  return answer;
}

/** The popup's view of the current tab: the checks that apply, or the next task and where to do it. */
export async function tabChecks(url: string | null, facts: ContextFacts, dismissed: Record<string, string>): Promise<TabChecks> {
  const parsed = parse(url);
  const checks = parsed ? checksFor(parsed) : [];
  if (checks.length > 0) {
    const out: TabChecks['checks'] = [];
    for (const check of checks) {
      let findings: Finding[] = [];
      try {
        findings = check.answer ? (await check.answer({}, facts)).findings : [];
      } catch {
        findings = [];
      }
      out.push({ id: check.id, title: check.title, findings, dismissed: dismissed[check.id] !== undefined });
    }
    return { checks: out, suggestion: null };
  }
  return { checks: [], suggestion: await nextTask(facts) };
}

async function nextTask(facts: ContextFacts): Promise<TabChecks['suggestion']> {
  const key = await facts.complianceKey();
  if (!key.stored) return { label: 'Create a Compliance key', url: CLAUDE_PAGES.apiAccess, why: 'The inventory needs a Compliance access key with the three read scopes.' };
  if (key.deleteScope === 'present') return { label: 'Replace the Compliance key', url: CLAUDE_PAGES.apiAccess, why: 'The extension’s key can delete data; create one without the delete scope.' };
  const analytics = await facts.analytics();
  if (!analytics.stored) return { label: 'Create an Analytics API key', url: CLAUDE_PAGES.analyticsKeys, why: 'Usage, tokens and spend need an Analytics API key with read:analytics.' };
  const scim = await facts.scim();
  if (!scim.stored) return { label: 'Set up SCIM', url: CLAUDE_PAGES.identity, why: 'Copy the SCIM URL from Identity and access to see who is managed by SCIM.' };
  return { label: 'Review members', url: CLAUDE_PAGES.members, why: 'See access-review flags next to each member.' };
}
